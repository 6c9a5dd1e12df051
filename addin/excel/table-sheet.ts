// A small sheet the add-in owns (the 汇总 rollup): replaced as a whole each time it is written, with
// live formulas beside plain values. Text goes into text-formatted cells so a label such as "-" or
// "=" is never read as a formula; only cells given as formulas become formulas.
import type { CellValue } from '../../ledger';
import { AdapterError } from './errors';
import type { HostContext } from './host';
import { rowBytes, SYNC_BUDGET } from './payload';

export type SheetCell =
  | { value: CellValue; format?: string }
  /** An Excel formula starting with "=", in the en-US syntax Office.js takes. */
  | { formula: string; format?: string };

export interface TableSheetOptions {
  /** 0-based rows to make bold (titles, headers). */
  boldRows?: readonly number[];
  /** Show the sheet when done. */
  activate?: boolean;
}

function cellValue(cell: SheetCell | undefined): CellValue {
  if (!cell) return '';
  if ('formula' in cell) return cell.formula;
  return cell.value ?? '';
}

function cellFormat(cell: SheetCell | undefined): string {
  if (!cell) return 'General';
  if (cell.format) return cell.format;
  if ('formula' in cell) return 'General';
  return typeof cell.value === 'string' ? '@' : 'General';
}

/**
 * Creates the sheet (or empties it) and writes `rows` from A1. Three round trips; refuses content
 * that would not fit in one.
 */
export async function writeTableSheet(context: HostContext, sheetName: string, rows: readonly (readonly SheetCell[])[], options: TableSheetOptions = {}): Promise<void> {
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  const values = rows.map((r) => Array.from({ length: width }, (_, c) => cellValue(r[c])));
  if (values.reduce((n, r) => n + rowBytes(r) * 2, 0) > SYNC_BUDGET) {
    throw new AdapterError('too_large', `工作表“${sheetName}”的内容过多，无法一次写入。/ Too much content for sheet "${sheetName}" in one round trip.`);
  }
  const sheets = context.workbook.worksheets;
  const existing = sheets.getItemOrNullObject(sheetName);
  await context.sync();
  const sheet = existing.isNullObject ? sheets.add(sheetName) : existing;
  const used = sheet.getUsedRange(true);
  used.load('rowIndex, columnIndex, rowCount, columnCount');
  await context.sync();

  // Old content beyond the new table is cleared, so the sheet holds nothing stale.
  const oldRows = used.rowIndex + used.rowCount;
  const oldCols = used.columnIndex + used.columnCount;
  if (oldRows > rows.length || oldCols > width) {
    const all = sheet.getRangeByIndexes(0, 0, Math.max(oldRows, rows.length, 1), Math.max(oldCols, width, 1));
    all.values = Array.from({ length: Math.max(oldRows, rows.length, 1) }, () => Array.from({ length: Math.max(oldCols, width, 1) }, () => ''));
  }
  if (width > 0 && rows.length > 0) {
    const range = sheet.getRangeByIndexes(0, 0, rows.length, width);
    range.numberFormat = rows.map((r) => Array.from({ length: width }, (_, c) => cellFormat(r[c])));
    range.values = values;
    for (const r of options.boldRows ?? []) if (r < rows.length) sheet.getRangeByIndexes(r, 0, 1, width).format.font.bold = true;
  }
  if (options.activate) sheet.activate();
  await context.sync();
}

/**
 * Adds a sheet named `base`, or "base (2)", "base (3)" … when taken, and returns its name. Two round
 * trips.
 */
export async function addUniqueSheet(context: HostContext, base: string): Promise<string> {
  const sheets = context.workbook.worksheets;
  const names = Array.from({ length: 20 }, (_, i) => (i === 0 ? base : `${base} (${i + 1})`));
  const probes = names.map((n) => sheets.getItemOrNullObject(n));
  await context.sync();
  const free = names.find((_, i) => probes[i]!.isNullObject);
  if (free === undefined) throw new AdapterError('bad_input', `工作表“${base}”已有太多副本。/ There are too many copies of sheet "${base}".`);
  sheets.add(free);
  await context.sync();
  return free;
}
