// The caller's rows as a master ledger (everything for the office, a unit's own rows for a unit),
// without a 100,000-row master ever sitting in memory, neither decoded nor as its stored text. A first
// read in ledger order keeps only what ordering and counting need (category, problem, status,
// deadline, unit, the optional columns), its repeated texts kept once; that gives the master order,
// the rollup and the sheet's shape, and is let go. The rows are then read again, a page of positions
// at a time in master order, while the workbook is written. Both reads see one snapshot, on a
// connection of the export's own (SQLite), so the reader thread's other reads never wait for a
// download however slowly the client takes it.
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type Transaction } from 'kysely';
import {
  computeRollup,
  groupRows,
  resolveCategories,
  type CategoryIndex,
  type Deadline,
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
import { writeMasterStream, type MasterSource } from '../xlsx/write-master';

/** The title a master carries (and its workbook is named after). */
export function masterTitle(config: CampaignConfig, scope: Scope): string {
  return config.title ?? (scope.kind === 'unit' ? `${scope.unit}整改工作台账` : '整改工作台账（汇总）');
}

/**
 * Rows per query. Small pages, so that little is alive when V8 collects the
 * young generation: a page decoded and being written survives it and is promoted, and the old
 * generation then grows by the size of the rows read (some 170 MB for 100,000) before it is swept.
 */
const PAGE = 250;
/** The fields ordering, counting and the sheet's shape read. */
const KEPT = ['category', 'problem', 'unit', 'status', 'deadline', ...OPTIONAL_FIELDS] as const;
const SHEET = '整改台账';

type Db = Kysely<Tables> | Transaction<Tables>;

/** A row as the first read keeps it: its place in the ledger and its light values. */
type Light = LedgerRow & { pos: number };

/** The texts and deadlines many rows repeat (a category, a unit, 按期…), each kept once. */
class Repeats {
  private readonly texts = new Map<string, string>();
  private readonly deadlines = new Map<string, Deadline>();

  keep(field: (typeof KEPT)[number], v: unknown): unknown {
    if (typeof v === 'string') {
      const had = this.texts.get(v);
      if (had !== undefined) return had;
      this.texts.set(v, v);
      return v;
    }
    if (field !== 'deadline') return v;
    const d = v as Deadline;
    const key = `${d.kind}\u0000${d.kind === 'date' ? d.date : ''}\u0000${d.text}`;
    const had = this.deadlines.get(key);
    if (had) return had;
    this.deadlines.set(key, d);
    return d;
  }
}

/** A stored row as the reads take it. */
interface StoredRow {
  id: string;
  version: number;
  data: string;
  extras: string;
  pos: number;
}

/** How the export reads the rows, inside its snapshot. */
interface RowReads {
  /** For the campaign, its learned categories and the evidence files. */
  db: Db;
  /** The scope's live rows in ledger order, a page at a time. */
  scan(campaign: string, scope: Scope): AsyncIterable<Pick<StoredRow, 'data' | 'extras' | 'pos'>[]>;
  /** The rows at these positions (at most PAGE), in any order. */
  at(campaign: string, positions: number[]): Promise<StoredRow[]>;
}

/** Reads through kysely (PostgreSQL, and SQLite in memory): a query a page. */
function kyselyReads(db: Db): RowReads {
  return {
    db,
    async *scan(campaign, scope) {
      let after = -1;
      for (;;) {
        let q = db.selectFrom('rows').select(['data', 'extras', 'pos']).where('campaign', '=', campaign).where('deleted', '=', 0).where('pos', '>', after);
        if (scope.kind === 'unit') q = q.where('unit', '=', scope.unit);
        const page = await q.orderBy('pos').limit(PAGE).execute();
        if (page.length === 0) return;
        yield page;
        after = page.at(-1)!.pos;
      }
    },
    at: (campaign, positions) => db.selectFrom('rows').select(['id', 'version', 'data', 'extras', 'pos']).where('campaign', '=', campaign).where('pos', 'in', positions).execute(),
  };
}

const SCAN = 'SELECT data, extras, pos FROM rows WHERE campaign = ? AND deleted = 0';
const AT = `SELECT id, version, data, extras, pos FROM rows WHERE campaign = ? AND pos IN (${Array<string>(PAGE).fill('?').join(',')})`;

/**
 * Reads on the export's own SQLite connection through statements prepared once. Through kysely each
 * page's query is prepared anew, and its compiled statement (tens of KB for a list of positions)
 * lives outside the heap until a full collection: 800 of them were 20 MB of a 100,000-row export.
 */
function sqliteReads(database: Database.Database, db: Db): RowReads {
  const at = database.prepare<unknown[], StoredRow>(AT);
  return {
    db,
    async *scan(campaign, scope) {
      const rows =
        scope.kind === 'unit'
          ? database.prepare<unknown[], StoredRow>(`${SCAN} AND unit = ? ORDER BY pos`).iterate(campaign, scope.unit)
          : database.prepare<unknown[], StoredRow>(`${SCAN} ORDER BY pos`).iterate(campaign);
      let page: StoredRow[] = [];
      for (const r of rows) {
        if (page.push(r) === PAGE) {
          yield page;
          page = [];
        }
      }
      if (page.length) yield page;
    },
    // A short last page repeats a position: IN takes each row once.
    at: async (campaign, positions) => at.all(campaign, ...positions, ...Array<number>(PAGE - positions.length).fill(positions[0]!)),
  };
}

/** The first read: each row's light values in ledger order, and the keys of the extra columns. */
async function readLight(reads: RowReads, campaign: string, scope: Scope): Promise<{ light: Light[]; extraKeys: Set<string> }> {
  const light: Light[] = [];
  const extraKeys = new Set<string>();
  const repeats = new Repeats();
  // Rows are numbered when written, in master order: until then they share one source.
  const source = { file: campaign, sheet: SHEET, row: 0 };
  const noExtras = Object.freeze({});
  for await (const page of reads.scan(campaign, scope)) {
    for (const r of page) {
      const v = decodeValues(r.data);
      const m: Measure = { extras: noExtras };
      for (const f of KEPT) if (v[f] !== undefined) (m as Record<string, unknown>)[f] = repeats.keep(f, v[f]);
      light.push({ measure: m, source, pos: r.pos });
      if (r.extras !== '{}') for (const key of Object.keys(decodeExtras(r.extras))) extraKeys.add(key);
    }
  }
  return { light, extraKeys };
}

interface Plan {
  config: CampaignConfig;
  rollup: Rollup;
  /** The master, its rows given in master order a page at a time (read again when asked for). */
  source: MasterSource;
}

/**
 * Reads the scope's rows once for their order, figures and shape; the source reads them again, in
 * that order, as the workbook is written. With the service's `origin`, the rows' evidence files are
 * listed too, linked to the office page.
 */
async function plan(reads: RowReads, campaignName: string, scope: Scope, asOf: IsoDate, lang: Lang, origin?: string): Promise<Plan> {
  const { db } = reads;
  const campaign = await getCampaign({ db }, campaignName);
  if (!campaign) throw campaignNotFound(campaignName);
  const { config } = campaign;
  const { light, extraKeys } = await readLight(reads, campaignName, scope);
  const categories = resolveCategories(light, config, await learnedCategories(db, campaignName));
  for (const r of light) {
    const text = r.measure.category;
    if (text !== undefined) r.measure.category = categories.resolve(text) ?? text;
  }
  const ordered = groupRows(light, categories.names) as Light[];
  // Only the positions outlive the plan: the light rows are let go before the workbook is written.
  const positions = ordered.map((r) => r.pos);
  const used = new Set(ordered.map((r) => r.measure.category));
  const configured = config.categories.length > 0;
  return {
    config,
    rollup: computeRollup(
      ordered.map((r) => r.measure),
      asOf,
      config,
      lang,
    ),
    source: {
      title: masterTitle(config, scope),
      asOf,
      categories: categories.names.filter((c) => configured || used.has(c)),
      extraColumns: [...extraKeys].map((key) => ({ key, label: key })),
      shape: masterShape(ordered),
      ...(origin === undefined ? {} : { attachments: { names: await evidenceNamesByRow(db, campaignName, scope), link: (id: string) => origin + rowPagePath(campaignName, id) } }),
      rows: () => masterRows(reads, campaignName, positions, categories),
    },
  };
}

/** The rows at these positions, in this order, decoded a page at a time; categories as the first read resolved them. */
async function* masterRows(reads: RowReads, campaign: string, positions: number[], categories: CategoryIndex): AsyncIterable<LedgerRow[]> {
  for (let from = 0; from < positions.length; from += PAGE) {
    const wanted = positions.slice(from, from + PAGE);
    const byPos = new Map((await reads.at(campaign, wanted)).map((r) => [r.pos, r]));
    yield wanted.map((pos, k): LedgerRow => {
      const r = byPos.get(pos);
      // Within one snapshot a row read once is there to read again.
      if (!r) throw new Error(`consolidated workbook: the row at position ${pos} was not found again`);
      // Freshly parsed, so completed in place rather than copied.
      const measure = decodeValues(r.data) as Measure;
      measure.extras = decodeExtras(r.extras);
      measure.id = r.id;
      measure.version = r.version;
      if (measure.category !== undefined) measure.category = categories.resolve(measure.category) ?? measure.category;
      return { measure, source: { file: campaign, sheet: SHEET, row: from + k + 1 } };
    });
  }
}

/**
 * Runs `read` in one snapshot. On a SQLite file, on a read-only connection of its own: the reader
 * thread's connection would otherwise be held (and every other read kept waiting) for as long as a
 * client takes to download a workbook.
 */
async function inSnapshot<T>(store: Store, read: (reads: RowReads) => Promise<T>): Promise<T> {
  if (store.config.kind === 'postgres' || store.config.file === ':memory:') {
    return store.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute((trx) => read(kyselyReads(trx)));
  }
  const database = new Database(store.config.file, { readonly: true, fileMustExist: true });
  database.pragma('busy_timeout = 10000');
  // Both reads go through the rows once each: a page cache of better-sqlite3's default 16 MB would
  // only hold pages never read again (the same speed with 2 MB, measured).
  database.pragma('cache_size = -2000');
  const own = new Kysely<Tables>({ dialect: new SqliteDialect({ database }) });
  try {
    return await own.transaction().execute((trx) => read(sqliteReads(database, trx)));
  } finally {
    await own.destroy();
  }
}

/** The scope's rollup, read in one snapshot (rows, learned categories and configuration agree). */
export async function snapshotRollup(store: Store, campaign: string, scope: Scope, asOf: IsoDate, lang: Lang): Promise<Rollup> {
  return (await inSnapshot(store, (reads) => plan(reads, campaign, scope, asOf, lang))).rollup;
}

/** The consolidated workbook written into `out`, both reads of its rows in one snapshot. */
export function writeConsolidated(store: Store, out: NodeJS.WritableStream, campaign: string, scope: Scope, asOf: IsoDate, lang: Lang, origin?: string): Promise<void> {
  return inSnapshot(store, async (reads) => {
    const p = await plan(reads, campaign, scope, asOf, lang, origin);
    await writeMasterStream(p.source, p.rollup, out, { config: p.config, lang });
  });
}
