// Push: apply a client's batch of row edits in one transaction (see README.md for the rules).
// Values compare by meaning (ledger/meaning): sending what the service holds, in other words, is no
// edit. A copy that names its version: an edit of a field someone changed since is a conflict unless
// it sends back what it started from. A copy that names none (an old e-mailed workbook): a value the
// field held before and has since been changed away from is stale, a conflict; any other value is
// an edit. Ownership is checked on every field actually changed; a retried batch returns its first result.
import { createHash, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { CampaignConfig, matchRows, parseStatus, type IdentityFields } from '../../ledger';
import { canonicalFields, cellMeaning, columnFieldOf, COLUMN_FIELDS, fieldMeaning, fieldValue, measureKeys, type ColumnField } from '../../ledger/meaning';
import { MAX_CELL_TEXT, type CellValue } from '../../ledger/schema';
import { lockCampaign } from '../store/campaigns';
import { StoreError, parseInput } from '../store/errors';
import { isUniqueViolation, type Store } from '../store/store';
import type { Tables } from '../store/tables';
import { Batch } from './batch';
import { CampaignCategories, learnedCategories } from './categories';
import { loadHistorySince } from './history';
import { ownershipViolation, type FieldChange } from './ownership';
import {
  Actor,
  extrasField,
  extrasKey,
  PushRequest,
  PushResult,
  RowKey,
  type ConflictItem,
  type MeasureValues,
  type PushCounts,
  type PushRequestInput,
  type PushRow,
  type RejectReason,
  type RowResult,
  type RowWarning,
} from './protocol';
import { parsePushRequest } from './push-body';
import { reject } from './reasons';
import {
  decode,
  encode,
  getField,
  isEmpty,
  meaningOf,
  setField,
  valueOf,
  type Encoded,
  type RowContent,
} from './values';
import { loadMatchBase } from './match-base';
import { loadRowsByIds, newWorkingRow, type HistoryEntry, type WorkingRow } from './working';
import { inTransaction } from '../store/transaction';

export interface PushOutcome {
  result: PushResult;
  /** The result as JSON text, as stored for retries (what the HTTP answer sends). */
  json: string;
  /** True when this was a retry of a batch already applied: nothing was changed this time. */
  replayed: boolean;
}

/**
 * Applies a batch. `sender` names who sent it (`token:<id>`, `entra:<tid>:<oid>`): mutation ids are
 * kept per sender, so a retry is recognised only from the one who sent the batch.
 */
export async function push(store: Store, campaign: string, request: PushRequestInput, actor: Actor, sender = ''): Promise<PushOutcome> {
  const req = parsePushRequest(request);
  const who = parseInput(Actor, actor, '操作者 / actor');
  const hash = requestHash(req.rows);
  const run = () => inTransaction(store.db, (trx) => pushInTransaction(store, trx, campaign, req, hash, who, sender));
  try {
    return await run();
  } catch (err) {
    // Two transactions raced to insert the same key (the same mutation pushed to two campaigns at
    // once, or the same new row id): the loser runs again and now sees the winner's rows.
    if (!isUniqueViolation(err)) throw err;
    return run();
  }
}

/**
 * The SHA-256 of the parsed rows (keys in schema order, so formatting differences of a retry do not
 * count). Their text goes to the hash as it is: made into bytes first, the same 10,000 rows took the
 * writer 20 ms longer than the hashing itself.
 */
function requestHash(rows: PushRow[]): string {
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

async function pushInTransaction(
  store: Store,
  trx: Transaction<Tables>,
  campaign: string,
  req: PushRequest,
  hash: string,
  actor: Actor,
  sender: string,
): Promise<PushOutcome> {
  const lastSeq = await lockCampaign(trx, campaign);
  const earlier = await earlierOutcome(trx, campaign, req, hash, sender);
  if (earlier) return earlier;

  const categories = await campaignCategories(trx, campaign, req.rows);
  const batch = new Batch(store, trx, campaign, lastSeq, actor, { clientId: req.clientId, mutationId: req.mutationId });
  const results = await applyRows(batch, trx, req.rows, categories);
  await batch.flush();
  await categories.save(trx, campaign);

  const result: PushResult = { campaign, clientId: req.clientId, mutationId: req.mutationId, counts: countResults(results), rows: results };
  const json = JSON.stringify(result);
  await trx
    .insertInto('mutations')
    .values({ sender, client_id: req.clientId, mutation_id: req.mutationId, campaign, request_hash: hash, result: json, at: batch.at })
    .execute();
  return { result, json, replayed: false };
}

/**
 * What this sender's earlier batches say of this one: its stored outcome when it is a retry; refused
 * when its mutation id was used for other rows, or is older than the newest applied.
 */
async function earlierOutcome(
  trx: Transaction<Tables>,
  campaign: string,
  req: PushRequest,
  hash: string,
  sender: string,
): Promise<PushOutcome | undefined> {
  const previous = await trx
    .selectFrom('mutations')
    .selectAll()
    .where('sender', '=', sender)
    .where('client_id', '=', req.clientId)
    .where('mutation_id', '=', req.mutationId)
    .executeTakeFirst();
  if (previous) {
    if (previous.campaign !== campaign || previous.request_hash !== hash) throw mutationReused(req);
    return { result: PushResult.parse(JSON.parse(previous.result)), json: previous.result, replayed: true };
  }
  const newest = await trx
    .selectFrom('mutations')
    .select((eb) => eb.fn.max('mutation_id').as('max'))
    .where('sender', '=', sender)
    .where('client_id', '=', req.clientId)
    .executeTakeFirst();
  const max = newest?.max ?? null;
  if (max !== null && Number(max) > req.mutationId) throw staleMutation(req, Number(max));
  return undefined;
}

/** The campaign's categories, with the ordinals this push's rows teach. */
async function campaignCategories(trx: Transaction<Tables>, campaign: string, rows: PushRow[]): Promise<CampaignCategories> {
  const { config } = await trx.selectFrom('campaigns').select('config').where('name', '=', campaign).executeTakeFirstOrThrow();
  return new CampaignCategories(
    CampaignConfig.parse(JSON.parse(config)),
    await learnedCategories(trx, campaign),
    rows.flatMap((r) => (r.fields.category ? [r.fields.category] : [])),
  );
}

/** Each row of the request updated, created or refused, in order; the history written a chunk at a time. */
async function applyRows(batch: Batch, trx: Transaction<Tables>, rows: PushRow[], categories: CampaignCategories): Promise<RowResult[]> {
  const targets = await resolveTargets(trx, batch.campaign, rows, batch.actor);
  await loadNeededHistory(trx, rows, targets);
  const results: RowResult[] = [];
  for (const [index, row] of rows.entries()) {
    const proposed = proposals(row, categories);
    // An id may also name a row created earlier in this same batch.
    const target = targets.byIndex[index] ?? (row.id && !targets.fresh.has(index) ? targets.all.get(row.id) : undefined);
    const result = target ? updateRow(batch, row, index, target, proposed) : createRow(batch, row, index, targets, proposed);
    results.push(proposed.warnings.length > 0 && result.status !== 'rejected' ? { ...result, warnings: proposed.warnings } : result);
    await batch.writeHistoryChunk();
  }
  return results;
}

interface Targets {
  /** The existing row each request row addresses, if any. */
  byIndex: (WorkingRow | undefined)[];
  /** Every row loaded or created in this batch, by id (a row named twice is one object). */
  all: Map<string, WorkingRow>;
  /**
   * Request rows whose id an earlier row of the request already named (a row copied in Excel with
   * its hidden id): matched by identity like a row without id, and created under a new id.
   */
  fresh: Set<number>;
}

/** Finds each row's existing row: by id, else (BRIEF §3 identity) among the rows the actor can see. */
async function resolveTargets(trx: Transaction<Tables>, campaign: string, rows: PushRow[], actor: Actor): Promise<Targets> {
  const all = new Map<string, WorkingRow>();
  const ids = rows.flatMap((r) => (r.id ? [r.id] : []));
  for (const row of await loadRowsByIds(trx, ids)) all.set(row.id, row);
  const claimed = new Set<string>();
  const fresh = new Set<number>();
  const byIndex: (WorkingRow | undefined)[] = rows.map((r, i) => {
    if (!r.id) return undefined;
    if (claimed.has(r.id)) {
      fresh.add(i);
      return undefined;
    }
    claimed.add(r.id);
    return all.get(r.id);
  });

  const keyed = rows.flatMap((r, i) => (!r.id || fresh.has(i) ? [i] : []));
  if (keyed.length > 0) {
    // A row the request names by id is taken: nothing else in it may match that row as well. So far
    // `all` holds just those rows (every id named is claimed).
    const incoming = keyed.map((i) => identityOf(rows[i]!, actor));
    const { rows: base, numbers } = await loadMatchBase(trx, campaign, actor, incoming, all);
    for (const row of base) all.set(row.id, row);
    const baseIdentity: IdentityFields[] = base.map((row) => ({ ...row.values, id: row.id }));
    for (const [b, k] of matchRows(baseIdentity, incoming, numbers).pairs) {
      const index = keyed[k];
      if (index !== undefined) byIndex[index] = base[b];
    }
  }
  return { byIndex, all, fresh };
}

const KEY_FIELDS = Object.keys(RowKey.shape) as (keyof RowKey)[];

/** The identity a row without id is matched by: its key, or else the identity fields it sends. */
function identityOf(row: PushRow, actor: Actor): IdentityFields {
  const m: IdentityFields = {};
  for (const f of KEY_FIELDS) {
    const v = row.key ? row.key[f] : row.fields[f];
    if (!isEmpty(v)) m[f] = v;
  }
  // A unit's workbook without a unit column holds that unit's rows.
  if (actor.kind === 'unit' && m.unit === undefined) m.unit = actor.unit;
  return m;
}

/**
 * Loads the history the conflict checks read: the changes after the version a copy names, and all
 * of them for a copy that names none (only rows changed since their creation have any).
 */
async function loadNeededHistory(trx: Transaction<Tables>, rows: PushRow[], targets: Targets): Promise<void> {
  const wanted = new Map<WorkingRow, number>();
  rows.forEach((r, i) => {
    const target = targets.byIndex[i];
    if (!target) return;
    const since = r.baseVersion ?? (target.version > 1 ? 0 : undefined);
    if (since !== undefined && since < target.version) wanted.set(target, Math.min(since, wanted.get(target) ?? since));
  });
  if (wanted.size > 0) await loadHistorySince(trx, wanted);
}

/** One field a push row sends: a column of the ledger (a status with its words) or an extra column. */
interface Proposal {
  field: string;
  /** The value as one (a status's code; undefined when empty). */
  value: unknown;
  /** The stored keys and values that set it (a new row starts with the non-empty ones). */
  entries: [string, unknown][];
  /** A column's values the meaning is read from; undefined for an extra cell (read from `value`). */
  values: MeasureValues | undefined;
  /** Worked out when first compared with a stored value (a new row's never are). */
  meaning: string | undefined;
}

/** What a proposal means (ledger/meaning), as compared with the value a row holds. */
function meaningOfProposal(p: Proposal): string {
  p.meaning ??= p.values ? fieldMeaning(p.field as ColumnField, p.values) : cellMeaning(p.value as CellValue | undefined);
  return p.meaning;
}

interface Proposals {
  list: Proposal[];
  refused?: RejectReason;
  warnings: RowWarning[];
}

/** Each column field with the Measure keys that hold it, worked out once. */
const COLUMN_KEYS = COLUMN_FIELDS.map((field) => ({ field, keys: measureKeys(field) }));

/** The fields a row sends, normalised: a status by its code, a category in the campaign's words. */
function proposals(row: PushRow, categories: CampaignCategories): Proposals {
  const list: Proposal[] = [];
  const warnings: RowWarning[] = [];
  const sent = row.fields as Record<string, unknown>;
  for (const { field, keys } of COLUMN_KEYS) {
    if (!keys.some((k) => k in sent)) continue;
    const given: Record<string, unknown> = {};
    for (const k of keys) if (!isEmpty(sent[k])) given[k] = sent[k];
    if (field === 'status' && given.status === undefined && typeof given.statusText === 'string' && !parseStatus(given.statusText).status) {
      return { list, warnings, refused: reject('unknown_status', { value: given.statusText, fields: ['status'] }) };
    }
    if (field === 'category' && typeof given.category === 'string') {
      const resolved = categories.resolve(given.category);
      given.category = resolved.name;
      if (resolved.warning) warnings.push(resolved.warning);
    }
    const values = canonicalFields(given as MeasureValues);
    list.push({ field, value: fieldValue(field, values), entries: keys.map((k) => [k, values[k]]), values, meaning: undefined });
  }
  if (row.extras) {
    for (const [key, v] of Object.entries(row.extras)) {
      const field = extrasField(key);
      const value = isEmpty(v) ? undefined : v;
      list.push({ field, value, entries: [[field, value]], values: undefined, meaning: undefined });
    }
  }
  const tooLong = list.filter((p) => longestText(p.value) > MAX_CELL_TEXT).map((p) => p.field);
  if (tooLong.length > 0) return { list, warnings, refused: reject('text_too_long', { fields: tooLong }) };
  return { list, warnings };
}

/** The longest text in a value (a deadline's or closure's words included). */
function longestText(v: unknown): number {
  if (typeof v === 'string') return v.length;
  let longest = 0;
  if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) longest = Math.max(longest, longestText(x));
  return longest;
}

/** The stored keys that hold a field. */
function keysOf(field: string): string[] {
  return extrasKey(field) !== undefined ? [field] : measureKeys(field as (typeof COLUMN_FIELDS)[number]);
}

interface Conflicting {
  base: Encoded;
  server: Encoded;
  changed: HistoryEntry | undefined;
}

/** The newest change of a field: who set the value the service holds, and when. */
function lastChange(history: HistoryEntry[], field: string): HistoryEntry | undefined {
  for (let i = history.length - 1; i >= 0; i--) if (columnFieldOf(history[i]!.field) === field) return history[i];
  return undefined;
}

/**
 * A copy naming its version: undefined when nobody changed the field since (an edit), 'unchanged'
 * when it sends back the value it started from, else the conflict.
 */
function againstBase(target: WorkingRow, p: Proposal, baseVersion: number, row: PushRow): Conflicting | 'unchanged' | undefined {
  const keys = keysOf(p.field);
  const since = target.history.filter((h) => h.version > baseVersion && keys.includes(h.field));
  if (since.length === 0) return undefined;
  // The field as the copy saw it: each key's value before its first change after baseVersion.
  const atBase: RowContent = { values: { ...target.values }, extras: { ...target.extras } };
  for (const k of keys) {
    const first = since.find((h) => h.field === k);
    if (first) setField(atBase, k, decode(first.old));
  }
  const claimed = claimedBase(row, keys);
  if (claimed) for (const [k, v] of claimed) setField(atBase, k, v);
  atBase.values = canonicalFields(atBase.values);
  if (meaningOfProposal(p) === meaningOf(atBase, p.field)) return 'unchanged';
  return { base: encode(valueOf(atBase, p.field)), server: encode(valueOf(target, p.field)), changed: lastChange(target.history, p.field) };
}

/** What the client says the field held when it started, if it says. */
function claimedBase(row: PushRow, keys: string[]): [string, unknown][] | undefined {
  if (!row.base) return undefined;
  const out: [string, unknown][] = [];
  for (const k of keys) {
    const extra = extrasKey(k);
    if (extra !== undefined) {
      if (row.base.extras && extra in row.base.extras) out.push([k, row.base.extras[extra]]);
    } else if (k in row.base) out.push([k, (row.base as Record<string, unknown>)[k]]);
  }
  return out.length > 0 ? out : undefined;
}

/**
 * A copy naming no version: a value the field held before and has since been changed away from is
 * stale (the conflict), an empty cell included when the field was empty before someone filled it;
 * any other value is an edit.
 */
function againstHistory(target: WorkingRow, p: Proposal): Conflicting | undefined {
  const keys = keysOf(p.field);
  const entries = target.history.filter((h) => keys.includes(h.field));
  // Walk back from the row as it is, undoing one version's changes at a time (a status and its
  // words change together), back to the row's creation.
  const state: RowContent = { values: { ...target.values }, extras: { ...target.extras } };
  for (let i = entries.length - 1; i >= 0; ) {
    const version = entries[i]!.version;
    let creation = false;
    for (; i >= 0 && entries[i]!.version === version; i--) {
      creation ||= entries[i]!.creation;
      setField(state, entries[i]!.field, decode(entries[i]!.old));
    }
    if (creation) break;
    if (meaningOf(state, p.field) === meaningOfProposal(p)) {
      return { base: encode(valueOf(state, p.field)), server: encode(valueOf(target, p.field)), changed: lastChange(target.history, p.field) };
    }
  }
  return undefined;
}

function updateRow(batch: Batch, row: PushRow, index: number, target: WorkingRow, proposed: Proposals): RowResult {
  const refused = (reason: RejectReason): RowResult => ({
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
  const baseVersion = row.baseVersion;
  if (baseVersion !== undefined && baseVersion > target.version) {
    return refused(reject('version_ahead', { baseVersion, version: target.version }));
  }
  if (proposed.refused) return refused(proposed.refused);

  const edits: Array<Proposal & { conflict?: Conflicting }> = [];
  for (const p of proposed.list) {
    // Sending what the service holds, in whatever words, is no edit.
    if (meaningOfProposal(p) === meaningOf(target, p.field)) continue;
    const conflict = baseVersion === undefined ? againstHistory(target, p) : againstBase(target, p, baseVersion, row);
    if (conflict === 'unchanged') continue;
    edits.push(conflict ? { ...p, conflict } : p);
  }

  const changes: FieldChange[] = edits.map((e) => ({ field: e.field, value: e.value }));
  const violation = ownershipViolation(batch.actor, { unit: target.values.unit ?? null, closure: target.values.closure }, changes, false);
  if (violation) return refused(violation);

  const applied: string[] = [];
  const conflicts: ConflictItem[] = [];
  for (const e of edits) {
    if (e.conflict) {
      const { base, server, changed } = e.conflict;
      const caller = encode(e.value);
      const conflictId = batch.conflict(target, e.field, { base, server, caller }, baseVersion ?? null, changed);
      conflicts.push({
        conflictId,
        field: e.field,
        base: decode(base),
        server: decode(server),
        caller: decode(caller),
        changedBy: changed?.actor ?? null,
        changedAt: changed?.at ?? null,
      });
      continue;
    }
    for (const [key, value] of e.entries) if (encode(getField(target, key)) !== encode(value)) batch.apply(target, key, value);
    applied.push(e.field);
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

/** A new row's values: its key, then what it sends (the values were checked when the request was parsed). */
function newRowContent(batch: Batch, row: PushRow, proposed: Proposals): RowContent {
  const values: Record<string, unknown> = {};
  const extras: RowContent['extras'] = {};
  for (const f of KEY_FIELDS) if (row.key && !isEmpty(row.key[f])) values[f] = row.key[f];
  for (const p of proposed.list) {
    if (p.values) {
      for (const [k, v] of p.entries) {
        if (isEmpty(v)) delete values[k];
        else values[k] = v;
      }
    } else {
      const key = extrasKey(p.field)!;
      if (p.value === undefined) delete extras[key];
      else extras[key] = p.value as CellValue;
    }
  }
  // A unit's own new row (a self-found problem) is its own even when the sheet has no unit column.
  if (batch.actor.kind === 'unit' && isEmpty(values.unit)) values.unit = batch.actor.unit;
  return { values: values as MeasureValues, extras };
}

function createRow(batch: Batch, row: PushRow, index: number, targets: Targets, proposed: Proposals): RowResult {
  if (proposed.refused) return { index, status: 'rejected', reason: proposed.refused };
  const content = newRowContent(batch, row, proposed);
  const applied = [...COLUMN_FIELDS.filter((f) => !isEmpty(fieldValue(f, content.values))), ...Object.keys(content.extras).map(extrasField)];
  if (applied.length === 0) return { index, status: 'rejected', reason: reject('empty_row') };
  const changes: FieldChange[] = applied.map((field) => ({ field, value: valueOf(content, field) }));
  const violation = ownershipViolation(batch.actor, { unit: content.values.unit ?? null, closure: undefined }, changes, true);
  if (violation) return { index, status: 'rejected', reason: violation };

  const id = row.id !== undefined && !targets.fresh.has(index) ? row.id : randomUUID();
  const created = newWorkingRow(id, batch.campaign, batch.actor.name, batch.at);
  batch.create(created, content);
  targets.all.set(created.id, created);
  return { index, status: 'created', id: created.id, version: created.version, applied };
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
