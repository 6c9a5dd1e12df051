// A master ledger from rows already consolidated (the service's stored rows): categories resolved
// and ordered, problems kept together, extra columns gathered, and the rollup of the same rows.
import { withResolvedCategories } from './check';
import { groupRows } from './merge';
import type { LearnedCategory } from './category';
import type { LedgerRow, Master } from './model';
import { computeRollup } from './rollup';
import { resolveCategories } from './rules';
import type { CampaignConfig, ExtraColumn, IsoDate, Lang, Measure, Rollup } from './schema';

export interface MasterOptions {
  asOf: IsoDate;
  config?: CampaignConfig;
  lang?: Lang;
  title: string;
  /** Where the rows came from, for findings and the master's row sources. */
  source: { file: string; sheet: string };
  /** The campaign's category order learned from earlier ledgers (without a configured list). */
  learned?: readonly LearnedCategory[];
}

export function masterOf(measures: Measure[], opts: MasterOptions): { master: Master; rollup: Rollup } {
  const rows: LedgerRow[] = measures.map((measure, i) => ({ measure, source: { ...opts.source, row: i + 1 } }));
  const categories = resolveCategories(rows, opts.config, opts.learned);
  const ordered = groupRows(withResolvedCategories(rows, categories.resolve), categories.names);
  const extraColumns: ExtraColumn[] = [];
  const seen = new Set<string>();
  for (const m of measures) {
    for (const key of Object.keys(m.extras)) {
      if (seen.has(key)) continue;
      seen.add(key);
      extraColumns.push({ key, label: key });
    }
  }
  const used = new Set(ordered.map((r) => r.measure.category));
  const configured = (opts.config?.categories ?? []).length > 0;
  const master: Master = {
    title: opts.title,
    asOf: opts.asOf,
    categories: categories.names.filter((c) => configured || used.has(c)),
    extraColumns,
    rows: ordered,
  };
  return {
    master,
    rollup: computeRollup(
      ordered.map((r) => r.measure),
      opts.asOf,
      opts.config,
      opts.lang,
    ),
  };
}
