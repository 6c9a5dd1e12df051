// Reading rows: the pull (rows changed since a cursor, tombstones included) and full listings for
// rollups and the consolidated workbook. A unit sees only its own rows.
import type { Kysely, Transaction } from 'kysely';
import { lastSeq } from '../store/campaigns';
import { campaignNotFound, StoreError } from '../store/errors';
import type { Store } from '../store/store';
import type { Tables } from '../store/tables';
import type { PullResult, RowState, Scope, StoredMeasure } from './protocol';
import { encode } from './values';
import { toRowState } from './working';

const DEFAULT_PULL_LIMIT = 1000;
const MAX_PULL_LIMIT = 10_000;

export interface PullOptions {
  /** Rows per answer (1–10,000); `more` says when to ask again. */
  limit?: number;
}

/**
 * Rows of the campaign changed after `since` (0: everything) that the scope may see, with the
 * cursor to pass next time. Read in one snapshot, so the cursor never passes a change not returned.
 */
export async function changesSince(
  store: Store,
  campaign: string,
  since: number,
  scope: Scope,
  options: PullOptions = {},
): Promise<PullResult> {
  if (!Number.isSafeInteger(since) || since < 0) {
    throw new StoreError('invalid_request', {
      zh: `游标须为非负整数，收到 ${since}`,
      en: `the cursor must be a non-negative integer, got ${since}`,
    });
  }
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DEFAULT_PULL_LIMIT)), MAX_PULL_LIMIT);
  return store.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const last = await lastSeq(trx, campaign);
      // A cursor from the future means the database was restored from a backup: start over.
      const reset = since > last;
      const from = reset ? 0 : since;
      let q = trx.selectFrom('rows').selectAll().where('campaign', '=', campaign).where('seq', '>', from);
      if (scope.kind === 'unit') q = q.where('unit', '=', scope.unit);
      const records = await q.orderBy('seq').limit(limit + 1).execute();
      const more = records.length > limit;
      const page = records.slice(0, limit);
      const cursor = more ? (page.at(-1)?.seq ?? from) : last;
      // From 0 the caller holds nothing, so nothing can have left its scope.
      const removed = scope.kind === 'unit' && from > 0 ? await leftScope(trx, campaign, scope.unit, from, cursor) : [];
      return { campaign, cursor, more, reset, rows: page.map(toRowState), removed };
    });
}

/** Rows reassigned away from `unit` between the two cursors (and not back). */
async function leftScope(trx: Transaction<Tables>, campaign: string, unit: string, from: number, to: number): Promise<string[]> {
  const moved = await trx
    .selectFrom('changes')
    .innerJoin('rows', 'rows.id', 'changes.row_id')
    .select('changes.row_id')
    .distinct()
    .where('changes.campaign', '=', campaign)
    .where('changes.field', '=', 'unit')
    .where('changes.old_value', '=', encode(unit))
    .where('changes.seq', '>', from)
    .where('changes.seq', '<=', to)
    .where((eb) => eb.or([eb('rows.unit', 'is', null), eb('rows.unit', '!=', unit)]))
    .execute();
  return moved.map((m) => m.row_id).sort();
}

export interface ListOptions {
  includeDeleted?: boolean;
  /** Rows per page read from the database. */
  pageSize?: number;
}

async function assertCampaign(db: Kysely<Tables>, campaign: string): Promise<void> {
  const row = await db.selectFrom('campaigns').select('name').where('name', '=', campaign).executeTakeFirst();
  if (!row) throw campaignNotFound(campaign);
}

/**
 * The scope's rows in ledger order, a page at a time: the consolidated workbook of 100,000 rows is
 * written without holding them all in memory.
 */
async function* iterateRows(
  store: Store,
  campaign: string,
  scope: Scope,
  options: ListOptions = {},
): AsyncGenerator<RowState[]> {
  await assertCampaign(store.db, campaign);
  const pageSize = options.pageSize ?? 2000;
  let after = 0;
  for (;;) {
    let q = store.db.selectFrom('rows').selectAll().where('campaign', '=', campaign).where('pos', '>', after);
    if (scope.kind === 'unit') q = q.where('unit', '=', scope.unit);
    if (!options.includeDeleted) q = q.where('deleted', '=', 0);
    const page = await q.orderBy('pos').limit(pageSize).execute();
    if (page.length > 0) yield page.map(toRowState);
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    after = last.pos;
  }
}

/** Every row state the scope can see (tombstones when asked), in ledger order. */
export async function listRowStates(
  store: Store,
  campaign: string,
  scope: Scope,
  options: ListOptions = {},
): Promise<RowState[]> {
  const out: RowState[] = [];
  for await (const page of iterateRows(store, campaign, scope, options)) out.push(...page);
  return out;
}

/** The scope's live measures, each with id, version and unit: the input of rollups and workbooks. */
export async function listRows(store: Store, campaign: string, scope: Scope): Promise<StoredMeasure[]> {
  return (await listRowStates(store, campaign, scope)).map((r) => r.measure);
}
