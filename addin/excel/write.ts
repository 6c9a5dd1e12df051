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

function queueBlock(sheet: HostWorksheet, top: number, left: number, rows: readonly (readonly CellValue[])[], width: number): void {
  const range = sheet.getRangeByIndexes(top, left, rows.length, width);
  // null in a 2-D array leaves that cell as it is; "" clears it.
  range.numberFormat = rows.map((row) => Array.from({ length: width }, (_, c) => (typeof row[c] === 'string' && row[c] !== '' ? '@' : null)));
  range.values = rows.map((row) => Array.from({ length: width }, (_, c) => (c < row.length ? (row[c] ?? '') : null)));
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
      if (cost > SYNC_BUDGET) {
        throw new AdapterError(
          'too_large',
          `第 ${startRow + j + 1} 行的内容超过 Excel 单次往返可传输的上限，无法写入工作表“${sheetName}”。/ Row ${startRow + j + 1} holds more than Excel accepts in one round trip; it cannot be written to sheet "${sheetName}".`,
        );
      }
      bytes += cost;
      j++;
    }
    queueBlock(sheet, startRow + i, startCol, rows.slice(i, j), width);
    await context.sync();
    i = j;
  }
}

/** Writes one column of values downwards from (startRow, col). */
export function writeColumnValues(context: HostContext, sheetName: string, col: number, startRow: number, values: readonly CellValue[]): Promise<void> {
  return writeRows(
    context,
    sheetName,
    startRow,
    values.map((v) => [v]),
    col,
  );
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
  const versionCol = texts.indexOf(VERSION_HEADER) >= 0 ? texts.indexOf(VERSION_HEADER) : next++;
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
