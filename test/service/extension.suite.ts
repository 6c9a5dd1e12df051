// Extensions (申请延期) through POST …/rows/{id}/extension: the row's unit asks for a later date with
// a reason, the office approves it (the deadline becomes that date; the old one stays in the history
// and overdue is judged on the new one) or rejects it with a note. Every refusal changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIso } from '../../ledger';
import { ApiError, PushResult, RowState } from '../../ledger/sync-protocol';
import { Rollup } from '../../ledger/schema';
import { issueApiToken } from '../../server/app/identity';
import type { RunningServer } from '../../server/serve';
import * as z from 'zod';

const Answer = z.object({ row: RowState });
const Change = z.object({ field: z.string(), actor: z.string(), actorKind: z.string(), actorUnit: z.string().nullable(), at: z.string(), old: z.unknown(), new: z.unknown() });
const History = z.object({ changes: z.array(Change) });

/** The ISO date `days` days after today. */
function daysFromToday(days: number): string {
  const d = new Date(`${todayIso()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function extensionSuite(name: string, start: () => Promise<{ server: RunningServer; close(): Promise<void> }>) {
  describe(`extension (申请延期) requests (${name})`, () => {
    let s: { server: RunningServer; close(): Promise<void> };
    let office: string;
    let unit: string;
    const ids = { lab: '', done: '', other: '', ongoing: '', pushed: '' };
    const due = daysFromToday(10);

    const api = (path: string, token: string, init: RequestInit = {}) =>
      fetch(`${s.server.url}/api/v1/campaigns/default${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    const step = (token: string, id: string, body: unknown) => api(`/rows/${id}/extension`, token, { method: 'POST', body: JSON.stringify(body) });
    const rowOf = async (id: string) => {
      const rows = z.object({ rows: z.array(RowState) }).parse(await (await api('/rows', office)).json()).rows;
      return rows.find((r) => r.id === id)!;
    };
    const historyOf = async (id: string) => History.parse(await (await api(`/rows/${id}/history`, office)).json()).changes;
    const rollup = async (asOf: string) => Rollup.parse(await (await api(`/rollup?asOf=${asOf}`, office)).json());
    /** A refusal: its status and code, a message in both languages naming `words`, and the row exactly as it was. */
    const refusedWith = async (res: Response, status: number, code: string, id: string, words: RegExp) => {
      const before = await rowOf(id);
      expect(res.status).toBe(status);
      const body = ApiError.parse(await res.json());
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(words);
      expect(body.error.messageEn).toMatch(/[a-z]/);
      expect(await rowOf(id)).toEqual(before);
    };
    let mutation = 1;
    const push = async (token: string, rows: unknown[]) =>
      PushResult.parse(await (await api('/push', token, { method: 'POST', body: JSON.stringify({ clientId: `extension-${token.slice(0, 6)}`, mutationId: mutation++, rows }) })).json());

    beforeAll(async () => {
      s = await start();
      office = (await issueApiToken(s.server.store, { role: 'office', label: '整改办' })).token;
      unit = (await issueApiToken(s.server.store, { role: 'unit', unit: '后勤管理处', label: '后勤管理处' })).token;
      const dated = { kind: 'date', date: due, text: due };
      const result = await push(office, [
        { fields: { problem: '学生宿舍消防设施老化', measure: '更换宿舍楼消防喷淋系统', unit: '后勤管理处', status: 'in_progress', deadline: dated } },
        { fields: { problem: '学生宿舍消防设施老化', measure: '开展消防安全专项检查', unit: '后勤管理处', status: 'done', deadline: dated } },
        { fields: { problem: '食堂食品安全管理不到位', measure: '建立食材溯源台账', unit: '资产管理处', status: 'in_progress', deadline: dated } },
        { fields: { problem: '作风建设常态化不够', measure: '坚持每月开展作风督查', unit: '后勤管理处', status: 'in_progress', deadline: { kind: 'ongoing', text: '长期坚持' } } },
        { fields: { problem: '食堂食品安全管理不到位', measure: '后厨改造', unit: '后勤管理处', status: 'not_started', deadline: dated } },
      ]);
      [ids.lab, ids.done, ids.other, ids.ongoing, ids.pushed] = result.rows.map((r) => r.id!) as [string, string, string, string, string];
    });
    afterAll(async () => {
      await s?.close();
    });

    it('refuses every request the workflow does not allow, with a clear message, changing nothing', async () => {
      const later = daysFromToday(40);
      const ask = { action: 'request', deadline: later, reason: '喷淋管材供货延迟，需重新招标' };
      await refusedWith(await step(unit, ids.done, ask), 409, 'extension_refused', ids.done, /已完成/);
      await refusedWith(await step(unit, ids.other, ask), 403, 'forbidden', ids.other, /责任单位/);
      await refusedWith(await step(office, ids.lab, ask), 403, 'forbidden', ids.lab, /责任单位/);
      await refusedWith(await step(unit, ids.ongoing, ask), 409, 'extension_refused', ids.ongoing, /长期坚持/);
      await refusedWith(await step(unit, ids.lab, { ...ask, deadline: daysFromToday(5) }), 409, 'extension_refused', ids.lab, /晚于现行完成时限/);
      await refusedWith(await step(unit, ids.lab, { ...ask, deadline: due }), 409, 'extension_refused', ids.lab, /晚于现行完成时限/);
      await refusedWith(await step(unit, ids.lab, { ...ask, deadline: todayIso() }), 400, 'invalid_request', ids.lab, /晚于今天/);
      await refusedWith(await step(unit, ids.lab, { action: 'request', deadline: later }), 400, 'invalid_request', ids.lab, /理由/);
      await refusedWith(await step(unit, ids.lab, { ...ask, reason: '   ' }), 400, 'invalid_request', ids.lab, /理由/);
      await refusedWith(await step(unit, ids.lab, { ...ask, deadline: '2026-02-30' }), 400, 'invalid_request', ids.lab, /不是有效日期/);
      // Nothing is waiting: neither a unit nor the office can settle anything yet.
      await refusedWith(await step(unit, ids.lab, { action: 'approve' }), 403, 'forbidden', ids.lab, /整改办/);
      await refusedWith(await step(office, ids.lab, { action: 'approve' }), 409, 'extension_refused', ids.lab, /没有待审核的延期申请/);
      await refusedWith(await step(office, ids.lab, { action: 'reject', note: '请按期完成' }), 409, 'extension_refused', ids.lab, /没有待审核的延期申请/);
      expect((await step(unit, '00000000-0000-4000-8000-000000000000', ask)).status).toBe(404);
      expect(await historyOf(ids.lab)).toHaveLength(1);
    });

    it('goes request → replaced → rejected with a note → asked again → approved; the deadline moves and the old one stays in the history', async () => {
      const first = daysFromToday(30);
      const asked = daysFromToday(45);
      const before = await rowOf(ids.lab);
      let res = await step(unit, ids.lab, { action: 'request', deadline: first, reason: '喷淋管材供货延迟' });
      expect(res.status).toBe(200);
      expect(Answer.parse(await res.json()).row.measure.extension).toEqual({ state: 'requested', deadline: first, reason: '喷淋管材供货延迟', on: todayIso(), by: '后勤管理处' });
      expect((await rollup(todayIso())).extensionsPending).toBe(1);

      // A second request while the first waits replaces it.
      res = await step(unit, ids.lab, { action: 'request', deadline: asked, reason: '喷淋管材供货延迟，需重新招标' });
      let row = Answer.parse(await res.json()).row;
      expect(row.measure.extension).toMatchObject({ state: 'requested', deadline: asked, reason: '喷淋管材供货延迟，需重新招标' });
      expect(row.measure.deadline).toEqual(before.measure.deadline);

      // The unit cannot settle its own request; rejecting needs a note.
      await refusedWith(await step(unit, ids.lab, { action: 'approve' }), 403, 'forbidden', ids.lab, /整改办/);
      await refusedWith(await step(office, ids.lab, { action: 'reject' }), 400, 'invalid_request', ids.lab, /意见/);

      res = await step(office, ids.lab, { action: 'reject', note: '招标可与施工并行，请压缩工期' });
      row = Answer.parse(await res.json()).row;
      expect(row.measure.extension).toMatchObject({ state: 'rejected', deadline: asked, note: '招标可与施工并行，请压缩工期', on: todayIso(), by: '整改办' });
      expect(row.measure.deadline).toEqual(before.measure.deadline);
      expect((await rollup(todayIso())).extensionsPending).toBe(0);

      await step(unit, ids.lab, { action: 'request', deadline: asked, reason: '已启动招标，供货周期45天' });
      res = await step(office, ids.lab, { action: 'approve', note: '同意，请按新时限完成' });
      expect(res.status).toBe(200);
      row = Answer.parse(await res.json()).row;
      expect(row.measure.deadline).toEqual({ kind: 'date', date: asked, text: asked });
      expect(row.measure.extension).toEqual({
        state: 'approved', deadline: asked, reason: '已启动招标，供货周期45天', note: '同意，请按新时限完成', on: todayIso(), by: '整改办', previous: before.measure.deadline,
      });
      await refusedWith(await step(office, ids.lab, { action: 'approve' }), 409, 'extension_refused', ids.lab, /没有待审核/);

      const history = await historyOf(ids.lab);
      const steps = history.filter((c) => c.field === 'extension');
      expect(steps.map((c) => [c.actorKind, (c.new as { state: string }).state])).toEqual([
        ['unit', 'requested'], ['unit', 'requested'], ['office', 'rejected'], ['unit', 'requested'], ['office', 'approved'],
      ]);
      expect(steps[0]!.actorUnit).toBe('后勤管理处');
      const moved = history.filter((c) => c.field === 'deadline');
      expect(moved).toHaveLength(1);
      expect(moved[0]).toMatchObject({ actor: '整改办', actorKind: 'office', old: before.measure.deadline, new: { kind: 'date', date: asked } });
      expect(moved[0]!.at).toBe(steps[4]!.at);
    });

    it('judges overdue on the approved date', async () => {
      // Past the old deadline and before the new one: no longer overdue. Past the new one: overdue again.
      const between = daysFromToday(20);
      const after = daysFromToday(50);
      const unitFigures = async (asOf: string) => (await rollup(asOf)).byUnit.find((u) => u.unit === '后勤管理处')!;
      expect((await unitFigures(between)).overdue).toBe(1); // 后厨改造 still has the old date
      expect((await unitFigures(after)).overdue).toBe(2);
    });

    it('lets a unit send its extension back unchanged by push, but not set one; the office may', async () => {
      const row = await rowOf(ids.lab);
      const same = await push(unit, [{ id: ids.lab, baseVersion: row.version, fields: { extension: row.measure.extension, progress: '已完成招标' } }]);
      expect(same.rows[0]).toMatchObject({ status: 'updated', applied: ['progress'] });

      const target = await rowOf(ids.pushed);
      const forged = await push(unit, [{ id: ids.pushed, baseVersion: target.version, fields: { extension: { state: 'approved', deadline: daysFromToday(90) } } }]);
      expect(forged.rows[0]).toMatchObject({ status: 'rejected', reason: { code: 'office_field', fields: ['extension'] } });
      const own = await push(unit, [{ fields: { problem: '自查：车辆管理不规范', measure: '修订公务用车制度', extension: { state: 'approved', deadline: daysFromToday(90) } } }]);
      expect(own.rows[0]).toMatchObject({ status: 'rejected', reason: { code: 'office_field' } });
      expect(await rowOf(ids.pushed)).toEqual(target);

      const byOffice = await push(office, [{ id: ids.pushed, baseVersion: target.version, fields: { extension: { state: 'requested', deadline: daysFromToday(60), reason: '整改办代为登记' } } }]);
      expect(byOffice.rows[0]).toMatchObject({ status: 'updated', applied: ['extension'] });
      expect((await rollup(todayIso())).extensionsPending).toBe(1);
    });
  });
}
