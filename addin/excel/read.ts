// Sheet → Grid in as few round trips as Excel allows.
//
// Round trip 1 reads the sheet's name and extent and, blind, its first PROBE_ROWS rows with their
// merged cells: a typical ledger (a few hundred rows) is read in that one sync. Larger sheets take
// the rest in blocks, each sized so its response stays under SYNC_BUDGET, using the bytes per row
// measured so far. One sync cannot carry more than 5 MB, so a sheet holding P bytes needs about
// 1 + ceil(1.3 P / SYNC_BUDGET) syncs: 10,000 rows × 20 columns of Chinese text (≈ 5 MB) take 3.
// A block Excel still refuses (a payload limit, or more than 512 merged areas in one query) is
// retried at half the size, so a host with a lower limit is read too, in more round trips.
import { parseRangeRef, type CellValue, type Grid, type MergedRange } from '../../ledger';
import { supports } from './capabilities';
import { AdapterError, hostErrorCode, isSizeError } from './errors';
import type { HostContext, HostRange, HostRangeAreas, HostWorksheet, Requirements } from './host';
import { rowBytes, SYNC_BUDGET } from './payload';

/** Rows read blind in the first round trip, before the sheet's size is known. */
const PROBE_ROWS = 500;
/** Rows per merged-areas query: Excel answers at most 512 areas per query. */
const MERGE_QUERY_ROWS = 256;
/** Later rows may be longer than those measured so far. */
const SAFETY = 1.3;

/** An Office.js value as a grid cell: "" is an empty cell. */
function gridCell(v: unknown): CellValue {
  if (v === '' || v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return String(v);
}

function gridRow(values: readonly unknown[]): CellValue[] {
  const row = values.map(gridCell);
  while (row.length > 0 && row[row.length - 1] === null) row.pop();
  return row;
}

function blockBytes(values: readonly (readonly CellValue[])[]): number {
  let n = 0;
  for (const row of values) n += rowBytes(row);
  return n;
}

/** "Sheet1!B4:B6" → the 0-based range (the sheet name may be quoted and contain "!"). */
function areaRange(address: string): MergedRange {
  return parseRangeRef(address.slice(address.lastIndexOf('!') + 1));
}

export function queueMerges(range: HostRange): HostRangeAreas {
  const areas = range.getMergedAreasOrNullObject();
  areas.areas.load('address');
  return areas;
}

export function collectMerges(queries: readonly HostRangeAreas[], into: MergedRange[]): void {
  for (const q of queries) {
    if (!q.isNullObject) for (const item of q.areas.items) into.push(areaRange(item.address));
  }
}

function tooLarge(sheet: string, row: number): AdapterError {
  return new AdapterError(
    'too_large',
    `工作表“${sheet}”第 ${row} 行的数据超过 Excel 单次往返可传输的上限，无法读取。/ Row ${row} of sheet "${sheet}" holds more data than Excel can send in one round trip.`,
  );
}

interface BlockedSheet {
  sheet: HostWorksheet;
  name: string;
  rowCount: number;
  columnCount: number;
  withMerges: boolean;
}

/**
 * Reads the rows after those in `cells` up to `rowCount`, in blocks sized from the bytes per row
 * measured so far, appending their values to `cells` and their merged areas to `merges`.
 */
async function readRestInBlocks(context: HostContext, at: BlockedSheet, bytesPerRow: number, cells: CellValue[][], merges: MergedRange[]): Promise<void> {
  const { sheet, name, rowCount, columnCount, withMerges } = at;
  let mergeRows = MERGE_QUERY_ROWS;
  // Halved for good when the host refuses a block: it may allow less than Excel on the web.
  let budget = SYNC_BUDGET;
  while (cells.length < rowCount) {
    const start = cells.length;
    const n = Math.min(rowCount - start, Math.max(1, Math.floor(budget / (bytesPerRow * SAFETY))));
    const block = sheet.getRangeByIndexes(start, 0, n, columnCount);
    block.load('values');
    const mergeQueries: HostRangeAreas[] = [];
    if (withMerges) {
      for (let r = start; r < start + n; r += mergeRows) {
        mergeQueries.push(queueMerges(sheet.getRangeByIndexes(r, 0, Math.min(mergeRows, start + n - r), columnCount)));
      }
    }
    try {
      await context.sync();
    } catch (e) {
      if (!isSizeError(e) || (n === 1 && (!withMerges || mergeRows === 1))) throw isSizeError(e) ? tooLarge(name, start + 1) : e;
      budget = Math.min(budget, n * bytesPerRow * SAFETY) / 2;
      mergeRows = Math.max(1, Math.floor(mergeRows / 2));
      continue;
    }
    const values = block.values;
    for (const row of values) cells.push(gridRow(row));
    bytesPerRow = Math.max(rowBytes([], columnCount), blockBytes(values) / n);
    collectMerges(mergeQueries, merges);
  }
}

/**
 * Reads the active sheet (or the named one) as a Grid: values from A1 to the last cell holding a
 * value, and merged areas when the host can report them (ExcelApi 1.13; older hosts give none).
 * Rows lose their trailing empty cells. Hidden columns are not read.
 */
export async function readSheetGrid(context: HostContext, requirements: Requirements, sheetName?: string): Promise<Grid> {
  const withMerges = supports(requirements, 'mergedCells');
  const sheets = context.workbook.worksheets;

  let probeRows = PROBE_ROWS;
  for (;;) {
    const sheet = sheetName === undefined ? sheets.getActiveWorksheet() : sheets.getItem(sheetName);
    sheet.load('name, visibility');
    const used = sheet.getUsedRange(true);
    used.load('rowIndex, columnIndex, rowCount, columnCount');
    const head = probeRows > 0 ? sheet.getRange('A1').getBoundingRect(used).getIntersection(`1:${probeRows}`) : undefined;
    head?.load('values');
    const headMerges = head && withMerges ? [queueMerges(head)] : [];
    try {
      await context.sync();
    } catch (e) {
      if (sheetName !== undefined && hostErrorCode(e) === 'ItemNotFound') {
        throw new AdapterError('missing_sheet', `找不到工作表“${sheetName}”。/ There is no sheet named "${sheetName}".`);
      }
      if (!isSizeError(e) || probeRows === 0) throw e;
      probeRows = Math.floor(probeRows / 2);
      continue;
    }

    const name = sheet.name;
    const rowCount = used.rowIndex + used.rowCount;
    const columnCount = used.columnIndex + used.columnCount;
    const cells: CellValue[][] = [];
    const merges: MergedRange[] = [];
    let bytesPerRow = rowBytes([], columnCount);
    if (head) {
      const values = head.values;
      for (const row of values) cells.push(gridRow(row));
      if (values.length > 0) bytesPerRow = Math.max(bytesPerRow, blockBytes(values) / values.length);
      collectMerges(headMerges, merges);
    }

    await readRestInBlocks(context, { sheet, name, rowCount, columnCount, withMerges }, bytesPerRow, cells, merges);
    while (cells.length > 0 && cells[cells.length - 1]!.length === 0) cells.pop();
    merges.sort((a, b) => a.top - b.top || a.left - b.left);
    return { sheet: name, cells, merges, hidden: sheet.visibility !== 'Visible', hiddenColumns: [] };
  }
}
