// The service under load and abuse (the same suite on SQLite and PostgreSQL), through real HTTP:
// a big push does not hold up other requests; mutation ids belong to their sender; a unit cannot
// settle a conflict on the office's field; text longer than a cell holds is refused; download names
// in Chinese; guessed tokens are slowed down; the playground's workbook reader wants a token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiToken } from '../../server/app/identity';
import { startServer, type RunningServer } from '../../server/serve';
import { createCampaign } from '../../server/store';
import { counts } from '../server/helpers';
import type { Backend } from '../server/backends';

const BIG_PUSH = 30_000;

function rows(n: number, unit: string) {
  return Array.from({ length: n }, (_, i) => ({
    fields: {
      problem: `问题${Math.floor(i / 3)}：会议文件印发不规范，督办落实不到位`,
      measure: `措施${i}：建立会议文件审核和督办台账，每月通报落实情况`,
      unit,
      status: 'in_progress',
      progress: '已召开专题会议研究部署，正在按计划推进',
    },
  }));
}

export function abuseSuite(backend: Backend) {
  describe(`the service under load and abuse on ${backend.name}`, () => {
    let srv: RunningServer;
    let office: string;
    let unitA: string;
    let unitB: string;

    const call = (path: string, token: string | undefined, init: RequestInit = {}) =>
      fetch(`${srv.url}${path}`, {
        ...init,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json', ...init.headers },
      });
    const push = (token: string, body: unknown, campaign = 'default') => call(`/api/v1/campaigns/${encodeURIComponent(campaign)}/push`, token, { method: 'POST', body: JSON.stringify(body) });

    beforeAll(async () => {
      srv = await startServer({ port: 0, store: await backend.open(), dev: true });
      office = (await issueApiToken(srv.store, { role: 'office' })).token;
      unitA = (await issueApiToken(srv.store, { role: 'unit', unit: '计算机学院' })).token;
      unitB = (await issueApiToken(srv.store, { role: 'unit', unit: '外国语学院' })).token;
      await createCampaign(srv.store, 'small');
      await push(office, { clientId: 'seed', mutationId: 1, rows: rows(6, '计算机学院') }, 'small');
    });

    afterAll(async () => {
      await srv?.close();
      backend.cleanup();
    });

    it(`answers /healthz and a small rollup while a ${BIG_PUSH.toLocaleString('en')}-row push is being applied`, async () => {
      let pushDone = false;
      const big = push(office, { clientId: 'big', mutationId: 1, rows: rows(BIG_PUSH, '外国语学院') }).then(async (r) => {
        pushDone = true;
        return r;
      });
      // Once the push is in the service's hands (its body sent), the other requests go.
      await new Promise((r) => setTimeout(r, 300));
      const health = await call('/healthz', undefined);
      const healthDuringPush = !pushDone;
      const rollup = await call('/api/v1/campaigns/small/rollup?asOf=2018-10-15', office);
      const rollupDuringPush = !pushDone;
      expect(health.status).toBe(200);
      expect(rollup.status).toBe(200);
      expect((await rollup.json()).measures).toBe(6);
      expect({ healthDuringPush, rollupDuringPush }).toEqual({ healthDuringPush: true, rollupDuringPush: true });
      const res = await big;
      expect(res.status).toBe(200);
      expect((await res.json()).counts.created).toBe(BIG_PUSH);
    });

    it('keeps mutation ids to their sender: nobody blocks or replays another sender’s batches', async () => {
      const batch = { clientId: 'office-laptop', mutationId: 5, rows: rows(1, '计算机学院') };
      const first = await (await push(office, batch)).json();
      expect(first.counts.created).toBe(1);
      // A unit names the office's client with a huge mutation id: the office is not blocked.
      const squat = await push(unitA, { clientId: 'office-laptop', mutationId: Number.MAX_SAFE_INTEGER, rows: [] });
      expect(squat.status).toBe(200);
      const next = await push(office, { ...batch, mutationId: 6, rows: rows(1, '财务处') });
      expect(next.status).toBe(200);
      // A unit sending the office's exact body gets its own answer (its rows judged as its own), not the office's.
      const replay = await (await push(unitB, batch)).json();
      expect(replay).not.toEqual(first);
      expect(replay.counts.rejected).toBe(1);
      expect(replay.rows[0].reason.code).toBe('other_unit');
    });

    it('lets no unit settle a conflict on a field only the office may change, not even by keeping the service’s value', async () => {
      const created = await (await push(office, { clientId: 'c-office', mutationId: 1, rows: rows(1, '计算机学院') })).json();
      const id = created.rows[0].id as string;
      await push(office, { clientId: 'c-office', mutationId: 2, rows: [{ id, baseVersion: 1, fields: { deadline: { kind: 'date', date: '2018-12-31', text: '2018年底前' } } }] });
      const clash = await (await push(office, { clientId: 'c-office-2', mutationId: 1, rows: [{ id, baseVersion: 1, fields: { deadline: { kind: 'ongoing', text: '长期坚持' } } }] })).json();
      const conflictId = clash.rows[0].conflicts[0].conflictId as string;
      const refused = await call(`/api/v1/campaigns/default/conflicts/${conflictId}/resolve`, unitA, { method: 'POST', body: JSON.stringify({ choice: 'server' }) });
      expect(refused.status).toBe(403);
      expect((await refused.json()).error.message).toContain('整改办');
      const open = (await (await call('/api/v1/campaigns/default/conflicts', office)).json()).conflicts as { id: string }[];
      expect(open.map((c) => c.id)).toContain(conflictId);
    });

    it('refuses text longer than an Excel cell holds, naming the field, and stores nothing of the row', async () => {
      const stored = async () => {
        const { mutations: _answered, ...rest } = await counts(srv.store, 'small');
        return rest;
      };
      const before = await stored();
      const long = await (await push(unitA, { clientId: 'long', mutationId: 1, rows: [{ fields: { problem: '问题', measure: '措施', progress: '很长的进展说明。'.repeat(5_000) } }] }, 'small')).json();
      expect(long.rows[0]).toMatchObject({ status: 'rejected', reason: { code: 'text_too_long', fields: ['progress'] } });
      expect(long.rows[0].reason.zh).toContain('32,767');
      expect(await stored()).toEqual(before);
    });

    it('sends the workbook of a campaign with a Chinese name under an RFC 6266/5987 file name', async () => {
      const put = await call(`/api/v1/campaigns/${encodeURIComponent('巡视整改2018')}`, office, { method: 'PUT', body: JSON.stringify({ config: { title: '某大学巡视整改台账' } }) });
      expect(put.status).toBe(201);
      const res = await call(`/api/v1/campaigns/${encodeURIComponent('巡视整改2018')}/workbook.xlsx?asOf=2018-10-15`, office);
      expect(res.status).toBe(200);
      const disposition = res.headers.get('content-disposition') ?? '';
      expect(disposition).toMatch(/^attachment; filename="ledger-_+2018-2018-10-15\.xlsx"; filename\*=UTF-8''/);
      expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe('某大学巡视整改台账-2018-10-15.xlsx');
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    });

    it('answers guessed tokens with 429 and Retry-After once an address has guessed too often, while a right token still works', async () => {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 25; i++) {
        const res = await call('/api/v1/me', `lgr_guess${String(i).padStart(40, '0')}`);
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
      }
      expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      expect((await call('/api/v1/me', office)).status).toBe(200);
    });

    it('reads an uploaded workbook for the playground only for a signed-in caller', async () => {
      const bytes = await (await call('/api/v1/dev/sample.xlsx', office)).arrayBuffer();
      const anonymous = await fetch(`${srv.url}/api/v1/dev/grid?name=x.xlsx`, { method: 'POST', body: bytes });
      expect(anonymous.status).toBe(401);
      const signedIn = await fetch(`${srv.url}/api/v1/dev/grid?name=x.xlsx`, { method: 'POST', body: bytes, headers: { authorization: `Bearer ${office}` } });
      expect(signedIn.status).toBe(200);
    });
  });
}
