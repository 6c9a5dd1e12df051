// A master ledger from measures, as the tests of the workbook writer feed it: categories resolved and
// ordered, problems kept together, extra columns gathered, and the rollup of the same rows. (The
// service orders its own masters in server/work/consolidated.ts, streaming from storage.)
import {
  computeRollup,
  groupRows,
  resolveCategories,
  type CampaignConfig,
  type ExtraColumn,
  type IsoDate,
  type LedgerRow,
  type Master,
  type Measure,
  type Rollup,
} from '../../ledger';
import { withResolvedCategories } from '../../ledger/check';

export interface MasterOptions {
  asOf: IsoDate;
  config?: CampaignConfig;
  title: string;
  /** Where the rows came from, for the master's row sources. */
  source: { file: string; sheet: string };
}

export function masterOf(measures: Measure[], opts: MasterOptions): { master: Master; rollup: Rollup } {
  const rows: LedgerRow[] = measures.map((measure, i) => ({ measure, source: { ...opts.source, row: i + 1 } }));
  const categories = resolveCategories(rows, opts.config);
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
  return { master, rollup: computeRollup(ordered.map((r) => r.measure), opts.asOf, opts.config) };
}
