// The 汇总 sheet: the unit's figures as live COUNTIFS formulas over the ledger sheet (they follow
// every edit, with or without the add-in), each beside the value the add-in computed when it wrote
// the sheet. The two can differ where a formula cannot read what the ledger's reader can: a
// deadline written as words ("2018年12月底前"), or categories merged over several rows.
import {
  columnLetter,
  DUE_SOON_DAYS,
  immediateWordsIn,
  parseCategory,
  statusLabel,
  STATUS_CODES,
  statusWordsIn,
  textKey,
  type CampaignConfig,
  type Field,
  type Grid,
  type IsoDate,
  type Lang,
  type ParsedLedger,
  type Rollup,
  type StatusCode,
} from '../../ledger';
import type { SheetCell } from '../excel/adapter';
import { t } from './i18n';

export const SUMMARY_SHEET = '汇总';
const PERCENT = '0.0%';

/** A text inside a COUNTIFS criterion: quotes doubled, wildcards taken literally. */
function criterion(text: string): string {
  return `"${text.replace(/[~*?]/g, (c) => `~${c}`).replaceAll('"', '""')}"`;
}

function quoteSheet(name: string): string {
  return `'${name.replaceAll("'", "''")}'`;
}

/** `=SUM(COUNTIFS(range,{"a","b"}, …))`, or a plain COUNTIFS for one word. */
function countAny(range: string, words: readonly string[], more: string): string {
  if (words.length === 1) return `COUNTIFS(${range},${criterion(words[0]!)}${more})`;
  return `SUM(COUNTIFS(${range},{${words.map(criterion).join(',')}}${more}))`;
}

interface Refs {
  measure?: string;
  status?: string;
  deadline?: string;
  category?: string;
}

export interface SummaryInput {
  ledger: ParsedLedger;
  /** The grid the ledger was read from (to see whether categories are one per row). */
  grid: Grid;
  rollup: Rollup;
  config: CampaignConfig;
  asOf: IsoDate;
  lang: Lang;
}

export interface SummarySheet {
  rows: SheetCell[][];
  boldRows: number[];
}

/** Whether every data row holds its own category (none merged down from a row above). */
function categoriesPerRow(input: SummaryInput, col: number): boolean {
  const covered = new Set<number>();
  for (const m of input.grid.merges) if (m.left <= col && col <= m.right) for (let r = m.top + 1; r <= m.bottom; r++) covered.add(r);
  return input.ledger.rows.every(({ source }) => {
    const r = source.row - 1;
    const v = input.grid.cells[r]?.[col];
    return !covered.has(r) && v !== null && v !== undefined && v !== '';
  });
}

const text = (value: string): SheetCell => ({ value });
const num = (value: number, format?: string): SheetCell => ({ value, ...(format ? { format } : {}) });
const formula = (f: string, format?: string): SheetCell => ({ formula: `=${f}`, ...(format ? { format } : {}) });
const cell = (row: number, col: number) => `${columnLetter(col)}${row + 1}`;

type Label = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => string;

/** What the figures of both tables are counted with. */
interface Counting {
  L: Label;
  refs: Refs;
  /** The words the sheet writes done and done-and-ongoing with. */
  doneWords: string[];
  /** COUNTIFS criteria that leave out done rows. */
  notDone: string;
  /** Deadline words meaning "at once", overdue from the start. */
  immediate: string[];
}

/** The words each category is written with in this sheet ("一、理论学习" and "理论学习" are one). */
function categorySpellings(ledger: ParsedLedger): Map<string, Set<string>> {
  const spellings = new Map<string, Set<string>>();
  for (const { measure } of ledger.rows) {
    if (!measure.category) continue;
    const key = textKey(parseCategory(measure.category).name);
    if (!spellings.has(key)) spellings.set(key, new Set());
    spellings.get(key)!.add(measure.category);
  }
  return spellings;
}

/**
 * The by-category table, appended to `rows`: live formulas where every row holds its own category,
 * the computed figures alone (and a note saying why) where categories are merged over rows.
 */
function appendCategoryTable(input: SummaryInput, counting: Counting, rows: SheetCell[][], bold: number[]): void {
  const { ledger, rollup } = input;
  const { L, refs, doneWords, notDone, immediate } = counting;
  rows.push([]);
  const catHead = rows.length;
  rows.push([
    text(L('summary.category')),
    text(L('summary.measures')),
    text(L('summary.completed')),
    text(L('summary.rate')),
    text(L('summary.overdue')),
    text(L('summary.cachedOf', { item: L('summary.measures') })),
    text(L('summary.cachedOf', { item: L('summary.completed') })),
    text(L('summary.cachedOf', { item: L('summary.overdue') })),
  ]);
  bold.push(catHead);
  const catCol = ledger.columns.find((c) => c.field === 'category')?.index;
  const live = refs.category !== undefined && catCol !== undefined && categoriesPerRow(input, catCol);
  const spellings = categorySpellings(ledger);
  for (const c of rollup.byCategory) {
    const r = rows.length;
    const texts = [...(spellings.get(textKey(parseCategory(c.category).name)) ?? [])];
    const cached = [num(c.measures), num(c.completed), num(c.overdue)];
    if (!live || texts.length === 0 || !refs.category) {
      rows.push([text(c.category), num(c.measures), num(c.completed), num(c.completionRate, PERCENT), num(c.overdue), ...cached]);
      continue;
    }
    const inCat = (range: string, crit: string) => countAny(refs.category!, texts, `,${range},${crit}`);
    const measures = refs.measure ? formula(inCat(refs.measure, '"<>"')) : num(c.measures);
    const completed = refs.status
      ? formula(doneWords.map((w) => countAny(refs.category!, texts, `,${refs.status},${criterion(w)}`)).join('+'))
      : num(c.completed);
    const over =
      refs.deadline && refs.status
        ? formula(
            [
              countAny(refs.category, texts, `,${refs.deadline},"<"&TODAY()${notDone}`),
              ...immediate.map((w) => countAny(refs.category!, texts, `,${refs.deadline},${criterion(w)}${notDone}`)),
            ].join('+'),
          )
        : num(c.overdue);
    rows.push([text(c.category), measures, completed, formula(`IF(${cell(r, 1)}=0,0,${cell(r, 2)}/${cell(r, 1)})`, PERCENT), over, ...cached]);
  }
  if (!live) rows.push([text(L('summary.mergedCategories'))]);
}

export function buildSummary(input: SummaryInput): SummarySheet {
  const { ledger, rollup, config, lang } = input;
  const L: Label = (key, params) => t(lang, key, params);
  const rows: SheetCell[][] = [];
  const bold: number[] = [];

  const dataRows = ledger.rows.map((r) => r.source.row);
  const first = dataRows.length > 0 ? Math.min(...dataRows) : 0;
  const last = dataRows.length > 0 ? Math.max(...dataRows) : 0;
  const sheet = quoteSheet(ledger.sheet);
  const refOf = (f: Field): string | undefined => {
    const c = ledger.columns.find((x) => x.field === f);
    return c && dataRows.length > 0 ? `${sheet}!$${columnLetter(c.index)}$${first}:$${columnLetter(c.index)}$${last}` : undefined;
  };
  const refs: Refs = { measure: refOf('measure'), status: refOf('status'), deadline: refOf('deadline'), category: refOf('category') };
  const measures = ledger.rows.map((r) => r.measure);
  const words = statusWordsIn(measures, config);
  const doneWords = [...words.done, ...words.done_ongoing];
  const notDone = refs.status ? doneWords.map((w) => `,${refs.status},${criterion(`<>${w}`)}`).join('') : '';
  const immediate = immediateWordsIn(measures);
  const overdueFormula = (extra: string) =>
    refs.deadline && refs.status
      ? [`COUNTIFS(${refs.deadline},"<"&TODAY()${extra}${notDone})`, ...immediate.map((w) => `COUNTIFS(${refs.deadline},${criterion(w)}${extra}${notDone})`)].join('+')
      : undefined;

  rows.push([text(L('summary.title', { sheet: ledger.title ?? ledger.sheet }))]);
  bold.push(0);
  rows.push([text(L('summary.source', { sheet: ledger.sheet, first, last, asOf: input.asOf }))]);
  rows.push([text(rollup.report)]);
  rows.push([]);
  const head = rows.length;
  rows.push([text(L('summary.item')), text(L('summary.live')), text(L('summary.cached'))]);
  bold.push(head);

  const total = rows.length;
  rows.push([text(L('summary.measures')), refs.measure ? formula(`COUNTIFS(${refs.measure},"<>")`) : num(rollup.measures), num(rollup.measures)]);
  const statusRow: Partial<Record<StatusCode, number>> = {};
  for (const code of STATUS_CODES) statusRow[code] = rows.length + STATUS_CODES.indexOf(code);
  for (const code of STATUS_CODES) {
    const others = STATUS_CODES.filter((c) => c !== 'not_started').map((c) => cell(statusRow[c]!, 1));
    // Empty or unreadable statuses count as not started, as in the ledger's rollup.
    const live =
      code === 'not_started'
        ? formula(`${cell(total, 1)}-${others.join('-')}`)
        : refs.status
          ? formula(countAny(refs.status, words[code], ''))
          : num(rollup.status[code]);
    rows.push([text(statusLabel(code, config)), live, num(rollup.status[code])]);
  }
  const completedRow = rows.length;
  rows.push([text(L('summary.completed')), formula(`${cell(statusRow.done!, 1)}+${cell(statusRow.done_ongoing!, 1)}`), num(rollup.completed)]);
  rows.push([text(L('summary.rate')), formula(`IF(${cell(total, 1)}=0,0,${cell(completedRow, 1)}/${cell(total, 1)})`, PERCENT), num(rollup.completionRate, PERCENT)]);
  const overdue = overdueFormula('');
  rows.push([text(L('summary.overdue')), overdue ? formula(overdue) : num(rollup.overdue), num(rollup.overdue)]);
  if (refs.deadline && refs.status) {
    rows.push([text(L('summary.dueSoon', { days: DUE_SOON_DAYS })), formula(`COUNTIFS(${refs.deadline},">="&TODAY(),${refs.deadline},"<="&(TODAY()+${DUE_SOON_DAYS})${notDone})`), text('—')]);
  }

  if (rollup.byCategory.length > 0) appendCategoryTable(input, { L, refs, doneWords, notDone, immediate }, rows, bold);
  rows.push([]);
  rows.push([text(L('summary.note'))]);
  return { rows, boldRows: bold };
}
