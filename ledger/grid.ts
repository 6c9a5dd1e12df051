// The plain grid both sources fill: the add-in from Office.js (values + mergedAreas) and the service
// from xlsx files. Nothing here knows where the cells came from.
import * as z from 'zod';
import { CellValue } from './schema';

/** A merged range, 0-based and inclusive, relative to the grid's first cell (A1). */
export const MergedRange = z.object({
  top: z.number().int().nonnegative(),
  left: z.number().int().nonnegative(),
  bottom: z.number().int().nonnegative(),
  right: z.number().int().nonnegative(),
});
export type MergedRange = z.infer<typeof MergedRange>;

/**
 * One sheet: `cells[r][c]` is the value at Excel row r+1, column c+1 (rows may be ragged or short;
 * missing cells are empty). Dates are Excel serial numbers (1900 date system), as Office.js gives them.
 */
export const Grid = z.object({
  sheet: z.string(),
  cells: z.array(z.array(CellValue)),
  merges: z.array(MergedRange).default([]),
  hidden: z.boolean().default(false),
  /** Columns (0-based) hidden in the sheet. */
  hiddenColumns: z.array(z.number().int().nonnegative()).default([]),
});
export type Grid = z.infer<typeof Grid>;
export type GridInput = z.input<typeof Grid>;

/** A workbook is its sheets in tab order. */
export const GridWorkbook = z.object({ file: z.string(), sheets: z.array(Grid) });
export type GridWorkbook = z.infer<typeof GridWorkbook>;

export function cellAt(grid: Grid, row: number, col: number): CellValue {
  return grid.cells[row]?.[col] ?? null;
}

export function columnCount(grid: Grid): number {
  let n = 0;
  // Indexed: run once a sheet over every row, before V8 optimises it, for…of allocates per step.
  for (let r = 0; r < grid.cells.length; r++) n = Math.max(n, grid.cells[r]!.length);
  for (let i = 0; i < grid.merges.length; i++) n = Math.max(n, grid.merges[i]!.right + 1);
  return n;
}

/** Excel column letters for a 0-based index: 0 → "A", 26 → "AA". */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** 0-based column index for Excel letters: "A" → 0, "AA" → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Parse "B5:C6" (or "B5") into a 0-based MergedRange. */
export function parseRangeRef(ref: string): MergedRange {
  const m = /^\$?([A-Za-z]+)\$?(\d+)(?::\$?([A-Za-z]+)\$?(\d+))?$/.exec(ref.trim());
  if (!m) throw new Error(`not a cell range: ${ref}`);
  const left = columnIndex(m[1]!);
  const top = Number(m[2]) - 1;
  const right = m[3] ? columnIndex(m[3]) : left;
  const bottom = m[4] ? Number(m[4]) - 1 : top;
  return {
    top: Math.min(top, bottom),
    left: Math.min(left, right),
    bottom: Math.max(top, bottom),
    right: Math.max(left, right),
  };
}

export function rangeRef(r: MergedRange): string {
  const a = `${columnLetter(r.left)}${r.top + 1}`;
  const b = `${columnLetter(r.right)}${r.bottom + 1}`;
  return a === b ? a : `${a}:${b}`;
}
