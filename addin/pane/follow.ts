// Keeping what the pane remembers of the sheet in step with inserted and deleted rows, columns and
// cells. Excel moves values and fills (marks among them) with their cells, so the record of marks
// and the last read must move the same way: otherwise a re-check takes a mark off a cell that is now
// another row's (putting back a fill that was never that cell's) and takes a moved mark's colour
// for its new cell's own fill.
import { parseRangeRef, rangeRef, type Grid, type MergedRange } from '../../ledger';
import { shiftCell, shiftKeepingMerges, shiftRect, type CellShift } from '../../ledger/shift';
import type { SheetChange } from '../excel/adapter';

const LAST_COLUMN = 16_383;

function cellAt(address: string): { row: number; col: number } | undefined {
  try {
    const r = parseRangeRef(address);
    return r.top === r.bottom && r.left === r.right ? { row: r.top, col: r.left } : undefined;
  } catch {
    return undefined;
  }
}

function addressOf(cell: { row: number; col: number }): string {
  return rangeRef({ top: cell.row, left: cell.col, bottom: cell.row, right: cell.col });
}

/** The cells inserted just after `cell` (below it, or right of it), which take its formats as Excel's default "format same as above" gives them. */
function copiesOf(shift: CellShift, cell: { row: number; col: number }): string[] {
  const rows = shift.axis === 'rows';
  const [along, across] = rows ? [cell.row, cell.col] : [cell.col, cell.row];
  if (shift.count <= 0 || along !== shift.at - 1 || across < shift.from || across > shift.to) return [];
  return Array.from({ length: shift.count }, (_, i) => addressOf(rows ? { row: shift.at + i, col: cell.col } : { row: cell.row, col: shift.at + i }));
}

/**
 * Entries keyed by cell address, moved with their cells: a deleted cell's entry goes with it (but a
 * merged area's top-left cell's stays with what is left of the area, of `merges` as they were); an
 * inserted cell just after an entry's cell gets a copy, as it gets a copy of that cell's fill.
 */
export function followCells<V>(entries: ReadonlyMap<string, V>, shift: CellShift, merges: readonly MergedRange[]): Map<string, V> {
  const out = new Map<string, V>();
  for (const [address, v] of entries) {
    const cell = cellAt(address);
    const to = cell ? shiftKeepingMerges(shift, merges, cell) : undefined;
    if (to === undefined) out.set(address, v);
    else if (to) out.set(addressOf(to), v);
  }
  for (const [address, v] of entries) {
    const cell = cellAt(address);
    if (cell) for (const copy of copiesOf(shift, cell)) out.set(copy, v);
  }
  return out;
}

/** The last read, brought up to date by the changes; and the rows (if any) to read again. */
export interface FollowedRead {
  grid: Grid;
  rows?: { top: number; bottom: number };
}

function shiftRows(cells: Grid['cells'], merges: readonly MergedRange[], shift: CellShift): Grid['cells'] {
  const out = cells.slice();
  if (shift.count < 0) {
    // A merged area that loses its first rows keeps its content in its new top-left cell.
    const kept = merges.flatMap((m) => {
      const anchor = { row: m.top, col: m.left };
      const to = shiftCell(shift, anchor) ? null : shiftKeepingMerges(shift, merges, anchor);
      return to ? [{ to, value: cells[m.top]?.[m.left] ?? null }] : [];
    });
    out.splice(shift.at, -shift.count);
    for (const { to, value } of kept) {
      const row = (out[to.row] ?? []).slice();
      while (row.length <= to.col) row.push(null);
      row[to.col] = value;
      out[to.row] = row;
    }
  } else if (shift.at < out.length) out.splice(shift.at, 0, ...Array.from({ length: shift.count }, () => []));
  while (out.length > 0 && out[out.length - 1]!.length === 0) out.pop();
  return out;
}

/**
 * Applies the changes, in the order they happened, to the last read of the sheet: rows inserted or
 * deleted below the header move the rows read (inserted rows are read again), edited rows are read
 * again. Undefined when the sheet must be read again in full: the header or the columns moved
 * (which column holds which field may have changed), cells moved within some columns only, an edit
 * names whole rows or lies far below the table, or the host could not say what moved.
 */
export function followChanges(grid: Grid, headerEnd: number, changes: readonly SheetChange[]): FollowedRead | undefined {
  let cells = grid.cells;
  let merges = grid.merges;
  let dirty: MergedRange[] = [];
  for (const change of changes) {
    const r = change.range;
    if (change.kind === 'edit') {
      const wholeRows = r.left === 0 && r.right >= LAST_COLUMN;
      if (wholeRows || r.top <= headerEnd || r.bottom > cells.length + 1000) return undefined;
      dirty.push(r);
      continue;
    }
    const shift = change.shift;
    if (change.kind === 'unknown' || !shift || shift.axis === 'columns' || shift.from > 0 || shift.to < LAST_COLUMN || shift.at <= headerEnd) return undefined;
    cells = shiftRows(cells, merges, shift);
    merges = merges.flatMap((m) => shiftRect(shift, m) ?? []);
    dirty = dirty.flatMap((d) => shiftRect(shift, d) ?? []);
    if (shift.count > 0) dirty.push({ top: shift.at, bottom: shift.at + shift.count - 1, left: 0, right: LAST_COLUMN });
  }
  const followed: Grid = { ...grid, cells, merges };
  if (dirty.length === 0) return { grid: followed };
  return { grid: followed, rows: { top: Math.min(...dirty.map((d) => d.top)), bottom: Math.max(...dirty.map((d) => d.bottom)) } };
}
