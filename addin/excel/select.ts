// Taking the user to a cell (a finding clicked in the task pane).
import { AdapterError, hostErrorCode } from './errors';
import type { HostContext } from './host';

/** Activates the sheet and selects the cell at (row, col), 0-based. One round trip. */
export async function selectCell(context: HostContext, sheetName: string, row: number, col: number): Promise<void> {
  const sheet = context.workbook.worksheets.getItem(sheetName);
  sheet.activate();
  sheet.getRangeByIndexes(row, col, 1, 1).select();
  try {
    await context.sync();
  } catch (e) {
    if (hostErrorCode(e) !== 'ItemNotFound') throw e;
    throw new AdapterError('missing_sheet', `找不到工作表“${sheetName}”。/ There is no sheet named "${sheetName}".`);
  }
}

/** The sheet and the first row (0-based) of the user's selection. One round trip. */
export async function readSelection(context: HostContext): Promise<{ sheet: string; row: number }> {
  const sheet = context.workbook.worksheets.getActiveWorksheet().load('name');
  const range = context.workbook.getSelectedRange().load('rowIndex');
  await context.sync();
  return { sheet: sheet.name, row: range.rowIndex };
}
