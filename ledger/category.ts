// Categories are matched by name ignoring an ordinal prefix (一、 （一） 1. 第一类), or by that ordinal alone.
import { textKey } from './text';

const CN_NUM: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 → 1, 十二 → 12, 二十 → 20, "3" → 3. */
function chineseNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[零〇一二两三四五六七八九十百]+$/.test(s)) return undefined;
  let total = 0;
  let current = 0;
  for (const ch of s) {
    if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else current = CN_NUM[ch] ?? 0;
  }
  return total + current;
}

const CN_DIGIT = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 12 → 十二, 20 → 二十. */
export function toChineseNumber(n: number): string {
  if (n < 10) return CN_DIGIT[n]!;
  if (n < 20) return `十${n % 10 ? CN_DIGIT[n % 10] : ''}`;
  if (n < 100) return `${CN_DIGIT[Math.floor(n / 10)]}十${n % 10 ? CN_DIGIT[n % 10] : ''}`;
  return String(n);
}

const ORDINAL_PREFIX =
  /^\s*(?:第([零〇一二两三四五六七八九十百\d]+)(?:大类|类|部分|方面|项)?|[（(]([零〇一二两三四五六七八九十百\d]+)[）)]|([零〇一二两三四五六七八九十百]+)(?=[、.．:：\s])|(\d+)(?=[、.．:：)）\s]))\s*[、.．:：)）]?\s*/;

export interface CategoryName {
  ordinal?: number;
  /** The name without its ordinal prefix; empty when the text is only an ordinal ("第一类"). */
  name: string;
}

export function parseCategory(text: string): CategoryName {
  const m = ORDINAL_PREFIX.exec(text);
  if (!m) return { name: text.trim() };
  const digits = m[1] ?? m[2] ?? m[3] ?? m[4];
  const ordinal = digits === undefined ? undefined : chineseNumber(digits);
  const name = text.slice(m[0].length).trim();
  return ordinal === undefined ? { name } : { ordinal, name };
}

/** The identity of a category name: its words without the ordinal, white space or punctuation. */
export function categoryKey(text: string): string {
  return textKey(parseCategory(text).name);
}

/** Does this look like a category separator line ("一、理论学习不深入", "（二）…", "第三类 …")? */
export function hasOrdinalPrefix(text: string): boolean {
  return ORDINAL_PREFIX.test(text) && parseCategory(text).ordinal !== undefined;
}

export interface CategoryIndex {
  /** Categories in order, by display name. */
  names: string[];
  resolve(text: string): string | undefined;
  /** Without a configured list: the ordinals learned from texts that carry ordinal and name, by ordinal. */
  learned(): LearnedCategory[];
}

/** "一、理论学习不深入" seen in a ledger: the first category is 理论学习不深入. */
export interface LearnedCategory {
  ordinal: number;
  name: string;
}

/**
 * Resolves category texts against the campaign's categories (or, without a configured list, against
 * the ones seen in the ledgers): "一、理论学习" and "理论学习" are one category; "第一类" is the first.
 */
export function categoryIndex(configured: string[], seen: string[], learned: readonly LearnedCategory[] = []): CategoryIndex {
  const names: string[] = [];
  const byKey = new Map<string, string>();
  const byOrdinal = new Map<number, string>();
  const add = (text: string, position?: number) => {
    const { ordinal, name } = parseCategory(text);
    if (!name) return;
    const key = textKey(name);
    let display = byKey.get(key);
    if (!display) {
      display = name;
      byKey.set(key, display);
      names.push(display);
    }
    const n = position ?? ordinal;
    if (n !== undefined && !byOrdinal.has(n)) byOrdinal.set(n, display);
  };
  configured.forEach((c, i) => add(c, i + 1));
  // With an official list, a name not on it is an error to flag, not a new category.
  if (configured.length === 0) {
    // What earlier ledgers taught comes first: the campaign's order stays as it was learned.
    for (const l of [...learned].sort((a, b) => a.ordinal - b.ordinal)) add(l.name, l.ordinal);
    for (const s of seen) add(s);
  }
  // Asked for every row, of the few texts a ledger's categories are written with: each resolved once.
  const resolved = new Map<string, string | undefined>();
  const resolve = (text: string) => {
    const { ordinal, name } = parseCategory(text);
    if (name) return byKey.get(textKey(name)) ?? (configured.length === 0 ? name : undefined);
    return ordinal === undefined ? undefined : byOrdinal.get(ordinal);
  };
  return {
    names,
    learned: () =>
      configured.length > 0 ? [] : [...byOrdinal].sort((a, b) => a[0] - b[0]).map(([ordinal, name]) => ({ ordinal, name })),
    resolve(text: string) {
      if (resolved.has(text)) return resolved.get(text);
      const name = resolve(text);
      resolved.set(text, name);
      return name;
    },
  };
}
