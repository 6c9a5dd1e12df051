// Inserting and deleting cells in the simulated host (Range.insert and Range.delete, or a user doing
// it): values, number formats, formulas, fills, fonts, merges, hidden columns, validations and
// conditional formats move with their cells; inserted cells take the formats of the row above (the
// column to the left), as Excel's default "format same as above" does; the sheet's change event
// names the change. Formulas elsewhere keep their text (references are not rewritten).
import { shiftKeepingMerges, shiftRect, type CellShift } from '../../ledger/shift';
import { cellKey, intersect, keyCell, MAX_COLUMNS, MAX_ROWS, rectColumns, rectRows, type Rect } from './address';
import type { CellChange } from './batch';
import { SimApiError } from './errors';
import type { Journal, SheetState } from './state';

export type InsertShiftDirection = 'Down' | 'Right';
export type DeleteShiftDirection = 'Up' | 'Left';
export type ShiftChangeType = 'RowInserted' | 'RowDeleted' | 'ColumnInserted' | 'ColumnDeleted' | 'CellInserted' | 'CellDeleted';
export interface ChangeDirectionState {
  insertShiftDirection?: InsertShiftDirection;
  deleteShiftDirection?: DeleteShiftDirection;
}

/** What a change event says of inserted or deleted cells. */
export interface ShiftEvent {
  changeType: ShiftChangeType;
  direction: InsertShiftDirection | DeleteShiftDirection;
}

const DIRECTIONS: Record<'insert' | 'delete', readonly string[]> = { insert: ['Down', 'Right'], delete: ['Up', 'Left'] };

function shiftOf(rect: Rect, op: 'insert' | 'delete', direction: string | undefined, location: string): { shift: CellShift; event: ShiftEvent } {
  const wholeRows = rect.left === 0 && rect.right === MAX_COLUMNS - 1;
  const wholeColumns = rect.top === 0 && rect.bottom === MAX_ROWS - 1;
  const sign = op === 'insert' ? 1 : -1;
  const [down, right] = op === 'insert' ? (['Down', 'Right'] as const) : (['Up', 'Left'] as const);
  const verb = op === 'insert' ? 'Inserted' : 'Deleted';
  if (wholeRows && wholeColumns) throw new SimApiError('InvalidArgument', location, 'cannot insert or delete the whole sheet');
  // Whole rows move down (up), whole columns right (left), whatever direction is asked for.
  if (wholeRows) return { shift: { axis: 'rows', at: rect.top, count: sign * rectRows(rect), from: 0, to: MAX_COLUMNS - 1 }, event: { changeType: `Row${verb}`, direction: down } };
  if (wholeColumns) return { shift: { axis: 'columns', at: rect.left, count: sign * rectColumns(rect), from: 0, to: MAX_ROWS - 1 }, event: { changeType: `Column${verb}`, direction: right } };
  if (direction === undefined || !DIRECTIONS[op].includes(direction)) {
    throw new SimApiError('InvalidArgument', location, `"${String(direction)}" is not a direction to ${op} cells; expected ${DIRECTIONS[op].join(' or ')}`);
  }
  const shift: CellShift =
    direction === down
      ? { axis: 'rows', at: rect.top, count: sign * rectRows(rect), from: rect.left, to: rect.right }
      : { axis: 'columns', at: rect.left, count: sign * rectColumns(rect), from: rect.top, to: rect.bottom };
  return { shift, event: { changeType: `Cell${verb}`, direction: direction === down ? down : right } };
}

/** The cells that move: from the shift's first row (column) to the sheet's edge, within its span. */
function movingCells(shift: CellShift): Rect {
  return shift.axis === 'rows'
    ? { top: shift.at, bottom: MAX_ROWS - 1, left: shift.from, right: shift.to }
    : { top: shift.from, bottom: shift.to, left: shift.at, right: MAX_COLUMNS - 1 };
}

/** Excel refuses to move part of a merged area. */
function refuseSplitMerges(sheet: SheetState, shift: CellShift, location: string): void {
  const moving = movingCells(shift);
  for (const m of sheet.merges) {
    const o = intersect(m, moving);
    // shiftRect leaves alone (returns as it is) an area reaching beyond the moving cells' span.
    if (o && shiftRect(shift, m) === m) {
      throw new SimApiError('InvalidOperation', location, 'This operation will cause some merged cells to unmerge.');
    }
  }
}

/** The cells of the row (column) before an inserted block, within its span, each with the inserted cells that copy its formats. */
function copiesOf(shift: CellShift, key: number): number[] {
  if (shift.count <= 0 || shift.at === 0) return [];
  const { row, col } = keyCell(key);
  const [along, across] = shift.axis === 'rows' ? [row, col] : [col, row];
  if (along !== shift.at - 1 || across < shift.from || across > shift.to) return [];
  return Array.from({ length: shift.count }, (_, i) => (shift.axis === 'rows' ? cellKey(shift.at + i, col) : cellKey(row, shift.at + i)));
}

type Mover = (cell: { row: number; col: number }) => { row: number; col: number } | null;

/** Moves a map keyed by cell; `inherit`: inserted cells copy the entry of the cell before them. */
function moveKeys<V>(map: Map<number, V>, shift: CellShift, move: Mover, j: Journal, inherit: boolean): void {
  const before = [...map];
  map.clear();
  for (const [key, v] of before) {
    const to = move(keyCell(key));
    if (to) map.set(cellKey(to.row, to.col), v);
  }
  if (inherit) for (const [key, v] of before) for (const copy of copiesOf(shift, key)) map.set(copy, v);
  j.record(() => {
    map.clear();
    for (const [key, v] of before) map.set(key, v);
  });
}

/** Values and formats move with their cells (a merged area's, with what is left of the area). */
function moveCells(sheet: SheetState, shift: CellShift, j: Journal): void {
  const merges = sheet.merges;
  const move: Mover = (cell) => shiftKeepingMerges(shift, merges, cell);
  sheet.relocate((row, col) => move({ row, col }), j);
  const inherited = [...sheet.formatEntries()].flatMap(({ row, col, format }) => copiesOf(shift, cellKey(row, col)).map((key) => ({ key, format })));
  for (const { key, format } of inherited) {
    const { row, col } = keyCell(key);
    sheet.setNumberFormat(row, col, format, j);
  }
  moveKeys(sheet.formulas, shift, move, j, false);
  for (const map of [sheet.fills, sheet.fontColors]) moveKeys(map, shift, move, j, true);
  moveKeys(sheet.bold, shift, move, j, true);
}

function moveAreas(sheet: SheetState, shift: CellShift, j: Journal): void {
  const rect = (r: Rect) => shiftRect(shift, r);
  j.assign(sheet, 'merges', sheet.merges.flatMap((m) => rect(m) ?? []));
  j.assign(sheet, 'validations', sheet.validations.flatMap((v) => { const r = rect(v.rect); return r ? [{ ...v, rect: r }] : []; }));
  j.assign(
    sheet,
    'conditionalFormats',
    sheet.conditionalFormats.map((cf) => ({ ...cf, rects: cf.rects.flatMap((r) => rect(r) ?? []) })).filter((cf) => cf.rects.length > 0),
  );
  if (shift.axis === 'columns' && shift.from === 0 && shift.to === MAX_ROWS - 1) {
    const hidden = [...sheet.hiddenColumns];
    for (const c of hidden) j.setMember(sheet.hiddenColumns, c, false);
    for (const c of hidden) {
      const to = shiftRect(shift, { top: 0, bottom: 0, left: c, right: c });
      if (to) j.setMember(sheet.hiddenColumns, to.left, true);
    }
  }
}

/**
 * Inserts (shifting the others down or right) or deletes (shifting up or left) the cells of `rect`:
 * whole rows and whole columns whatever the direction, other cells in the direction given.
 * Returns the change the sheet's event reports.
 */
export function shiftCells(sheet: SheetState, rect: Rect, op: 'insert' | 'delete', direction: string | undefined, j: Journal, location: string): CellChange {
  const { shift, event } = shiftOf(rect, op, direction, location);
  refuseSplitMerges(sheet, shift, location);
  moveCells(sheet, shift, j);
  moveAreas(sheet, shift, j);
  return { sheet, rect, structure: event };
}

/** The change event's fields for inserted or deleted cells (the direction only for cells, from ExcelApi 1.14). */
export function shiftEventFields(event: ShiftEvent, directions: boolean): { changeType: ShiftChangeType; changeDirectionState?: ChangeDirectionState } {
  if (!directions || !event.changeType.startsWith('Cell')) return { changeType: event.changeType };
  const state: ChangeDirectionState =
    event.direction === 'Down' || event.direction === 'Right' ? { insertShiftDirection: event.direction } : { deleteShiftDirection: event.direction };
  return { changeType: event.changeType, changeDirectionState: state };
}
