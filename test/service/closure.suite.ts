// Closure (销号) through POST …/rows/{id}/closure: the row's unit asks for it on a completed measure,
// the office approves it or returns it with what is missing. Every refusal changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIso } from '../../ledger';
import { Rollup } from '../../ledger/schema';
import { ApiError, RowState } from '../../ledger/sync-protocol';
import { issueApiToken } from '../../server/app/identity';
import type { RunningServer } from '../../server/serve';
import * as z from 'zod';

const Answer = z.object({ row: RowState });
const History = z.object({ changes: z.array(z.object({ field: z.string(), actorKind: z.string(), actorUnit: z.string().nullable(), new: z.unknown() })) });

export function closureSuite(name: string, start: () => Promise<{ server: RunningServer; close(): Promise<void> }>) {
  describe(`closure (销号) requests (${name})`, () => {
    let s: { server: RunningServer; close(): Promise<void> };
    let office: string;
    let unit: string;
    const ids: Record<'done' | 'started' | 'other', string> = { done: '', started: '', other: '' };

    const api = (path: string, token: string, init: RequestInit = {}) =>
      fetch(`${s.server.url}/api/v1/campaigns/default${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    const step = (token: string, id: string, body: unknown) => api(`/rows/${id}/closure`, token, { method: 'POST', body: JSON.stringify(body) });
    const rowOf = async (id: string) => {
      const res = await api('/rows', office);
      const rows = z.object({ rows: z.array(RowState) }).parse(await res.json()).rows;
      return rows.find((r) => r.id === id)!;
    };
    /** A refusal: its status and code, and the row exactly as it was. */
    const refusedWith = async (res: Response, status: number, code: string, id: string, before: RowState) => {
      expect(res.status).toBe(status);
      const body = ApiError.parse(await res.json());
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(body.error.messageEn).toMatch(/[a-z]/);
      expect(await rowOf(id)).toEqual(before);
    };

    beforeAll(async () => {
      s = await start();
      office = (await issueApiToken(s.server.store, { role: 'office' })).token;
      unit = (await issueApiToken(s.server.store, { role: 'unit', unit: '计算机学院' })).token;
      const rows = [
        { fields: { problem: '学习不深入', measure: '制定学习计划', unit: '计算机学院', status: 'done', evidence: '学习计划.pdf' } },
        { fields: { problem: '学习不深入', measure: '开展专题研讨', unit: '计算机学院', status: 'in_progress' } },
        { fields: { problem: '制度不健全', measure: '修订议事规则', unit: '外国语学院', status: 'done' } },
      ];
      const res = await api('/push', office, { method: 'POST', body: JSON.stringify({ clientId: 'closure-test', mutationId: 1, rows }) });
      const created = z.object({ rows: z.array(z.object({ id: z.string() })) }).parse(await res.json()).rows;
      [ids.done, ids.started, ids.other] = created.map((r) => r.id) as [string, string, string];
    });
    afterAll(async () => {
      await s?.close();
    });

    it('refuses a request the workflow does not allow, changing nothing', async () => {
      await refusedWith(await step(unit, ids.started, { action: 'request' }), 409, 'closure_refused', ids.started, await rowOf(ids.started));
      await refusedWith(await step(unit, ids.other, { action: 'request' }), 403, 'forbidden', ids.other, await rowOf(ids.other));
      await refusedWith(await step(office, ids.done, { action: 'request' }), 403, 'forbidden', ids.done, await rowOf(ids.done));
      await refusedWith(await step(office, ids.done, { action: 'approve' }), 409, 'closure_refused', ids.done, await rowOf(ids.done));
      expect((await step(unit, ids.done, { action: 'close' })).status).toBe(400);
      expect((await step(unit, '00000000-0000-4000-8000-000000000000', { action: 'request' })).status).toBe(404);
    });

    it('goes request → returned with what is missing → request → approved, each step in the history', async () => {
      let res = await step(unit, ids.done, { action: 'request', note: '已印发学习计划，见佐证材料' });
      expect(res.status).toBe(200);
      let row = Answer.parse(await res.json()).row;
      expect(row.measure.closure).toMatchObject({ state: 'requested', on: todayIso(), note: '已印发学习计划，见佐证材料' });

      // A unit cannot settle its own request; returning needs a word on what is missing.
      await refusedWith(await step(unit, ids.done, { action: 'approve' }), 403, 'forbidden', ids.done, row);
      await refusedWith(await step(office, ids.done, { action: 'return' }), 400, 'invalid_request', ids.done, row);

      res = await step(office, ids.done, { action: 'return', note: '缺少学习记录' });
      row = Answer.parse(await res.json()).row;
      expect(row.measure.closure).toMatchObject({ state: 'returned', reason: '缺少学习记录', on: todayIso() });

      res = await step(unit, ids.done, { action: 'request', note: '已补充学习记录' });
      expect(Answer.parse(await res.json()).row.measure.closure?.state).toBe('requested');
      res = await step(office, ids.done, { action: 'approve' });
      row = Answer.parse(await res.json()).row;
      expect(row.measure.closure).toMatchObject({ state: 'approved', on: todayIso(), note: '已补充学习记录' });
      await refusedWith(await step(unit, ids.done, { action: 'request' }), 409, 'closure_refused', ids.done, row);

      const history = History.parse(await (await api(`/rows/${ids.done}/history`, office)).json()).changes.filter((c) => c.field === 'closure');
      expect(history.map((c) => [c.actorKind, (c.new as { state: string }).state])).toEqual([
        ['unit', 'requested'],
        ['office', 'returned'],
        ['unit', 'requested'],
        ['office', 'approved'],
      ]);
      expect(history[0]!.actorUnit).toBe('计算机学院');
    });

    it('counts the closed measure in the rollup, and the report sentence names it', async () => {
      const rollup = async (lang: string) => Rollup.parse(await (await api(`/rollup?asOf=${todayIso()}&lang=${lang}`, office)).json());
      const zh = await rollup('zh');
      expect(zh.closed).toBe(1);
      expect(zh.byUnit.map((u) => [u.unit, u.closed])).toEqual([['计算机学院', 1], ['外国语学院', 0]]);
      expect(zh.report).toBe('共梳理形成2个问题，制定3项整改措施，已完成2项，已启动1项，已销号1项');
      expect((await rollup('en')).report).toMatch(/; 1 closed off by the office\.$/);
    });
  });
}
