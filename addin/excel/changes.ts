// Cell edits as they happen (Worksheet.onChanged, ExcelApi 1.7), as plain data for the task pane.
import { columnIndex, parseRangeRef, type CellValue, type MergedRange } from '../../ledger';
import type { CellShift } from '../../ledger/shift';
import type { HostChangedEventArgs, HostContext } from './host';

/**
 * What happened to the cells: edited, inserted or deleted (moving others: `shift` says how), or
 * inserted or deleted in a way the event does not tell (cells, on a host before ExcelApi 1.14, which
 * reports no direction) or a change the host calls "Unknown".
 */
export type ChangeKind = 'edit' | 'moved' | 'unknown';

export interface SheetChange {
  sheet: string;
  /** A1 address of the changed cells, without the sheet name. */
  address: string;
  range: MergedRange;
  /** "local": this Excel (the user, or this add-in); "remote": a co-author. */
  source: 'local' | 'remote';
  /** The add-in's own write (known from ExcelApi 1.14; false when the host cannot tell). */
  byThisAddin: boolean;
  /** Before and after, when a single cell changed. */
  single?: { before: CellValue; after: CellValue };
  kind: ChangeKind;
  /** How cells moved, when `kind` is "moved". */
  shift?: CellShift;
}

function cellValue(v: unknown): CellValue {
  if (v === '' || v === null || v === undefined) return null;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
}

const LAST_ROW = 1_048_575;
const LAST_COLUMN = 16_383;

/** Cells, whole rows ("3:5", when rows are inserted or deleted) or whole columns ("B:C"). */
function changedRange(address: string): MergedRange {
  const rows = /^\$?(\d+):\$?(\d+)$/.exec(address);
  if (rows) return { top: Number(rows[1]) - 1, left: 0, bottom: Number(rows[2]) - 1, right: LAST_COLUMN };
  const cols = /^\$?([A-Za-z]+):\$?([A-Za-z]+)$/.exec(address);
  if (cols) return { top: 0, left: columnIndex(cols[1]!), bottom: LAST_ROW, right: columnIndex(cols[2]!) };
  return parseRangeRef(address);
}

const INSERTED = new Set(['RowInserted', 'ColumnInserted', 'CellInserted']);
const DELETED = new Set(['RowDeleted', 'ColumnDeleted', 'CellDeleted']);

/**
 * The cells' move, from the event's type and the shape of its address: whole rows ("3:5") move the
 * rows below, whole columns ("B:C") those to the right (so a first column inserted, which some
 * builds report as "RowInserted", still moves columns); rows (columns) of a table, named by its
 * cells, move the table's cells below (to the right); other cells move the way
 * changeDirectionState says.
 */
function shiftOf(args: HostChangedEventArgs, range: MergedRange): CellShift | undefined {
  const inserted = INSERTED.has(args.changeType);
  if (!inserted && !DELETED.has(args.changeType)) return undefined;
  const sign = inserted ? 1 : -1;
  const rows = range.bottom - range.top + 1;
  const cols = range.right - range.left + 1;
  if (range.left === 0 && range.right === LAST_COLUMN) return { axis: 'rows', at: range.top, count: sign * rows, from: 0, to: LAST_COLUMN };
  if (range.top === 0 && range.bottom === LAST_ROW) return { axis: 'columns', at: range.left, count: sign * cols, from: 0, to: LAST_ROW };
  if (args.changeType.startsWith('Row')) return { axis: 'rows', at: range.top, count: sign * rows, from: range.left, to: range.right };
  if (args.changeType.startsWith('Column')) return { axis: 'columns', at: range.left, count: sign * cols, from: range.top, to: range.bottom };
  const direction = inserted ? args.changeDirectionState?.insertShiftDirection : args.changeDirectionState?.deleteShiftDirection;
  if (direction === 'Down' || direction === 'Up') return { axis: 'rows', at: range.top, count: sign * rows, from: range.left, to: range.right };
  if (direction === 'Right' || direction === 'Left') return { axis: 'columns', at: range.left, count: sign * cols, from: range.top, to: range.bottom };
  return undefined;
}

export function toSheetChange(sheet: string, args: HostChangedEventArgs): SheetChange {
  const address = args.address.slice(args.address.lastIndexOf('!') + 1);
  const range = changedRange(address);
  const shift = shiftOf(args, range);
  return {
    sheet,
    address,
    range,
    kind: shift ? 'moved' : args.changeType === 'RangeEdited' ? 'edit' : 'unknown',
    ...(shift && { shift }),
    source: args.source === 'Remote' ? 'remote' : 'local',
    byThisAddin: args.triggerSource === 'ThisLocalAddin',
    ...(args.details && { single: { before: cellValue(args.details.valueBefore), after: cellValue(args.details.valueAfter) } }),
  };
}

/**
 * Calls `listener` after each edit of the named sheet, for as long as the document stays open; the
 * registration travels with the batch's next round trip.
 */
export function queueWatch(context: HostContext, sheetName: string, listener: (change: SheetChange) => void): void {
  context.workbook.worksheets.getItem(sheetName).onChanged.add(async (args) => listener(toSheetChange(sheetName, args)));
}
