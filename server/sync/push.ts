// Push: apply a client's batch of row edits in one transaction (see README.md for the rules).
// Edits of different fields merge; an edit of a field someone else changed since the client's
// baseVersion becomes a conflict (stored, not applied) unless it sends the value already there;
// ownership is checked on every field actually changed; a retried batch returns its first result.
import { createHash, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { matchRows } from '../../ledger';
import type { Measure } from '../../ledger/schema';
import { lockCampaign } from '../store/campaigns';
import { StoreError, parseInput } from '../store/errors';
import { isUniqueViolation, type Store } from '../store/store';
import type { Tables } from '../store/tables';
import { Batch } from './batch';
import { loadHistorySince } from './history';
import { ownershipViolation, type FieldChange } from './ownership';
import {
  Actor,
  PushRequest,
  PushResult,
  RowKey,
  type ConflictItem,
  type PushCounts,
  type PushRequestInput,
  type PushRow,
  type RowResult,
} from './protocol';
import { reject } from './reasons';
import {
  VALUE_FIELDS,
  decode,
  encode,
  extrasField,
  extrasKey,
  getField,
  isEmpty,
  setField,
  type Encoded,
  type RowContent,
} from './values';
import { loadRowsByIds, loadScopeRows, newWorkingRow, type WorkingRow } from './working';

export interface PushOutcome {
  result: PushResult;
  /** True when this was a retry of a batch already applied: nothing was changed this time. */
  replayed: boolean;
}

/** A row that names no version is taken to start from the row as first recorded. */
const DEFAULT_BASE_VERSION = 1;

export async function push(store: Store, campaign: string, request: PushRequestInput, actor: Actor): Promise<PushOutcome> {
  const req = parseInput(PushRequest, request, '推送请求 / push request');
  const who = parseInput(Actor, actor, '操作者 / actor');
  // Over the parsed request (keys in schema order), so formatting differences of a retry do not count.
  const hash = createHash('sha256').update(JSON.stringify(req.rows)).digest('hex');
  try {
    return await store.db.transaction().execute((trx) => pushInTransaction(trx, campaign, req, hash, who));
  } catch (err) {
    // Two transactions raced to insert the same key (the same mutation pushed to two campaigns at
    // once, or the same new row id): the loser runs again and now sees the winner's rows.
    if (!isUniqueViolation(err)) throw err;
    return store.db.transaction().execute((trx) => pushInTransaction(trx, campaign, req, hash, who));
  }
}

async function pushInTransaction(
  trx: Transaction<Tables>,
  campaign: string,
  req: PushRequest,
  hash: string,
  actor: Actor,
): Promise<PushOutcome> {
  const lastSeq = await lockCampaign(trx, campaign);

  const previous = await trx
    .selectFrom('mutations')
    .selectAll()
    .where('client_id', '=', req.clientId)
    .where('mutation_id', '=', req.mutationId)
    .executeTakeFirst();
  if (previous) {
    if (previous.campaign !== campaign || previous.request_hash !== hash) throw mutationReused(req);
    return { result: PushResult.parse(JSON.parse(previous.result)), replayed: true };
  }
  const newest = await trx
    .selectFrom('mutations')
    .select((eb) => eb.fn.max('mutation_id').as('max'))
    .where('client_id', '=', req.clientId)
    .executeTakeFirst();
  const max = newest?.max ?? null;
  if (max !== null && Number(max) > req.mutationId) throw staleMutation(req, Number(max));

  const batch = new Batch(trx, campaign, lastSeq, actor, { clientId: req.clientId, mutationId: req.mutationId });
  const targets = await resolveTargets(trx, campaign, req.rows, actor);
  await loadStaleHistory(trx, req.rows, targets);

  const results: RowResult[] = [];
  for (const [index, row] of req.rows.entries()) {
    // An id may also name a row created earlier in this same batch.
    const target = targets.byIndex[index] ?? (row.id ? targets.all.get(row.id) : undefined);
    results.push(target ? updateRow(batch, row, index, target) : createRow(batch, row, index, targets.all));
    await batch.writeHistoryChunk();
  }
  await batch.flush();

  const result: PushResult = {
    campaign,
    clientId: req.clientId,
    mutationId: req.mutationId,
    counts: countResults(results),
    rows: results,
  };
  await trx
    .insertInto('mutations')
    .values({
      client_id: req.clientId,
      mutation_id: req.mutationId,
      campaign,
      request_hash: hash,
      result: JSON.stringify(result),
      at: batch.at,
    })
    .execute();
  return { result, replayed: false };
}

interface Targets {
  /** The existing row each request row addresses, if any. */
  byIndex: (WorkingRow | undefined)[];
  /** Every row loaded or created in this batch, by id (a row named twice is one object). */
  all: Map<string, WorkingRow>;
}

/** Finds each row's existing row: by id, else (BRIEF §3 identity) among the rows the actor can see. */
async function resolveTargets(trx: Transaction<Tables>, campaign: string, rows: PushRow[], actor: Actor): Promise<Targets> {
  const all = new Map<string, WorkingRow>();
  const ids = rows.flatMap((r) => (r.id ? [r.id] : []));
  for (const row of await loadRowsByIds(trx, ids)) all.set(row.id, row);
  const byIndex: (WorkingRow | undefined)[] = rows.map((r) => (r.id ? all.get(r.id) : undefined));

  const keyed = rows.flatMap((r, i) => (r.id ? [] : [i]));
  if (keyed.length > 0) {
    const base = (await loadScopeRows(trx, campaign, actor)).map((row) => all.get(row.id) ?? row);
    for (const row of base) all.set(row.id, row);
    const baseMeasures: Measure[] = base.map((row) => ({ ...row.values, id: row.id, extras: {} }));
    const incoming = keyed.map((i) => identityOf(rows[i]!));
    for (const [b, k] of matchRows(baseMeasures, incoming).pairs) {
      const index = keyed[k];
      if (index !== undefined) byIndex[index] = base[b];
    }
  }
  return { byIndex, all };
}

const KEY_FIELDS = Object.keys(RowKey.shape) as (keyof RowKey)[];

/** The identity a row without id is matched by: its key, or else the identity fields it sends. */
function identityOf(row: PushRow): Measure {
  const m: Measure = { extras: {} };
  for (const f of KEY_FIELDS) {
    const v = row.key ? row.key[f] : row.fields[f];
    if (!isEmpty(v)) m[f] = v;
  }
  return m;
}

/** Loads the history that rows edited from an older version need for the conflict check. */
async function loadStaleHistory(trx: Transaction<Tables>, rows: PushRow[], targets: Targets): Promise<void> {
  const wanted = new Map<WorkingRow, number>();
  rows.forEach((r, i) => {
    const target = targets.byIndex[i];
    const base = r.baseVersion ?? DEFAULT_BASE_VERSION;
    if (target && base < target.version) wanted.set(target, Math.min(base, wanted.get(target) ?? base));
  });
  if (wanted.size > 0) await loadHistorySince(trx, wanted);
}

interface Proposed extends FieldChange {
  encoded: Encoded;
}

/** The fields the row sends, normalised (an empty value is absent). */
function proposedFields(row: PushRow): Proposed[] {
  const out: Proposed[] = [];
  for (const field of VALUE_FIELDS) {
    if (!(field in row.fields)) continue;
    const v = row.fields[field];
    out.push({ field, value: isEmpty(v) ? undefined : v, encoded: encode(v) });
  }
  for (const [key, v] of Object.entries(row.extras ?? {})) {
    out.push({ field: extrasField(key), value: isEmpty(v) ? undefined : v, encoded: encode(v) });
  }
  return out;
}

/** What the client says the field held when it started, if it says. */
function clientBase(row: PushRow, field: string): { value: unknown } | undefined {
  if (!row.base) return undefined;
  const key = extrasKey(field);
  if (key !== undefined) return row.base.extras && key in row.base.extras ? { value: row.base.extras[key] } : undefined;
  return field in row.base ? { value: (row.base as Record<string, unknown>)[field] } : undefined;
}

function updateRow(batch: Batch, row: PushRow, index: number, target: WorkingRow): RowResult {
  const refused = (reason: RowResult['reason']): RowResult => ({
    index,
    status: 'rejected',
    id: target.id,
    version: target.version,
    reason,
  });
  if (target.campaign !== batch.campaign) return { index, status: 'rejected', reason: reject('other_campaign') };
  if (batch.actor.kind === 'unit' && target.values.unit !== batch.actor.unit) {
    return { index, status: 'rejected', reason: reject('other_unit', { unit: target.values.unit ?? null }) };
  }
  if (target.deleted) return refused(reject('row_deleted'));
  const baseVersion = row.baseVersion ?? DEFAULT_BASE_VERSION;
  if (baseVersion > target.version) {
    return refused(reject('version_ahead', { baseVersion, version: target.version }));
  }

  // The first change of each field after baseVersion: its old value is what the client started from.
  const sinceBase = new Map<string, Encoded>();
  for (const h of target.history) if (h.version > baseVersion && !sinceBase.has(h.field)) sinceBase.set(h.field, h.old);

  const edits: Array<Proposed & { conflict?: { base: Encoded; server: Encoded } }> = [];
  for (const p of proposedFields(row)) {
    const server = encode(getField(target, p.field));
    if (p.encoded === server) continue;
    if (!sinceBase.has(p.field)) {
      edits.push(p);
      continue;
    }
    const claimed = clientBase(row, p.field);
    const base = claimed ? encode(claimed.value) : (sinceBase.get(p.field) ?? null);
    // Sending back the value one started from is not an edit: the newer server value stands.
    if (p.encoded === base) continue;
    edits.push({ ...p, conflict: { base, server } });
  }

  const violation = ownershipViolation(batch.actor, { unit: target.values.unit ?? null, closure: target.values.closure }, edits, false);
  if (violation) return refused(violation);

  const applied: string[] = [];
  const conflicts: ConflictItem[] = [];
  for (const e of edits) {
    if (e.conflict) {
      const conflictId = batch.conflict(target, e.field, e.conflict.base, e.conflict.server, e.encoded, baseVersion);
      conflicts.push({
        conflictId,
        field: e.field,
        base: decode(e.conflict.base),
        server: decode(e.conflict.server),
        caller: decode(e.encoded),
      });
    } else {
      batch.apply(target, e.field, e.value);
      applied.push(e.field);
    }
  }
  const status = conflicts.length > 0 ? 'conflict' : applied.length > 0 ? 'updated' : 'unchanged';
  return {
    index,
    status,
    id: target.id,
    version: target.version,
    ...(applied.length > 0 ? { applied } : {}),
    ...(conflicts.length > 0 ? { conflicts } : {}),
  };
}

function createRow(batch: Batch, row: PushRow, index: number, all: Map<string, WorkingRow>): RowResult {
  const content: RowContent = { values: {}, extras: {} };
  for (const f of KEY_FIELDS) if (row.key && !isEmpty(row.key[f])) setField(content, f, row.key[f]);
  for (const p of proposedFields(row)) setField(content, p.field, p.value);
  // A unit's own new row (a self-found problem) is its own even when the sheet has no unit column.
  if (batch.actor.kind === 'unit' && isEmpty(content.values.unit)) content.values.unit = batch.actor.unit;

  const changes: FieldChange[] = [
    ...VALUE_FIELDS.filter((f) => !isEmpty(content.values[f])).map((f) => ({ field: f, value: content.values[f] })),
    ...Object.entries(content.extras).map(([k, v]) => ({ field: extrasField(k), value: v })),
  ];
  if (changes.length === 0) return { index, status: 'rejected', reason: reject('empty_row') };
  const violation = ownershipViolation(batch.actor, { unit: content.values.unit ?? null, closure: undefined }, changes, true);
  if (violation) return { index, status: 'rejected', reason: violation };

  const created = newWorkingRow(row.id ?? randomUUID(), batch.campaign, batch.actor.name, batch.at);
  batch.create(created, content);
  all.set(created.id, created);
  return { index, status: 'created', id: created.id, version: created.version, applied: changes.map((c) => c.field) };
}

function countResults(rows: RowResult[]): PushCounts {
  const counts: PushCounts = { created: 0, updated: 0, unchanged: 0, conflicts: 0, rejected: 0 };
  for (const r of rows) {
    if (r.status === 'conflict') counts.conflicts += 1;
    else counts[r.status] += 1;
  }
  return counts;
}

function mutationReused(req: PushRequest): StoreError {
  return new StoreError('mutation_reused', {
    zh: `客户端 ${req.clientId} 的批次号 ${req.mutationId} 已用于另一批修改，请使用新的批次号`,
    en: `client ${req.clientId} already used mutation id ${req.mutationId} for a different batch; use a new id`,
  });
}

function staleMutation(req: PushRequest, newest: number): StoreError {
  return new StoreError('stale_mutation', {
    zh: `批次号 ${req.mutationId} 早于该客户端已提交的 ${newest}，视为过期重放，已拒绝`,
    en: `mutation id ${req.mutationId} is older than the client's last applied ${newest}: refused as a stale replay`,
  });
}
