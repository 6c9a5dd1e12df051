// SQLite's limits, met plainly: a second service on the same database file is refused at start with
// what to do instead (a service killed without cleaning up does not lock the file forever), and a
// full disk is named as such, with nothing of the push stored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app/app';
import { issueApiToken } from '../../server/app/identity';
import { openStore } from '../../server/store';
import { counts } from '../server/helpers';
import { serveProcess } from '../support/ledger-process';

describe('one SQLite database, one service', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-owner-'));
  const env = { ...process.env, LEDGER_DB: join(dir, 'ledger.db'), DATABASE_URL: '' };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second service on the same file at once, saying who holds it and to use PostgreSQL for several', async () => {
    const first = serveProcess(env);
    await first.started;
    const second = serveProcess(env);
    const { code, err } = await second.exited;
    expect(code).toBe(2);
    expect(err).toContain('另一个整改台账服务');
    expect(err).toContain(String(first.child.pid));
    expect(err).toContain('DATABASE_URL');

    // Killed without a chance to clean up, the first leaves its claim behind: the next one takes over.
    first.child.kill('SIGKILL');
    await first.exited;
    const third = serveProcess(env);
    const url = await third.started;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    third.child.kill('SIGTERM');
    await third.exited;
  });

  it('starts on a database whose folder does not exist yet, as the default ./data on a first start', async () => {
    const fresh = serveProcess({ ...env, LEDGER_DB: join(dir, 'not-yet', 'ledger.db') });
    const url = await fresh.started;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    fresh.child.kill('SIGTERM');
    await fresh.exited;
  });
});

describe('a full disk', () => {
  it('answers 507 naming the full disk, stores nothing of the push, and works again once there is room', async () => {
    const store = await openStore({ kind: 'sqlite', file: ':memory:' });
    const app = createApp({ store, addinDir: '/nonexistent', webDir: '/nonexistent' });
    const token = (await issueApiToken(store, { role: 'office' })).token;
    const push = (mutationId: number) =>
      app.fetch(
        new Request('http://ledger.test/api/v1/campaigns/default/push', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            clientId: 'disk',
            mutationId,
            rows: Array.from({ length: 2000 }, (_, i) => ({ fields: { problem: `问题${i}`, measure: `措施${i}：${'整改内容'.repeat(50)}`, unit: '财务处' } })),
          }),
        }),
      );
    const before = await counts(store, 'default');
    const { page_count: pages } = (await sql<{ page_count: number }>`pragma page_count`.execute(store.db)).rows[0]!;
    await sql.raw(`pragma max_page_count = ${pages + 2}`).execute(store.db);

    const full = await push(1);
    expect(full.status).toBe(507);
    const body = (await full.json()) as { error: { code: string; message: string; messageEn: string } };
    expect(body.error.code).toBe('storage_full');
    expect(body.error.message).toContain('磁盘已满');
    expect(body.error.messageEn).not.toContain('cannot rollback');
    expect(await counts(store, 'default')).toEqual(before);

    await sql.raw('pragma max_page_count = 1073741823').execute(store.db);
    const room = await push(1);
    expect(room.status).toBe(200);
    expect(((await room.json()) as { counts: { created: number } }).counts.created).toBe(2000);
    await store.close();
  });
});
