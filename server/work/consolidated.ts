// The caller's rows as a master ledger (everything for the office, a unit's own rows for a unit),
// read from storage in two passes inside one snapshot, so a 100,000-row master never sits whole in
// memory: the first pass keeps only what ordering and counting need (category, problem, status,
// deadline, unit, the optional columns' presence) and yields the order, the rollup and the sheet's
// shape; the second fetches the rows in that order, a chunk at a time, while the workbook is written.
import type { Kysely, Transaction } from 'kysely';
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
  source: MasterSource;
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
      for (const f of ['category', 'problem', 'unit', 'status', 'deadline', ...OPTIONAL_FIELDS] as const) if (v[f] !== undefined) Object.assign(m, { [f]: v[f] });
      light.push({ measure: m, source: { file: campaignName, sheet: SHEET, row: light.length + 1 } });
      for (const key of Object.keys(decodeExtras(r.extras))) extraKeys.add(key);
    }
  }
  const categories = resolveCategories(light, config, await learnedCategories(db, campaignName));
  const category = new Map<string, string>();
  for (const r of light) {
    const name = r.measure.category === undefined ? undefined : categories.resolve(r.measure.category);
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
  const order = ordered.map((r) => r.measure.id);
  const source: MasterSource = {
    title: masterTitle(config, scope),
    asOf,
    categories: categories.names.filter((c) => configured || used.has(c)),
    extraColumns: [...extraKeys].map((key) => ({ key, label: key })),
    shape: masterShape(ordered),
    async *rows() {
      for (let i = 0; i < order.length; i += PAGE) {
        const ids = order.slice(i, i + PAGE);
        const records = await db.selectFrom('rows').select(['id', 'version', 'data', 'extras']).where('id', 'in', ids).execute();
        const byId = new Map(records.map((r) => [r.id, r]));
        yield ids.map((id, k): LedgerRow => {
          const r = byId.get(id)!;
          const measure: Measure = { ...decodeValues(r.data), extras: decodeExtras(r.extras), id, version: r.version };
          const name = category.get(id);
          if (name !== undefined) measure.category = name;
          return { measure, source: { file: campaignName, sheet: SHEET, row: i + k + 1 } };
        });
      }
    },
  };
  return { config, rollup, source };
}

/** Runs `fn` over the plan inside one read snapshot, so both passes (and the writing) see the same rows. */
export function withPlan<T>(store: Store, campaign: string, scope: Scope, asOf: IsoDate, lang: Lang, fn: (plan: Plan) => Promise<T>): Promise<T> {
  return store.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => fn(await plan(trx, campaign, scope, asOf, lang)));
}
