// Sending a push in batches. The service takes at most 64 MB per request (PUSH_BODY_LIMIT in
// server/app/handlers/sync.ts: it answers 413 or closes the connection) and MAX_PUSH_ROWS rows, and applies
// one request as one transaction while every other push to the campaign waits its turn. So a
// workbook goes in batches well under both limits, each with its own mutation id (increasing, as
// the protocol asks), each retried on a transient failure with the same client and mutation id (the
// service applies it once and answers a retry with the stored result).
import { randomUUID } from 'node:crypto';
import { matchRows, type IdentityFields } from '../../ledger';
import { MAX_PUSH_ROWS, type PushRow } from '../../ledger/sync-protocol';
import { ServiceError } from './client';

/**
 * A batch holds at most this many rows and this many bytes of JSON. 5,000 ledger rows of Chinese
 * text are about 2–4 MB and one short transaction (well under a second on SQLite); 8 MB leaves room
 * for rows with long texts and is an eighth of the service's 64 MB limit, so a proxy in front of it
 * with a smaller limit is met by halving (see `sendBatches`) rather than failing outright.
 */
export const BATCH_LIMITS = { maxRows: Math.min(5_000, MAX_PUSH_ROWS), maxBytes: 8 * 1024 * 1024 };

/** How often and how patiently a batch is sent again after a transient failure. */
export const RETRY = {
  /** Tries in all, the first one included. */
  attempts: 5,
  /** Waits between tries: base, 2×base, 4×base… (each up to maxDelayMs), unless the service says Retry-After. */
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  /** A Retry-After longer than this is not waited for: the push stops, to be run again later. */
  maxRetryAfterMs: 120_000,
};

/** The bytes a row adds to a request body: its JSON, the comma, and room for an id given to it later. */
const ID_ALLOWANCE = 48;

/** Splits rows, in order, into batches under both limits (a row larger than maxBytes goes alone). */
export function planBatches(rows: PushRow[], limits = BATCH_LIMITS): PushRow[][] {
  const batches: PushRow[][] = [];
  let current: PushRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = Buffer.byteLength(JSON.stringify(row)) + 1 + (row.id === undefined ? ID_ALLOWANCE : 0);
    if (current.length > 0 && (current.length >= limits.maxRows || bytes + size > limits.maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

let lastMutationId = 0;

/**
 * The next mutation id: microseconds of the clock (Date.now() × 1000), and always above the last
 * one this process gave. A later batch has a higher id than an earlier one, and a later run of
 * `ledger push` higher ids than any earlier run (it would have to send 1,000 batches a millisecond
 * to run ahead of the clock), so a rerun is never refused as stale.
 */
export function nextMutationId(): number {
  lastMutationId = Math.max(lastMutationId + 1, Date.now() * 1000);
  return lastMutationId;
}

/** A failure worth trying again: the service could not be reached or answered, was busy, or asked us to wait. */
export function isTransient(e: unknown): e is ServiceError {
  if (!(e instanceof ServiceError)) return false;
  if (e.status === undefined) return true;
  // 501 and 507 (disk full) are not cured by trying again seconds later.
  return e.status === 429 || e.status === 408 || (e.status >= 500 && e.status !== 501 && e.status !== 507);
}

/** How long to wait before try number `attempt + 1`, or undefined to give up. */
function delayBefore(e: ServiceError, attempt: number): number | undefined {
  if (attempt >= RETRY.attempts) return undefined;
  if (e.retryAfterMs !== undefined) return e.retryAfterMs <= RETRY.maxRetryAfterMs ? e.retryAfterMs : undefined;
  return Math.min(RETRY.maxDelayMs, RETRY.baseDelayMs * 2 ** (attempt - 1));
}

/** Calls `send` until it succeeds, retrying transient failures; `onRetry` hears of each retry. */
export async function withRetry<T>(send: () => Promise<T>, onRetry: (e: ServiceError, attempt: number, waitMs: number) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (e) {
      if (!isTransient(e)) throw e;
      const wait = delayBefore(e, attempt);
      if (wait === undefined) throw e;
      onRetry(e, attempt, wait);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/**
 * Keeps the service's identity matching to what the CLI decided. The CLI matched the whole workbook
 * against the rows it fetched once at the start; a row it found no partner for is new. The service
 * matches a row without id among the caller's rows as they are when the batch arrives, less those
 * the batch names by id: rows created by earlier batches included, and rows the CLI left out of this
 * batch (unchanged) included. So a new row whose key appears twice in the workbook (audit ledgers
 * repeat texts), or that resembles a row another batch holds, would be taken there for that row.
 * `identify` gives such rows an id of their own, which the service keeps as the new row's id; rows
 * that resemble nothing the CLI knows of go without one, so the service can still match them to a
 * row someone else created meanwhile instead of making a duplicate.
 */
export class IdentityGuard {
  /** The rows of the caller's scope as the service holds them now (as far as this push knows), in ledger order. */
  private readonly known = new Map<string, IdentityFields>();

  constructor(
    serverRows: IdentityFields[],
    /** A push row without id as the service matches it: its key, a unit's own unit when it names none. */
    private readonly identityOf: (row: PushRow) => IdentityFields,
  ) {
    for (const r of serverRows) if (r.id) this.known.set(r.id, r);
  }

  /** The batch as it is to be sent: rows the service would match elsewhere get an id. */
  identify(batch: PushRow[]): PushRow[] {
    const claimed = new Set(batch.flatMap((r) => (r.id ? [r.id] : [])));
    const base = [...this.known.values()].filter((k) => !claimed.has(k.id!));
    const out = [...batch];
    let keyed = out.flatMap((r, i) => (r.id ? [] : [i]));
    // Taking a matched row out of the matching can free its partner for another: until none match.
    while (keyed.length > 0) {
      const { pairs } = matchRows(
        base,
        keyed.map((i) => this.identityOf(out[i]!)),
      );
      if (pairs.length === 0) break;
      const taken = new Set(pairs.map(([, k]) => keyed[k]!));
      for (const i of taken) out[i] = { ...out[i]!, id: randomUUID() };
      keyed = keyed.filter((i) => !taken.has(i));
    }
    return out;
  }

  /** A batch went in: the rows it created, and the identity fields it changed, are what later batches meet. */
  applied(sent: PushRow[], results: { index: number; status: string; id?: string; applied?: string[] }[]): void {
    for (const r of results) {
      const row = sent[r.index];
      if (!row || !r.id || r.status === 'rejected') continue;
      if (r.status === 'created') {
        this.known.set(r.id, { ...this.identityOf(row), id: r.id });
        continue;
      }
      const before = this.known.get(r.id);
      const changed = IDENTITY_KEYS.filter((k) => r.applied?.includes(k));
      if (!before || changed.length === 0) continue;
      const after: IdentityFields = { ...before };
      for (const k of changed) {
        const v = (row.fields as Record<string, unknown>)[k];
        if (typeof v === 'string' && v !== '') after[k] = v;
        else delete after[k];
      }
      this.known.set(r.id, after);
    }
  }
}

const IDENTITY_KEYS = ['problem', 'measure', 'unit', 'problemNo', 'measureNo'] as const;

export interface BatchOutcome<R> {
  rows: PushRow[];
  result: R;
}

export class BatchesInterrupted extends Error {
  constructor(
    readonly reason: unknown,
    /** Requests that went in (a batch halved after a 413 counts as two). */
    readonly sent: number,
    readonly total: number,
    readonly rowsSent: number,
  ) {
    super(reason instanceof Error ? reason.message : String(reason));
    this.name = 'BatchesInterrupted';
  }
}

export interface SendOptions<R> {
  /** Sends one prepared batch with its mutation id (retries reuse both). */
  post(rows: PushRow[], mutationId: number): Promise<R>;
  /** Gives ids where the service would match elsewhere (IdentityGuard.identify). */
  prepare(rows: PushRow[]): PushRow[];
  /** A batch went in: its rows as sent and the service's answer. */
  accepted(outcome: BatchOutcome<R>, done: number, total: number): void;
  retrying(e: ServiceError, batch: number, attempt: number, waitMs: number): void;
}

/**
 * Sends the batches one after another, each prepared just before it goes (so it sees what the
 * earlier ones created) and retried with the same mutation id. A batch refused as too large (413:
 * a proxy with a smaller limit) is halved, each half a batch of its own with a new mutation id.
 * Throws BatchesInterrupted when one fails for good, after the batches before it went in.
 */
export async function sendBatches<R>(planned: PushRow[][], opts: SendOptions<R>): Promise<{ sent: number; total: number }> {
  const queue = [...planned];
  let sent = 0;
  let rowsSent = 0;
  while (queue.length > 0) {
    const batch = queue.shift()!;
    const total = sent + 1 + queue.length;
    const rows = opts.prepare(batch);
    const mutationId = nextMutationId();
    let result: R;
    try {
      result = await withRetry(
        () => opts.post(rows, mutationId),
        (e, attempt, wait) => opts.retrying(e, sent + 1, attempt, wait),
      );
    } catch (e) {
      if (e instanceof ServiceError && e.status === 413 && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        queue.unshift(batch.slice(0, half), batch.slice(half));
        continue;
      }
      throw new BatchesInterrupted(e, sent, total, rowsSent);
    }
    sent += 1;
    rowsSent += rows.length;
    opts.accepted({ rows, result }, sent, total);
  }
  return { sent, total: sent };
}
