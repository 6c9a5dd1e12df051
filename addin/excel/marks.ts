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

const MARK_COLOURS = new Set(Object.values(MARK_FILLS));

/**
 * A fill as a mark remembers it: null for none. A mark's own colour on a cell the record does not
 * name is a mark that came there with its cells in a way the pane could not follow (a deletion
 * undone, a marked row copied in): it is not the cell's own, and the cell is taken to have none.
 */
function ownFill(color: string | null): string | null {
  return color === null || color.toUpperCase() === NO_FILL || MARK_COLOURS.has(color.toUpperCase()) ? null : color;
}

/** Address → the fill a mark replaced (null: none): which cells are marked, kept in a workbook setting. */
export const SavedFills = z.record(z.string(), z.string().nullable());
export type SavedFills = z.infer<typeof SavedFills>;

export function marksSettingKey(sheetName: string): string {
  return `ledger.marks.${sheetName}`;
}

function address(cell: { row: number; col: number }): string {
  return rangeRef({ top: cell.row, left: cell.col, bottom: cell.row, right: cell.col });
}

/**
 * Queues the load of the sheet's saved fills; the returned function reads them after the next
 * sync, so they can travel with another read.
 */
export function queueSavedFills(context: HostContext, sheetName: string): () => SavedFills {
  const setting = context.workbook.settings.getItemOrNullObject(marksSettingKey(sheetName));
  setting.load('value');
  return () => {
    if (setting.isNullObject) return {};
    const parsed = SavedFills.safeParse(setting.value);
    // A setting we cannot read is someone else's shape; starting afresh loses only old fills.
    return parsed.success ? parsed.data : {};
  };
}

async function loadSaved(context: HostContext, sheetName: string): Promise<SavedFills> {
  const saved = queueSavedFills(context, sheetName);
  await context.sync();
  return saved();
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
 * Puts back the fills that marks replaced, on the given cells or on every marked cell of the sheet.
 * One round trip when nothing is marked, otherwise one more per 5,000 cells.
 */
export async function clearMarks(context: HostContext, sheetName: string, cells?: readonly { row: number; col: number }[]): Promise<void> {
  const saved = await loadSaved(context, sheetName);
  await applyMarks(context, sheetName, saved, { mark: [], clear: cells ? cells.map(address) : Object.keys(saved) });
}

/**
 * Brings the sheet's marks up to date in one go: fills the cells in `mark` with their severity's
 * colour (remembering, the first time a cell is marked, the fill it had), puts back the fills of the
 * cells at the A1 addresses in `clear`, and saves what is marked. `saved` is the sheet's saved fills
 * as just read, or as the pane moved them with inserted and deleted cells (`save`: saved even when
 * nothing else is written, so the setting names the cells where the marks now are); `also` is
 * queued with the writes (an event registration that needs a round trip of its own otherwise);
 * `known` gives cells' own fills read beforehand (queueBlockFills). One round trip, one more when
 * cells whose fill is not known are marked for the first time, and more only past 5,000 cells.
 * Returns the saved fills as they now are.
 */
export async function applyMarks(
  context: HostContext,
  sheetName: string,
  saved: SavedFills,
  change: { mark: readonly CellMark[]; clear: readonly string[]; save?: boolean },
  also?: () => void,
  known?: KnownFills,
): Promise<SavedFills> {
  const now: SavedFills = { ...saved };
  type Write = { addr: string; mark?: CellMark };
  const writes: Write[] = [
    ...[...new Set(change.clear)].filter((a) => a in now).map((addr): Write => ({ addr })),
    ...change.mark.map((mark): Write => ({ addr: address(mark), mark })),
  ];
  if (writes.length === 0) {
    if (change.save) queueSave(context, sheetName, now);
    if (also) also();
    if (change.save || also) await context.sync();
    return now;
  }
  const sheet = context.workbook.worksheets.getItem(sheetName);
  const first: CellMark[] = [];
  for (const cell of change.mark) {
    const addr = address(cell);
    if (addr in now) continue;
    const fill = known?.(cell);
    if (fill === undefined) first.push(cell);
    else now[addr] = fill;
  }
  for (const part of chunks(first)) {
    const fills: [string, HostRangeFill][] = part.map((cell) => [address(cell), sheet.getRangeByIndexes(cell.row, cell.col, 1, 1).format.fill.load('color')]);
    await context.sync();
    for (const [addr, fill] of fills) now[addr] = ownFill(fill.color);
  }
  const parts = chunks(writes);
  for (const [i, part] of parts.entries()) {
    for (const { addr, mark } of part) {
      const fill = sheet.getRange(addr).format.fill;
      if (mark) fill.color = MARK_FILLS[mark.severity];
      else {
        const original = now[addr];
        if (original) fill.color = original;
        else fill.clear();
        delete now[addr];
      }
    }
    // Saved with every batch, so the setting never names fewer marks than the sheet has.
    queueSave(context, sheetName, now);
    if (i === parts.length - 1) also?.();
    await context.sync();
  }
  return now;
}

/** A cell's own fill when read beforehand (null: none), undefined when not known. */
export type KnownFills = (cell: { row: number; col: number }) => string | null | undefined;

/** Loads of block fills per round trip: each a range and a colour, about 200 bytes of request. */
const FILL_BLOCKS = 4_000;

/**
 * Queues, for each of `columns`, the fill of each block of rows, to travel with another read: where a
 * block's cells share one fill (most of a ledger has none), every cell's own fill is known without a
 * look-up of its own when it is marked. The returned function answers after the next sync.
 */
export function queueBlockFills(context: HostContext, sheetName: string, columns: readonly number[], rows: number): KnownFills {
  if (columns.length === 0 || rows === 0) return () => undefined;
  const sheet = context.workbook.worksheets.getItem(sheetName);
  const blockRows = Math.max(64, Math.ceil((rows * columns.length) / FILL_BLOCKS));
  const blocks = new Map<number, Map<number, HostRangeFill>>();
  for (const col of columns) {
    const byBlock = new Map<number, HostRangeFill>();
    for (let top = 0, b = 0; top < rows; top += blockRows, b++) {
      byBlock.set(b, sheet.getRangeByIndexes(top, col, Math.min(blockRows, rows - top), 1).format.fill.load('color'));
    }
    blocks.set(col, byBlock);
  }
  return (cell) => {
    const fill = blocks.get(cell.col)?.get(Math.floor(cell.row / blockRows));
    // A block of mixed fills reads as null: its cells are looked up one by one.
    return !fill || fill.color === null ? undefined : ownFill(fill.color);
  };
}
