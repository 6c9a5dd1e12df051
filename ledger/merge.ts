// `ledger merge`: consolidate many workbooks into one master ledger. The same measure in two files
// (matched as BRIEF §3 "Identity" says) appears once, the later file winning, and every field that
// differed between the copies is reported. Rows of one file are never collapsed.
import { categoryKey } from './category';
import { sortFindings, withResolvedCategories } from './check';
import { chineseDate } from './dates';
import { columnLetter } from './grid';
import { contentKey, matchRows } from './identity';
import { FIELD_LABELS } from './labels';
import { fieldColumn } from './read';
import type { LedgerRow, Master, MergeResult, ParsedLedger } from './model';
import { computeRollup } from './rollup';
import { duplicateFindings, finding, ledgerFindings, resolveCategories, rowFindings, type RuleContext } from './rules';
import type { CampaignConfig, ExtraColumn, Field, Finding, IsoDate, Lang, Measure } from './schema';
import { statusLabel } from './status';
import { normalizeText, textKey } from './text';

export interface MergeOptions {
  asOf: IsoDate;
  config?: CampaignConfig;
  lang?: Lang;
  title?: string;
}

/** The fields a copy can carry, each with the Measure keys that hold it. */
const MERGED_FIELDS: [Field, (keyof Measure)[]][] = [
  ['category', ['category']],
  ['problemNo', ['problemNo']],
  ['problem', ['problem']],
  ['measureNo', ['measureNo']],
  ['measure', ['measure']],
  ['leader', ['leader']],
  ['leadUnit', ['leadUnit']],
  ['unit', ['unit']],
  ['coUnit', ['coUnit']],
  ['owner', ['owner']],
  ['deadline', ['deadline']],
  ['status', ['status', 'statusText']],
  ['progress', ['progress']],
  ['completedOn', ['completedOn', 'completedOnText']],
  ['evidence', ['evidence']],
  ['remarks', ['remarks']],
  ['closure', ['closure']],
];

/** A field's value as a person compares it: dates as dates, statuses by meaning, text by its words. */
function shown(m: Measure, field: Field): string {
  switch (field) {
    case 'deadline':
      return m.deadline ? (m.deadline.kind === 'date' ? chineseDate(m.deadline.date) : m.deadline.text) : '';
    case 'status':
      return m.status ? statusLabel(m.status) : (m.statusText ?? '');
    case 'completedOn':
      return m.completedOn ? chineseDate(m.completedOn) : (m.completedOnText ?? '');
    case 'closure':
      return m.closure ? `${m.closure.state}${m.closure.on ? ` ${m.closure.on}` : ''}` : '';
    case 'category':
      return m.category ?? '';
    default: {
      const v = m[field as keyof Measure];
      return typeof v === 'string' ? normalizeText(v) : '';
    }
  }
}

/** Re-typed text (spaces, quotes, punctuation) is the same value; the later copy's wording is kept. */
function same(a: string, b: string, field: Field): boolean {
  return field === 'category' ? categoryKey(a) === categoryKey(b) : textKey(a) === textKey(b);
}

function extraShown(v: unknown): string {
  return v === undefined || v === null ? '' : normalizeText(String(v));
}

export function mergeLedgers(ledgers: ParsedLedger[], opts: MergeOptions): MergeResult {
  const lang = opts.lang ?? 'zh';
  const findings: Finding[] = [];
  const rows: LedgerRow[] = [];
  /** Which parsed ledger each master row's winning copy came from, for column letters in findings. */
  const origin: ParsedLedger[] = [];
  const extraColumns: ExtraColumn[] = [];
  const extraKeys = new Set<string>();

  /** Per master row, the fields and extra columns some copy of it had: only those can differ. */
  const known: Set<string>[] = [];
  const carried = (ledger: ParsedLedger, m: Measure) => {
    const has = new Set<string>(ledger.columns.map((c) => c.field));
    for (const [field, keys] of MERGED_FIELDS) if (keys.some((k) => m[k] !== undefined)) has.add(field);
    for (const e of ledger.extraColumns) has.add(`extra:${e.key}`);
    return has;
  };

  for (const ledger of ledgers) {
    findings.push(...ledger.findings, ...ledgerFindings(ledger, lang), ...duplicateFindings(ledger, lang));
    for (const e of ledger.extraColumns) {
      if (extraKeys.has(e.key)) continue;
      extraKeys.add(e.key);
      extraColumns.push({ key: e.key, label: e.label });
    }
    const incoming = ledger.rows.map((r) => r.measure);
    const { pairs, unmatched } = matchAgainst(
      rows.map((r) => r.measure),
      incoming,
    );
    for (const [b, i] of pairs) {
      const before = rows[b]!;
      const copy = ledger.rows[i]!;
      const had = known[b]!;
      const has = carried(ledger, copy.measure);
      const differs = (field: string, label: string, column: string, was: string, now: string) => {
        if (!had.has(field)) return;
        findings.push({
          ...finding(ledger, copy.source.row, '', 'copies_differ', lang, { field: label, other: was, value: now, file: before.source.file }),
          column,
          field: field.startsWith('extra:') ? label : field,
        });
      };
      const merged: Measure = { ...before.measure, extras: { ...before.measure.extras } };
      for (const [field, keys] of MERGED_FIELDS) {
        if (!has.has(field)) continue;
        const was = shown(before.measure, field);
        const now = shown(copy.measure, field);
        if (!same(was, now, field)) differs(field, FIELD_LABELS[field][lang], fieldColumn(ledger, field), was, now);
        for (const k of keys) {
          if (copy.measure[k] === undefined) delete merged[k];
          else Object.assign(merged, { [k]: copy.measure[k] });
        }
      }
      for (const e of ledger.extraColumns) {
        const was = extraShown(before.measure.extras[e.key]);
        const now = extraShown(copy.measure.extras[e.key]);
        if (textKey(was) !== textKey(now)) differs(`extra:${e.key}`, e.label, columnLetter(e.index), was, now);
        const v = copy.measure.extras[e.key];
        if (v === undefined) delete merged.extras[e.key];
        else merged.extras[e.key] = v;
      }
      // Ids and versions are the service's: a copy without them keeps the ones already known.
      if (copy.measure.id) merged.id = copy.measure.id;
      if (copy.measure.version !== undefined) merged.version = copy.measure.version;
      rows[b] = { measure: merged, source: copy.source };
      origin[b] = ledger;
      for (const f of has) had.add(f);
    }
    for (const i of unmatched) {
      rows.push(ledger.rows[i]!);
      origin.push(ledger);
      known.push(carried(ledger, ledger.rows[i]!.measure));
    }
  }

  const categories = resolveCategories(rows, opts.config);
  const ctx: RuleContext = { asOf: opts.asOf, lang, categories, ...(opts.config ? { config: opts.config } : {}) };
  rows.forEach((row, i) => findings.push(...rowFindings(row, origin[i]!, ctx)));
  const resolved = withResolvedCategories(rows, categories.resolve);
  const ordered = groupRows(resolved, categories.names);
  const used = new Set(ordered.map((r) => r.measure.category).filter((c): c is string => c !== undefined));
  const master: Master = {
    title: opts.title ?? ledgers.find((l) => l.title)?.title ?? '整改工作台账',
    asOf: opts.asOf,
    categories: [...new Set([...(opts.config?.categories ?? []).map((c) => categories.resolve(c) ?? c), ...categories.names])].filter(
      (c) => used.has(c) || (opts.config?.categories.length ?? 0) > 0,
    ),
    extraColumns,
    rows: ordered,
  };
  const rollup = computeRollup(
    ordered.map((r) => r.measure),
    opts.asOf,
    opts.config,
    lang,
  );
  return { master, findings: sortFindings(findings), rollup };
}

/**
 * matchRows against only the kept rows that share an id, a number or a text with the incoming file:
 * twenty units' files rarely overlap, and indexing 100,000 kept rows for each file would dominate.
 */
function matchAgainst(kept: Measure[], incoming: Measure[]): ReturnType<typeof matchRows> {
  const ids = new Set<string>();
  const numbers = new Set<string>();
  const texts = new Set<string>();
  for (const m of incoming) {
    if (m.id) ids.add(m.id);
    if (m.problemNo) numbers.add(`p${textKey(m.problemNo)}`);
    if (m.measureNo) numbers.add(`m${textKey(m.measureNo)}`);
    texts.add(contentKey(m));
  }
  const candidates: number[] = [];
  kept.forEach((m, i) => {
    if (
      (m.id && ids.has(m.id)) ||
      (m.problemNo && numbers.has(`p${textKey(m.problemNo)}`)) ||
      (m.measureNo && numbers.has(`m${textKey(m.measureNo)}`)) ||
      texts.has(contentKey(m))
    )
      candidates.push(i);
  });
  const { pairs, unmatched } = matchRows(
    candidates.map((i) => kept[i]!),
    incoming,
  );
  return { pairs: pairs.map(([b, i]) => [candidates[b]!, i]), unmatched };
}

/**
 * Rows grouped under their categories in ledger order, the measures of one problem kept together so
 * the writer can merge the problem cell over them; otherwise first-seen order is kept.
 */
export function groupRows(rows: LedgerRow[], categoryOrder: string[]): LedgerRow[] {
  const catRank = new Map(categoryOrder.map((c, i) => [c, i]));
  const problemRank = new Map<string, number>();
  const ranked = rows.map((r, i) => {
    const key = r.measure.problem ? `${r.measure.category ?? ''}|${textKey(r.measure.problem)}` : `#${i}`;
    if (!problemRank.has(key)) problemRank.set(key, problemRank.size);
    const c = r.measure.category === undefined ? Number.MAX_SAFE_INTEGER : (catRank.get(r.measure.category) ?? Number.MAX_SAFE_INTEGER - 1);
    return { r, i, c, p: problemRank.get(key)! };
  });
  return ranked.sort((a, b) => a.c - b.c || a.p - b.p || a.i - b.i).map((x) => x.r);
}
