// Deadlines as offices write them (BRIEF §3): dates in many spellings, Excel serials, and words.
import { isDateSerial, isoDate, lastDayOfMonth, serialToIso } from './dates';
import { DEADLINE_WORDS, type CellValue, type Deadline, type IsoDate } from './schema';
import { cellText, toHalfWidth } from './text';

// The words offices write (DEADLINE_WORDS) and the other ways they say the same.
const ONGOING = new RegExp(`${DEADLINE_WORDS.ongoing}|长期执行|长期|持续推进|持续|常态化|久久为功`);
const IMMEDIATE = new RegExp(`${DEADLINE_WORDS.immediate}|立即整改|即知即改|立即|马上`);
// "Within the year" and friends name no year: choosing one would be a guess.
const VAGUE = /年内|年底前|年底|年末|月底|月末|季度|上半年|下半年/;

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 1: 1, 2: 2, 3: 3, 4: 4 };

interface Found {
  index: number;
  date: IsoDate;
}

function monthEnd(y: number, m: number): IsoDate | undefined {
  return m >= 1 && m <= 12 ? isoDate(y, m, lastDayOfMonth(y, m)) : undefined;
}

/** A form, the date it names, and the characters it may not follow (a lookbehind, which IE11 cannot parse). */
type DatePattern = [RegExp, (m: RegExpExecArray, year: number | undefined) => IsoDate | undefined, RegExp?];

const DATE_PATTERNS: DatePattern[] = [
  [/(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})/g, (m) => isoDate(+m[1]!, +m[2]!, +m[3]!)],
  [/(\d{4})年(\d{1,2})月(\d{1,2})[日号]/g, (m) => isoDate(+m[1]!, +m[2]!, +m[3]!)],
  [/(\d{4})年(\d{1,2})月(上旬|中旬|下旬)/g, (m) => (m[3] === '下旬' ? monthEnd(+m[1]!, +m[2]!) : isoDate(+m[1]!, +m[2]!, m[3] === '上旬' ? 10 : 20))],
  [/(\d{4})年(\d{1,2})月(?![\d上中下])/g, (m) => monthEnd(+m[1]!, +m[2]!)],
  [/(\d{4})[.\-/](\d{1,2})(?![\d.\-/])/g, (m) => monthEnd(+m[1]!, +m[2]!)],
  [/(\d{4})年(?:第)?([一二三四1-4])季度/g, (m) => monthEnd(+m[1]!, CN_DIGITS[m[2]!]! * 3)],
  [/(\d{4})年上半年/g, (m) => isoDate(+m[1]!, 6, 30)],
  [/(\d{4})年(?:底|年底|末|年末|下半年|内|全年)/g, (m) => isoDate(+m[1]!, 12, 31)],
  [/(\d{4})年(?![\d上下底末内全第一二三四])/g, (m) => isoDate(+m[1]!, 12, 31)],
  // Year-less forms, resolved against the year named earlier in the same text.
  [/(\d{1,2})月(\d{1,2})[日号]/g, (m, y) => (y ? isoDate(y, +m[1]!, +m[2]!) : undefined), /[\d年.\-/]/],
  [/(\d{1,2})月(?:底|末|份)?(?![\d日号])/g, (m, y) => (y ? monthEnd(y, +m[1]!) : undefined), /[\d年.\-/]/],
];

/**
 * Every date a deadline text names. Month words without a year ("12月底前") inherit the year last
 * named before them, as in "2018年9月底前完成方案，12月底前全部完成".
 */
function findDates(text: string): Found[] {
  const found: Found[] = [];
  // Every form names at least one digit: words alone ("立行立改", "长期坚持") name no date.
  if (!/\d/.test(text)) return found;
  const years: { index: number; year: number }[] = [];
  for (const m of text.matchAll(/(\d{4})(?=[年.\-/])/g)) years.push({ index: m.index, year: +m[1]! });
  const yearBefore = (index: number) => {
    let y: number | undefined;
    for (const e of years) if (e.index < index) y = e.year;
    return y;
  };
  const taken: [number, number][] = [];
  for (const [re, toDate, notAfter] of DATE_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (notAfter?.test(text.charAt(start - 1)) || taken.some(([a, b]) => start < b && end > a)) continue;
      const date = toDate(m, yearBefore(start));
      if (!date) continue;
      taken.push([start, end]);
      found.push({ index: start, date });
    }
  }
  return found;
}

// A ledger repeats a handful of deadline texts over thousands of rows: each text is read once (the
// cache is emptied when full, so a long-running service holds only so many).
const readDeadlines = new Map<string | number, Deadline | undefined>();
const DEADLINES_KEPT = 10_000;

/** Read a deadline cell. Undefined when the cell is empty. */
export function parseDeadline(v: CellValue): Deadline | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return readDeadline(v);
  let d = readDeadlines.get(v);
  if (d === undefined && !readDeadlines.has(v)) {
    if (readDeadlines.size >= DEADLINES_KEPT) readDeadlines.clear();
    readDeadlines.set(v, (d = readDeadline(v)));
  }
  // A copy: callers own the deadline they are given.
  return d && { ...d };
}

function readDeadline(v: CellValue): Deadline | undefined {
  if (typeof v === 'number') {
    if (!isDateSerial(v)) return { kind: 'unparsed', text: String(v) };
    const date = serialToIso(v);
    return { kind: 'date', date, text: date };
  }
  const text = cellText(v);
  if (text === undefined) return undefined;
  const compact = toHalfWidth(text).replace(/\s+/g, '');
  const dates = findDates(compact);
  if (dates.length > 0) {
    const latest = dates.reduce((a, b) => (b.date > a.date ? b : a));
    return { kind: 'date', date: latest.date, text };
  }
  if (/^\d{4}[.\-/年]/.test(compact) && /\d{4}/.test(compact)) return { kind: 'unparsed', text };
  if (IMMEDIATE.test(compact)) return { kind: 'immediate', text };
  if (ONGOING.test(compact)) return { kind: 'ongoing', text };
  if (VAGUE.test(compact) || /^\d{1,2}月/.test(compact)) return { kind: 'ambiguous', text };
  return { kind: 'unparsed', text };
}

/** A completion date: a date cell, or a date written as text. */
export function parseDate(v: CellValue): { date?: IsoDate; text?: string } | undefined {
  if (typeof v === 'number') return isDateSerial(v) ? { date: serialToIso(v) } : { text: String(v) };
  const text = cellText(v);
  if (text === undefined) return undefined;
  const dates = findDates(toHalfWidth(text).replace(/\s+/g, ''));
  const first = dates.sort((a, b) => a.index - b.index)[0];
  return first ? { date: first.date, text } : { text };
}
