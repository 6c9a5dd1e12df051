// BRIEF §6: a crash mid-push leaves all of that batch or none. The real service process is killed
// with SIGKILL while it is writing a large batch, then restarted on the same database file.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store';
import { serveProcess } from '../support/ledger-process';

const ROWS = 30_000;

async function startService(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const service = serveProcess(env);
  return { child: service.child, url: await service.started };
}

describe('a service killed in the middle of a push', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));
  const db = join(dir, 'ledger.db');
  const env = { ...process.env, LEDGER_DB: db, DATABASE_URL: '' };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('restarts with all or none of that batch, and the batch can then be sent again', async () => {
    const token = execFileSync(process.execPath, ['bin/ledger.js', 'token', 'create', '--office'], { env, encoding: 'utf8' }).trim();
    const batch = {
      clientId: 'crash-test',
      mutationId: 1,
      rows: Array.from({ length: ROWS }, (_, i) => ({
        fields: {
          category: '作风建设',
          problem: `问题${Math.floor(i / 3)}：会议文件印发不规范，督办落实不到位`,
          measure: `措施${i}：建立会议文件审核和督办台账，每月通报落实情况`,
          unit: `第${i % 20}学院`,
          status: 'in_progress',
        },
      })),
    };
    const { child, url } = await startService(env);
    const wal = `${db}-wal`;
    const walAtStart = existsSync(wal) ? statSync(wal).size : 0;
    const answered = fetch(`${url}/api/v1/campaigns/default/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(batch),
    }).then(
      (r) => r.status,
      () => 'killed' as const,
    );
    // Uncommitted pages spill into the WAL while the transaction runs: kill once it has grown.
    const deadline = Date.now() + 60_000;
    while ((existsSync(wal) ? statSync(wal).size : 0) < walAtStart + 2_000_000 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    expect(await answered).toBe('killed');

    const store = await openStore({ kind: 'sqlite', file: db });
    const count = async () => Number((await store.db.selectFrom('rows').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const after = await count();
    // Killed while the WAL was still growing and before any answer: the transaction never committed.
    expect(after).toBe(0);
    const history = Number((await store.db.selectFrom('changes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(history).toBe(after);
    await store.close();

    const again = await startService(env);
    try {
      const res = await fetch(`${again.url}/api/v1/campaigns/default/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(batch),
      });
      expect(res.status).toBe(200);
      const result = await res.json();
      expect(result.counts.created).toBe(ROWS);
    } finally {
      again.child.kill('SIGKILL');
    }
    const final = await openStore({ kind: 'sqlite', file: db });
    const n = Number((await final.db.selectFrom('rows').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    await final.close();
    expect(n).toBe(ROWS);
  });
});
