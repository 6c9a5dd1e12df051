// The vocabulary the corpus is written in: one measure row as a test author declares it, the sheet
// layout it is written with, and the figures BRIEF §3 / ledger-api.md say a reader must report for it.
// Expected figures are derived from the same declarations the sheets are built from, so the two cannot
// drift apart.
import { FIELDS, type Field, type FindingCode, type StatusCode } from '../../ledger/schema';

/** A value as the corpus writes it: Dates become real date cells, numbers stay plain numbers. */
export type Cell = string | number | boolean | Date | null;

/** What a deadline cell means, declared beside the cell rather than parsed back out of it. */
export type Due =
  | { kind: 'date'; date: string }
  | { kind: 'ongoing' }
  | { kind: 'immediate' }
  | { kind: 'ambiguous' }
  | { kind: 'unreadable' }
  | { kind: 'none' };

export interface DeadlineSpec {
  cell: Cell;
  due: Due;
}

const MS_PER_DAY = 86_400_000;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

export function isoDate(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
}

/** Excel 1900-system serial for an ISO date (valid after 1900-03-01, which is all the corpus uses). */
export function isoToSerial(iso: string): number {
  return (isoDate(iso).getTime() - EXCEL_EPOCH) / MS_PER_DAY;
}

/** A deadline typed as a real date cell. */
export const onDate = (iso: string): DeadlineSpec => ({ cell: isoDate(iso), due: { kind: 'date', date: iso } });
/** A deadline left as a bare Excel serial number (no date format). */
export const asSerial = (iso: string): DeadlineSpec => ({ cell: isoToSerial(iso), due: { kind: 'date', date: iso } });
/** A deadline written as words that name a day ("2018年12月底前" → 2018-12-31). */
export const asText = (text: string, iso: string): DeadlineSpec => ({ cell: text, due: { kind: 'date', date: iso } });
export const ONGOING: DeadlineSpec = { cell: '长期坚持', due: { kind: 'ongoing' } };
export const IMMEDIATE: DeadlineSpec = { cell: '立行立改', due: { kind: 'immediate' } };
export const ambiguous = (text: string): DeadlineSpec => ({ cell: text, due: { kind: 'ambiguous' } });
export const unreadable = (text: string): DeadlineSpec => ({ cell: text, due: { kind: 'unreadable' } });

/** BRIEF §3: every status word and the code it stands for. */
export const STATUS_WORDS: Readonly<Record<string, StatusCode>> = {
  未启动: 'not_started',
  尚未启动: 'not_started',
  已启动: 'in_progress',
  正在推进: 'in_progress',
  推进中: 'in_progress',
  正在整改: 'in_progress',
  基本完成: 'in_progress',
  否: 'in_progress',
  已完成: 'done',
  完成: 'done',
  已整改: 'done',
  是: 'done',
  已完成并长期坚持: 'done_ongoing',
  '已完成，需长期坚持': 'done_ongoing',
  '已完成（长期坚持）': 'done_ongoing',
};

/** BRIEF §4: cell contents that mean "nothing here". */
export const PLACEHOLDERS = ['\\', '/', '—', '无'] as const;

export function isBlank(v: Cell | undefined): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v !== 'string') return false;
  const t = v.trim();
  return t === '' || (PLACEHOLDERS as readonly string[]).includes(t);
}

/** Identity of a text as ledger-api.md defines textKey: no white space or punctuation, half-width, lower case. */
export function textKey(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
}

const ORDINAL_PREFIX =
  /^\s*(?:第[一二三四五六七八九十百\d]+[类项部分]*[、.．:：\s]*|[（(][一二三四五六七八九十百\d]+[）)][、.．\s]*|[一二三四五六七八九十百]+[、.．]\s*|\d+[、.．]\s*)/u;

/** A category's identity without its ordinal prefix (一、 （一） 1. 第一类). */
export function categoryKey(s: string): string {
  return textKey(s.replace(ORDINAL_PREFIX, ''));
}

/**
 * The fields of BRIEF §3 a corpus row declares as a cell of its own: the deadline is declared with
 * what it means, the numbering comes from the layout, and the columns the system adds are not written.
 */
const NOT_TEXT = ['seq', 'deadline', 'closure', 'extension', 'id', 'version'] as const satisfies readonly Field[];
export type TextField = Exclude<Field, (typeof NOT_TEXT)[number]>;
export const TEXT_FIELDS = FIELDS.filter((f): f is TextField => !(NOT_TEXT as readonly Field[]).includes(f));
export type FieldName = TextField | 'deadline';

/**
 * One measure as the test author declares it. `category` and `problem` are the canonical names (used
 * for counting); `categoryCell` / `problemCell` are what is typed when it differs (an ordinal prefix,
 * a full-width space). `ref` ties copies of one measure together across files of a merge scenario.
 */
export interface MeasureRow {
  ref?: string;
  seq?: Cell;
  category?: string;
  categoryCell?: Cell;
  problemNo?: Cell;
  problem?: string;
  problemCell?: Cell;
  measureNo?: Cell;
  measure?: Cell;
  leader?: Cell;
  leadUnit?: Cell;
  unit?: string;
  coUnit?: Cell;
  owner?: Cell;
  deadline: DeadlineSpec;
  status: Cell;
  progress?: Cell;
  completedOn?: Cell;
  evidence?: Cell;
  remarks?: Cell;
  /** Columns the ledger does not know, keyed by their header as written. */
  extras?: Record<string, Cell>;
}

export type ColumnSource = FieldName | 'seq' | 'spacer' | 'extra';

/** A column: its header as typed (line breaks, full-width spaces and all) and what it holds. */
export interface Column {
  header: string;
  source: ColumnSource;
  /** Group header over this column in a two-row header (问题 over 问题序号 / 具体问题). */
  group?: string;
  width?: number;
}

/** A line above or below the table: cells by 0-based column, optionally merged across the table. */
export interface Line {
  cells: Array<[number, string]>;
  mergeAcross?: boolean;
}

export interface Layout {
  sheet: string;
  title?: string;
  preamble?: Line[];
  columns: Column[];
  /** Separator row text before each new category ("一、党的政治建设"); none when absent. */
  separator?: (category: string, ordinal: number) => string;
  mergeCategory?: boolean;
  /** Merge the problem (and problem number) cells vertically over consecutive measures of one problem. */
  mergeProblem?: boolean;
  /** 序号: running 1..n, restarting in each category, or each row's own `seq`. */
  seq?: 'running' | 'restart' | 'given';
  footer?: Line[];
}

export interface LedgerSheet {
  layout: Layout;
  rows: MeasureRow[];
}

export type SheetSpec =
  | { kind: 'ledger'; ledger: LedgerSheet }
  | { kind: 'cover'; name: string; lines: string[] }
  | { kind: 'empty'; name: string };

export interface StatusCounts {
  not_started: number;
  in_progress: number;
  done: number;
  done_ongoing: number;
}

export interface Expected {
  measures: number;
  problems: number;
  categories: number;
  status: StatusCounts;
  completed: number;
  overdue: number;
  /** Exact counts for the codes this file is meant to exercise. */
  findings: Partial<Record<FindingCode, number>>;
  /** Lower bounds where the count per occurrence is not pinned down (a duplicate pair: one or two findings). */
  atLeast: Partial<Record<FindingCode, number>>;
  /** true when any error-severity finding is expected (exit code 1). */
  errors: boolean;
  /** Measures per unit, when every row names its unit. */
  byUnit?: Record<string, number>;
  /** Measures per category (canonical name), when every row has one. */
  byCategory?: Record<string, number>;
}

/** A measure as a reader ends up holding it: the fields the file has a column for (or a separator row supplies). */
export interface Held {
  values: Partial<Record<TextField, Cell>>;
  deadline?: DeadlineSpec;
}

function hasSource(layout: Layout, source: ColumnSource): boolean {
  return layout.columns.some((c) => c.source === source);
}

/** The fields a reader can get for `row` from a sheet with this layout. */
export function held(layout: Layout, row: MeasureRow): Held {
  const values: Partial<Record<TextField, Cell>> = {};
  for (const f of TEXT_FIELDS) {
    if (f === 'category') {
      if (hasSource(layout, 'category') || layout.separator) values.category = row.category ?? null;
    } else if (hasSource(layout, f)) {
      values[f] = (row[f] as Cell | undefined) ?? null;
    }
  }
  return hasSource(layout, 'deadline') ? { values, deadline: row.deadline } : { values };
}

export function statusOf(v: Cell | undefined): { code: StatusCode; flag?: 'missing_status' | 'unknown_status' } {
  if (isBlank(v)) return { code: 'not_started', flag: 'missing_status' };
  const code = STATUS_WORDS[String(v).trim()];
  return code ? { code } : { code: 'not_started', flag: 'unknown_status' };
}

export const isCompletedCode = (c: StatusCode): boolean => c === 'done' || c === 'done_ongoing';

/** ledger-api.md: not completed and (deadline date before asOf, or 立行立改). */
export function overdueOf(code: StatusCode, due: Due | undefined, asOf: string): boolean {
  if (isCompletedCode(code) || !due) return false;
  if (due.kind === 'immediate') return true;
  return due.kind === 'date' && due.date < asOf;
}

/** Codes whose findings are errors (exit 1); everything else the corpus expects is a warning. */
const ERROR_CODES: readonly FindingCode[] = ['unknown_status', 'missing_measure', 'missing_problem', 'bad_deadline'];

export interface ExpectOptions {
  asOf: string;
  /** Whether the file(s) have an evidence column at all: done_without_evidence is only expected then. */
  evidenceColumn: boolean;
  atLeast?: Partial<Record<FindingCode, number>>;
  /** Exact duplicate_measure count (0 unless the file has a duplicate pair, which goes in atLeast). */
  duplicates?: number;
  copiesDiffer?: number;
}

export function expectFrom(measures: Held[], opts: ExpectOptions): Expected {
  const status: StatusCounts = { not_started: 0, in_progress: 0, done: 0, done_ongoing: 0 };
  const problems = new Set<string>();
  const categories = new Set<string>();
  const byUnit: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  let everyUnit = true;
  let everyCategory = true;
  let overdue = 0;
  const count: Record<string, number> = {
    unknown_status: 0,
    missing_status: 0,
    missing_measure: 0,
    missing_problem: 0,
    missing_deadline: 0,
    bad_deadline: 0,
    ambiguous_deadline: 0,
    done_without_evidence: 0,
  };
  for (const m of measures) {
    const v = m.values;
    const s = statusOf(v.status);
    status[s.code] += 1;
    if (s.flag) count[s.flag]! += 1;
    if (overdueOf(s.code, m.deadline?.due, opts.asOf)) overdue += 1;
    if (isBlank(v.problem)) count.missing_problem! += 1;
    else problems.add(textKey(String(v.problem)));
    if (isBlank(v.category)) everyCategory = false;
    else {
      const name = String(v.category);
      categories.add(textKey(name));
      byCategory[name] = (byCategory[name] ?? 0) + 1;
    }
    if (isBlank(v.unit)) everyUnit = false;
    else byUnit[String(v.unit)] = (byUnit[String(v.unit)] ?? 0) + 1;
    if (isBlank(v.measure)) count.missing_measure! += 1;
    const due = m.deadline?.due.kind;
    if (due === 'none' || (m.deadline && isBlank(m.deadline.cell))) count.missing_deadline! += 1;
    if (due === 'unreadable') count.bad_deadline! += 1;
    if (due === 'ambiguous') count.ambiguous_deadline! += 1;
    if (opts.evidenceColumn && isCompletedCode(s.code) && isBlank(v.evidence)) count.done_without_evidence! += 1;
  }
  const findings: Partial<Record<FindingCode, number>> = {
    overdue,
    duplicate_measure: opts.duplicates ?? 0,
    copies_differ: opts.copiesDiffer ?? 0,
  };
  for (const [code, n] of Object.entries(count)) {
    if (code === 'done_without_evidence' && !opts.evidenceColumn) continue;
    findings[code as FindingCode] = n;
  }
  if (opts.atLeast) for (const code of Object.keys(opts.atLeast)) delete findings[code as FindingCode];
  const completed = status.done + status.done_ongoing;
  const errors =
    ERROR_CODES.some((c) => (findings[c] ?? 0) > 0) || Object.keys(opts.atLeast ?? {}).some((c) => ERROR_CODES.includes(c as FindingCode));
  return {
    measures: measures.length,
    problems: problems.size,
    categories: categories.size,
    status,
    completed,
    overdue,
    findings,
    atLeast: opts.atLeast ?? {},
    errors,
    ...(everyUnit && measures.length > 0 ? { byUnit } : {}),
    ...(everyCategory && measures.length > 0 ? { byCategory } : {}),
  };
}

/** Chinese ordinal for separator rows: 1 → 一, 12 → 十二. */
export function chineseOrdinal(n: number): string {
  const digits = '零一二三四五六七八九';
  if (n < 10) return digits[n]!;
  if (n < 20) return `十${n % 10 === 0 ? '' : digits[n % 10]}`;
  return `${digits[Math.floor(n / 10)]}十${n % 10 === 0 ? '' : digits[n % 10]}`;
}
