// The pieces of `ledger push`'s batching on their own: how rows are split, which failures are tried
// again and how long it waits, mutation ids, and the identity guard that keeps the service's
// matching of rows without id to what the CLI decided (the end-to-end tests are push-batches.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import type { IdentityFields } from '../../ledger';
import type { PushRow } from '../../ledger/sync-protocol';
import { IdentityGuard, isTransient, nextMutationId, planBatches, RETRY, sendBatches, withRetry, BatchesInterrupted } from '../../server/cli/batches';
import { retryAfterMs, ServiceError } from '../../server/cli/client';

const row = (problem: string, measure: string, extra = ''): PushRow => ({
  key: { problem, measure, unit: '财务处' },
  fields: { problem, measure, unit: '财务处', progress: extra },
});

describe('planBatches', () => {
  it('splits in order by rows and by bytes, a row larger than the byte limit alone', () => {
    const rows = Array.from({ length: 7 }, (_, i) => row(`问题${i}`, `措施${i}`));
    expect(planBatches(rows, { maxRows: 3, maxBytes: 1 << 20 }).map((b) => b.length)).toEqual([3, 3, 1]);
    const big = row('问题', '措施', '很'.repeat(2_000));
    const one = Buffer.byteLength(JSON.stringify(rows[0])) + 49;
    const batches = planBatches([rows[0]!, rows[1]!, big, rows[2]!], { maxRows: 100, maxBytes: one * 2 });
    expect(batches).toEqual([[rows[0], rows[1]], [big], [rows[2]]]);
  });
});

describe('retries', () => {
  const saved = { ...RETRY };
  afterEach(() => Object.assign(RETRY, saved));

  it('counts no answer, 408, 429 and 5xx as transient, but not 4xx, 501 or 507', () => {
    expect(isTransient(new ServiceError('other side closed'))).toBe(true);
    for (const s of [408, 429, 500, 502, 503, 504]) expect(isTransient(new ServiceError('x', s)), String(s)).toBe(true);
    for (const s of [400, 401, 403, 404, 409, 413, 501, 507]) expect(isTransient(new ServiceError('x', s)), String(s)).toBe(false);
    expect(isTransient(new Error('bug'))).toBe(false);
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs('3')).toBe(3_000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });

  it('tries again with the service’s Retry-After, gives up after RETRY.attempts, never retries a refusal', async () => {
    RETRY.baseDelayMs = 1;
    const waits: number[] = [];
    let calls = 0;
    const answer = await withRetry(
      async () => {
        calls++;
        if (calls === 1) throw new ServiceError('busy', 503, 30);
        if (calls === 2) throw new ServiceError('closed');
        return 'ok';
      },
      (_e, _attempt, wait) => waits.push(wait),
    );
    expect([answer, calls, waits]).toEqual(['ok', 3, [30, 2]]);

    calls = 0;
    await expect(withRetry(async () => (calls++, Promise.reject(new ServiceError('closed'))), () => {})).rejects.toThrow('closed');
    expect(calls).toBe(RETRY.attempts);
    calls = 0;
    await expect(withRetry(async () => (calls++, Promise.reject(new ServiceError('no', 403))), () => {})).rejects.toThrow('no');
    expect(calls).toBe(1);
    // A wait longer than maxRetryAfterMs is not waited: the push stops, to be run again later.
    calls = 0;
    await expect(withRetry(async () => (calls++, Promise.reject(new ServiceError('later', 503, RETRY.maxRetryAfterMs + 1))), () => {})).rejects.toThrow('later');
    expect(calls).toBe(1);
  });

  it('gives every batch a higher mutation id than the one before, retries the same one, halves on 413', async () => {
    RETRY.baseDelayMs = 1;
    const seen: { rows: number; id: number }[] = [];
    let failOnce = true;
    const done = await sendBatches([[row('a', '1'), row('b', '2'), row('c', '3')], [row('d', '4')]], {
      prepare: (b) => b,
      post: async (rows, id) => {
        seen.push({ rows: rows.length, id });
        if (rows.length === 3) throw new ServiceError('too large', 413);
        if (rows.length === 1 && failOnce) {
          failOnce = false;
          throw new ServiceError('closed');
        }
        return rows.length;
      },
      accepted: () => {},
      retrying: () => {},
    });
    expect(done).toEqual({ sent: 3, total: 3 });
    expect(seen.map((s) => s.rows)).toEqual([3, 2, 1, 1, 1]);
    // 3 (refused) → 2, 1 (its retry), 1: ids increase, the retry keeps its id.
    expect(seen[3]!.id).toBe(seen[2]!.id);
    expect(seen[1]!.id).toBeGreaterThan(seen[0]!.id);
    expect(seen[2]!.id).toBeGreaterThan(seen[1]!.id);
    expect(seen[4]!.id).toBeGreaterThan(seen[3]!.id);
    expect(nextMutationId()).toBeGreaterThan(seen[4]!.id);
    expect(nextMutationId()).toBeGreaterThanOrEqual(Date.now() * 1000 - 1_000_000);
  });

  it('stops with what went in when a batch fails for good', async () => {
    RETRY.baseDelayMs = 1;
    const err = await sendBatches([[row('a', '1'), row('b', '2')], [row('c', '3')], [row('d', '4')]], {
      prepare: (b) => b,
      post: async (rows) => {
        if (rows[0]!.key!.problem === 'c') throw new ServiceError('other side closed');
        return rows.length;
      },
      accepted: () => {},
      retrying: () => {},
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BatchesInterrupted);
    expect(err).toMatchObject({ sent: 1, total: 3, rowsSent: 2, message: 'other side closed' });
  });
});

describe('IdentityGuard', () => {
  const identity = (p: PushRow): IdentityFields => ({ ...p.key });
  const server: IdentityFields[] = [{ id: 's1', problem: '经费管理不规范', measure: '修订报销办法', unit: '财务处' }];

  it('gives an id to a new row the service would take for a row another batch holds or made', () => {
    const guard = new IdentityGuard(server, identity);
    // The server row is left out of this batch (unchanged): a new row alike would be matched to it.
    const alike = row('经费管理不规范', '修订报销办法', '第二条同样的记录');
    const other = row('资产管理不规范', '清查资产');
    const [a, b] = guard.identify([alike, other]);
    expect(a!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(b!.id).toBeUndefined();
    // Named by id in the same batch, the server row is taken: nothing to guard against.
    expect(guard.identify([{ id: 's1', fields: {} }, alike])[1]!.id).toBeUndefined();

    // A row created by an earlier batch is met by later ones.
    guard.applied([other], [{ index: 0, status: 'created', id: 'c1' }]);
    expect(guard.identify([row('资产管理不规范', '清查资产', '又一次')])[0]!.id).toBeDefined();
  });

  it('follows identity fields an earlier batch changed', () => {
    const guard = new IdentityGuard(server, identity);
    guard.applied([{ id: 's1', fields: { measure: '修订差旅报销办法' } }], [{ index: 0, status: 'updated', id: 's1', applied: ['measure'] }]);
    expect(guard.identify([row('经费管理不规范', '修订差旅报销办法')])[0]!.id).toBeDefined();
    expect(guard.identify([row('经费管理不规范', '修订报销办法')])[0]!.id).toBeUndefined();
  });

  it('keeps on until no new row would be taken: two alike new rows and one alike row on the service both get ids', () => {
    const guard = new IdentityGuard(server, identity);
    const out = guard.identify([row('经费管理不规范', '修订报销办法', '一'), row('经费管理不规范', '修订报销办法', '二')]);
    // The service would match the first to s1; once it has an id the second would be: both get one.
    expect(out.map((r) => r.id !== undefined)).toEqual([true, true]);
  });
});
