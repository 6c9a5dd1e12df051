// The caller's rows as a master ledger (everything for the office, a unit's own rows for a unit),
// without a 100,000-row master ever sitting decoded in memory: one read keeps each row's stored text
// and decodes only what ordering and counting need (category, problem, status, deadline, unit, the
// optional columns); that gives the order, the rollup and the sheet's shape; the rows are decoded in
// master order, a chunk at a time, while the workbook is written. (Reading them back from the database
// in that order instead, through a table of ranks, measured half again as slow for the same memory.)
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
import { rowPagePath } from '../../ledger/evidence';
import type { CampaignConfig } from '../../ledger/schema';
import { evidenceNamesByRow } from '../evidence/files';
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

/** A row as the read keeps it: what ordering, counting and the sheet's shape read, and its stored text. */
type Light = LedgerRow & { measure: Measure & { id: string }; stored: { version: number; data: string; extras: string } };

async function* pages(db: Db, campaign: string, scope: Scope) {
  let after = -1;
  for (;;) {
    let q = db.selectFrom('rows').select(['id', 'version', 'data', 'extras', 'pos']).where('campaign', '=', campaign).where('deleted', '=', 0).where('pos', '>', after);
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
  /** The master, its rows given in master order a chunk at a time. */
  source: MasterSource;
}

/**
 * Reads the scope's rows once: their order, figures and shape, and their stored text for the
 * workbook; with the service's `origin`, the rows' evidence files too, linked to the office page.
 */
export async function plan(db: Db, campaignName: string, scope: Scope, asOf: IsoDate, lang: Lang, origin?: string): Promise<Plan> {
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
      light.push({ measure: m, source: { file: campaignName, sheet: SHEET, row: light.length + 1 }, stored: { version: r.version, data: r.data, extras: r.extras } });
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
    source: {
      title: masterTitle(config, scope),
      asOf,
      categories: categories.names.filter((c) => configured || used.has(c)),
      extraColumns: [...extraKeys].map((key) => ({ key, label: key })),
      shape: masterShape(ordered),
      ...(origin === undefined ? {} : { attachments: { names: await evidenceNamesByRow(db, campaignName, scope), link: (id: string) => origin + rowPagePath(campaignName, id) } }),
      async *rows() {
        for (let from = 0; from < ordered.length; from += PAGE) {
          yield ordered.slice(from, from + PAGE).map((r, k): LedgerRow => {
            const { id } = r.measure;
            // Freshly parsed, so completed in place rather than copied.
            const measure = decodeValues(r.stored.data) as Measure;
            measure.extras = decodeExtras(r.stored.extras);
            measure.id = id;
            measure.version = r.stored.version;
            const name = category.get(id);
            if (name !== undefined) measure.category = name;
            return { measure, source: { file: campaignName, sheet: SHEET, row: from + k + 1 } };
          });
        }
      },
    },
  };
}

/** The plan read inside one snapshot: rows, learned categories and configuration agree. */
export function snapshotPlan(store: Store, campaign: string, scope: Scope, asOf: IsoDate, lang: Lang, origin?: string): Promise<Plan> {
  return store.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((trx) => plan(trx, campaign, scope, asOf, lang, origin));
}
