// Grid values → sheet. Each block of rows is one 2-D assignment, as many rows per sync as fit in
// SYNC_BUDGET: writing P bytes takes ceil(P / SYNC_BUDGET) syncs, however many rows that is.
//
// Strings are written into cells formatted as text ("@") so Excel keeps them as typed: without it
// "001" becomes 1, "2018-12-31" a date, and "=…" (or "+…", "-…") a formula (BRIEF §6).
import type { CellValue } from '../../ledger';
import { AdapterError, hostErrorCode } from './errors';
import type { HostContext, HostWorksheet } from './host';
import { rowBytes, SYNC_BUDGET } from './payload';

/** The hidden bookkeeping columns (BRIEF §5). */
export const ID_HEADER = '__id';
export const VERSION_HEADER = '__version';

/** Per cell, the number format sent beside the value ("@" or null) costs at most this much. */
const FORMAT_BYTES_PER_CELL = 5;

/** Number formats set beside values: a non-null entry replaces the default ("@" for text, else unchanged). */
export type CellFormats = readonly (readonly (string | null)[])[];

function queueBlock(sheet: HostWorksheet, top: number, left: number, rows: readonly (readonly CellValue[])[], width: number, formats?: CellFormats): void {
  const range = sheet.getRangeByIndexes(top, left, rows.length, width);
  // null in a 2-D array leaves that cell as it is; "" clears it.
  range.numberFormat = rows.map((row, r) =>
    Array.from({ length: width }, (_, c) => formats?.[r]?.[c] ?? (typeof row[c] === 'string' && row[c] !== '' ? '@' : null)),
  );
  range.values = rows.map((row) => Array.from({ length: width }, (_, c) => (c < row.length ? (row[c] ?? '') : null)));
}

/** Per action, what Office.js sends besides the values: the range, the two assignments. */
const BLOCK_OVERHEAD_BYTES = 400;

function rowTooLarge(sheetName: string, row: number): AdapterError {
  return new AdapterError(
    'too_large',
    `第 ${row} 行的内容超过 Excel 单次往返可传输的上限，无法写入工作表“${sheetName}”。/ Row ${row} holds more than Excel accepts in one round trip; it cannot be written to sheet "${sheetName}".`,
  );
}

/**
 * Writes rows of values with their first cell at (startRow, startCol), 0-based. A null value clears
 * its cell; cells beyond the end of a shorter row are left as they are.
 */
export async function writeRows(
  context: HostContext,
  sheetName: string,
  startRow: number,
  rows: readonly (readonly CellValue[])[],
  startCol = 0,
  formats?: CellFormats,
): Promise<void> {
  const width = rows.reduce((w, row) => Math.max(w, row.length), 0);
  if (width === 0) return;
  const sheet = context.workbook.worksheets.getItem(sheetName);
  let i = 0;
  while (i < rows.length) {
    let bytes = 0;
    let j = i;
    while (j < rows.length) {
      const cost = rowBytes(rows[j]!, width) + width * FORMAT_BYTES_PER_CELL;
      if (j > i && bytes + cost > SYNC_BUDGET) break;
      if (cost > SYNC_BUDGET) throw rowTooLarge(sheetName, startRow + j + 1);
      bytes += cost;
      j++;
    }
    queueBlock(sheet, startRow + i, startCol, rows.slice(i, j), width, formats?.slice(i, j));
    await context.sync();
    i = j;
  }
}

/** A rectangle of values to write with its top-left cell at (row, col), 0-based. */
export interface CellBlock {
  row: number;
  col: number;
  values: readonly (readonly CellValue[])[];
  formats?: CellFormats;
}

/**
 * Writes blocks of cells scattered over a sheet (the rows a sync changed), as many blocks per round
 * trip as fit in SYNC_BUDGET: a thousand changed rows take one round trip, not a thousand. A null
 * value clears its cell, as in writeRows.
 */
export async function writeBlocks(context: HostContext, sheetName: string, blocks: readonly CellBlock[]): Promise<void> {
  const todo = blocks.filter((b) => b.values.length > 0 && b.values.some((r) => r.length > 0));
  if (todo.length === 0) return;
  const sheet = context.workbook.worksheets.getItem(sheetName);
  let bytes = 0;
  let queued = 0;
  for (const block of todo) {
    const width = block.values.reduce((w, row) => Math.max(w, row.length), 0);
    let cost = BLOCK_OVERHEAD_BYTES;
    for (const row of block.values) cost += rowBytes(row, width) + width * FORMAT_BYTES_PER_CELL;
    if (cost > SYNC_BUDGET) throw rowTooLarge(sheetName, block.row + 1);
    if (queued > 0 && bytes + cost > SYNC_BUDGET) {
      await context.sync();
      bytes = 0;
      queued = 0;
    }
    queueBlock(sheet, block.row, block.col, block.values, width, block.formats);
    bytes += cost;
    queued++;
  }
  await context.sync();
}

/**
 * Makes sure the header row has `__id` and `__version` columns (added after the last used column
 * when missing) and that both are hidden. Two round trips. Returns their 0-based column indexes.
 */
export async function ensureHiddenIdColumns(context: HostContext, sheetName: string, headerRow: number): Promise<{ idCol: number; versionCol: number }> {
  const sheet = context.workbook.worksheets.getItem(sheetName);
  const used = sheet.getUsedRange(true);
  used.load('columnIndex, columnCount');
  const header = sheet.getRange('A1').getBoundingRect(used).getIntersection(`${headerRow + 1}:${headerRow + 1}`);
  header.load('values');
  try {
    await context.sync();
  } catch (e) {
    if (hostErrorCode(e) !== 'ItemNotFound') throw e;
    throw new AdapterError(
      'bad_input',
      `找不到工作表“${sheetName}”，或其第 ${headerRow + 1} 行不在数据区域内，无法作为表头。/ Sheet "${sheetName}" does not exist, or its row ${headerRow + 1} lies outside its data and cannot be the header.`,
    );
  }
  const texts = (header.values[0] ?? []).map((v) => (typeof v === 'string' ? v.trim() : ''));
  let next = used.columnIndex + used.columnCount;
  const idCol = texts.indexOf(ID_HEADER) >= 0 ? texts.indexOf(ID_HEADER) : next++;
  const versionCol = texts.indexOf(VERSION_HEADER) >= 0 ? texts.indexOf(VERSION_HEADER) : next;
  for (const [col, text] of [
    [idCol, ID_HEADER],
    [versionCol, VERSION_HEADER],
  ] as const) {
    const cell = sheet.getRangeByIndexes(headerRow, col, 1, 1);
    cell.numberFormat = [['@']];
    cell.values = [[text]];
    cell.columnHidden = true;
  }
  await context.sync();
  return { idCol, versionCol };
}
