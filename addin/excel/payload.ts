// Sizing batches against Excel on the web's 5 MB limit on each request and each response. Sizes
// are UTF-8 bytes of the JSON that carries the values: Chinese text costs three bytes a character.
import type { CellValue } from '../../ledger';

/** What one sync may carry, leaving room for Office.js's envelope and per-action overhead. */
export const SYNC_BUDGET = 4_000_000;

/** UTF-8 bytes of `s` once written as a JSON string, quotes included. */
function jsonStringBytes(s: string): number {
  let n = 2;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code === 0x22 || code === 0x5c) n += 2;
    else if (code < 0x20) n += code === 0x0a || code === 0x0d || code === 0x09 || code === 0x08 || code === 0x0c ? 2 : 6;
    else if (code < 0x80) n += 1;
    else if (code < 0x800) n += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) n += 6;
    else n += 3;
  }
  return n;
}

/** JSON bytes of one cell, with the comma that separates it from the next. */
export function cellBytes(v: CellValue | undefined): number {
  if (v === null || v === undefined) return 5;
  if (typeof v === 'string') return jsonStringBytes(v) + 1;
  if (typeof v === 'boolean') return v ? 5 : 6;
  return String(v).length + 1;
}

/** JSON bytes of one row of `width` cells (missing cells count as null). */
export function rowBytes(row: readonly (CellValue | undefined)[], width = row.length): number {
  let n = 2;
  for (let c = 0; c < width; c++) n += cellBytes(row[c]);
  return n;
}
