// The caller's rows as a master ledger (everything for the office, a unit's own rows for a unit),
// without a 100,000-row master ever sitting in memory: a first read keeps only what ordering and
// counting need (category, problem, status, deadline, unit, the optional columns), which gives the
// order, the rollup and the sheet's shape; the order goes into a temporary table, and the rows are
// read back through it in master order, a page at a time, while the workbook is written. All of it
// inside one read snapshot, so the two reads see the same rows.
import { sql, type Kysely, type Transaction } from 'kysely';
import {
  computeRollup,
  groupRows,
  resolveCategories,
  type IsoDate,
  type Lang,
  type LedgerRow,
  type Measure,
  type Rollup,
} from '../../ledger';
import type { CampaignConfig } from '../../ledger/schema';
import { getCampaign, type Store } from '../store';
import { campaignNotFound } from '../store/errors';
import type { Tables } from '../store/tables';
import type { Scope } from '../sync';
import { learnedCategories } from '../sync/categories';
import { decodeExtras, decodeValues } from '../sync/values';
import { masterShape, OPTIONAL_FIELDS } from '../xlsx/master-layout';
import type { MasterSource } from '../xlsx/write-master';

/** The title a master carries (and its workbook is named after). */
export function masterTitle(config: CampaignConfig, scope: Scope): string {
  return config.title ?? (scope.kind === 'unit' ? `${scope.unit}整改工作台账` : '整改工作台账（汇总）');
}

const PAGE = 2000;
/** The fields ordering, counting and the sheet's shape read. */
const KEPT = ['category', 'problem', 'unit', 'status', 'deadline', ...OPTIONAL_FIELDS] as const;
const SHEET = '整改台账';

type Db = Kysely<Tables> | Transaction<Tables>;

/** A row as the first pass keeps it: what ordering, counting and the sheet's shape read. */
type Light = LedgerRow & { measure: Measure & { id: string } };

async function* pages(db: Db, campaign: string, scope: Scope) {
  let after = -1;
  for (;;) {
    let q = db.selectFrom('rows').select(['id', 'data', 'extras', 'pos']).where('campaign', '=', campaign).where('deleted', '=', 0).where('pos', '>', after);
    if (scope.kind === 'unit') q = q.where('unit', '=', scope.unit);
    const page = await q.orderBy('pos').limit(PAGE).execute();
    if (page.length === 0) return;
    yield page;
    after = page.at(-1)!.pos;
  }
}

export interface Plan {
  config: CampaignConfig;
  rollup: Rollup;
  /** The master without its rows: title, categories, extra columns, the sheet's shape. */
  master: Omit<MasterSource, 'rows'>;
  /** Row ids in master order, with the category each resolves to. */
  order: string[];
  categoryOf: Map<string, string>;
}

/** Reads the scope's rows once for their order and figures; the source reads them again to write them. */
export async function plan(db: Db, campaignName: string, scope: Scope, asOf: IsoDate, lang: Lang): Promise<Plan> {
  const campaign = await getCampaign({ db }, campaignName);
  if (!campaign) throw campaignNotFound(campaignName);
  const { config } = campaign;
  const light: Light[] = [];
  const extraKeys = new Set<string>();
  for await (const page of pages(db, campaignName, scope)) {
    for (const r of page) {
      const v = decodeValues(r.data);
      const m: Light['measure'] = { id: r.id, extras: {} };
      for (const f of KEPT) if (v[f] !== undefined) (m as Record<string, unknown>)[f] = v[f];
      light.push({ measure: m, source: { file: campaignName, sheet: SHEET, row: light.length + 1 } });
      if (r.extras !== '{}') for (const key of Object.keys(decodeExtras(r.extras))) extraKeys.add(key);
    }
  }
  const categories = resolveCategories(light, config, await learnedCategories(db, campaignName));
  // A campaign has a handful of category texts: each is resolved once.
  const resolved = new Map<string, string | undefined>();
  const category = new Map<string, string>();
  for (const r of light) {
    const text = r.measure.category;
    if (text === undefined) continue;
    if (!resolved.has(text)) resolved.set(text, categories.resolve(text));
    const name = resolved.get(text);
    if (name !== undefined) {
      r.measure.category = name;
      category.set(r.measure.id, name);
    }
  }
  const ordered = groupRows(light, categories.names) as Light[];
  const used = new Set(ordered.map((r) => r.measure.category));
  const configured = config.categories.length > 0;
  const rollup = computeRollup(
    ordered.map((r) => r.measure),
    asOf,
    config,
    lang,
  );
  return {
    config,
    rollup,
    master: {
      title: masterTitle(config, scope),
      asOf,
      categories: categories.names.filter((c) => configured || used.has(c)),
      extraColumns: [...extraKeys].map((key) => ({ key, label: key })),
      shape: masterShape(ordered),
    },
    order: ordered.map((r) => r.measure.id),
    categoryOf: category,
  };
}

/**
 * The plan's rows, read back in master order through a temporary table of (rank, id): `trx` must be
 * the transaction the plan was made in, and stay open while the rows are read.
 */
export async function orderedSource(trx: Transaction<Tables>, kind: Store['kind'], p: Plan, campaignName: string): Promise<{ source: MasterSource; drop(): Promise<void> }> {
  await sql`create temp table export_order (rank integer primary key, row_id text not null)${sql.raw(kind === 'postgres' ? ' on commit drop' : '')}`.execute(trx);
  for (let i = 0; i < p.order.length; i += 1000) {
    const values = p.order.slice(i, i + 1000).map((id, k) => sql`(${i + k}, ${id})`);
    await sql`insert into export_order (rank, row_id) values ${sql.join(values)}`.execute(trx);
  }
  const source: MasterSource = {
    ...p.master,
    async *rows() {
      for (let from = 0; from < p.order.length; from += PAGE) {
        const page = await sql<{ id: string; version: number; data: string; extras: string }>`
          select r.id, r.version, r.data, r.extras from export_order o join rows r on r.id = o.row_id
          where o.rank >= ${from} and o.rank < ${from + PAGE} order by o.rank`.execute(trx);
        yield page.rows.map((r, k): LedgerRow => {
          // Freshly parsed, so completed in place rather than copied.
          const measure = decodeValues(r.data) as Measure;
          measure.extras = decodeExtras(r.extras);
          measure.id = r.id;
          measure.version = r.version;
          const name = p.categoryOf.get(r.id);
          if (name !== undefined) measure.category = name;
          return { measure, source: { file: campaignName, sheet: SHEET, row: from + k + 1 } };
        });
      }
    },
  };
  return { source, drop: async () => void (kind === 'postgres' ? undefined : await sql`drop table temp.export_order`.execute(trx)) };
}

/** Runs `fn` inside one read snapshot: rows, learned categories and configuration agree throughout. */
export function inSnapshot<T>(store: Store, fn: (trx: Transaction<Tables>) => Promise<T>): Promise<T> {
  return store.db.transaction().setIsolationLevel('repeatable read').execute(fn);
}
