// `ledger push` of a workbook larger than one request (the issue: "other side closed"): the CLI sends
// it in batches under the service's limits, each with its own increasing mutation id, each retried
// with the same id on a transient failure (applied once), and a push that stops part-way exits 2
// saying how many batches went in; running the same command again sends only the rest. Real
// service on loopback, a file-based SQLite store, the CLI in-process; a small proxy in front of the
// service drops connections, loses answers and asks the CLI to wait, as networks and busy services do.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValue, GridWorkbook } from '../../ledger';
import { MAX_PUSH_ROWS, type RowState } from '../../ledger/sync-protocol';
import { PUSH_BODY_LIMIT } from '../../server/app/api';
import { issueApiToken } from '../../server/app/identity';
import { BATCH_LIMITS, RETRY } from '../../server/cli/batches';
import type { PushReport } from '../../server/cli/push';
import { startServer, type RunningServer } from '../../server/serve';
import { createCampaign } from '../../server/store';
import { lastSeq } from '../../server/store/campaigns';
import { sqliteBackend } from '../server/backends';
import { ledger } from '../support/ledger-process';
import { writeGridWorkbook } from '../support/write-grid';
import { UNITS } from './units';

const AS_OF = '2018-10-15';
const ROWS = 12_000;
const HEADER = ['序号', '问题类别', '存在问题', '整改措施', '责任领导', '责任单位', '责任人', '完成时限', '完成情况', '佐证材料', '备注'];
const TOPICS = ['理论学习中心组学习制度执行', '“三重一大”决策制度落实', '意识形态工作责任制落实', '实验室安全管理', '经费使用审批', '基层党支部建设', '干部选拔任用工作'];
const STATUS = ['已完成', '正在推进', '未启动', '已完成，需长期坚持'];
/**
 * Rows whose problem, measure and unit repeat an earlier row's (audit ledgers repeat texts): [copy,
 * original]. The copies sit in the second and third batch of 5,000, their originals in the first.
 */
const REPEATS: [number, number][] = [
  ...Array.from({ length: 10 }, (_, k): [number, number] => [7_000 + k, k * 100]),
  ...Array.from({ length: 10 }, (_, k): [number, number] => [11_000 + k, k * 100 + 1]),
];

/** A master ledger of `n` measures of twenty units, Chinese texts throughout, some rows repeated. */
function bigBook(n: number): GridWorkbook {
  const cells: CellValue[][] = [['巡视整改工作台账（汇总）'], HEADER];
  const copyOf = new Map(REPEATS);
  for (let i = 0; i < n; i++) {
    const o = copyOf.get(i) ?? i;
    const unit = UNITS[o % UNITS.length]!;
    const topic = TOPICS[o % TOPICS.length]!;
    const problem = `${unit}${topic}不到位，存在薄弱环节（第${Math.floor(o / 2) + 1}项）`;
    cells.push([
      i + 1,
      `${['一', '二', '三', '四'][o % 4]}、${['党的政治建设', '思想建设', '组织建设', '作风建设'][o % 4]}`,
      problem,
      `针对“${topic}”问题，${unit}制定第${o + 1}项整改措施：完善制度、加强督查，按月通报落实情况`,
      `校领导${o % 5}`,
      unit,
      `联系人${i % 97}`,
      '2018年12月31日前',
      STATUS[i % STATUS.length]!,
      i % 3 === 0 ? '会议纪要、制度文件' : '',
      copyOf.has(i) ? `重复填报（第${i + 1}行）` : `原始记录${i + 1}`,
    ]);
  }
  return { file: 'big.xlsx', sheets: [{ sheet: '整改台账', cells, merges: [], hidden: false, hiddenColumns: [] }] };
}


type Action = 'forward' | 'drop' | 'lose-answer' | { status: number; headers?: Record<string, string> };

interface SeenPush {
  mutationId: number;
  clientId: string;
  rows: number;
  hash: string;
  bytes: number;
  at: number;
  action: string;
}

/**
 * A proxy in front of the service. Every push request (POST …/push) is numbered from 1 and goes as
 * `decide` says: forwarded, its connection dropped before it reaches the service, forwarded with
 * the answer lost on the way back (the connection dropped after the service applied it), or
 * answered by the proxy with a status. Everything else is forwarded.
 */
async function startProxy(target: string, decide: (n: number, push: SeenPush) => Action) {
  const pushes: SeenPush[] = [];
  const body = (req: IncomingMessage) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  const server: Server = createServer(async (req, res) => {
    const bytes = await body(req);
    let action: Action = 'forward';
    if (req.method === 'POST' && /\/push$/.test(req.url ?? '')) {
      const parsed = JSON.parse(bytes.toString('utf8')) as { mutationId: number; clientId: string; rows: unknown[] };
      const seen: SeenPush = {
        mutationId: parsed.mutationId,
        clientId: parsed.clientId,
        rows: parsed.rows.length,
        hash: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.length,
        at: Date.now(),
        action: '',
      };
      action = decide(pushes.length + 1, seen);
      seen.action = typeof action === 'string' ? action : String(action.status);
      pushes.push(seen);
    }
    if (action === 'drop') {
      req.socket.destroy();
      return;
    }
    if (typeof action === 'object') {
      res.writeHead(action.status, { 'content-type': 'application/json', ...action.headers });
      res.end(JSON.stringify({ error: { code: 'proxy', message: `代理返回 ${action.status}`, messageEn: `proxy says ${action.status}` } }));
      return;
    }
    const headers: Record<string, string> = {};
    for (const h of ['authorization', 'content-type']) if (typeof req.headers[h] === 'string') headers[h] = req.headers[h];
    const upstream = await fetch(new URL(req.url ?? '/', target), { method: req.method, headers, ...(bytes.length > 0 ? { body: new Uint8Array(bytes) } : {}) });
    const answer = Buffer.from(await upstream.arrayBuffer());
    if (action === 'lose-answer') {
      req.socket.destroy();
      return;
    }
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    pushes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('ledger push of a workbook larger than one request', () => {
  const backend = sqliteBackend();
  let srv: RunningServer;
  let dir: string;
  let office: string;
  let file: string;
  const retry = { ...RETRY };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-push-batches-'));
    srv = await startServer({ port: 0, store: await backend.open() });
    office = (await issueApiToken(srv.store, { role: 'office' })).token;
    file = join(dir, '巡视整改台账.xlsx');
    const t = Date.now();
    await writeGridWorkbook(bigBook(ROWS), file);
    console.log(`wrote the ${ROWS}-row workbook in ${Date.now() - t} ms`);
    // Retries a few milliseconds apart: the tests wait for the service's Retry-After, not for backoff.
    RETRY.baseDelayMs = 20;
  });

  afterAll(async () => {
    Object.assign(RETRY, retry);
    await srv?.close();
    rmSync(dir, { recursive: true, force: true });
    backend.cleanup();
  });

  const rowsOf = async (campaign: string): Promise<RowState[]> =>
    ((await (await fetch(`${srv.url}/api/v1/campaigns/${campaign}/rows`, { headers: { authorization: `Bearer ${office}` } })).json()) as { rows: RowState[] }).rows;

  /** Every workbook row is on the service exactly once (the 备注 cell tells repeated rows apart). */
  const expectEveryRowOnce = async (campaign: string) => {
    const rows = await rowsOf(campaign);
    expect(rows).toHaveLength(ROWS);
    const remarks = rows.map((r) => String(r.measure.remarks));
    expect(new Set(remarks).size).toBe(ROWS);
    for (const [copy, original] of REPEATS) {
      const a = rows.find((r) => r.measure.remarks === `重复填报（第${copy + 1}行）`)!;
      const b = rows.find((r) => r.measure.remarks === `原始记录${original + 1}`)!;
      expect([a.measure.problem, a.measure.measure, a.measure.unit]).toEqual([b.measure.problem, b.measure.measure, b.measure.unit]);
      expect(a.id).not.toBe(b.id);
    }
  };

  const at = (server: string, campaign: string, ...args: string[]) => ['push', file, '--server', server, '--token', office, '--campaign', campaign, '--as-of', AS_OF, ...args];

  it('keeps batches well under the service’s limits', () => {
    expect(BATCH_LIMITS.maxBytes * 4).toBeLessThanOrEqual(PUSH_BODY_LIMIT);
    expect(BATCH_LIMITS.maxRows).toBeLessThanOrEqual(MAX_PUSH_ROWS);
  });

  it(`sends ${ROWS} rows in several batches, each row arriving exactly once, and a second push of the same file changes nothing`, async () => {
    await createCampaign(srv.store, 'batches');
    const proxy = await startProxy(srv.url, () => 'forward');
    try {
      let t = Date.now();
      const first = await ledger(at(proxy.url, 'batches'));
      console.log(`first push of ${ROWS} rows: ${Date.now() - t} ms`);
      expect(first.code, first.err).toBe(0);
      expect(first.out).toContain(`推送完成：新增 ${ROWS}，更新 0，未变 0，冲突 0，拒绝 0；共发送 3 批`);
      expect(first.err).toContain('已送达第 3/3 批');
      expect(proxy.pushes.map((p) => p.rows)).toEqual([5_000, 5_000, 2_000]);
      for (const p of proxy.pushes) expect(p.bytes).toBeLessThanOrEqual(BATCH_LIMITS.maxBytes);
      const ids = proxy.pushes.map((p) => p.mutationId);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(3);
      console.log(`batch bodies: ${proxy.pushes.map((p) => `${p.rows} rows ${(p.bytes / 1024 / 1024).toFixed(2)} MB`).join(', ')}`);
      await expectEveryRowOnce('batches');

      const seq = await lastSeq(srv.store.db, 'batches');
      t = Date.now();
      const again = await ledger(at(proxy.url, 'batches', '--json'));
      console.log(`second push (nothing to send): ${Date.now() - t} ms`);
      expect(again.code, again.err).toBe(0);
      const report = JSON.parse(again.out) as PushReport;
      expect(report).toMatchObject({ created: 0, updated: 0, unchanged: ROWS, conflicts: 0, rejected: 0, batches: { sent: 0, total: 0 } });
      expect(proxy.pushes).toHaveLength(3);
      expect(await lastSeq(srv.store.db, 'batches')).toBe(seq);
      await expectEveryRowOnce('batches');
    } finally {
      await proxy.close();
    }
  });

  it('stops with exit 2 when a batch cannot go in, says how many went in, and the same command continues without creating a row twice', async () => {
    await createCampaign(srv.store, 'interrupted');
    let failing = true;
    // From the third push request on, while `failing`: the connection closes before the service sees it.
    const proxy = await startProxy(srv.url, (n) => (failing && n >= 3 ? 'drop' : 'forward'));
    try {
      let t = Date.now();
      const broken = await ledger(at(proxy.url, 'interrupted'));
      console.log(`interrupted push: ${Date.now() - t} ms`);
      expect(broken.code).toBe(2);
      expect(broken.err).toContain('推送中断：共 3 批，已送达 2 批（10000 行），第 3 批未能送达');
      expect(broken.err).toContain('再次运行同一命令即可继续');
      expect(broken.out).toContain('推送未完成，已送达的 2 批：新增 10000');
      // The third batch was tried RETRY.attempts times, always with the same mutation id and body.
      const third = proxy.pushes.slice(2);
      expect(third).toHaveLength(RETRY.attempts);
      expect(new Set(third.map((p) => p.mutationId)).size).toBe(1);
      expect(new Set(third.map((p) => p.hash)).size).toBe(1);
      expect(await rowsOf('interrupted')).toHaveLength(10_000);

      // Still failing, in English: only the rest is tried (one batch), and the message says so.
      const stillBroken = await ledger(at(proxy.url, 'interrupted', '--lang', 'en', '--json'));
      expect(stillBroken.code).toBe(2);
      expect(stillBroken.err).toContain('Push interrupted: 0 of 1 batches went in (0 rows); batch 1 failed');
      expect(stillBroken.err).toContain('run the same command again to continue');
      expect(JSON.parse(stillBroken.out)).toMatchObject({ created: 0, unchanged: 10_000, batches: { sent: 0, total: 1 } });
      expect(proxy.pushes.at(-1)!.rows).toBe(2_000);

      failing = false;
      t = Date.now();
      const resumed = await ledger(at(proxy.url, 'interrupted', '--json'));
      console.log(`resumed push: ${Date.now() - t} ms`);
      expect(resumed.code, resumed.err).toBe(0);
      expect(JSON.parse(resumed.out)).toMatchObject({ created: 2_000, updated: 0, unchanged: 10_000, conflicts: 0, rejected: 0, batches: { sent: 1, total: 1 } });
      await expectEveryRowOnce('interrupted');
      const ids = proxy.pushes.map((p) => p.mutationId);
      for (let i = 1; i < ids.length; i++) expect(ids[i]!).toBeGreaterThanOrEqual(ids[i - 1]!);
    } finally {
      await proxy.close();
    }
  });

  it('applies a batch whose answer was lost once: the retry with the same mutation id gets the stored answer; a 429 is waited out', async () => {
    await createCampaign(srv.store, 'retried');
    // 1st request (batch 1): 429, wait a second. 3rd (batch 2): applied, but the answer never arrives.
    const proxy = await startProxy(srv.url, (n) => (n === 1 ? { status: 429, headers: { 'retry-after': '1' } } : n === 3 ? 'lose-answer' : 'forward'));
    try {
      const t = Date.now();
      const r = await ledger(at(proxy.url, 'retried', '--json'));
      console.log(`push with a 429 and a lost answer: ${Date.now() - t} ms`);
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ created: ROWS, updated: 0, unchanged: 0, rejected: 0, batches: { sent: 3, total: 3 } });
      expect(r.err).toContain('第 1 批未能送达');
      expect(r.err).toContain('第 2 批未能送达');

      const p = proxy.pushes;
      expect(p.map((x) => x.action)).toEqual(['429', 'forward', 'lose-answer', 'forward', 'forward']);
      expect(p[1]!.at - p[0]!.at).toBeGreaterThanOrEqual(950);
      // Retries are the same request: same client, same mutation id, same rows.
      expect([p[1]!.mutationId, p[1]!.hash]).toEqual([p[0]!.mutationId, p[0]!.hash]);
      expect([p[3]!.mutationId, p[3]!.hash]).toEqual([p[2]!.mutationId, p[2]!.hash]);
      expect(p[0]!.mutationId).toBeLessThan(p[2]!.mutationId);
      expect(p[2]!.mutationId).toBeLessThan(p[4]!.mutationId);

      await expectEveryRowOnce('retried');
      const applied = await srv.store.db.selectFrom('mutations').select(['mutation_id']).where('campaign', '=', 'retried').execute();
      expect(applied.map((m) => Number(m.mutation_id)).sort((a, b) => a - b)).toEqual([p[0]!.mutationId, p[2]!.mutationId, p[4]!.mutationId]);
      // One history record per row: its creation; nothing applied twice.
      const changes = await srv.store.db
        .selectFrom('changes')
        .innerJoin('rows', 'rows.id', 'changes.row_id')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('rows.campaign', '=', 'retried')
        .executeTakeFirstOrThrow();
      expect(Number(changes.n)).toBe(ROWS);
    } finally {
      await proxy.close();
    }
  });

  it('halves a batch a proxy with a smaller body limit refuses (413), each half with a new mutation id', async () => {
    await createCampaign(srv.store, 'small-limit');
    const limit = 1024 * 1024;
    const proxy = await startProxy(srv.url, (_n, push) => (push.bytes > limit ? { status: 413 } : 'forward'));
    try {
      const t = Date.now();
      const r = await ledger(at(proxy.url, 'small-limit', '--json'));
      console.log(`push behind a 1 MB limit: ${Date.now() - t} ms, ${proxy.pushes.filter((x) => x.action === 'forward').length} batches`);
      expect(r.code, r.err).toBe(0);
      const accepted = proxy.pushes.filter((x) => x.action === 'forward');
      const report = JSON.parse(r.out) as PushReport;
      expect(report).toMatchObject({ created: ROWS, rejected: 0, batches: { sent: accepted.length, total: accepted.length } });
      expect(accepted.reduce((n, x) => n + x.rows, 0)).toBe(ROWS);
      const ids = proxy.pushes.map((x) => x.mutationId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      await expectEveryRowOnce('small-limit');
    } finally {
      await proxy.close();
    }
  });
});
