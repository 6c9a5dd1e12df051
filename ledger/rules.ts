// Validation rules with stable codes. Each finding names file, sheet, row and column as Excel shows them.
import { categoryIndex, type CategoryIndex, type LearnedCategory } from './category';
import { dateIn } from './dates';
import { FIELD_LABELS } from './labels';
import { findingMessage, type MessageParams } from './messages';
import type { LedgerRow, ParsedLedger } from './model';
import { isCompleted, isOverdue, overdueDays } from './overdue';
import { fieldColumn } from './read';
import type { CampaignConfig, Field, Finding, FindingCode, IsoDate, Lang, Measure, Severity } from './schema';
import { NumberIndex } from './number-index';
import { textKey, textKeyHash } from './text';

const SEVERITY: Record<FindingCode, Severity> = {
  missing_measure: 'error',
  missing_problem: 'warning',
  missing_status: 'warning',
  unknown_status: 'error',
  missing_deadline: 'warning',
  bad_deadline: 'error',
  ambiguous_deadline: 'warning',
  bad_date: 'warning',
  unknown_category: 'warning',
  unknown_unit: 'warning',
  duplicate_measure: 'warning',
  overdue: 'warning',
  done_without_evidence: 'warning',
  copies_differ: 'warning',
  no_header: 'error',
  no_rows: 'warning',
  missing_column: 'warning',
  empty_workbook: 'error',
  unreadable_file: 'error',
  too_large: 'error',
};

/** File-level codes that mean the workbook could not be read as a ledger at all (CLI exit 2). */
export const FATAL_CODES: ReadonlySet<FindingCode> = new Set(['no_header', 'empty_workbook', 'unreadable_file', 'too_large']);

export interface RuleContext {
  asOf: IsoDate;
  lang: Lang;
  config?: CampaignConfig;
  categories: CategoryIndex;
}

/**
 * The categories of a set of rows, resolved against the campaign's list, else against the order
 * learned from ledgers that carried ordinal and name ("第一类" → its name).
 */
export function resolveCategories(rows: LedgerRow[], config?: CampaignConfig, learned: readonly LearnedCategory[] = []): CategoryIndex {
  return categoryIndex(config?.categories ?? [], categoryTexts([rows]), learned);
}

/** resolveCategories over the rows of several ledgers, in their order. */
export function resolveLedgerCategories(ledgers: readonly ParsedLedger[], config?: CampaignConfig): CategoryIndex {
  return categoryIndex(
    config?.categories ?? [],
    categoryTexts(ledgers.map((l) => l.rows)),
    [],
  );
}

function categoryTexts(lists: readonly LedgerRow[][]): string[] {
  // A ledger repeats a handful of category texts on every row: each is read once, in first-seen order.
  const seen = new Set<string>();
  let last: string | undefined;
  for (const rows of lists) {
    rows.forEach((r) => {
      const c = r.measure.category;
      if (c && c !== last) seen.add((last = c));
    });
  }
  return [...seen];
}

export function finding(
  ledger: Pick<ParsedLedger, 'file' | 'sheet' | 'columns'>,
  row: number,
  field: Field | '',
  code: FindingCode,
  lang: Lang,
  params: MessageParams = {},
): Finding {
  return saying(ledger, row, field, code, findingMessage(code, lang, params));
}

function saying(ledger: Pick<ParsedLedger, 'file' | 'sheet' | 'columns'>, row: number, field: Field | '', code: FindingCode, message: string): Finding {
  return { file: ledger.file, sheet: ledger.sheet, row, column: field ? fieldColumn(ledger, field) : '', field, code, severity: SEVERITY[code], message };
}

/**
 * What the overdue rule says of a measure, by its deadline date (or '' for 立行立改): worked out once
 * per date and check, as a ledger's deadlines fall on a few dates.
 */
function overdueMessage(m: Measure, ctx: RuleContext): string {
  const due = m.deadline?.kind === 'date' ? m.deadline.date : '';
  let said = overdueSaid.get(ctx);
  if (!said) overdueSaid.set(ctx, (said = new Map()));
  let message = said.get(due);
  if (message === undefined) {
    const date = due ? dateIn(ctx.lang, due) : undefined;
    message = findingMessage('overdue', ctx.lang, { days: overdueDays(m, ctx.asOf), ...(date ? { date } : {}) });
    said.set(due, message);
  }
  return message;
}
const overdueSaid = new WeakMap<RuleContext, Map<string, string>>();

/** Columns a ledger should have; their absence is worth a word, not a refusal. */
const EXPECTED_COLUMNS: Field[] = ['measure', 'unit', 'deadline', 'status'];

export function ledgerFindings(ledger: ParsedLedger, lang: Lang): Finding[] {
  if (ledger.headerRows.length === 0) return [];
  const has = new Set(ledger.columns.map((c) => c.field));
  const out: Finding[] = [];
  for (const f of EXPECTED_COLUMNS) {
    // A unit's own workbook may name its unit once, in the 填报单位 line, instead of a column.
    if (f === 'unit' && ledger.reportingUnit) continue;
    if (!has.has(f)) out.push(finding(ledger, 0, '', 'missing_column', lang, { field: FIELD_LABELS[f][lang] }));
  }
  return out;
}

// The rules run for every row of a ledger; what they ask of the ledger's columns and the campaign's
// units is worked out once per list, not once per row.
const fieldSets = new WeakMap<readonly { field: Field }[], ReadonlySet<Field>>();
function fieldsOf(columns: readonly { field: Field }[]): ReadonlySet<Field> {
  let set = fieldSets.get(columns);
  if (!set) fieldSets.set(columns, (set = new Set(columns.map((c) => c.field))));
  return set;
}
const unitKeySets = new WeakMap<readonly string[], ReadonlySet<string>>();
function unitKeysOf(units: readonly string[]): ReadonlySet<string> {
  let set = unitKeySets.get(units);
  if (!set) unitKeySets.set(units, (set = new Set(units.map(textKey))));
  return set;
}

/** The rules of one row, added to `out`. The row's category must already be resolved by the caller. */
export function rowFindings(row: LedgerRow, ledger: ParsedLedger, ctx: RuleContext, out: Finding[] = []): Finding[] {
  const { measure: m, source } = row;
  const fields = fieldsOf(ledger.columns);
  const has = (f: Field) => fields.has(f);
  const add = (field: Field | '', code: FindingCode, params?: MessageParams) =>
    out.push(finding(ledger, source.row, field, code, ctx.lang, params));

  if (!m.measure) add(has('measure') ? 'measure' : '', 'missing_measure');
  if (has('problem') && !m.problem) add('problem', 'missing_problem');
  if (has('status')) {
    if (m.statusText === undefined) add('status', 'missing_status');
    else if (!m.status) add('status', 'unknown_status', { value: m.statusText });
  }
  if (has('deadline')) {
    if (!m.deadline) add('deadline', 'missing_deadline');
    else if (m.deadline.kind === 'unparsed') add('deadline', 'bad_deadline', { value: m.deadline.text });
    else if (m.deadline.kind === 'ambiguous') add('deadline', 'ambiguous_deadline', { value: m.deadline.text });
  }
  if (m.completedOnText !== undefined && !m.completedOn) add('completedOn', 'bad_date', { value: m.completedOnText });
  if (m.category !== undefined && ctx.categories.resolve(m.category) === undefined) {
    const expected = ctx.config?.categories.join(ctx.lang === 'en' ? ', ' : '、');
    add('category', 'unknown_category', { value: m.category, ...(expected ? { expected } : {}) });
  }
  const units = ctx.config?.units.length ? unitKeysOf(ctx.config.units) : undefined;
  if (m.unit && units && !units.has(textKey(m.unit))) {
    add('unit', 'unknown_unit', { value: m.unit });
  }
  if (isOverdue(m, ctx.asOf)) out.push(saying(ledger, source.row, 'deadline', 'overdue', overdueMessage(m, ctx)));
  if (has('evidence') && isCompleted(m) && !m.evidence) add('evidence', 'done_without_evidence');
  return out;
}

/**
 * Likely duplicates inside one file: the same problem, measure and unit with no number column to tell
 * them apart. Both rows stay; the later one is flagged.
 */
export function duplicateFindings(ledger: ParsedLedger, lang: Lang, measureHashes?: Int32Array): Finding[] {
  // Rows are grouped by a hash of their measure's identity (given, or worked out here), which costs
  // no string per row; only the rows whose hashes meet are told apart by the rest of the key. Each
  // hash's first row leads its group; the groups' rows are chained in file order.
  const { rows } = ledger;
  const leaders = new NumberIndex(rows.length);
  const next = new Int32Array(rows.length).fill(-1);
  const lastOf = new Int32Array(rows.length);
  const shared: number[] = [];
  const any = () => true;
  rows.forEach((row, i) => {
    if (!row.measure.measure) return;
    const h = measureHashes?.[i] ?? textKeyHash(row.measure.measure);
    const leader = leaders.find(h, any);
    if (leader < 0) {
      leaders.add(h, i);
      lastOf[i] = i;
      return;
    }
    if (lastOf[leader] === leader) shared.push(leader);
    next[lastOf[leader]!] = i;
    lastOf[leader] = i;
  });
  const out: Finding[] = [];
  for (const leader of shared.sort((a, b) => a - b)) {
    const group: LedgerRow[] = [];
    for (let i = leader; i >= 0; i = next[i]!) group.push(rows[i]!);
    out.push(...sameMeasureDuplicates(ledger, group, lang));
  }
  return out;
}

/** Among rows in file order, the later of two with the same measure, problem, unit, numbers and id. */
function sameMeasureDuplicates(ledger: ParsedLedger, rows: LedgerRow[], lang: Lang): Finding[] {
  const key = (m: LedgerRow['measure']) =>
    `${textKey(m.measure ?? '')}|${textKey(m.problem ?? '')}|${textKey(m.unit ?? '')}|${textKey(m.problemNo ?? '')}|${textKey(m.measureNo ?? '')}|${m.id ?? ''}`;
  const firstRow = new Map<string, number>();
  const out: Finding[] = [];
  for (const { measure, source } of rows) {
    const k = key(measure);
    const seen = firstRow.get(k);
    if (seen === undefined) firstRow.set(k, source.row);
    else out.push(finding(ledger, source.row, 'measure', 'duplicate_measure', lang, { other: String(seen) }));
  }
  return out;
}

export function hasErrors(findings: Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
