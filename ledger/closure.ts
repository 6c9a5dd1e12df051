// Closure (销号) in a cell's words, written so the ledger's reader recognises it again:
//   申请销号（2026年11月20日）
//   已销号（2026年11月25日，整改办）
//   退回（2026年11月25日，整改办）：缺少复查照片
// The reader also takes the words offices type themselves (同意销号, 不予销号, 待销号…).
import { chineseDate } from './dates';
import { parseDate } from './deadline';
import type { CellValue, Closure } from './schema';
import { cellText } from './text';

/** How an approved closure's words begin: the workbook's 汇总 sheet counts closed measures by it. */
export const CLOSED_WORDS = '已销号';

/** The closure as the 销号情况 cell shows it, in the workbook and in the add-in's sheet alike. */
export function closureText(c: Closure): string {
  const detail = [c.on && chineseDate(c.on), c.state === 'requested' ? undefined : c.by].filter(Boolean).join('，');
  const when = detail ? `（${detail}）` : '';
  switch (c.state) {
    case 'requested':
      return `申请销号${when}`;
    case 'approved':
      return `${CLOSED_WORDS}${when}`;
    case 'returned': {
      // The date goes in, so the closure reads back as returned on that day. A reason read back from
      // an older workbook may start with the word itself: it is not stacked.
      const reason = c.reason?.replace(/^退回[：:，,\s]*/, '');
      return `退回${when}${reason ? `：${reason}` : ''}`;
    }
  }
}

/** A 销号情况 cell read back; undefined when it names no closure state. */
export function parseClosure(v: CellValue): Closure | undefined {
  const text = cellText(v);
  if (!text) return undefined;
  const date = parseDate(text)?.date;
  const on = date ? { on: date } : {};
  if (/退回|不予销号|暂缓|不同意/.test(text)) {
    // 退回（2026年11月25日，整改办）：缺少复查照片, as written: the reason is what follows the word and its date.
    const reason = /^退回(?:[（(][^）)]*[）)])?[：:]\s*([\s\S]+)$/.exec(text)?.[1] ?? text;
    return { state: 'returned', reason, ...on };
  }
  if (/申请|待销号|拟销号/.test(text)) return { state: 'requested', ...on };
  if (/已销号|同意销号|准予销号|销号/.test(text)) return { state: 'approved', ...on };
  return undefined;
}
