// Conflicts: edits that were not applied because someone else changed the same field first. They
// wait, with base, server and caller values, until someone chooses; the choice is applied as an
// ordinary change (history, version, seq) under the same ownership rules as a push.
import { MAX_CELL_TEXT } from '../../ledger/schema';
import { lockCampaign } from '../store/campaigns';
import { StoreError, campaignNotFound, parseInput, rowNotFound } from '../store/errors';
import type { Store } from '../store/store';
import type { ConflictRecord } from '../store/tables';
import { Batch } from './batch';
import { ownershipViolation } from './ownership';
import { Actor, ConflictChoice, ConflictView, type RowState, type Scope } from './protocol';
import { decode, encode, fieldEntries, fieldValueSchema, getField, isEmpty, valueOf } from './values';
import { loadRowsByIds, toRowState, type WorkingRow } from './working';
import { inTransaction } from '../store/transaction';

type ConflictWithUnit = ConflictRecord & { unit: string | null };

function toView(c: ConflictWithUnit): ConflictView {
  return ConflictView.parse({
    id: c.id,
    campaign: c.campaign,
    rowId: c.row_id,
    unit: c.unit,
    field: c.field,
    base: decode(c.base_value),
    server: decode(c.server_value),
    caller: decode(c.caller_value),
    baseVersion: c.base_version,
    changedBy: c.changed_by,
    changedAt: c.changed_at,
    callerName: c.caller,
    callerKind: c.caller_kind,
    callerUnit: c.caller_unit,
    clientId: c.client_id,
    mutationId: c.mutation_id,
    createdAt: c.created_at,
    resolvedBy: c.resolved_by,
    resolvedAt: c.resolved_at,
    resolution: c.resolution === null ? null : JSON.parse(c.resolution),
  });
}

export type ConflictState = 'open' | 'resolved' | 'all';

/** The campaign's conflicts the scope can see (a unit: those on its own rows), oldest first. */
export async function listConflicts(
  store: Store,
  campaign: string,
  scope: Scope,
  state: ConflictState = 'open',
): Promise<ConflictView[]> {
  const exists = await store.db.selectFrom('campaigns').select('name').where('name', '=', campaign).executeTakeFirst();
  if (!exists) throw campaignNotFound(campaign);
  let q = store.db
    .selectFrom('conflicts')
    .innerJoin('rows', 'rows.id', 'conflicts.row_id')
    .selectAll('conflicts')
    .select('rows.unit')
    .where('conflicts.campaign', '=', campaign);
  if (scope.kind === 'unit') q = q.where('rows.unit', '=', scope.unit);
  if (state === 'open') q = q.where('conflicts.resolved_at', 'is', null);
  if (state === 'resolved') q = q.where('conflicts.resolved_at', 'is not', null);
  const rows = await q.orderBy('conflicts.created_at').orderBy('conflicts.id').execute();
  return rows.map(toView);
}

function conflictNotFound(id: string): StoreError {
  return new StoreError('conflict_not_found', { zh: `冲突 ${id} 不存在`, en: `conflict ${id} does not exist` });
}

export interface Resolution {
  conflict: ConflictView;
  row: RowState;
}

/**
 * Closes an open conflict: 'server' keeps the row as it is, 'caller' writes the value the pusher sent,
 * { value } writes that value. A unit may resolve conflicts on its own rows, for fields it owns.
 * Pass `campaign` when the caller is confined to one (an HTTP route's campaign): a conflict of
 * another campaign is then not found.
 */
export async function resolveConflict(
  store: Store,
  conflictId: string,
  choice: ConflictChoice,
  actor: Actor,
  campaign?: string,
): Promise<Resolution> {
  const who = parseInput(Actor, actor, '操作者 / actor');
  const pick = parseInput(ConflictChoice, choice, '冲突处理选择 / conflict choice');
  const head = await store.db.selectFrom('conflicts').select('campaign').where('id', '=', conflictId).executeTakeFirst();
  if (!head || (campaign !== undefined && head.campaign !== campaign)) throw conflictNotFound(conflictId);

  return inTransaction(store.db, async (trx) => {
    const lastSeq = await lockCampaign(trx, head.campaign);
    const c = await trx.selectFrom('conflicts').selectAll().where('id', '=', conflictId).executeTakeFirstOrThrow();
    const [row] = await loadRowsByIds(trx, [c.row_id]);
    if (!row || (who.kind === 'unit' && row.values.unit !== who.unit)) throw conflictNotFound(conflictId);
    if (c.resolved_at !== null) {
      throw new StoreError('conflict_resolved', {
        zh: `冲突 ${conflictId} 已由 ${c.resolved_by ?? '?'} 处理`,
        en: `conflict ${conflictId} was already resolved by ${c.resolved_by ?? '?'}`,
      });
    }
    if (row.deleted) throw rowNotFound(head.campaign, row.id);

    const current = valueOf(row, c.field);
    const value = pick === 'server' ? current : pick === 'caller' ? decode(c.caller_value) : parseValue(c.field, pick.value);
    // Settling a conflict is deciding the field's value, whichever value is chosen: keeping the
    // service's value of a field only the office may change is the office's decision too.
    const violation = ownershipViolation(who, { unit: row.values.unit ?? null, closure: row.values.closure }, [{ field: c.field, value: isEmpty(value) ? undefined : value }], false);
    if (violation) throw new StoreError('forbidden', { zh: violation.zh, en: violation.en });
    const batch = new Batch(store, trx, head.campaign, lastSeq, who, null);
    if (encode(value) !== encode(current)) writeChosen(batch, row, c.field, value);
    await batch.flush();

    const resolution = { choice: typeof pick === 'string' ? pick : 'value', value: decode(encode(value)) };
    const closed = await trx
      .updateTable('conflicts')
      .set({ resolved_by: who.name, resolved_at: batch.at, resolution: JSON.stringify(resolution) })
      .where('id', '=', conflictId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const record = await trx.selectFrom('rows').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    return { conflict: toView({ ...closed, unit: record.unit }), row: toRowState(record) };
  });
}

function parseValue(field: string, value: unknown): unknown {
  if (typeof value === 'string' && value.length > MAX_CELL_TEXT) {
    throw new StoreError('invalid_request', {
      zh: `字段 ${field} 的取值超过 Excel 单元格的上限 ${MAX_CELL_TEXT} 个字符`,
      en: `the value of field ${field} is longer than an Excel cell holds (${MAX_CELL_TEXT} characters)`,
    });
  }
  return parseInput(fieldValueSchema(field), value, `字段 ${field} 的取值 / value of field ${field}`);
}

/** Writes the chosen value; a status or completion date may be chosen by its words, each stored key gets its part. */
function writeChosen(batch: Batch, row: WorkingRow, field: string, value: unknown): void {
  for (const [key, v] of fieldEntries(field, isEmpty(value) ? undefined : value)) if (encode(getField(row, key)) !== encode(v)) batch.apply(row, key, v);
}
