// `ledger check`: validate one or more workbooks together and roll them up.
import type { CheckResult, LedgerRow, ParsedLedger } from './model';
import { computeRollup } from './rollup';
import { duplicateFindings, ledgerFindings, resolveLedgerCategories, rowFindings, type RuleContext } from './rules';
import type { CampaignConfig, Finding, IsoDate, Lang, Measure } from './schema';

export interface CheckOptions {
  asOf: IsoDate;
  config?: CampaignConfig;
  lang?: Lang;
}

/** Rows with their categories resolved to display names ("一、理论学习" and "第一类" → "理论学习"). */
export function withResolvedCategories(rows: LedgerRow[], resolve: (text: string) => string | undefined): LedgerRow[] {
  // Most ledgers name their categories as the campaign does: then the rows are given back as they are.
  let out: LedgerRow[] | undefined;
  rows.forEach((r, i) => {
    const c = r.measure.category;
    const name = c === undefined ? undefined : resolve(c);
    if (name === undefined || name === c) {
      out?.push(r);
      return;
    }
    out ??= rows.slice(0, i);
    out.push({ ...r, measure: { ...r.measure, category: name } });
  });
  return out ?? rows;
}

/**
 * Every row of every file is counted (checking does not merge copies: that is `merge`'s job); the
 * same problem in several files is one problem.
 */
export function checkLedgers(ledgers: ParsedLedger[], opts: CheckOptions): CheckResult {
  const lang = opts.lang ?? 'zh';
  const categories = resolveLedgerCategories(ledgers, opts.config);
  const ctx: RuleContext = { asOf: opts.asOf, lang, categories, ...(opts.config ? { config: opts.config } : {}) };
  const findings: Finding[] = [];
  const resolved: ParsedLedger[] = [];
  for (const ledger of ledgers) {
    findings.push(...ledger.findings, ...ledgerFindings(ledger, lang));
    ledger.rows.forEach((row) => rowFindings(row, ledger, ctx, findings));
    findings.push(...duplicateFindings(ledger, lang));
    resolved.push({ ...ledger, rows: withResolvedCategories(ledger.rows, categories.resolve) });
  }
  const measures: Measure[] = [];
  for (const l of resolved) l.rows.forEach((r) => measures.push(r.measure));
  return { ledgers: resolved, findings: sortFindings(findings), rollup: computeRollup(measures, opts.asOf, opts.config, lang) };
}

/** Findings in reading order: file, then row, then column. */
export function sortFindings(findings: Finding[]): Finding[] {
  const fileOrder = new Map<string, number>();
  for (const f of findings) if (!fileOrder.has(f.file)) fileOrder.set(f.file, fileOrder.size);
  return findings
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        fileOrder.get(a.f.file)! - fileOrder.get(b.f.file)! ||
        a.f.row - b.f.row ||
        a.f.column.length - b.f.column.length ||
        a.f.column.localeCompare(b.f.column) ||
        a.i - b.i,
    )
    .map(({ f }) => f);
}
