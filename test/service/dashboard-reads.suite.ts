// The history's reads behind the office page's charts: GET …/progress (measures completed and in the
// ledger at the end of each day) and GET …/activity?since= (each unit's last report and the rows it
// changed since a date, office only), answered from the reader thread.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { todayIso } from '../../ledger';
import { Activity, ApiError, Progress, RowState } from '../../ledger/sync-protocol';
import { issueApiToken } from '../../server/app/identity';
import type { RunningServer } from '../../server/serve';

const tomorrow = () => {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function dashboardReadsSuite(name: string, start: () => Promise<{ server: RunningServer; close(): Promise<void> }>) {
  describe(`the office page's history reads (${name})`, () => {
    let s: { server: RunningServer; close(): Promise<void> };
    let office: string;
    let unit: string;
    let ids: string[] = [];

    const api = (path: string, token: string, init: RequestInit = {}) =>
      fetch(`${s.server.url}/api/v1/campaigns/default${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    const json = async <T extends z.ZodType>(res: Response, schema: T) => {
      expect(res.status).toBe(200);
      return schema.parse(await res.json());
    };
    const versionOf = async (id: string) =>
      z.object({ rows: z.array(RowState) }).parse(await (await api('/rows', office)).json()).rows.find((r) => r.id === id)!.version;

    beforeAll(async () => {
      s = await start();
      office = (await issueApiToken(s.server.store, { role: 'office' })).token;
      unit = (await issueApiToken(s.server.store, { role: 'unit', unit: '计算机学院' })).token;
      await api('', office, { method: 'PUT', body: JSON.stringify({ config: { units: ['计算机学院', '外国语学院', '纪检监察室'] } }) });
      const rows = [
        { fields: { problem: '学习不深入', measure: '制定学习计划', unit: '计算机学院', status: 'done' } },
        { fields: { problem: '学习不深入', measure: '开展专题研讨', unit: '计算机学院', status: 'in_progress' } },
        { fields: { problem: '制度不健全', measure: '修订议事规则', unit: '外国语学院', status: 'done' } },
      ];
      const res = await api('/push', office, { method: 'POST', body: JSON.stringify({ clientId: 'reads-test', mutationId: 1, rows }) });
      ids = z.object({ rows: z.array(z.object({ id: z.string() })) }).parse(await res.json()).rows.map((r) => r.id);
    });
    afterAll(async () => {
      await s?.close();
    });

    it('counts completed measures from the history, a unit its own rows only', async () => {
      expect(await json(await api('/progress', office), Progress)).toEqual({ points: [{ date: todayIso(), completed: 2, measures: 3 }] });
      const push = { clientId: 'unit-desk', mutationId: 1, rows: [{ id: ids[1], baseVersion: await versionOf(ids[1]!), fields: { status: 'done' } }] };
      expect((await api('/push', unit, { method: 'POST', body: JSON.stringify(push) })).status).toBe(200);
      expect(await json(await api('/progress', office), Progress)).toEqual({ points: [{ date: todayIso(), completed: 3, measures: 3 }] });
      // A deleted row leaves the figures, completed or not.
      expect((await api(`/rows/${ids[2]}`, office, { method: 'DELETE' })).status).toBe(200);
      expect(await json(await api('/progress', office), Progress)).toEqual({ points: [{ date: todayIso(), completed: 2, measures: 2 }] });
      expect(await json(await api('/progress', unit), Progress)).toEqual({ points: [{ date: todayIso(), completed: 2, measures: 2 }] });
    });

    it('says when each unit last reported, configured units that never did included', async () => {
      const today = await json(await api(`/activity?since=${todayIso()}`, office), Activity);
      expect(today.since).toBe(todayIso());
      expect(today.units.map((u) => [u.unit, u.lastChangeAt !== null, u.rowsChangedSince])).toEqual([
        ['计算机学院', true, 1],
        ['外国语学院', false, 0],
        ['纪检监察室', false, 0],
      ]);
      expect(Date.now() - Date.parse(today.units[0]!.lastChangeAt!)).toBeLessThan(60_000);
      const later = await json(await api(`/activity?since=${tomorrow()}`, office), Activity);
      expect(later.units[0]).toMatchObject({ unit: '计算机学院', rowsChangedSince: 0, lastChangeAt: today.units[0]!.lastChangeAt });
    });

    it('refuses a unit, a date that is no date, and a campaign that does not exist', async () => {
      const refused = async (res: Response, status: number, code: string) => {
        expect(res.status).toBe(status);
        expect(ApiError.parse(await res.json()).error.code).toBe(code);
      };
      await refused(await api(`/activity?since=${todayIso()}`, unit), 403, 'office_only');
      await refused(await api('/activity?since=2024-02-30', office), 400, 'invalid_request');
      await refused(await api('/activity', office), 400, 'invalid_request');
      await refused(await fetch(`${s.server.url}/api/v1/campaigns/nosuch/progress`, { headers: { authorization: `Bearer ${office}` } }), 404, 'campaign_not_found');
    });
  });
}
