// Reminders end to end (BRIEF §2 step 6): the office previews each unit's digest, sets recipients,
// SMTP and a schedule (secrets never answered back), and sends: by e-mail to a real SMTP server and
// to local stand-ins for the 企业微信, 钉钉 and 飞书 robots, once per unit and day, failures retried
// and shown in the send log.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ReminderSettingsView, SendLog, SendReport } from '../../ledger/reminder-settings';
import { ReminderDigest } from '../../ledger/reminders';
import { ApiError } from '../../ledger/sync-protocol';
import { issueApiToken } from '../../server/app/identity';
import type { RunningServer } from '../../server/serve';
import { startRobots, startSmtp, type RobotReceiver, type SmtpReceiver } from '../remind/receivers';

export interface RemindersSetup {
  server: RunningServer;
  /** A second instance on the same database (PostgreSQL), to send from at the same time. */
  twin?: RunningServer;
  close(): Promise<void>;
}

const ASOF = '2018-09-10';
const SMTP_USER = 'zgb@example.edu.cn';
const SMTP_PASSWORD = 'Smtp-Pa55-整改办-7f3e';
const SECRETS = {
  wecomKey: 'wecomkey-3f9a2c71-5b7e-4d0a-9e61-c2b8d4f05a13',
  dingToken: 'dingtoken9c1e7b3a5d8f2e4c6a0b9d7f1e3c5a8b',
  dingSecret: 'SECdingtalk-signing-secret-7d3f9a0c2e',
  feishuHook: 'feishu-5e8c2a7b-1d4f-4b9e-8a3c-6f2d0e9b7a14',
  feishuSecret: 'feishu-signing-secret-2b7e9d1c',
  brokenToken: 'brokentoken0f4d8b2a6c1e9f3d7b5a2c8e0d4f6b1a',
};

const row = (unit: string, measure: string, status: string, date: string, text = date) => ({
  fields: { problem: '巡视反馈问题', measure, unit, status, deadline: { kind: 'date', date, text } },
});

export function remindersSuite(name: string, start: () => Promise<RemindersSetup>) {
  describe(`reminders (${name})`, () => {
    let s: RemindersSetup;
    let smtp: SmtpReceiver;
    let robots: RobotReceiver;
    let office: string;
    let unit: string;
    let mutation = 1;

    const api = (path: string, token: string, init: RequestInit = {}, server = s.server) =>
      fetch(`${server.url}/api/v1/campaigns/default${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    const push = async (rows: unknown[]) => {
      const res = await api('/push', office, { method: 'POST', body: JSON.stringify({ clientId: 'reminders-test', mutationId: mutation++, rows }) });
      return z.object({ rows: z.array(z.object({ id: z.string() })) }).parse(await res.json()).rows.map((r) => r.id);
    };
    const send = async (server = s.server) => SendReport.parse(await (await api(`/reminders/send?asOf=${ASOF}`, office, { method: 'POST' }, server)).json());
    const outcomes = (r: SendReport) => Object.fromEntries(r.units.map((u) => [u.unit, u.outcome]));
    const log = async () => SendLog.parse(await (await api('/reminders/log', office)).json()).entries;
    const hasNoSecret = (text: string) => {
      for (const secret of [SMTP_PASSWORD, ...Object.values(SECRETS)]) expect(text).not.toContain(secret);
    };

    const settings = () => ({
      enabled: false,
      schedule: '0 9 * * 1-5',
      timezone: 'Asia/Shanghai',
      escalation: { warnAfterDays: 30, accountAfterDays: 60 },
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, user: SMTP_USER, password: SMTP_PASSWORD, from: `整改办 <${SMTP_USER}>` },
      recipients: [
        { unit: '计算机学院', emails: ['dangban@cs.example.edu.cn', 'yuanzhang@cs.example.edu.cn'] },
        { unit: '外国语学院', robot: { kind: 'wecom', url: `${robots.url}/cgi-bin/webhook/send?key=${SECRETS.wecomKey}` } },
        { unit: '马克思主义学院', robot: { kind: 'feishu', url: `${robots.url}/open-apis/bot/v2/hook/${SECRETS.feishuHook}`, secret: SECRETS.feishuSecret } },
        { unit: '后勤管理处', robot: { kind: 'dingtalk', url: `${robots.url}/robot/send?access_token=${SECRETS.dingToken}`, secret: SECRETS.dingSecret } },
        { unit: '保卫处', robot: { kind: 'dingtalk', url: `${robots.url}/broken/robot/send?access_token=${SECRETS.brokenToken}` } },
      ] as Record<string, unknown>[],
    });
    const save = async (body: unknown) => api('/reminders/settings', office, { method: 'PUT', body: JSON.stringify(body) });

    beforeAll(async () => {
      s = await start();
      smtp = await startSmtp(SMTP_USER, SMTP_PASSWORD);
      robots = await startRobots();
      robots.answer.set('/broken/robot/send', { errcode: 310000, errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' });
      office = (await issueApiToken(s.server.store, { role: 'office' })).token;
      unit = (await issueApiToken(s.server.store, { role: 'unit', unit: '计算机学院' })).token;
      const unitToken = unit;
      const [, , closing] = await push([
        row('计算机学院', '制定理论学习中心组年度学习计划', 'in_progress', '2018-09-15', '2018年9月15日前'),
        { fields: { ...row('计算机学院', '建立学习考勤制度', 'in_progress', '2018-07-31', '2018年7月底前').fields, leader: '王建国' } },
        { fields: { ...row('计算机学院', '完善“三重一大”议事规则', 'done', '2018-08-31').fields, evidence: '议事规则.pdf' } },
        row('外国语学院', '修订外事接待管理办法', 'not_started', '2018-08-31'),
        row('马克思主义学院', '开展思政课集体备课', 'in_progress', '2018-09-12'),
        row('后勤管理处', '更换宿舍楼消防喷淋系统', 'in_progress', '2018-06-30'),
        row('保卫处', '完善校园监控系统', 'not_started', '2018-09-01'),
        row('图书馆', '清理过期报刊', 'in_progress', '2018-09-05'),
      ]);
      await api(`/rows/${closing}/closure`, unitToken, { method: 'POST', body: JSON.stringify({ action: 'request', note: '已修订' }) });
      await api(`/rows/${closing}/closure`, office, { method: 'POST', body: JSON.stringify({ action: 'return', note: '缺少党委会会议纪要' }) });
    });
    afterAll(async () => {
      await s?.close();
      await smtp?.close();
      await robots?.close();
    });

    it('refuses a unit token on every reminders route, saying only the office may', async () => {
      const calls: [string, RequestInit][] = [
        ['/reminders', {}],
        ['/reminders/settings', {}],
        ['/reminders/settings', { method: 'PUT', body: JSON.stringify(settings()) }],
        ['/reminders/send', { method: 'POST' }],
        ['/reminders/log', {}],
      ];
      for (const [path, init] of calls) {
        const res = await api(path, unit, init);
        expect(res.status).toBe(403);
        const body = ApiError.parse(await res.json());
        expect(body.error.code).toBe('office_only');
        expect(body.error.message).toContain('仅限整改办');
      }
      expect(ReminderSettingsView.parse(await (await api('/reminders/settings', office)).json()).recipients).toEqual([]);
    });

    it('previews each unit’s digest: due soon, overdue with its level, returned with the office’s reason', async () => {
      const digest = ReminderDigest.parse(await (await api(`/reminders?asOf=${ASOF}`, office)).json());
      expect(digest.units.map((u) => u.unit)).toEqual(['计算机学院', '外国语学院', '马克思主义学院', '后勤管理处', '保卫处', '图书馆']);
      const cs = digest.units[0]!;
      expect(cs.dueSoon.map((r) => [r.measure, r.daysLeft])).toEqual([['制定理论学习中心组年度学习计划', 5]]);
      expect(cs.overdue.map((r) => [r.measure, r.daysOverdue, r.level])).toEqual([['建立学习考勤制度', 41, 'warn']]);
      expect(cs.returned.map((r) => [r.what, r.measure, r.reason])).toEqual([['closure', '完善“三重一大”议事规则', '缺少党委会会议纪要']]);
      expect(digest.accountability.map((r) => [r.unit, r.measure, r.daysOverdue])).toEqual([['后勤管理处', '更换宿舍楼消防喷淋系统', 72]]);
    });

    it('keeps the settings, answers no secret, keeps an omitted secret and refuses a bad schedule', async () => {
      const res = await save(settings());
      expect(res.status).toBe(200);
      const text = await res.text();
      hasNoSecret(text);
      const view = ReminderSettingsView.parse(JSON.parse(text));
      expect(view.smtp).toMatchObject({ host: '127.0.0.1', user: SMTP_USER, passwordSet: true });
      expect(view.recipients.find((r) => r.unit === '后勤管理处')?.robot).toMatchObject({ kind: 'dingtalk', secretSet: true });
      expect(view.recipients.find((r) => r.unit === '外国语学院')?.robot?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cgi-bin\/webhook\/send\?key=\*\*\*\*/);

      // What the office page sends back after showing the view: no password, no webhooks, no signing secrets.
      const shown = settings();
      delete (shown.smtp as Record<string, unknown>).password;
      shown.recipients = view.recipients.map((r) => ({ unit: r.unit, emails: r.emails, robot: r.robot && { kind: r.robot.kind } }));
      expect((await save(shown)).status).toBe(200);
      const again = await (await api('/reminders/settings', office)).text();
      hasNoSecret(again);
      expect(ReminderSettingsView.parse(JSON.parse(again))).toEqual({ ...view, updatedAt: expect.any(String) });

      const bad = await save({ ...settings(), schedule: 'every morning' });
      expect(bad.status).toBe(400);
      expect(ApiError.parse(await bad.json()).error.message).toContain('定时规则');
      expect(ReminderSettingsView.parse(await (await api('/reminders/settings', office)).json()).schedule).toBe('0 9 * * 1-5');
    });

    it('sends each unit its digest by e-mail and by its robot, in each vendor’s format, signed', async () => {
      const report = await send();
      hasNoSecret(JSON.stringify(report));
      expect(outcomes(report)).toEqual({ 计算机学院: 'sent', 外国语学院: 'sent', 马克思主义学院: 'sent', 后勤管理处: 'sent', 保卫处: 'failed', 图书馆: 'no_recipients' });

      expect(smtp.logins).toEqual([{ user: SMTP_USER, pass: SMTP_PASSWORD, ok: true }]);
      expect(smtp.mails).toHaveLength(1);
      const mail = smtp.mails[0]!;
      expect(mail.to).toEqual(['dangban@cs.example.edu.cn', 'yuanzhang@cs.example.edu.cn']);
      expect(mail.subject).toBe('【整改提醒】计算机学院：已逾期1项，即将到期1项，被退回1项');
      for (const words of ['截至2018年9月10日', '即将到期', '已逾期（督办/告诫）', '被退回', '制定理论学习中心组年度学习计划', '还剩5天', '建立学习考勤制度', '完成时限：2018年7月底前', '告诫（责任领导：王建国）：已逾期41天', '责任单位：计算机学院', '缺少党委会会议纪要']) {
        expect(mail.text).toContain(words);
      }
      expect(mail.html).toContain('<th style="border:1px solid #ccc;padding:4px 8px;background:#f3f3f3">整改措施</th>');
      expect(mail.html).toContain('建立学习考勤制度');
      expect(mail.text).not.toContain('修订外事接待管理办法');

      const wecom = robots.calls.find((c) => c.path === '/cgi-bin/webhook/send')!;
      expect(wecom.query.get('key')).toBe(SECRETS.wecomKey);
      expect(wecom.body.msgtype).toBe('markdown');
      expect((wecom.body.markdown as { content: string }).content).toContain('督办：已逾期10天');
      expect(Buffer.byteLength((wecom.body.markdown as { content: string }).content)).toBeLessThanOrEqual(4096);

      const ding = robots.calls.find((c) => c.path === '/robot/send')!;
      const ts = ding.query.get('timestamp')!;
      expect(Math.abs(Number(ts) - Date.now())).toBeLessThan(3_600_000);
      expect(ding.query.get('sign')).toBe(createHmac('sha256', SECRETS.dingSecret).update(`${ts}\n${SECRETS.dingSecret}`).digest('base64'));
      expect(ding.body).toMatchObject({ msgtype: 'markdown', markdown: { title: expect.stringContaining('后勤管理处') } });
      expect((ding.body.markdown as { text: string }).text).toContain('更换宿舍楼消防喷淋系统');

      const feishu = robots.calls.find((c) => c.path.startsWith('/open-apis/bot/v2/hook/'))!;
      const fts = String(feishu.body.timestamp);
      expect(feishu.body.sign).toBe(createHmac('sha256', `${fts}\n${SECRETS.feishuSecret}`).update('').digest('base64'));
      expect(feishu.body.msg_type).toBe('post');
      const post = (feishu.body.content as { post: { zh_cn: { title: string; content: { tag: string; text: string }[][] } } }).post.zh_cn;
      expect(post.title).toContain('马克思主义学院');
      expect(post.content.flat().map((t) => t.text).join('\n')).toContain('开展思政课集体备课');
    });

    it('retries a robot that answers an error code, shows the failure in the log, and sends once per unit and day', async () => {
      expect(robots.calls.filter((c) => c.path === '/broken/robot/send')).toHaveLength(3);
      let entries = await log();
      hasNoSecret(JSON.stringify(entries));
      const broken = entries.find((e) => e.unit === '保卫处')!;
      expect(broken).toMatchObject({ status: 'failed', attempts: 3, delivered: [], trigger: 'manual', asOf: ASOF });
      expect(broken.lastError).toContain('errcode 310000');
      expect(entries.find((e) => e.unit === '计算机学院')).toMatchObject({ status: 'sent', attempts: 1, delivered: ['email'] });

      robots.answer.delete('/broken/robot/send');
      const second = await send();
      expect(outcomes(second)).toMatchObject({ 计算机学院: 'skipped', 外国语学院: 'skipped', 马克思主义学院: 'skipped', 后勤管理处: 'skipped', 保卫处: 'sent' });
      expect(second.units.find((u) => u.unit === '计算机学院')?.reason).toContain('今天已发送');
      expect(smtp.mails).toHaveLength(1);
      expect(robots.calls.filter((c) => c.path === '/cgi-bin/webhook/send')).toHaveLength(1);
      entries = await log();
      expect(entries.find((e) => e.unit === '保卫处')).toMatchObject({ status: 'sent', attempts: 4, lastError: null });
    });

    it('sends a unit once when two sends run at the same time', async () => {
      await push([row('档案馆', '整理干部人事档案', 'not_started', '2018-08-20')]);
      const body = settings();
      body.recipients.push({ unit: '档案馆', emails: ['danganguan@example.edu.cn'] });
      expect((await save(body)).status).toBe(200);
      const [a, b] = await Promise.all([send(), send(s.twin ?? s.server)]);
      expect([outcomes(a)['档案馆'], outcomes(b)['档案馆']].sort()).toEqual(['sent', 'skipped']);
      expect(smtp.mails.filter((m) => m.to.includes('danganguan@example.edu.cn'))).toHaveLength(1);
    });

    it('sends on the schedule the office set', async () => {
      await push([row('研究生院', '规范研究生招生复试工作', 'in_progress', '2018-09-14')]);
      const body = { ...settings(), enabled: true, schedule: '* * * * * *' };
      body.recipients.push({ unit: '档案馆', emails: ['danganguan@example.edu.cn'] }, { unit: '研究生院', emails: ['yjsy@example.edu.cn'] });
      const view = ReminderSettingsView.parse(await (await save(body)).json());
      expect(view.nextRun).not.toBeNull();
      // The schedule judges as of today, when 研究生院's 2018 deadline is long past.
      await expect.poll(() => smtp.mails.some((m) => m.to.includes('yjsy@example.edu.cn')), { timeout: 20_000, interval: 200 }).toBe(true);
      expect((await save({ ...body, enabled: false })).status).toBe(200);
      const entry = (await log()).find((e) => e.unit === '研究生院')!;
      expect(entry).toMatchObject({ status: 'sent', trigger: 'schedule' });
      expect(smtp.mails.filter((m) => m.to.includes('yjsy@example.edu.cn'))).toHaveLength(1);
    });

    it('fails a unit at once, saying why, when it has addresses but no SMTP server is set', async () => {
      await push([row('校医院', '规范药品采购流程', 'not_started', '2018-08-15')]);
      const body = { ...settings(), smtp: null };
      body.recipients.push({ unit: '校医院', emails: ['xiaoyiyuan@example.edu.cn'] });
      expect((await save(body)).status).toBe(200);
      const report = await send();
      const hospital = report.units.find((u) => u.unit === '校医院')!;
      expect(hospital).toMatchObject({ outcome: 'failed', channels: [{ channel: 'email', ok: false, attempts: 1 }] });
      expect(hospital.reason).toContain('未设置发信服务器（SMTP）');
      hasNoSecret(await (await api(`/reminders?asOf=${ASOF}`, office)).text());
      hasNoSecret(await (await api('/reminders/settings', office)).text());
      hasNoSecret(await (await api('/reminders/log', office)).text());
    });
  });
}
