// Text as units type it: full-width characters, stray line breaks, placeholders for "nothing".
import type { CellValue } from './schema';

/** Full-width ASCII (Ｕ+FF01–FF5E) and the ideographic space to their half-width forms. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** Trimmed, every run of white space (including U+3000 and line breaks) collapsed to one space. */
export function normalizeText(s: string): string {
  return s.replace(/[\s\u3000\u00a0\u200b\ufeff]+/g, ' ').trim();
}

// Punctuation of both widths that units add or drop without meaning anything different.
const PUNCTUATION = /[\s\u3000\u00a0\u200b\ufeff!-/:-@[-`{-~\u2010-\u206f\u3001-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u00b7]/g;

/** The identity of a text: what is left after ignoring white space, punctuation, width and case. */
export function textKey(s: string): string {
  return toHalfWidth(s).replace(PUNCTUATION, '').toLowerCase();
}

const PLACEHOLDERS = new Set(['\\', '/', '—', '——', '-', '--', '－', '无', '暂无', '／', '＼', 'n/a', 'N/A', '\u2014', '\u2014\u2014']);

/** A cell's text, or undefined when it is empty or a placeholder meaning empty (\\ / — 无). */
export function cellText(v: CellValue): string | undefined {
  if (v === null || v === undefined) return undefined;
  const s = normalizeText(typeof v === 'string' ? v : String(v));
  if (s === '' || PLACEHOLDERS.has(s)) return undefined;
  return s;
}

/** Like cellText but keeps line breaks inside free text (progress notes, evidence lists). */
export function cellLongText(v: CellValue): string | undefined {
  if (cellText(v) === undefined) return undefined;
  const s = String(v)
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\u3000\u00a0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
  return s;
}

/** Numbers that are really identifiers (问题编号 1, 1.2) as the text a person would read. */
export function cellCode(v: CellValue): string | undefined {
  if (typeof v === 'number') return String(v);
  return cellText(v);
}
