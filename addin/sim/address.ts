// A1 addresses as Excel writes them ("Sheet1!A1:B2", "'My Sheet'!C3", "A:B", "1:5") and the
// rectangle arithmetic the simulated host needs. Rectangles are 0-based and inclusive, like the
// ledger's MergedRange.
import { columnIndex, columnLetter, type MergedRange } from '../../ledger';

export type Rect = MergedRange;

export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

export function rectRows(r: Rect): number {
  return r.bottom - r.top + 1;
}

export function rectColumns(r: Rect): number {
  return r.right - r.left + 1;
}

export function cellKey(row: number, col: number): number {
  return row * MAX_COLUMNS + col;
}

export function keyCell(key: number): { row: number; col: number } {
  return { row: Math.floor(key / MAX_COLUMNS), col: key % MAX_COLUMNS };
}

export function intersect(a: Rect, b: Rect): Rect | null {
  const top = Math.max(a.top, b.top);
  const left = Math.max(a.left, b.left);
  const bottom = Math.min(a.bottom, b.bottom);
  const right = Math.min(a.right, b.right);
  return top <= bottom && left <= right ? { top, left, bottom, right } : null;
}

export function bounding(a: Rect, b: Rect): Rect {
  return {
    top: Math.min(a.top, b.top),
    left: Math.min(a.left, b.left),
    bottom: Math.max(a.bottom, b.bottom),
    right: Math.max(a.right, b.right),
  };
}

export function contains(outer: Rect, row: number, col: number): boolean {
  return row >= outer.top && row <= outer.bottom && col >= outer.left && col <= outer.right;
}

/** `a` minus `b`, as up to four rectangles (above, below, left, right of the overlap). */
export function subtract(a: Rect, b: Rect): Rect[] {
  const o = intersect(a, b);
  if (!o) return [a];
  const out: Rect[] = [];
  if (a.top < o.top) out.push({ top: a.top, left: a.left, bottom: o.top - 1, right: a.right });
  if (o.bottom < a.bottom) out.push({ top: o.bottom + 1, left: a.left, bottom: a.bottom, right: a.right });
  if (a.left < o.left) out.push({ top: o.top, left: a.left, bottom: o.bottom, right: o.left - 1 });
  if (o.right < a.right) out.push({ top: o.top, left: o.right + 1, bottom: o.bottom, right: a.right });
  return out;
}

/** The address without a sheet name: "A1", "A1:B2", "A:B", "1:5". */
export function localAddress(r: Rect): string {
  const wholeColumns = r.top === 0 && r.bottom === MAX_ROWS - 1;
  const wholeRows = r.left === 0 && r.right === MAX_COLUMNS - 1;
  if (wholeColumns && !wholeRows) return `${columnLetter(r.left)}:${columnLetter(r.right)}`;
  if (wholeRows) return `${r.top + 1}:${r.bottom + 1}`;
  const a = `${columnLetter(r.left)}${r.top + 1}`;
  const b = `${columnLetter(r.right)}${r.bottom + 1}`;
  return a === b ? a : `${a}:${b}`;
}

/** Excel quotes a sheet name unless it is letters, digits, `_` and `.` and does not start with a digit. */
export function quoteSheetName(name: string): string {
  return /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) ? name : `'${name.replaceAll("'", "''")}'`;
}

export function formatAddress(sheetName: string, r: Rect): string {
  return `${quoteSheetName(sheetName)}!${localAddress(r)}`;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const COLUMN = /^\$?([A-Za-z]{1,3})$/;
const ROW = /^\$?(\d{1,7})$/;

function parseEnd(text: string): { row?: number; col?: number } | null {
  const cell = CELL.exec(text);
  if (cell) return { col: columnIndex(cell[1]!), row: Number(cell[2]) - 1 };
  const col = COLUMN.exec(text);
  if (col) return { col: columnIndex(col[1]!) };
  const row = ROW.exec(text);
  if (row) return { row: Number(row[1]) - 1 };
  return null;
}

/**
 * Parses an address, with or without a sheet prefix. Returns null for anything Excel would refuse
 * (bad syntax, beyond the last row or column, a cell paired with a whole row).
 */
export function parseAddress(address: string): { sheet?: string; rect: Rect } | null {
  let text = address.trim();
  let sheet: string | undefined;
  const bang = text.lastIndexOf('!');
  if (bang >= 0) {
    const prefix = text.slice(0, bang);
    text = text.slice(bang + 1);
    sheet = prefix.startsWith("'") && prefix.endsWith("'") ? prefix.slice(1, -1).replaceAll("''", "'") : prefix;
    if (sheet === '') return null;
  }
  const [first, second, ...rest] = text.split(':');
  if (first === undefined || rest.length > 0) return null;
  const a = parseEnd(first);
  const b = second === undefined ? a : parseEnd(second);
  if (!a || !b) return null;
  const kind = (e: { row?: number; col?: number }) =>
    e.row !== undefined && e.col !== undefined ? 'cell' : e.col !== undefined ? 'column' : 'row';
  if (kind(a) !== kind(b)) return null;
  if (second === undefined && kind(a) !== 'cell') return null;
  const rect: Rect = {
    top: Math.min(a.row ?? 0, b.row ?? 0),
    bottom: a.row === undefined ? MAX_ROWS - 1 : Math.max(a.row, b.row ?? a.row),
    left: Math.min(a.col ?? 0, b.col ?? 0),
    right: a.col === undefined ? MAX_COLUMNS - 1 : Math.max(a.col, b.col ?? a.col),
  };
  if (rect.bottom >= MAX_ROWS || rect.right >= MAX_COLUMNS || rect.top < 0 || rect.left < 0) return null;
  return sheet === undefined ? { rect } : { sheet, rect };
}
