// Sending this sync's edits: edited rows with ids, and rows without an id as new rows (the service
// matches them by identity). Each push waits in the queue until answered, so a lost answer is sent
// again, with the same ids, next time.
import { columnFieldOf } from '../../ledger';
import type { ConflictView, PushRequest, PushResult, PushRow } from '../../ledger/sync-protocol';
import { OfflineError } from './api';
import { cellFor, columnName, fieldHash } from './fields';
import { isReusedId } from './flush';
import { collectEdits } from './merge';
import { assignColumn, keyOf, patchOf } from './patch';
import type { Pulled } from './pull';
import { addCounts, REFUSED } from './report';
import type { SyncRound } from './round';
import type { LocalRow } from './rows';

interface BuiltPush {
  request: PushRequest;
  /** The sheet row of each row sent, by index. */
  locals: LocalRow[];
}

/** The push for this round, under the next mutation id; undefined when there is nothing to send. */
function buildPush(round: SyncRound): BuiltPush | undefined {
  const { state, isUnit } = round;
  const rows: PushRow[] = [];
  const refs: LocalRow[] = [];
  // A new row carries everything; for a unit the service files it under the unit's name. Closure and
  // extension are the office's to set (a unit asks for them on rows that exist).
  const sendable = round.columns.filter((c) => !isUnit || c.kind === 'extra' || (c.field !== 'closure' && c.field !== 'extension'));
  for (const local of round.locals) {
    if (local.gone) continue;
    if (local.id !== undefined) {
      if (local.edits.length === 0) continue;
      rows.push({ id: local.id, ...(local.baseVersion !== undefined ? { baseVersion: local.baseVersion } : {}), ...patchOf(local.edits, local.measure) });
      refs.push(local);
    } else if (local.measure.measure) {
      rows.push({ ...(local.freshId ? { id: local.freshId } : {}), key: keyOf(round.identity(local.measure)), ...patchOf(sendable, local.measure) });
      refs.push(local);
    }
  }
  if (rows.length === 0) return undefined;
  state.lastMutationId += 1;
  return { request: { clientId: state.clientId, mutationId: state.lastMutationId, rows }, locals: refs };
}

/**
 * The service cannot be reached: the edits (measured against the snapshot) go into the queue, and
 * copied rows keep the new ids they were queued under, so the queued push finds them later.
 */
export function queueEdits(round: SyncRound): void {
  const { state, sheet } = round;
  collectEdits(round, new Map(), new Set());
  const built = buildPush(round);
  if (built) state.queue.push({ campaign: round.target.campaign, request: built.request, queuedAt: round.now() });
  if (sheet.idCol !== undefined) for (const l of round.locals) if (l.freshId) round.writes.cell(l, sheet.idCol, { value: l.freshId }, 'bookkeeping');
}

/**
 * Pushes the edits and applies the answer. Returns the open conflicts when the push made new ones
 * (undefined: those pulled still stand).
 */
export async function pushEdits(round: SyncRound, pulled: Pulled): Promise<ConflictView[] | undefined> {
  round.progress('push', 0.55);
  let built = buildPush(round);
  for (let attempt = 0; built; attempt++) {
    const result = await send(round, built.request, attempt === 0);
    if (result === 'renewed') {
      built = buildPush(round);
      continue;
    }
    if (result === 'offline') {
      round.report.offline = true;
      return undefined;
    }
    round.report.pushed = addCounts(round.report.pushed, result.counts);
    applyPushResult(round, result, built.locals, pulled);
    return result.counts.conflicts > 0 ? round.deps.api.openConflicts(round.target.campaign) : undefined;
  }
  return undefined;
}

/**
 * Sends one push, queued while it is on the way. 'offline': lost on the way, it stays queued.
 * 'renewed': the client id was in use elsewhere and this workbook took a new one (once per sync).
 */
async function send(round: SyncRound, request: PushRequest, mayRenew: boolean): Promise<PushResult | 'offline' | 'renewed'> {
  const { state, deps } = round;
  const { campaign } = round.target;
  state.queue.push({ campaign, request, queuedAt: round.now() });
  await deps.saveState(state);
  let result: PushResult;
  try {
    result = await deps.api.push(campaign, request);
  } catch (e) {
    if (e instanceof OfflineError) return 'offline';
    state.queue.pop();
    if (mayRenew && isReusedId(e)) {
      round.newClient();
      return 'renewed';
    }
    await deps.saveState(state);
    throw e;
  }
  state.queue.pop();
  return result;
}

/** A push's answer: ids and versions into the sheet, rejections into the report. */
function applyPushResult(round: SyncRound, result: PushResult, refs: readonly LocalRow[], pulled: Pulled): void {
  for (const r of result.rows) {
    const local = refs[r.index];
    if (!local) continue;
    if (r.status === 'rejected') {
      round.report.rejected.push({ row: local.row + 1, reason: r.reason ?? REFUSED });
      continue;
    }
    if (!r.id || r.version === undefined) continue;
    const settled = new Set([...(r.applied ?? []), ...(r.conflicts ?? []).map((c) => c.field)].map((f) => columnFieldOf(f)));
    if (local.id !== undefined) takeUnsettled(round, local, settled, r.id, pulled);
    round.writes.idVersion(local, r.id, r.version);
    round.snapshot.set(r.id, r.version, new Map(local.hashes));
  }
}

/**
 * Sent but neither applied nor in conflict: the service holds a newer value than the one this sheet
 * started from (it was not an edit here); take it.
 */
function takeUnsettled(round: SyncRound, local: LocalRow, settled: Set<string>, id: string, pulled: Pulled): void {
  const read = pulled.reads.get(id);
  const server = pulled.rows.get(id);
  if (!read || !server) return;
  for (const c of local.edits) {
    const name = columnName(c);
    if (settled.has(name) || fieldHash(c, read) === local.hashes.get(name)) continue;
    round.writes.cell(local, c.index, cellFor(c, server.measure, round.target.config), c);
    assignColumn(c, local.measure, read);
    local.hashes.set(name, fieldHash(c, read));
  }
}
