// `ledger reminders` against the real service on loopback: the preview of each unit's digest in
// Chinese, English and JSON; `--send` delivering to a group-chat robot (a local HTTP receiver in the
// 企业微信 format) once per unit and day, and exiting 1 when a unit's robot cannot be reached.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendReport } from '../../ledger/reminder-settings';
import { ReminderDigest } from '../../ledger/reminders';
import { issueApiToken } from '../../server/app/identity';
import { RETRY_DELAYS_MS } from '../../server/remind/send';
import { startServer, type RunningServer } from '../../server/serve';
import { sqliteBackend } from '../server/backends';
import { ledger } from '../support/ledger-process';

const AS_OF = '2018-10-15';
const date = (iso: string) => ({ kind: 'date', text: iso, date: iso });

describe('ledger reminders', () => {
  const backend = sqliteBackend();
  let srv: RunningServer;
  let robot: Server;
  let office: string;
  const received: { path: string; body: string }[] = [];
  const retries = [...RETRY_DELAYS_MS];

  const as = (token: string, ...args: string[]) => ledger(['reminders', '--server', srv.url, '--token', token, '--as-of', AS_OF, ...args]);
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${srv.url}/api/v1/campaigns/default${path}`, { ...init, headers: { authorization: `Bearer ${office}`, 'content-type': 'application/json' } });

  beforeAll(async () => {
    robot = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
      });
    });
    await new Promise<void>((resolve) => robot.listen(0, '127.0.0.1', resolve));
    srv = await startServer({ port: 0, store: await backend.open() });
    office = (await issueApiToken(srv.store, { role: 'office' })).token;
    const rows = [
      { fields: { problem: '理论学习不深入', measure: '制定中心组年度学习计划', unit: '计算机学院', status: 'in_progress', deadline: date('2018-10-20') } },
      { fields: { problem: '实验室安全管理不到位', measure: '完成危化品库房改造', unit: '计算机学院', status: 'not_started', deadline: date('2018-09-01') } },
      { fields: { problem: '经费审批不规范', measure: '修订科研经费报销办法', unit: '外国语学院', status: 'in_progress', deadline: date('2018-09-30') } },
    ];
    const res = await api('/push', { method: 'POST', body: JSON.stringify({ clientId: 'cli-reminders', mutationId: 1, rows }) });
    expect(res.status).toBe(200);
    const port = (robot.address() as AddressInfo).port;
    const settings = {
      enabled: false,
      recipients: [
        { unit: '计算机学院', robot: { kind: 'wecom', url: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=cs-key` } },
        // Nothing listens on port 9 of this machine: the robot cannot be reached.
        { unit: '外国语学院', robot: { kind: 'wecom', url: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=fl-key' } },
      ],
    };
    expect((await api('/reminders/settings', { method: 'PUT', body: JSON.stringify(settings) })).status).toBe(200);
    RETRY_DELAYS_MS.splice(0, RETRY_DELAYS_MS.length, 10, 10);
  });

  afterAll(async () => {
    RETRY_DELAYS_MS.splice(0, RETRY_DELAYS_MS.length, ...retries);
    await srv?.close();
    await new Promise((resolve) => robot?.close(resolve));
    backend.cleanup();
  });

  it('previews each unit’s digest in Chinese by default, in English, and as JSON', async () => {
    const zh = await as(office);
    expect(zh.code).toBe(0);
    expect(zh.out).toContain('截至 2018年10月15日 的提醒');
    expect(zh.out).toContain('计算机学院（告诫）：即将到期 1 项，已逾期 1 项');
    expect(zh.out).toContain('5 天后到期：制定中心组年度学习计划（完成时限：2018-10-20）');
    expect(zh.out).toContain('逾期 44 天，告诫：完成危化品库房改造');
    expect(zh.out).toContain('外国语学院（督办）');

    const en = await as(office, '--lang', 'en');
    expect(en.out).toContain('Reminders as of 15 Oct 2018');
    expect(en.out).toContain('15 days overdue, supervision notice: 修订科研经费报销办法');
    expect(en.out).not.toMatch(/[截逾期天]/);

    const json = ReminderDigest.parse(JSON.parse((await as(office, '--json')).out));
    expect(json.units.map((u) => [u.unit, u.dueSoon.length, u.overdue.length])).toEqual([
      ['计算机学院', 1, 1],
      ['外国语学院', 0, 1],
    ]);
  });

  it('sends with --send: the reachable robot gets the digest once a day, the unreachable one fails with exit 1', async () => {
    const sent = await as(office, '--send');
    expect(sent.code).toBe(1);
    expect(sent.out).toContain('计算机学院：已发送（企业微信）');
    expect(sent.out).toMatch(/外国语学院：发送失败（企业微信 ✗/);
    expect(received).toHaveLength(1);
    expect(received[0]!.path).toBe('/cgi-bin/webhook/send?key=cs-key');
    expect(received[0]!.body).toContain('完成危化品库房改造');

    const again = SendReport.parse(JSON.parse((await as(office, '--send', '--json')).out));
    expect(again.units.find((u) => u.unit === '计算机学院')?.outcome).toBe('skipped');
    expect(received).toHaveLength(1);
  });

  it('refuses a unit’s token (exit 2, saying why) and a bad date (usage, exit 2)', async () => {
    const unit = (await issueApiToken(srv.store, { role: 'unit', unit: '计算机学院' })).token;
    const refused = await as(unit, '--lang', 'en');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/ 403: /);
    const bad = await ledger(['reminders', '--server', srv.url, '--token', office, '--as-of', '2018年10月15日']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('用法 / usage: ledger reminders');
    const help = await ledger(['help']);
    expect(help.out).toContain('ledger reminders --server URL --token T');
  });
});
