// PostgreSQL plans from statistics its autovacuum refreshes up to a minute after rows arrive. Until
// then it read every row of the campaign for each page of the consolidated workbook (a 100,000-row
// workbook took 21–30 s instead of 5): the service refreshes them itself after a large push.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { issueApiToken } from '../../server/app/identity';
import { startServer, type RunningServer } from '../../server/serve';
import { openStore, type Store } from '../../server/store';
import { postgresServer } from '../server/backends';
import { createTestDatabase } from '../support/postgres';
import { describeNeeding, NEEDS } from '../support/requires';

const server = postgresServer();
const ROWS = 3000;

describeNeeding(server.url, NEEDS.postgresql, server.missing)('PostgreSQL statistics after a large push', () => {
  let store: Store;
  let service: RunningServer;

  beforeAll(async () => {
    const url = await createTestDatabase(server.url!, 'statistics');
    service = await startServer({ port: 0, store: { kind: 'postgres', url } });
    store = await openStore({ kind: 'postgres', url });
  });
  afterAll(async () => {
    await service?.close();
    await store?.close();
  });

  /** The rows PostgreSQL believes `rows` holds: -1 until its statistics are first gathered. */
  const believed = async () => {
    const r = await sql<{ reltuples: number }>`select reltuples from pg_class where relname = 'rows'`.execute(store.db);
    return Number(r.rows[0]?.reltuples);
  };

  it('knows how many rows a campaign holds soon after a large push, as it plans the workbook’s pages from that', async () => {
    const office = (await issueApiToken(store, { role: 'office' })).token;
    const rows = Array.from({ length: ROWS }, (_, i) => ({ fields: { problem: `问题${i}：经费管理不规范`, measure: `措施${i}：修订报销办法`, unit: `第${i % 20}学院`, status: 'in_progress' } }));
    const res = await fetch(`${service.url}/api/v1/campaigns/default/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${office}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'import', mutationId: 1, rows }),
    });
    expect(res.status).toBe(200);
    // Refreshed after the answer: wait for it (autovacuum would take up to a minute).
    let count = await believed();
    for (let tries = 0; tries < 50 && count < ROWS; tries++) {
      await new Promise((r) => setTimeout(r, 200));
      count = await believed();
    }
    expect(count).toBe(ROWS);
  });
});
