// Where cells go when rows, columns or cells are inserted or deleted: the one rule the simulated
// host moves its cells by and the add-in follows its marks and its last read by.
import type { MergedRange } from './grid';

/**
 * `count` rows (axis "rows") or columns inserted at index `at` (negative `count`: deleted from
 * `at` on), moving the cells of the columns (rows) `from`..`to`: the whole width for whole rows,
 * the range's own for cells shifted down or up. 0-based.
 */
export interface CellShift {
  axis: 'rows' | 'columns';
  at: number;
  count: number;
  from: number;
  to: number;
}

/** Where a cell is after the shift; null when it was deleted. */
export function shiftCell(shift: CellShift, cell: { row: number; col: number }): { row: number; col: number } | null {
  const rows = shift.axis === 'rows';
  const along = rows ? cell.row : cell.col;
  const across = rows ? cell.col : cell.row;
  if (across < shift.from || across > shift.to || along < shift.at) return cell;
  if (shift.count < 0 && along < shift.at - shift.count) return null;
  return rows ? { row: along + shift.count, col: cell.col } : { row: cell.row, col: along + shift.count };
}

/** A 0-based index along the shift's axis, after it; the last one kept before a deleted block when `end` is the rectangle's far edge inside it. */
function shiftEdge(shift: CellShift, index: number, end: boolean): number {
  if (index < shift.at) return index;
  if (shift.count > 0) return index + shift.count;
  const lastDeleted = shift.at - shift.count - 1;
  if (index > lastDeleted) return index + shift.count;
  return end ? shift.at - 1 : shift.at;
}

/**
 * A rectangle (merged area, validation, conditional format) after the shift, as Excel moves it: it
 * grows when cells are inserted inside it and shrinks when some of its rows (columns) are deleted;
 * null when all of them are. A rectangle that reaches beyond the moving cells' span is left alone
 * (Excel refuses to split a merge; callers decide).
 */
export function shiftRect(shift: CellShift, rect: MergedRange): MergedRange | null {
  const rows = shift.axis === 'rows';
  const [lo, hi] = rows ? [rect.left, rect.right] : [rect.top, rect.bottom];
  if (lo < shift.from || hi > shift.to) return rect;
  const [start, end] = rows ? [rect.top, rect.bottom] : [rect.left, rect.right];
  // Inserted right at a rectangle's first row (column), it moves whole; inside it, it grows.
  const a = shiftEdge(shift, start, false);
  const b = shiftEdge(shift, end, true);
  if (b < a) return null;
  return rows ? { ...rect, top: a, bottom: b } : { ...rect, left: a, right: b };
}

/**
 * Where a cell is after the shift, keeping merged areas whole: the top-left cell of a merged area
 * that loses its first rows (columns) but not all of them moves to the area's new top-left, as
 * Excel keeps a merged cell's content when part of it is deleted.
 */
export function shiftKeepingMerges(shift: CellShift, merges: readonly MergedRange[], cell: { row: number; col: number }): { row: number; col: number } | null {
  const to = shiftCell(shift, cell);
  if (to) return to;
  const merge = merges.find((m) => m.top === cell.row && m.left === cell.col);
  const kept = merge && shiftRect(shift, merge);
  return kept ? { row: kept.top, col: kept.left } : null;
}
