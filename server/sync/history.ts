// The change history: every accepted field change with who, when, old and new value. It is the
// record of truth: `replayHistory` rebuilds every row's current values from it alone, which the
// tests compare with the rows table.
import type { Transaction } from 'kysely';
import { canonicalFields } from '../../ledger/meaning';
import { campaignNotFound, rowNotFound } from '../store/errors';
import { chunksFor } from '../store/chunks';
import type { Store } from '../store/store';
import type { ChangeRecord, Tables } from '../store/tables';
import { extrasField, type ChangeView, type Scope, type StoredMeasure } from './protocol';
import { CREATED, CreatedRow, decode, setField, type Encoded, type RowContent } from './values';
import type { WorkingRow } from './working';

/** Appends to each row's `history` its changes after `since` (the oldest baseVersion a batch names). */
export async function loadHistorySince(trx: Transaction<Tables>, wanted: Map<WorkingRow, number>): Promise<void> {
  const byId = new Map([...wanted.keys()].map((row) => [row.id, row]));
  for (const chunk of chunksFor([...wanted.entries()], 1)) {
    const minSince = Math.min(...chunk.map(([, since]) => since));
    const records = await trx
      .selectFrom('changes')
      .select(['row_id', 'field', 'version', 'old_value', 'new_value', 'actor', 'at'])
      .where(
        'row_id',
        'in',
        chunk.map(([row]) => row.id),
      )
      .where('version', '>', minSince)
      .orderBy('seq')
      .execute();
    for (const r of records) {
      const row = byId.get(r.row_id);
      const since = row && wanted.get(row);
      if (!row || since === undefined || r.version <= since) continue;
      // Seen from before the row existed, its creation set each of its fields.
      const fields = r.field === CREATED ? createdFields(r.new_value) : [r.field];
      for (const field of fields) row.history.push({ field, version: r.version, old: r.old_value, actor: r.actor, at: r.at, creation: r.field === CREATED });
    }
  }
}

function createdContent(value: Encoded): RowContent {
  const { extras, ...values } = CreatedRow.parse(decode(value));
  return { values: canonicalFields(values), extras };
}

function createdFields(value: Encoded): string[] {
  const { values, extras } = createdContent(value);
  return [...Object.keys(values), ...Object.keys(extras).map(extrasField)];
}

export interface ReplayedRow {
  id: string;
  version: number;
  deleted: boolean;
  measure: StoredMeasure;
}

const REPLAY_PAGE = 5000;

/** Every row of the campaign (tombstones included) as its history alone says it should be. */
export async function replayHistory(store: Store, campaign: string): Promise<Map<string, ReplayedRow>> {
  const exists = await store.db.selectFrom('campaigns').select('name').where('name', '=', campaign).executeTakeFirst();
  if (!exists) throw campaignNotFound(campaign);
  const rows = new Map<string, RowContent & { version: number; deleted: boolean }>();
  let after = 0;
  for (;;) {
    const page = await store.db
      .selectFrom('changes')
      .select(['row_id', 'field', 'new_value', 'version', 'seq'])
      .where('campaign', '=', campaign)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(REPLAY_PAGE)
      .execute();
    for (const c of page) {
      let row = rows.get(c.row_id);
      if (!row) {
        row = { values: {}, extras: {}, version: 0, deleted: false };
        rows.set(c.row_id, row);
      }
      if (c.field === 'deleted') row.deleted = decode(c.new_value) === true;
      else if (c.field === CREATED) Object.assign(row, createdContent(c.new_value));
      else setField(row, c.field, decode(c.new_value));
      row.version = Math.max(row.version, c.version);
    }
    const last = page.at(-1);
    if (!last || page.length < REPLAY_PAGE) break;
    after = last.seq;
  }
  return new Map(
    [...rows].map(([id, r]) => [
      id,
      { id, version: r.version, deleted: r.deleted, measure: { ...canonicalFields(r.values), extras: r.extras, id, version: r.version } },
    ]),
  );
}

function toChangeView(r: ChangeRecord): ChangeView {
  return {
    seq: r.seq,
    rowId: r.row_id,
    field: r.field,
    old: decode(r.old_value),
    new: decode(r.new_value),
    actor: r.actor,
    actorKind: r.actor_kind,
    actorUnit: r.actor_unit,
    clientId: r.client_id,
    mutationId: r.mutation_id,
    at: r.at,
    version: r.version,
  };
}

/** Who changed what on one row, oldest first. A unit sees the history of its own rows only. */
export async function rowHistory(store: Store, campaign: string, rowId: string, scope: Scope): Promise<ChangeView[]> {
  const row = await store.db
    .selectFrom('rows')
    .select(['unit'])
    .where('id', '=', rowId)
    .where('campaign', '=', campaign)
    .executeTakeFirst();
  if (!row || (scope.kind === 'unit' && row.unit !== scope.unit)) throw rowNotFound(campaign, rowId);
  const records = await store.db.selectFrom('changes').selectAll().where('row_id', '=', rowId).orderBy('seq').execute();
  return records.map(toChangeView);
}
