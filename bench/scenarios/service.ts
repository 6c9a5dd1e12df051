// The service under load on loopback, with the service in its own process (`ledger serve`):
//   push    rows per second for one 10,000-row push
//   export  time and peak memory to produce the consolidated workbook of 100,000 rows (GET workbook.xlsx)
//   clients latency percentiles of 50 concurrent units each pushing 10 progress updates of 10 rows
//   during  /healthz and a small rollup, asked every 50 ms while a 100,000-row push runs: worst and p99
//   scale   (PostgreSQL) the 50 clients spread over three service processes on one database
// Run once per storage backend (sqlite | postgres); the two are printed side by side.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  return serveWith(env);
}

function serveWith(processEnv: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/ledger.js', 'serve', '--port', '0'], { env: processEnv, stdio: ['ignore', 'pipe', 'inherit'] });
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

let { child, url } = await serve();
const postTo = (base: string, token: string, body: unknown, campaign = 'default') =>
  fetch(`${base}/api/v1/campaigns/${campaign}/push`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const post = (token: string, body: unknown, campaign = 'default') => postTo(url, token, body, campaign);

/** The process's peak resident memory since the last reset (Linux: VmHWM, reset through clear_refs). */
function peakMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}
function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

const percentile = (sorted: number[], p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!);

try {
  // 1. One 10,000-row push. The bench's own HTTP client is loaded and connected first: the first
  // fetch of a process spends some 50 ms loading undici, which is not the service's time.
  await (await fetch(`${url}/healthz`)).text();
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
  // Exported by a service just started on the filled database (it then serves the steps below), so
  // its peak memory is the export's, not what filling the database left behind.
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  ({ child, url } = await serve());
  resetPeak(child.pid!);
  const idleMb = peakMb(child.pid!);
  t0 = performance.now();
  res = await fetch(`${url}/api/v1/campaigns/default/workbook.xlsx?asOf=2018-09-10`, { headers: { authorization: `Bearer ${office}` } });
  const bytes = (await res.arrayBuffer()).byteLength;
  const exportMs = performance.now() - t0;
  report({ name: `workbook.xlsx of ${EXPORT_ROWS} rows`, lib: backend, ms: exportMs, peakRssMb: peakMb(child.pid!), extra: { fileMb: Math.round(bytes / 1e5) / 10, idleMb } });

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
  const pct = (p: number) => percentile(latencies, p);
  report({
    name: `${CLIENTS} clients × ${BATCHES_PER_CLIENT} pushes`,
    lib: backend,
    ms: wall,
    peakRssMb: 0,
    extra: { p50: pct(50), p90: pct(90), p99: pct(99), max: Math.round(latencies.at(-1)!), p99OverP50: Math.round((pct(99) / pct(50)) * 10) / 10, pushesPerSecond: Math.round(latencies.length / (wall / 1000)) },
  });

  // 4. While one client pushes 100,000 rows into another campaign, the others keep being answered.
  res = await fetch(`${url}/api/v1/campaigns/big`, { method: 'PUT', headers: { authorization: `Bearer ${office}`, 'content-type': 'application/json' }, body: JSON.stringify({ config: {} }) });
  if (!res.ok) throw new Error(`campaign failed: ${res.status}`);
  // The big push is sent from a thread of its own: sending 40 MB (and reading its answer) would
  // otherwise hold up this thread's own polling, and the figures would be the client's, not the service's.
  let pushing = true;
  const sender = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const body = Buffer.from(workerData.body);
     parentPort.postMessage('ready');
     fetch(workerData.url, { method: 'POST', headers: { authorization: 'Bearer ' + workerData.token, 'content-type': 'application/json' }, body })
       .then((r) => r.text()).then(() => parentPort.postMessage('done'), (e) => parentPort.postMessage(String(e)));`,
    { eval: true, workerData: { url: `${url}/api/v1/campaigns/big/push`, token: office, body: JSON.stringify({ clientId: 'bench-big', mutationId: 1, rows: rows(100_000, 0) }) } },
  );
  await new Promise((r) => sender.once('message', r));
  t0 = performance.now();
  const big = new Promise<void>((resolve, reject) =>
    sender.on('message', (m) => {
      pushing = false;
      if (m === 'done') resolve();
      else reject(new Error(`big push failed: ${m}`));
    }),
  );
  const health: number[] = [];
  const rollups: number[] = [];
  const unitToken = unitTokens[0]!;
  while (pushing) {
    const s = performance.now();
    await fetch(`${url}/healthz`).then((r) => r.text());
    health.push(performance.now() - s);
    const s2 = performance.now();
    await fetch(`${url}/api/v1/campaigns/default/rollup?asOf=2018-09-10`, { headers: { authorization: `Bearer ${unitToken}` } }).then((r) => r.text());
    rollups.push(performance.now() - s2);
    await new Promise((r) => setTimeout(r, 50));
  }
  await big;
  await sender.terminate();
  const bigMs = performance.now() - t0;
  health.sort((a, b) => a - b);
  rollups.sort((a, b) => a - b);
  report({
    name: 'during a 100,000-row push: /healthz, a unit’s rollup',
    lib: backend,
    ms: bigMs,
    peakRssMb: 0,
    extra: {
      healthMax: Math.round(health.at(-1) ?? 0),
      healthP99: percentile(health, 99),
      rollupMax: Math.round(rollups.at(-1) ?? 0),
      rollupP99: percentile(rollups, 99),
      asked: health.length,
      pushRowsPerSecond: Math.round(100_000 / (bigMs / 1000)),
    },
  });

  // 5. PostgreSQL scale-out: the same 50 clients spread over three service processes.
  if (backend === 'postgres') {
    const more = await Promise.all([serveWith(env), serveWith(env)]);
    const urls = [url, ...more.map((m) => m.url)];
    try {
      const perInstance = async (instances: string[], round: number) => {
        let n = 0;
        const start = performance.now();
        await Promise.all(
          unitTokens.map(async (token, c) => {
            for (let b = 0; b < BATCHES_PER_CLIENT; b++) {
              const rowsNow = own[c]!.slice(b * 10, b * 10 + 10).map((row) => ({ id: row.id, fields: { progress: `第${round}轮第${b + 1}次报送` } }));
              const r = await postTo(instances[n++ % instances.length]!, token, { clientId: `scale-${round}-${c}`, mutationId: b + 1, rows: rowsNow });
              await r.json();
            }
          }),
        );
        return (CLIENTS * BATCHES_PER_CLIENT) / ((performance.now() - start) / 1000);
      };
      const one = await perInstance([url], 1);
      const three = await perInstance(urls, 2);
      report({ name: `${CLIENTS} clients × ${BATCHES_PER_CLIENT} pushes: one instance vs three`, lib: backend, ms: 0, peakRssMb: 0, extra: { oneInstancePushesPerSecond: Math.round(one), threeInstancesPushesPerSecond: Math.round(three) } });
    } finally {
      for (const m of more) m.child.kill('SIGTERM');
    }
  }
} finally {
  child.kill('SIGTERM');
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
}
