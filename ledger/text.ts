// Text as units type it: full-width characters, stray line breaks, placeholders for "nothing".
import { NumberIndex } from './number-index';
import type { CellValue } from './schema';

/** Full-width ASCII (Ｕ+FF01–FF5E) and the ideographic space to their half-width forms. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** Trimmed, every run of white space (including U+3000 and line breaks) collapsed to one space. */
export function normalizeText(s: string): string {
  // Most cells hold nothing to collapse: testing first spares building a copy of each.
  return NEEDS_NORMALIZING.test(s) ? s.replace(/[\s\u3000\u00a0\u200b\ufeff]+/g, ' ').trim() : s;
}
const NEEDS_NORMALIZING = /[\s\u3000\u00a0\u200b\ufeff]/;

// Punctuation of both widths that units add or drop without meaning anything different, as a
// lookup table: identity keys are computed for every row of 100,000-row ledgers, so one pass over the
// characters beats chained regular expressions by an order of magnitude.
const IGNORED = new Uint8Array(0x10000);
function ignore(from: number, to = from) {
  for (let c = from; c <= to; c++) IGNORED[c] = 1;
}
ignore(0x00, 0x2f); // controls, white space, !"#$%&'()*+,-./
ignore(0x3a, 0x40); // :;<=>?@
ignore(0x5b, 0x60); // [\]^_`
ignore(0x7b, 0x7f); // {|}~
ignore(0xa0);
ignore(0xb7);
ignore(0x2000, 0x206f); // general punctuation, zero-width spaces
ignore(0x3000, 0x3003); // ideographic space, 、。〃
ignore(0x3008, 0x3011); // 〈〉《》「」『』【】
ignore(0x3014, 0x301f);
ignore(0xfeff);
ignore(0xff01, 0xff0f); // full-width ！＂＃…／
ignore(0xff1a, 0xff20);
ignore(0xff3b, 0xff40);
ignore(0xff5b, 0xff65);

/** A character as identity compares it: half-width and lower case, or -1 when it is ignored. */
function folded(c: number): number {
  // Most characters of a ledger are CJK ideographs, which stay as they are: no table look-up for them.
  if (c >= 0x4e00 && c <= 0x9fff) return c;
  if (IGNORED[c]) return -1;
  const half = c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : c;
  return half >= 0x41 && half <= 0x5a ? half + 0x20 : half;
}

/** The identity of a text: what is left after ignoring white space, punctuation, width and case. */
export function textKey(s: string): string {
  let out = '';
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const f = folded(c);
    if (f === c) continue;
    if (run < i) out += s.slice(run, i);
    if (f >= 0) out += String.fromCharCode(f);
    run = i + 1;
  }
  return run === 0 ? s : run < s.length ? out + s.slice(run) : out;
}

/**
 * A 32-bit hash (FNV-1a) of textKey(s), computed without building that key: grouping thousands of
 * long texts by hash first leaves textKey to the rare texts whose hashes meet. Signed, so that V8
 * keeps it as a small integer instead of allocating a heap number for every hash above 2^31.
 */
export function textKeyHash(s: string): number {
  let h = EMPTY_KEY_HASH;
  for (let i = 0; i < s.length; i++) {
    const f = folded(s.charCodeAt(i));
    if (f >= 0) h = Math.imul(h ^ f, 0x01000193);
  }
  return h;
}
const EMPTY_KEY_HASH = 0x811c9dc5 | 0;

/**
 * Numbers texts by their textKey, 0, 1, 2… in first-seen order, without building the key of a text
 * whose hash no other text shares: problem texts are long and mostly distinct.
 */
export class TextKeyNumbers {
  private readonly byHash = new NumberIndex();
  private readonly texts: string[] = [];
  /** Each numbered text's key, once another text's hash has met it. */
  private readonly keys: (string | undefined)[] = [];
  /** The number of the empty key (a text of punctuation only), once one is seen. */
  empty: number | undefined;

  of(text: string): number {
    const h = textKeyHash(text);
    let key: string | undefined;
    const same = (n: number) => this.texts[n] === text || (this.keys[n] ??= textKey(this.texts[n]!)) === (key ??= textKey(text));
    const found = this.byHash.find(h, same);
    if (found >= 0) return found;
    const n = this.texts.push(text) - 1;
    this.byHash.add(h, n);
    if (h === EMPTY_KEY_HASH && this.empty === undefined && textKey(text) === '') this.empty = n;
    return n;
  }
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
export function cellLongText(v: CellValue, text = cellText(v)): string | undefined {
  if (text === undefined) return undefined;
  const raw = String(v);
  // Normalising changed nothing, so there are no line breaks to keep.
  if (text === raw) return text;
  const s = raw
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

/** `fn` remembering its last answer: a ledger's rows come in runs that share a problem, a category, a unit,
 * so a key worked out per row is mostly the one just worked out. */
export function lastRemembered<T>(fn: (s: string) => T): (s: string) => T {
  let lastIn: string | undefined;
  let lastOut: T | undefined;
  return (s) => {
    if (s !== lastIn || lastOut === undefined) {
      lastIn = s;
      lastOut = fn(s);
    }
    return lastOut;
  };
}
