// Scale-out as an office with many units would run it: three `ledger serve` processes on one
// PostgreSQL database, 50 clients (two per unit: a laptop and a desktop) sending their pushes
// round-robin across the three, editing the same rows from versions that are often stale. Nothing is
// lost: every edit sent is applied or reported as a conflict, exactly once; every applied edit is in
// the history exactly once; every conflict is reported once and stored once; the history replays to
// the rows the service holds; each field holds the last value applied to it.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { issueApiToken } from '../../server/app/identity';
import { openStore, type Store } from '../../server/store';
import { listConflicts, listRowStates, replayHistory, type PushResult } from '../../server/sync';
import { serveProcess } from '../support/ledger-process';
import { createTestDatabase } from '../support/postgres';
import { postgresServer } from '../server/backends';
import { describeNeeding, NEEDS } from '../support/requires';

const INSTANCES = 3;
const UNITS = 25;
const ROWS_PER_UNIT = 4;
const ROUNDS = 6;

const server = postgresServer();

describeNeeding(server.url, NEEDS.postgresql, server.missing)('three service processes on one PostgreSQL, 50 clients round-robin', () => {
  let store: Store;
  const services: { child: ChildProcess; url: string }[] = [];

  beforeAll(async () => {
    const url = await createTestDatabase(server.url!, 'scale');
    store = await openStore({ kind: 'postgres', url });
    const env = { ...process.env, DATABASE_URL: url, LEDGER_DB: '' };
    const started = Array.from({ length: INSTANCES }, () => serveProcess(env));
    services.push(...(await Promise.all(started.map(async (s) => ({ child: s.child, url: await s.started })))));
  });

  afterAll(async () => {
    for (const s of services) s.child.kill('SIGTERM');
    await store?.close();
  });

  it('loses no edit, reports every conflict once, and its history replays to the rows it holds', async () => {
    const office = (await issueApiToken(store, { role: 'office' })).token;
    const units = Array.from({ length: UNITS }, (_, u) => `第${u + 1}学院`);
    const tokens = await Promise.all(units.map(async (unit) => (await issueApiToken(store, { role: 'unit', unit })).token));
    let calls = 0;
    const push = async (token: string, body: unknown): Promise<PushResult> => {
      const target = services[calls++ % INSTANCES]!;
      const res = await fetch(`${target.url}/api/v1/campaigns/default/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as PushResult;
    };

    const seeded = await push(office, {
      clientId: 'office',
      mutationId: 1,
      rows: units.flatMap((unit) =>
        Array.from({ length: ROWS_PER_UNIT }, (_, k) => ({ fields: { problem: `${unit}问题${k}`, measure: `${unit}措施${k}`, unit, status: 'not_started' } })),
      ),
    });
    expect(seeded.counts.created).toBe(UNITS * ROWS_PER_UNIT);
    const ids = units.map((_, u) => seeded.rows.slice(u * ROWS_PER_UNIT, (u + 1) * ROWS_PER_UNIT).map((r) => r.id!));

    // Each client remembers the version its own last answer gave for each row: stale as soon as the
    // unit's other client has pushed.
    type Sent = { client: string; rowId: string; fields: Record<string, string>; result: PushResult['rows'][number] };
    const sent: Sent[] = [];
    const clients = units.flatMap((unit, u) =>
      (['laptop', 'desktop'] as const).map((device) => ({ name: `${unit}-${device}`, device, u, token: tokens[u]!, versions: new Map<string, number>(), mutation: 0 })),
    );
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(
        clients.map(async (c) => {
          const rowId = ids[c.u]![round % ROWS_PER_UNIT]!;
          // Both devices edit the row's progress; the desktop also its remarks, which the laptop never touches.
          const fields: Record<string, string> =
            c.device === 'laptop' ? { progress: `${c.name} 第${round}轮进展` } : { progress: `${c.name} 第${round}轮进展`, remarks: `${c.name} 第${round}轮备注` };
          const result = await push(c.token, { clientId: c.name, mutationId: ++c.mutation, rows: [{ id: rowId, baseVersion: c.versions.get(rowId) ?? 1, fields }] });
          const row = result.rows[0]!;
          if (row.version !== undefined) c.versions.set(rowId, row.version);
          sent.push({ client: c.name, rowId, fields, result: row });
        }),
      );
    }

    // Every field sent is applied or a conflict, never both, never neither.
    for (const s of sent) {
      const applied = new Set(s.result.applied ?? []);
      const conflicted = new Set((s.result.conflicts ?? []).map((x) => x.field));
      for (const field of Object.keys(s.fields)) expect(applied.has(field) !== conflicted.has(field), `${s.client} ${field}`).toBe(true);
    }
    const reported = sent.flatMap((s) => (s.result.conflicts ?? []).map((x) => x.conflictId));
    expect(reported.length).toBeGreaterThan(0);
    expect(new Set(reported).size).toBe(reported.length);
    const stored = await listConflicts(store, 'default', { kind: 'office' }, 'all');
    expect(stored.map((x) => x.id).sort()).toEqual([...reported].sort());

    // Every applied edit is in the history once, with its value.
    const history = await store.db.selectFrom('changes').select(['row_id', 'field', 'new_value', 'seq']).where('campaign', '=', 'default').orderBy('seq').execute();
    for (const s of sent) {
      for (const field of s.result.applied ?? []) {
        const records = history.filter((h) => h.row_id === s.rowId && h.field === field && h.new_value === JSON.stringify(s.fields[field]));
        expect(records, `${s.client} ${field}`).toHaveLength(1);
      }
    }

    // The rows are what the history says, and each field holds the last value applied to it.
    const rows = await listRowStates(store, 'default', { kind: 'office' }, { includeDeleted: true });
    const replayed = await replayHistory(store, 'default');
    for (const r of rows) expect(replayed.get(r.id)?.measure, r.id).toEqual(r.measure);
    for (const r of rows) {
      for (const field of ['progress', 'remarks'] as const) {
        const last = history.filter((h) => h.row_id === r.id && h.field === field).at(-1);
        expect(r.measure[field] ?? null, `${r.id} ${field}`).toEqual(last ? JSON.parse(last.new_value!) : null);
      }
    }
    expect(rows).toHaveLength(UNITS * ROWS_PER_UNIT);
  });
});
