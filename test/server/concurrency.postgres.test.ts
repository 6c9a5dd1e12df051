// PostgreSQL under concurrent writers, each service instance with its own connection pool: migrations
// at simultaneous start, pushes racing for one campaign, and a puller that must never skip a change
// however the commits interleave with its reads.
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/store';
import { changesSince, listRowStates, push, type PushRequestInput, type Scope } from '../../server/sync';
import { postgresBackend, postgresServer } from './backends';
import { OFFICE, unitActor } from './helpers';
import { describeNeeding, NEEDS } from '../support/requires';

const server = postgresServer();
const A = unitActor('A');

/** One row of campaign 'default' as the scope lists it. */
async function rowOf(store: Store, id: string, scope: Scope) {
  const row = (await listRowStates(store, 'default', scope)).find((r) => r.id === id);
  if (!row) throw new Error(`row ${id} not listed`);
  return row;
}

describeNeeding(server.url, NEEDS.postgresql, server.missing)('PostgreSQL concurrency', () => {
  const backend = postgresBackend(server.url ?? '');
  const opened: Store[] = [];
  const open = async (url: string, count: number) => {
    const stores = await Promise.all(Array.from({ length: count }, () => openStore({ kind: 'postgres', url, maxConnections: 2 })));
    opened.push(...stores);
    return stores;
  };
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
  });

  it('migrates a fresh database once when several instances start at the same moment', async () => {
    const url = await backend.openUrl();
    const stores = await open(url, 5);
    const [first] = stores;
    const migrations = await sql<{ name: string }>`select name from kysely_migration`.execute(first!.db);
    expect(migrations.rows.map((r) => r.name)).toEqual(['0001_initial', '0002_identity', '0003_mutation_senders', '0004_download_links', '0005_reminders', '0006_evidence', '0007_evidence_links']);
    const campaigns = await first!.db.selectFrom('campaigns').select('name').execute();
    expect(campaigns).toEqual([{ name: 'default' }]);
  });

  it('keeps seq order equal to commit order: a concurrent puller never skips a change', async () => {
    const url = await backend.openUrl();
    const [seeder, poller, ...pushers] = await open(url, 6);
    const seeded = await push(
      seeder!,
      'default',
      {
        clientId: 'seed',
        mutationId: 1,
        rows: Array.from({ length: 30 }, (_, i) => ({ fields: { problem: `问题${i}`, measure: `措施${i}`, unit: 'A' } })),
      },
      OFFICE,
    );
    const ids = seeded.result.rows.map((r) => r.id!);
    const fields = ['progress', 'remarks', 'evidence', 'owner'] as const;

    let writing = true;
    const seen = new Map<string, number>();
    let cursor = 0;
    let pulls = 0;
    const pullOnce = async () => {
      const page = await changesSince(poller!, 'default', cursor, A, { limit: 5 });
      for (const r of page.rows) {
        expect(r.seq).toBeGreaterThan(cursor);
        seen.set(r.id, r.version);
      }
      expect(page.cursor).toBeGreaterThanOrEqual(cursor);
      cursor = page.cursor;
      pulls += 1;
      return page.more;
    };
    const polling = (async () => {
      while (writing) await pullOnce();
      while (await pullOnce());
    })();

    await Promise.all(
      pushers.map(async (store, p) => {
        for (let k = 1; k <= 12; k += 1) {
          const targets = [ids[(p * 7 + k * 3) % ids.length]!, ids[(p * 5 + k * 11 + 1) % ids.length]!];
          const rows: PushRequestInput['rows'] = [];
          for (const id of new Set(targets)) {
            const current = await rowOf(store, id, A);
            rows.push({ id, baseVersion: current.version, fields: { [fields[p]!]: `第${p}路第${k}次` } });
          }
          rows.push({ fields: { problem: `新问题${p}-${k}`, measure: `新措施${p}-${k}`, unit: 'A' } });
          const r = await push(store, 'default', { clientId: `pusher${p}`, mutationId: k, rows }, A);
          expect(r.result.counts.conflicts + r.result.counts.rejected).toBe(0);
        }
      }),
    );
    writing = false;
    await polling;

    const final = await listRowStates(seeder!, 'default', A, { includeDeleted: true });
    expect(final).toHaveLength(30 + 4 * 12);
    expect(new Map(final.map((r) => [r.id, r.version]))).toEqual(seen);
    expect(pulls).toBeGreaterThan(1);

    // Sequence numbers are dense, and each batch's changes hold one unbroken run of them.
    const stats = await sql<{ n: number; distinct_seq: number; max_seq: number }>`
      select count(*)::int as n, count(distinct seq)::int as distinct_seq, max(seq)::int as max_seq
      from changes where campaign = 'default'`.execute(seeder!.db);
    const { n, distinct_seq, max_seq } = stats.rows[0]!;
    expect([distinct_seq, max_seq]).toEqual([n, n]);
    const runs = await sql<{ client_id: string; span: number; n: number }>`
      select client_id, mutation_id, (max(seq) - min(seq) + 1)::int as span, count(*)::int as n
      from changes where campaign = 'default' group by client_id, mutation_id`.execute(seeder!.db);
    for (const r of runs.rows) expect(r.span).toBe(r.n);
  });

  it('applies one of several simultaneous edits of the same field and reports the others as conflicts', async () => {
    const url = await backend.openUrl();
    const stores = await open(url, 5);
    const seeded = await push(stores[0]!, 'default', { clientId: 'seed', mutationId: 1, rows: [{ fields: { problem: 'P', measure: 'M', unit: 'A' } }] }, OFFICE);
    const id = seeded.result.rows[0]!.id!;
    const values = ['not_started', 'in_progress', 'done', 'done_ongoing', 'in_progress'] as const;
    const outcomes = await Promise.all(
      stores.map((store, i) =>
        push(store, 'default', { clientId: `device${i}`, mutationId: 1, rows: [{ id, baseVersion: 1, fields: { status: values[i] } }] }, A),
      ),
    );
    const results = outcomes.map((o) => o.result.rows[0]!);
    const winners = results.filter((r) => r.status === 'updated');
    expect(winners).toHaveLength(1);
    const winner = values[results.indexOf(winners[0]!)];
    const row = await rowOf(stores[0]!, id, OFFICE);
    expect(row.measure.status).toBe(winner);
    expect(row.version).toBe(2);
    for (const [i, r] of results.entries()) {
      if (r === winners[0]) continue;
      // A device that sent the winning value is not in conflict with it.
      if (values[i] === winner) expect(r.status).toBe('unchanged');
      else expect(r.conflicts).toEqual([expect.objectContaining({ field: 'status', base: null, server: winner, caller: values[i] })]);
    }
  });

  it('applies a batch sent twice at once over two connections only once', async () => {
    const url = await backend.openUrl();
    const stores = await open(url, 2);
    const request = {
      clientId: 'twice',
      mutationId: 7,
      rows: Array.from({ length: 200 }, (_, i) => ({ fields: { problem: `问题${i}`, measure: `措施${i}`, unit: 'A' } })),
    };
    const [x, y] = await Promise.all(stores.map((s) => push(s, 'default', request, OFFICE)));
    expect([x!.replayed, y!.replayed].sort()).toEqual([false, true]);
    expect(x!.result).toEqual(y!.result);
    expect(await listRowStates(stores[0]!, 'default', OFFICE)).toHaveLength(200);
  });
});
