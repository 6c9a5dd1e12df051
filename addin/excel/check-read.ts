// Reading a sheet for checking, in a fixed number of round trips however long it is.
//
// Round trip 1 reads the sheet's extent and its first HEAD_ROWS rows in full, with their merged
// cells: enough to find the header. The caller then names the columns the rules need. Round trip 2
// reads the rest of the sheet, but only those columns: `values` where the text matters, `valueTypes`
// (a few bytes a cell) where only emptiness does, and nothing for the others; with the merged areas
// of the rest. A sheet of 10,000 rows of Chinese text weighs about 5 MB in full, too much for one
// round trip, but its checked columns fit in one. Only a sheet whose checked columns alone exceed
// SYNC_BUDGET (60,000 rows) takes more round trips, one per SYNC_BUDGET.
import type { CellValue, Grid, MergedRange } from '../../ledger';
import { supports } from './capabilities';
import { AdapterError, hostErrorCode, isSizeError } from './errors';
import type { HostContext, HostRange, HostRangeAreas, HostWorksheet, Requirements } from './host';
import { cellBytes, SYNC_BUDGET } from './payload';
import { collectMerges, queueMerges } from './read';

/** Rows read in full in round trip 1: the ledger looks for its header in the first 40 rows. */
const HEAD_ROWS = 48;
/** Rows per merged-areas query: Excel answers at most 512 areas per query. */
const MERGE_QUERY_ROWS = 256;
/** What a non-empty cell of a presence-only column reads as. */
export const PRESENCE_MARK = '（有内容）';
/** JSON bytes of one cell's value type ("String", "Empty", …) with its brackets and comma. */
const TYPE_BYTES = 12;
/** Bytes assumed for a cell when the first rows give nothing to measure. */
const DEFAULT_CELL_BYTES = 120;

/** Which columns (0-based) the check reads below the first rows. */
export interface CheckColumns {
  /** Columns whose text the rules read. */
  values: readonly number[];
  /** Columns where only "empty or not" matters: a filled cell reads as PRESENCE_MARK. */
  presence: readonly number[];
}

export interface CheckGrid {
  /**
   * The sheet as the rules see it: rows before `fullRows` hold every cell, later rows only the
   * chosen columns (other cells read as empty).
   */
  grid: Grid;
  fullRows: number;
  columns: CheckColumns;
  /** Columns in the sheet's used range. */
  width: number;
}

function gridCell(v: unknown): CellValue {
  if (v === '' || v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return String(v);
}

function trimRow(row: CellValue[]): CellValue[] {
  while (row.length > 0 && row[row.length - 1] === null) row.pop();
  return row;
}

/** Adjacent columns as [first, count] runs, so each run is one range. */
function runs(columns: readonly number[]): [number, number][] {
  const sorted = [...new Set(columns)].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1] === c) last[1]++;
    else out.push([c, 1]);
  }
  return out;
}

function tooLarge(sheet: string, row: number): AdapterError {
  return new AdapterError(
    'too_large',
    `工作表“${sheet}”第 ${row} 行的数据超过 Excel 单次往返可传输的上限，无法校验。/ Row ${row} of sheet "${sheet}" holds more data than Excel can send in one round trip; it cannot be checked.`,
  );
}

function missingSheet(name: string): AdapterError {
  return new AdapterError('missing_sheet', `找不到工作表“${name}”。/ There is no sheet named "${name}".`);
}

/** Bytes per row of the chosen columns, measured on the rows read in full. */
function bytesPerRow(head: readonly (readonly CellValue[])[], columns: CheckColumns): number {
  const filled = head.filter((row) => columns.values.some((c) => row[c] !== null && row[c] !== undefined));
  const fallback = columns.values.length * DEFAULT_CELL_BYTES + columns.presence.length * TYPE_BYTES;
  if (filled.length === 0) return Math.max(1, fallback);
  let total = 0;
  for (const row of filled) for (const c of columns.values) total += cellBytes(row[c]) + 2;
  return Math.max(1, total / filled.length + columns.presence.length * TYPE_BYTES);
}

interface Block {
  start: number;
  count: number;
  values: [number, HostRange][];
  types: [number, HostRange][];
  merges: HostRangeAreas[];
}

function queueBlock(sheet: HostWorksheet, start: number, count: number, columns: CheckColumns, width: number, mergeRows: number, withMerges: boolean): Block {
  const block: Block = { start, count, values: [], types: [], merges: [] };
  for (const [first, n] of runs(columns.values)) {
    const range = sheet.getRangeByIndexes(start, first, count, n);
    range.load('values');
    block.values.push([first, range]);
  }
  for (const [first, n] of runs(columns.presence.filter((c) => !columns.values.includes(c)))) {
    const range = sheet.getRangeByIndexes(start, first, count, n);
    range.load('valueTypes');
    block.types.push([first, range]);
  }
  if (withMerges) {
    for (let r = start; r < start + count; r += mergeRows) {
      block.merges.push(queueMerges(sheet.getRangeByIndexes(r, 0, Math.min(mergeRows, start + count - r), width)));
    }
  }
  return block;
}

function takeBlock(block: Block, cells: CellValue[][], merges: MergedRange[]): void {
  const rows: CellValue[][] = Array.from({ length: block.count }, () => []);
  for (const [first, range] of block.values) {
    range.values.forEach((line, i) => line.forEach((v, j) => (rows[i]![first + j] = gridCell(v))));
  }
  for (const [first, range] of block.types) {
    range.valueTypes.forEach((line, i) => line.forEach((t, j) => (rows[i]![first + j] = t === 'Empty' ? null : PRESENCE_MARK)));
  }
  for (const row of rows) cells.push(trimRow(Array.from(row, (v) => v ?? null)));
  collectMerges(block.merges, merges);
}

interface ChosenColumns {
  sheet: HostWorksheet;
  name: string;
  rowCount: number;
  width: number;
  columns: CheckColumns;
  withMerges: boolean;
}

/** Reads the chosen columns of the rows after those in `cells` up to `rowCount`, in blocks the host accepts. */
async function readChosenInBlocks(context: HostContext, at: ChosenColumns, cells: CellValue[][], merges: MergedRange[]): Promise<void> {
  const { sheet, name, rowCount, width, columns, withMerges } = at;
  let rowsPerSync = Math.max(1, Math.floor(SYNC_BUDGET / bytesPerRow(cells, columns)));
  let mergeRows = MERGE_QUERY_ROWS;
  let next = cells.length;
  while (next < rowCount) {
    const count = Math.min(rowCount - next, rowsPerSync);
    const block = queueBlock(sheet, next, count, columns, width, mergeRows, withMerges);
    try {
      await context.sync();
    } catch (e) {
      if (!isSizeError(e)) throw e;
      if (rowsPerSync === 1 && (!withMerges || mergeRows === 1)) throw tooLarge(name, next + 1);
      // Halved for good: this host allows less than Excel on the web, or later rows are longer.
      rowsPerSync = Math.max(1, Math.floor(Math.min(rowsPerSync, count) / 2));
      mergeRows = Math.max(1, Math.floor(mergeRows / 2));
      continue;
    }
    takeBlock(block, cells, merges);
    next += count;
  }
}

/**
 * Reads the active sheet (or the named one) for checking. `choose` sees the first rows (header and
 * a sample of data) and names the columns the rules need. Two round trips for any sheet longer than
 * HEAD_ROWS whose chosen columns fit in SYNC_BUDGET; one for a shorter sheet. `alongside` queues
 * more loads of the sheet (its name, extent and chosen columns known by then) to travel with the
 * second round trip.
 */
export async function readColumnsForCheck(
  context: HostContext,
  requirements: Requirements,
  choose: (head: Grid) => CheckColumns,
  sheetName?: string,
  alongside?: (sheet: { name: string; rows: number; columns: readonly number[] }) => void,
): Promise<CheckGrid> {
  const withMerges = supports(requirements, 'mergedCells');
  const sheets = context.workbook.worksheets;
  const sheet = sheetName === undefined ? sheets.getActiveWorksheet() : sheets.getItem(sheetName);
  sheet.load('name, visibility');
  const used = sheet.getUsedRange(true);
  used.load('rowIndex, columnIndex, rowCount, columnCount');
  const head = sheet.getRange('A1').getBoundingRect(used).getIntersection(`1:${HEAD_ROWS}`);
  head.load('values');
  const headMerges = withMerges ? [queueMerges(head)] : [];
  try {
    await context.sync();
  } catch (e) {
    if (sheetName !== undefined && hostErrorCode(e) === 'ItemNotFound') throw missingSheet(sheetName);
    throw e;
  }

  const name = sheet.name;
  const rowCount = used.rowIndex + used.rowCount;
  const width = used.columnIndex + used.columnCount;
  const cells: CellValue[][] = head.values.map((row) => trimRow(row.map(gridCell)));
  const merges: MergedRange[] = [];
  collectMerges(headMerges, merges);
  const fullRows = cells.length;
  const headGrid: Grid = { sheet: name, cells: cells.map((r) => [...r]), merges: [...merges], hidden: sheet.visibility !== 'Visible', hiddenColumns: [] };
  const chosen = choose(headGrid);
  const columns: CheckColumns = {
    values: chosen.values.filter((c) => c >= 0 && c < width),
    presence: chosen.presence.filter((c) => c >= 0 && c < width),
  };

  alongside?.({ name, rows: rowCount, columns: [...columns.values, ...columns.presence] });
  const anyChosen = columns.values.length + columns.presence.length > 0;
  if (anyChosen && cells.length < rowCount) await readChosenInBlocks(context, { sheet, name, rowCount, width, columns, withMerges }, cells, merges);
  else if (alongside) await context.sync();
  while (cells.length > 0 && cells[cells.length - 1]!.length === 0) cells.pop();
  merges.sort((a, b) => a.top - b.top || a.left - b.left);
  return {
    grid: { sheet: name, cells, merges, hidden: sheet.visibility !== 'Visible', hiddenColumns: [] },
    fullRows,
    columns,
    width,
  };
}

/**
 * Reads rows `top`..`top + count - 1` of the chosen columns again (after an edit), with the merged
 * areas that start in them. One round trip.
 */
export async function readRowsForCheck(
  context: HostContext,
  requirements: Requirements,
  sheetName: string,
  top: number,
  count: number,
  columns: CheckColumns,
  width: number,
): Promise<{ rows: CellValue[][]; merges: MergedRange[] }> {
  const sheet = context.workbook.worksheets.getItem(sheetName);
  const block = queueBlock(sheet, top, count, columns, Math.max(1, width), MERGE_QUERY_ROWS, supports(requirements, 'mergedCells'));
  try {
    await context.sync();
  } catch (e) {
    if (hostErrorCode(e) === 'ItemNotFound') throw missingSheet(sheetName);
    throw e;
  }
  const rows: CellValue[][] = [];
  const merges: MergedRange[] = [];
  takeBlock(block, rows, merges);
  return { rows, merges };
}
