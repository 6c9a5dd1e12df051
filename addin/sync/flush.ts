// Pushes queued while the service was unreachable go first, under their original client and
// mutation ids, so the service applies each once however often it is sent.
import { matchRows, type Measure } from '../../ledger';
import type { PushResult } from '../../ledger/sync-protocol';
import { OfflineError, ServiceError } from './api';
import { columnName, fieldHash, fieldPatch } from './fields';
import { addCounts, REFUSED } from './report';
import type { SyncRound } from './round';
import { rowsById, type LocalRow } from './rows';
import type { QueuedPush } from './state';

const PERMANENT_FAILURES = new Set([400, 409, 413, 422]);

/** The service holds another batch under this client's mutation id (see `SyncRound.newClient`). */
export function isReusedId(e: unknown): boolean {
  return e instanceof ServiceError && e.status === 409 && (e.code === 'stale_mutation' || e.code === 'mutation_reused');
}

/** Sends the queue in order; 'offline' when the service cannot be reached (the rest stays queued). */
export async function flushQueue(round: SyncRound): Promise<'offline' | 'done'> {
  const { state, deps, report } = round;
  round.progress('flush', 0.15);
  while (state.queue.length > 0) {
    const queued = state.queue[0]!;
    const result = await sendQueued(round, queued);
    if (result === 'offline') return 'offline';
    state.queue.shift();
    await deps.saveState(state);
    if (result === 'refused') continue;
    report.pushed = addCounts(report.pushed, result.counts);
    applyQueuedResult(round, queued, result);
  }
  return 'done';
}

async function sendQueued(round: SyncRound, queued: QueuedPush): Promise<PushResult | 'offline' | 'refused'> {
  try {
    return await round.deps.api.push(queued.campaign, queued.request);
  } catch (e) {
    if (e instanceof OfflineError) return 'offline';
    if (!(e instanceof ServiceError && PERMANENT_FAILURES.has(e.status))) throw e;
    // Its edits are still in the sheet and not in the snapshot: the next push carries them again.
    if (isReusedId(e)) round.newClient();
    else round.report.errors.push({ zh: `排队的修改无法提交，已放弃：${e.message}`, en: `A queued batch was refused and dropped: ${e.messageEn}` });
    return 'refused';
  }
}

/** Results of a push sent late: ids for its new rows (found by identity), versions and hashes for the rest. */
function applyQueuedResult(round: SyncRound, queued: QueuedPush, result: PushResult): void {
  const { snapshot, report, writes } = round;
  const rowOf = sentRows(round.locals, queued);
  for (const r of result.rows) {
    const sent = queued.request.rows[r.index];
    const local = rowOf(r.index);
    if (r.status === 'rejected') {
      report.rejected.push({ row: local ? local.row + 1 : undefined, reason: r.reason ?? REFUSED });
      continue;
    }
    if (!sent || !r.id || r.version === undefined) continue;
    snapshot.set(r.id, r.version, sentHashes(round, sent, local, snapshot.get(r.id)?.hashes));
    if (local) writes.idVersion(local, r.id, r.version);
  }
}

/** Finds the sheet row of each row the queued push sent: by id, or for new rows by identity. */
function sentRows(locals: readonly LocalRow[], queued: QueuedPush): (index: number) => LocalRow | undefined {
  const byId = rowsById(locals);
  const idless = locals.filter((l) => l.id === undefined);
  const sentNew = queued.request.rows.map((r, i) => ({ r, i })).filter(({ r }) => !r.id);
  const { pairs } = matchRows(
    sentNew.map(({ r }) => ({ ...(r.key ?? {}), extras: {} })),
    idless.map((l) => l.measure),
  );
  const newLocal = new Map<number, LocalRow>();
  for (const [b, i] of pairs) newLocal.set(sentNew[b]!.i, idless[i]!);
  return (index) => {
    const sent = queued.request.rows[index];
    return sent?.id ? byId.get(sent.id) : newLocal.get(index);
  };
}

/**
 * The row's hashes as the service now holds it (or holds it in conflict): what was sent, over what
 * the snapshot had. Later edits here differ from it.
 */
function sentHashes(round: SyncRound, sent: QueuedPush['request']['rows'][number], local: LocalRow | undefined, previous: Map<string, string> | undefined): Map<string, string> {
  const sentMeasure: Measure = { ...(local?.measure ?? { extras: {} }), extras: { ...(local?.measure.extras ?? {}), ...(sent.extras ?? {}) } };
  for (const [k, v] of Object.entries(sent.fields)) Object.assign(sentMeasure, { [k]: v ?? undefined });
  const hashes = new Map(previous ?? new Map<string, string>());
  for (const c of round.columns) {
    const name = columnName(c);
    const inRequest = c.kind === 'extra' ? sent.extras !== undefined && c.key in sent.extras : Object.keys(fieldPatch(c.field, sentMeasure)).some((k) => k in sent.fields);
    if (inRequest || !hashes.has(name)) hashes.set(name, fieldHash(c, sentMeasure));
  }
  return hashes;
}
