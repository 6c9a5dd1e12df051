// The service under load on loopback, with the service in its own process (`ledger serve`):
//   push    rows per second for one 10,000-row push
//   export  time to produce the consolidated workbook of 100,000 rows (GET workbook.xlsx)
//   clients latency percentiles of 50 concurrent units each pushing 10 progress updates of 10 rows
// Run once per storage backend (sqlite | postgres); the two are printed side by side.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createTestDatabase, startPostgres, type PostgresServer } from '../../test/support/postgres';
import { report } from '../measure';

const backend = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const EXPORT_ROWS = Number(process.argv[3] ?? 100_000);
const PUSH_ROWS = 10_000;
const CLIENTS = 50;
const BATCHES_PER_CLIENT = 10;

const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-service-'));
let pg: PostgresServer | undefined;
const env: NodeJS.ProcessEnv = { ...process.env, LEDGER_DB: join(dir, 'ledger.db'), DATABASE_URL: '' };
if (backend === 'postgres') {
  pg = await startPostgres();
  env.DATABASE_URL = await createTestDatabase(pg.url, 'bench');
}

const cli = (...args: string[]) => execFileSync(process.execPath, ['bin/ledger.js', ...args], { env, encoding: 'utf8' }).trim();
const office = cli('token', 'create', '--office');
const unitTokens = Array.from({ length: CLIENTS }, (_, i) => cli('token', 'create', '--unit', `第${i}学院`));

function serve(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/ledger.js', 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
  });
}

function rows(n: number, offset: number, unit?: string) {
  return Array.from({ length: n }, (_, k) => {
    const i = offset + k;
    return {
      fields: {
        category: ['党的政治建设', '思想建设', '组织建设', '作风建设', '纪律建设', '制度建设'][i % 6],
        problem: `问题${Math.floor(i / 3)}：贯彻落实中央决策部署不够坚决有力，措施不具体、落实不扎实`,
        measure: `措施${i}：制定专项整改方案，明确责任分工和时间节点，建立工作台账，每月通报`,
        unit: unit ?? `第${i % CLIENTS}学院`,
        owner: `责任人${i % 101}`,
        deadline: { kind: 'date', date: `2018-${String((i % 12) + 1).padStart(2, '0')}-28`, text: '按期' },
        status: (['not_started', 'in_progress', 'done', 'done_ongoing'] as const)[i % 4],
        progress: '正在按计划推进，已召开专题会议研究部署',
      },
    };
  });
}

const { child, url } = await serve();
const post = (token: string, body: unknown) =>
  fetch(`${url}/api/v1/campaigns/default/push`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

try {
  // 1. One 10,000-row push.
  let t0 = performance.now();
  let res = await post(office, { clientId: 'bench', mutationId: 1, rows: rows(PUSH_ROWS, 0) });
  if (!res.ok) throw new Error(`push failed: ${res.status} ${await res.text()}`);
  await res.json();
  const pushMs = performance.now() - t0;
  report({ name: `push ${PUSH_ROWS} rows`, lib: backend, ms: pushMs, peakRssMb: 0, extra: { rowsPerSecond: Math.round(PUSH_ROWS / (pushMs / 1000)) } });

  // 2. Fill to EXPORT_ROWS, then time the consolidated workbook.
  for (let offset = PUSH_ROWS, m = 2; offset < EXPORT_ROWS; offset += 20_000, m++) {
    res = await post(office, { clientId: 'bench', mutationId: m, rows: rows(Math.min(20_000, EXPORT_ROWS - offset), offset) });
    if (!res.ok) throw new Error(`fill failed: ${res.status}`);
    await res.json();
  }
  t0 = performance.now();
  res = await fetch(`${url}/api/v1/campaigns/default/workbook.xlsx?asOf=2018-09-10`, { headers: { authorization: `Bearer ${office}` } });
  const bytes = (await res.arrayBuffer()).byteLength;
  const exportMs = performance.now() - t0;
  const rss = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(child.pid)], { encoding: 'utf8' }).trim()) / 1024;
  report({ name: `workbook.xlsx of ${EXPORT_ROWS} rows`, lib: backend, ms: exportMs, peakRssMb: Math.round(rss), extra: { fileMb: Math.round(bytes / 1e5) / 10 } });

  // 3. 50 clients, each a unit reporting progress on its own rows (by id, as the add-in does), as fast
  // as answers come.
  const own = await Promise.all(
    unitTokens.map(async (token) => {
      const r = await fetch(`${url}/api/v1/campaigns/default/rows`, { headers: { authorization: `Bearer ${token}` } });
      return ((await r.json()) as { rows: { id: string; version: number }[] }).rows;
    }),
  );
  const latencies: number[] = [];
  t0 = performance.now();
  await Promise.all(
    unitTokens.map(async (token, c) => {
      for (let b = 0; b < BATCHES_PER_CLIENT; b++) {
        const batch = own[c]!.slice(b * 10, b * 10 + 10).map((row) => ({
          id: row.id,
          baseVersion: row.version,
          fields: { status: 'done', progress: `第${b + 1}次报送：已完成整改并形成制度` },
        }));
        const s = performance.now();
        const r = await post(token, { clientId: `client-${c}`, mutationId: b + 1, rows: batch });
        await r.json();
        latencies.push(performance.now() - s);
      }
    }),
  );
  const wall = performance.now() - t0;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!);
  report({
    name: `${CLIENTS} clients × ${BATCHES_PER_CLIENT} pushes`,
    lib: backend,
    ms: wall,
    peakRssMb: 0,
    extra: { p50: pct(50), p90: pct(90), p99: pct(99), max: Math.round(latencies.at(-1)!), pushesPerSecond: Math.round(latencies.length / (wall / 1000)) },
  });
} finally {
  child.kill('SIGTERM');
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
}
