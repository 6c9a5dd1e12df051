// `ledger closure` and `ledger extension` against the real service on loopback (SQLite in a file):
// the unit asks, the office approves or returns, the service's refusals come back in the chosen
// language with exit 1 and change nothing, usage errors exit 2 with the usage line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { todayIso } from '../../ledger';
import { RowState } from '../../ledger/sync-protocol';
import { issueApiToken } from '../../server/app/identity';
import { startServer, type RunningServer } from '../../server/serve';
import { sqliteBackend } from '../server/backends';
import { ledger } from '../support/ledger-process';

const UNIT = '计算机学院';

describe('ledger closure and ledger extension', () => {
  const backend = sqliteBackend();
  let srv: RunningServer;
  let office: string;
  let unit: string;
  let other: string;
  const ids = { done: '', started: '', late: '' };

  const rowOf = async (id: string): Promise<RowState> => {
    const res = await fetch(`${srv.url}/api/v1/campaigns/default/rows`, { headers: { authorization: `Bearer ${office}` } });
    return z.object({ rows: z.array(RowState) }).parse(await res.json()).rows.find((r) => r.id === id)!;
  };
  const as = (token: string, ...args: string[]) => ledger([...args, '--server', srv.url, '--token', token]);

  beforeAll(async () => {
    srv = await startServer({ port: 0, store: await backend.open() });
    office = (await issueApiToken(srv.store, { role: 'office' })).token;
    unit = (await issueApiToken(srv.store, { role: 'unit', unit: UNIT })).token;
    other = (await issueApiToken(srv.store, { role: 'unit', unit: '外国语学院' })).token;
    const rows = [
      { fields: { problem: '理论学习不深入', measure: '制定党委理论学习中心组年度学习计划', unit: UNIT, status: 'done', evidence: '学习计划.pdf' } },
      { fields: { problem: '理论学习不深入', measure: '开展专题研讨不少于4次', unit: UNIT, status: 'in_progress' } },
      {
        fields: {
          problem: '实验室安全管理不到位',
          measure: '完成危化品库房改造',
          unit: UNIT,
          status: 'in_progress',
          deadline: { kind: 'date', text: '2030-06-30', date: '2030-06-30' },
        },
      },
    ];
    const res = await fetch(`${srv.url}/api/v1/campaigns/default/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${office}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'cli-steps', mutationId: 1, rows }),
    });
    [ids.done, ids.started, ids.late] = z.object({ rows: z.array(z.object({ id: z.string() })) }).parse(await res.json()).rows.map((r) => r.id) as [string, string, string];
  });

  afterAll(async () => {
    await srv?.close();
    backend.cleanup();
  });

  it('refuses closure of an unfinished measure with the service’s reason in Chinese or English, exit 1, nothing changed', async () => {
    const before = await rowOf(ids.started);
    const zh = await as(unit, 'closure', 'request', ids.started, '--note', '研讨已开展两次');
    expect(zh.code).toBe(1);
    expect(zh.err).toContain('只有已完成的措施可以申请销号');
    const en = await as(unit, 'closure', 'request', ids.started, '--lang', 'en', '--json');
    expect(en.code).toBe(1);
    expect(JSON.parse(en.out)).toMatchObject({ error: { status: 409, code: 'closure_refused' } });
    expect(en.err).toContain('only a completed measure may be closed');
    expect(await rowOf(ids.started)).toEqual(before);
  });

  it('a unit requests closure, the office returns it with what is missing, then approves the next request', async () => {
    const asked = await as(unit, 'closure', 'request', ids.done, '--note', '学习计划已印发，见佐证材料');
    expect(asked.code).toBe(0);
    expect(asked.out).toContain('已申请销号');
    expect(asked.out).toContain('制定党委理论学习中心组年度学习计划（计算机学院）');
    expect((await rowOf(ids.done)).measure.closure).toMatchObject({ state: 'requested', note: '学习计划已印发，见佐证材料' });

    const returned = await as(office, 'closure', 'return', ids.done, '--note', '缺少中心组学习记录', '--json');
    expect(returned.code).toBe(0);
    const row = z.object({ row: RowState }).parse(JSON.parse(returned.out)).row;
    expect(row.measure.closure).toMatchObject({ state: 'returned', reason: '缺少中心组学习记录', on: todayIso() });

    // Flags may come first, as people type them.
    expect((await ledger(['closure', '--server', srv.url, '--token', unit, 'request', ids.done, '--note', '已补充学习记录'])).code).toBe(0);
    const approved = await as(office, 'closure', 'approve', ids.done, '--lang', 'en');
    expect(approved.code).toBe(0);
    expect(approved.out).toContain('Closure approved');
    expect(approved.out).toMatch(/Closure: closed \(\d+ \w{3} \d{4}, /);
    expect((await rowOf(ids.done)).measure.closure?.state).toBe('approved');
  });

  it('keeps who may do what: a unit cannot approve, another unit cannot ask (exit 2, nothing changed)', async () => {
    const before = await rowOf(ids.late);
    const approving = await as(unit, 'closure', 'approve', ids.late);
    expect(approving.code).toBe(2);
    expect(approving.err).toContain('只有整改办可以审核销号申请');
    const foreign = await as(other, 'extension', 'request', ids.late, '--deadline', '2030-12-31', '--reason', '设备到货延迟', '--lang', 'en');
    expect(foreign.code).toBe(2);
    expect(foreign.err).toMatch(/ 403: /);
    expect(await rowOf(ids.late)).toEqual(before);
  });

  it('a unit asks for a later deadline, the office approves it and the deadline changes', async () => {
    const asked = await as(unit, 'extension', 'request', ids.late, '--deadline', '2030-12-31', '--reason', '危化品库房改造需待设备到货');
    expect(asked.code).toBe(0);
    expect(asked.out).toContain('已申请延期');
    expect(asked.out).toContain('申请延至 2030年12月31日');
    expect((await rowOf(ids.late)).measure.extension).toMatchObject({ state: 'requested', deadline: '2030-12-31', reason: '危化品库房改造需待设备到货' });

    const approved = await as(office, 'extension', 'approve', ids.late, '--json');
    expect(approved.code).toBe(0);
    const row = z.object({ row: RowState }).parse(JSON.parse(approved.out)).row;
    expect(row.measure.deadline).toMatchObject({ kind: 'date', date: '2030-12-31' });
    expect(row.measure.extension?.state).toBe('approved');
  });

  it('the office rejects an extension with a note', async () => {
    await as(unit, 'extension', 'request', ids.started, '--deadline', '2031-03-31', '--reason', '研讨安排与教学检查冲突');
    const rejected = await as(office, 'extension', 'reject', ids.started, '--note', '请按原时限完成');
    expect(rejected.code).toBe(0);
    expect(rejected.out).toContain('已驳回延期申请');
    expect(rejected.out).toContain('整改办意见：请按原时限完成');
    expect((await rowOf(ids.started)).measure.extension).toMatchObject({ state: 'rejected', note: '请按原时限完成' });
  });

  it('exits 2 with the usage line when the command is incomplete, before calling the service', async () => {
    const cases: [string[], RegExp][] = [
      [['closure', 'close', ids.done], /request \| approve \| return/],
      [['closure', 'request'], /ROW_ID/],
      [['closure', 'request', ids.done, ids.started], /unexpected arguments/],
      [['closure', 'return', ids.done], /--note/],
      [['extension', 'request', ids.late, '--reason', '设备未到'], /--deadline/],
      [['extension', 'request', ids.late, '--deadline', '2030年12月31日', '--reason', '设备未到'], /--deadline/],
      [['extension', 'request', ids.late, '--deadline', '2030-12-31'], /--reason/],
      [['extension', 'reject', ids.late], /--note/],
    ];
    for (const [args, said] of cases) {
      const ran = await as(unit, ...args);
      expect(ran.code, args.join(' ')).toBe(2);
      expect(ran.err).toMatch(said);
      expect(ran.err).toContain('用法 / usage: ledger');
    }
    const help = await ledger(['--help']);
    expect(help.out).toContain('ledger closure (request|approve|return) ROW_ID');
    expect(help.out).toContain('ledger extension request ROW_ID --deadline YYYY-MM-DD --reason TEXT');
  });
});
