// Marking cells that fail a check (error: red fill, warning: amber fill) and taking the marks off
// again. A mark replaces the cell's fill, so the fill it replaced is kept in a workbook setting
// (per sheet, by address) and put back by clearMarks, in this session or a later one.
import * as z from 'zod';
import { rangeRef } from '../../ledger';
import type { HostContext, HostRangeFill } from './host';

export type MarkSeverity = 'error' | 'warning';

export interface CellMark {
  /** 0-based. */
  row: number;
  col: number;
  severity: MarkSeverity;
}

export const MARK_FILLS: Record<MarkSeverity, string> = { error: '#FFC7CE', warning: '#FFEB9C' };

/** Cells per round trip: each costs a range and a load or a write, about 200 bytes. */
const CELLS_PER_SYNC = 5_000;
/** Excel reports "#FFFFFF" for a cell without fill. */
const NO_FILL = '#FFFFFF';

/** Address → the fill a mark replaced (null: none). */
const SavedFills = z.record(z.string(), z.string().nullable());
type SavedFills = z.infer<typeof SavedFills>;

export function marksSettingKey(sheetName: string): string {
  return `ledger.marks.${sheetName}`;
}

function address(cell: { row: number; col: number }): string {
  return rangeRef({ top: cell.row, left: cell.col, bottom: cell.row, right: cell.col });
}

async function loadSaved(context: HostContext, sheetName: string): Promise<SavedFills> {
  const setting = context.workbook.settings.getItemOrNullObject(marksSettingKey(sheetName));
  setting.load('value');
  await context.sync();
  if (setting.isNullObject) return {};
  const parsed = SavedFills.safeParse(setting.value);
  // A setting we cannot read is someone else's shape; starting afresh loses only old fills.
  return parsed.success ? parsed.data : {};
}

function queueSave(context: HostContext, sheetName: string, saved: SavedFills): void {
  const key = marksSettingKey(sheetName);
  if (Object.keys(saved).length > 0) context.workbook.settings.add(key, saved);
  else context.workbook.settings.getItemOrNullObject(key).delete();
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CELLS_PER_SYNC) out.push(items.slice(i, i + CELLS_PER_SYNC));
  return out;
}

/**
 * Fills the cells with their severity's colour, remembering each cell's own fill the first time it
 * is marked. One round trip, plus one or two per 5,000 cells.
 */
export async function markCells(context: HostContext, sheetName: string, cells: readonly CellMark[]): Promise<void> {
  if (cells.length === 0) return;
  const saved = await loadSaved(context, sheetName);
  const sheet = context.workbook.worksheets.getItem(sheetName);
  for (const part of chunks(cells)) {
    const fresh = part.filter((cell) => !(address(cell) in saved));
    const fills: [string, HostRangeFill][] = fresh.map((cell) => [address(cell), sheet.getRangeByIndexes(cell.row, cell.col, 1, 1).format.fill.load('color')]);
    if (fills.length > 0) await context.sync();
    for (const [addr, fill] of fills) saved[addr] = fill.color === null || fill.color.toUpperCase() === NO_FILL ? null : fill.color;
    for (const cell of part) sheet.getRangeByIndexes(cell.row, cell.col, 1, 1).format.fill.color = MARK_FILLS[cell.severity];
    queueSave(context, sheetName, saved);
    await context.sync();
  }
}

/**
 * Puts back the fills that marks replaced, on the given cells or on every marked cell of the sheet.
 * One round trip when nothing is marked, otherwise one more per 5,000 cells.
 */
export async function clearMarks(context: HostContext, sheetName: string, cells?: readonly { row: number; col: number }[]): Promise<void> {
  const saved = await loadSaved(context, sheetName);
  const targets = cells ? [...new Set(cells.map(address))].filter((a) => a in saved) : Object.keys(saved);
  if (targets.length === 0) return;
  const sheet = context.workbook.worksheets.getItem(sheetName);
  for (const part of chunks(targets)) {
    for (const addr of part) {
      const fill = sheet.getRange(addr).format.fill;
      const original = saved[addr];
      if (original) fill.color = original;
      else fill.clear();
      delete saved[addr];
    }
    queueSave(context, sheetName, saved);
    await context.sync();
  }
}
