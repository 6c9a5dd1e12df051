// The office page in a real browser against the real service: signing in, the figures the office
// quotes, the overdue list, the workbook download, English, signing out, and the keyboard.
import { mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import type { UnitRollup } from '../../ledger/schema';
import { revokeApiToken } from '../../server/store';
import { accessibilityProblems, launch, openPage, type OpenPage } from './browser';
import { AS_OF, EXPECTED_OVERDUE, MEASURES } from './fixtures';
import { issueToken, startLoadedService, type Running } from './service';
import { parseCategory } from '../../ledger/category';

const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');
const STATUS_ZH = ['未启动', '正在推进', '已完成', '已完成并长期坚持'];

let service: Running;
let browser: Browser;
const opened: OpenPage[] = [];

beforeAll(async () => {
  service = await startLoadedService();
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await service?.srv.close();
});

async function open(): Promise<OpenPage> {
  const o = await openPage(browser, service.srv.url, AS_OF);
  opened.push(o);
  return o;
}

async function signIn(page: Page, token = service.office.token, remember = false): Promise<void> {
  await page.locator('#token').fill(token);
  if (remember) await page.locator('#remember').check();
  await page.locator('#sign-in-button').click();
  await page.locator('#report').filter({ hasText: /\S/ }).waitFor();
}

const texts = (page: Page, selector: string) => page.locator(selector).allInnerTexts();
const rowCells = (page: Page, table: string) =>
  page.locator(`${table} tbody tr`).evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => (c as HTMLElement).innerText.trim())));
const storedToken = (page: Page) =>
  page.evaluate(() => ({ session: sessionStorage.getItem('ledger.office.token'), local: localStorage.getItem('ledger.office.token') }));
const pct = (rate: number) => `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;

describe('office page', () => {
  afterAll(async () => {
    for (const o of opened) await o.context.close();
  });

  it('opens on the sign-in form in Chinese and a wrong token gets the service’s Chinese 401 message', async () => {
    const { page, problems } = await open();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.title()).toBe('整改台账 · 整改办');
    expect(await page.locator('#sign-in').isVisible()).toBe(true);
    expect(await page.locator('#dashboard').isVisible()).toBe(false);

    await page.locator('#token').fill(`lgr_${'x'.repeat(43)}`);
    await page.locator('#sign-in-button').click();
    const alert = page.locator('#error[role="alert"]');
    await alert.filter({ hasText: /\S/ }).waitFor();
    expect(await alert.innerText()).toBe('API 令牌无效：本服务没有发放过这个令牌');
    expect(await page.locator('#sign-in').isVisible()).toBe(true);
    expect(await page.locator('#token').getAttribute('aria-invalid')).toBe('true');
    expect(await storedToken(page)).toEqual({ session: null, local: null });
    // The same refusal in the service's English words once the page is in English.
    await page.locator('#lang-switch').click();
    expect(await alert.innerText()).toBe('Invalid API token: this service never issued it');
    await page.locator('#lang-switch').click();
    expect(await alert.innerText()).toBe('API 令牌无效：本服务没有发放过这个令牌');

    await page.locator('#token').fill('');
    await page.locator('#sign-in-button').click();
    await alert.filter({ hasText: '请先粘贴 API 令牌' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('is usable by keyboard alone: Tab reaches the token field and the button, Enter signs in', async () => {
    const { page, problems } = await open();
    const focused = () => page.evaluate(() => document.activeElement?.id ?? '');
    const seen: string[] = [];
    for (let i = 0; i < 8 && !seen.includes('sign-in-button'); i++) {
      await page.keyboard.press('Tab');
      seen.push(await focused());
    }
    expect(seen).toContain('token');
    expect(seen).toContain('remember');
    expect(seen.at(-1)).toBe('sign-in-button');
    expect(seen.indexOf('token')).toBeLessThan(seen.indexOf('sign-in-button'));
    // The focus ring shows where the keyboard is.
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');

    await page.locator('#token').focus();
    await page.keyboard.type(service.office.token);
    await page.keyboard.press('Enter');
    await page.locator('#report').filter({ hasText: /\S/ }).waitFor();
    // Focus moves to the figures' heading so a screen reader starts there.
    expect(await focused()).toBe('dashboard-title');

    // The language switch answers Enter like any button.
    await page.locator('#lang-switch').focus();
    await page.keyboard.press('Enter');
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    expect(problems).toEqual([]);
  });

  it('shows the report sentence, totals, category and unit tables exactly as the service computes them', async () => {
    const { page, problems } = await open();
    await signIn(page);
    const api = await service.office.rollup(AS_OF);

    expect(await page.locator('#as-of').inputValue()).toBe(AS_OF);
    expect(await page.locator('#campaign').inputValue()).toBe('default');
    expect(await page.locator('#who').innerText()).toBe('当前身份：整改办');
    expect(await page.locator('#report').innerText()).toBe(api.report);
    expect(api.report).toBe('共梳理形成2大类、8个问题，制定21项整改措施，已完成8项（含已完成并需长期坚持的措施3项），已启动9项，尚未启动4项');
    expect(await page.locator('#scope-line').innerText()).toBe('整改批次：默认台账　统计截至 2024年6月30日');

    const totals = Object.fromEntries(
      await page.locator('#totals > div').evaluateAll((items) => items.map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent])),
    );
    expect(totals).toEqual({
      问题类别数: '2',
      问题数: '8',
      整改措施数: '21',
      未启动: '4',
      正在推进: '9',
      已完成: '5',
      已完成并长期坚持: '3',
      完成数: '8',
      逾期数: '7',
      完成率: '38.1%',
      已销号: '0',
      延期待审核: '0',
    });

    const headers = ['整改措施数', '问题数', ...STATUS_ZH, '完成数', '逾期数', '完成率'];
    expect(await texts(page, '#by-category thead th')).toEqual(['问题类别', ...headers]);
    expect(await texts(page, '#by-unit thead th')).toEqual(['责任单位', ...headers]);
    const figures = (g: Omit<UnitRollup, 'unit'>) => [
      String(g.measures),
      String(g.problems),
      String(g.status.not_started),
      String(g.status.in_progress),
      String(g.status.done),
      String(g.status.done_ongoing),
      String(g.completed),
      String(g.overdue),
      pct(g.completionRate),
    ];
    expect(await rowCells(page, '#by-category')).toEqual(api.byCategory.map((c) => [c.category, ...figures(c)]));
    expect(await rowCells(page, '#by-unit')).toEqual(api.byUnit.map((u) => [u.unit, ...figures(u)]));
    expect(await page.locator('#by-unit tfoot tr').evaluate((r) => [...r.children].map((c) => (c as HTMLElement).innerText))).toEqual(['合计', ...figures(api)]);
    expect(await texts(page, '#by-unit tbody th')).toEqual(['计算机学院', '后勤管理处', '财务处']);
    expect(await page.locator('#by-category caption').innerText()).toBe('各问题类别完成情况');

    // The office resolves conflicts on the page: its queue counts them.
    expect(await page.locator('#conflict-queue h4').innerText()).toBe('同步冲突（1）');
    expect(await service.office.openConflicts()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('lists the overdue measures most days overdue first, 立行立改 last', async () => {
    const { page, problems } = await open();
    await signIn(page);
    const byNo = new Map(MEASURES.map((m) => [m.measureNo, m]));
    expect(await texts(page, '#overdue thead th')).toEqual(['序号', '问题类别', '存在问题', '整改措施', '责任单位', '责任人', '完成时限', '逾期天数']);
    const rows = await rowCells(page, '#overdue');
    expect(rows).toHaveLength((await service.office.rollup(AS_OF)).overdue);
    expect(rows).toEqual(
      EXPECTED_OVERDUE.map(({ measureNo, days }, i) => {
        const m = byNo.get(measureNo)!;
        const deadline = typeof m.deadline === 'string' ? m.deadline : m.deadline.text;
        // Named as the rollup names categories: without the ordinal the office typed (一、…).
        return [String(i + 1), parseCategory(m.category).name, m.problem, m.measure, m.unit, m.owner, deadline, days === null ? '—' : String(days)];
      }),
    );
    expect(await page.locator('#overdue caption').innerText()).toBe('逾期整改措施（截至 2024年6月30日，共 7 项，按逾期天数排序）');

    // Another date: the figures and the list follow it.
    const later = '2024-10-31';
    await page.locator('#as-of').fill(later);
    await page.locator('#refresh').click();
    await page.locator('#overdue caption', { hasText: '2024年10月31日' }).waitFor();
    const api = await service.office.rollup(later);
    expect(await page.locator('#report').innerText()).toBe(api.report);
    expect(await page.locator('#overdue tbody tr').count()).toBe(api.overdue);
    expect(api.overdue).toBeGreaterThan(7);

    // Another campaign, with nothing in it yet.
    await page.locator('#campaign').selectOption('audit-2024');
    await page.locator('#scope-line', { hasText: '2024年审计整改' }).waitFor();
    expect(await page.locator('#report').innerText()).toBe((await service.office.rollup(later, 'zh', 'audit-2024')).report);
    expect(await page.locator('#charts-slot').innerText()).toBe('该整改批次还没有整改措施。');
    expect(await page.locator('#overdue-slot').innerText()).toBe('没有逾期的整改措施。');
    expect(await page.locator('#conflict-queue h4').innerText()).toBe('同步冲突（0）');
    expect(await texts(page, '#campaign option')).toEqual(['2024年审计整改', '默认台账']);
    expect(problems).toEqual([]);
  });

  it('copies the report sentence to the clipboard', async () => {
    const { page, context, problems } = await open();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: service.srv.url });
    await signIn(page);
    await page.locator('#copy').click();
    await page.locator('#status', { hasText: '报告用语已复制到剪贴板。' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe((await service.office.rollup(AS_OF)).report);
    expect(problems).toEqual([]);
  });

  it('switches to English, keeps the choice, and back', async () => {
    const { page, problems } = await open();
    await signIn(page);
    await page.locator('#lang-switch').click();
    const en = await service.office.rollup(AS_OF, 'en');
    await page.locator('#report', { hasText: en.report }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('#dashboard-title').innerText()).toBe('Rectification progress');
    expect(await page.locator('#download').innerText()).toBe('Download consolidated workbook');
    expect(await page.locator('#lang-switch').innerText()).toBe('中文');
    expect(await page.locator('#lang-switch').getAttribute('lang')).toBe('zh-CN');
    expect(await texts(page, '#by-unit thead th')).toEqual(['Unit', 'Measures', 'Problems', 'Not started', 'In progress', 'Done', 'Done & kept up', 'Completed', 'Overdue', 'Completion rate']);
    expect(await page.locator('#overdue caption').innerText()).toBe(`Overdue measures (as of ${AS_OF}, 7 in all, most days overdue first)`);
    expect(await page.locator('#conflict-queue h4').innerText()).toBe('Sync conflicts (1)');
    expect(await page.locator('#who').innerText()).toBe('Signed in as Office');

    await page.reload();
    await page.locator('#report', { hasText: en.report }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.title()).toBe('Rectification ledger · Office');

    await page.locator('#lang-switch').click();
    await page.locator('#report', { hasText: '共梳理形成' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('#dashboard-title').innerText()).toBe('整改进展汇总');
    expect(problems).toEqual([]);
  });

  it('downloads the consolidated workbook under the service’s file name', async () => {
    const { page, problems } = await open();
    await signIn(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download').click()]);
    expect(download.suggestedFilename()).toBe(`整改工作台账（汇总）-${AS_OF}.xlsx`);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const wb = XLSX.read(bytes, { type: 'buffer' });
    expect(wb.SheetNames).toContain('逾期');
    const overdueSheet = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['逾期']!, { header: 1, blankrows: false });
    // Title and header rows, then one row per overdue measure: the same seven the page lists.
    const listed = overdueSheet.slice(2).map((r) => String(r[3]));
    expect(new Set(listed)).toEqual(new Set(await page.locator('#overdue tbody td:nth-child(4)').allInnerTexts()));
    await page.locator('#status', { hasText: '汇总台账已下载。' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('signs out and forgets the token; "remember" keeps it in localStorage for new tabs', async () => {
    const { page, context, problems } = await open();
    await signIn(page);
    expect(await storedToken(page)).toEqual({ session: service.office.token, local: null });
    await page.locator('#sign-out').click();
    expect(await page.locator('#sign-in').isVisible()).toBe(true);
    expect(await page.locator('#dashboard').isVisible()).toBe(false);
    expect(await page.locator('#who').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('token');
    expect(await page.locator('#status').innerText()).toBe('已退出登录。');
    expect(await storedToken(page)).toEqual({ session: null, local: null });
    await page.reload();
    expect(await page.locator('#sign-in').isVisible()).toBe(true);

    await signIn(page, service.office.token, true);
    expect(await storedToken(page)).toEqual({ session: null, local: service.office.token });
    const tab = await context.newPage();
    await tab.goto(service.srv.url);
    await tab.locator('#report').filter({ hasText: /\S/ }).waitFor();
    await tab.locator('#sign-out').click();
    expect(await storedToken(tab)).toEqual({ session: null, local: null });
    await tab.close();
    expect(problems).toEqual([]);
  });

  it('a token revoked mid-session sends the person back to sign-in with the reason', async () => {
    const { page } = await open();
    const second = await issueToken(service.srv.store, { role: 'office' });
    await signIn(page, second.token);
    await revokeApiToken(service.srv.store, second.id);
    await page.locator('#refresh').click();
    await page.locator('#error', { hasText: '该 API 令牌已被吊销' }).waitFor();
    expect(await page.locator('#sign-in').isVisible()).toBe(true);
    expect(await page.locator('#dashboard').isVisible()).toBe(false);
    expect(await storedToken(page)).toEqual({ session: null, local: null });
  });

  it('a unit’s token shows that unit’s own measures only', async () => {
    const { page, problems } = await open();
    const unit = await issueToken(service.srv.store, { role: 'unit', unit: '计算机学院' });
    await signIn(page, unit.token);
    expect(await page.locator('#who').innerText()).toBe('当前身份：单位 计算机学院');
    expect(await texts(page, '#by-unit tbody th')).toEqual(['计算机学院']);
    expect(await page.locator('#overdue tbody td:nth-child(5)').allInnerTexts()).toEqual(['计算机学院', '计算机学院']);
    expect(problems).toEqual([]);
  });

  it('passes the accessibility checks in Chinese and in English', async () => {
    const { page, problems } = await open();
    expect(await accessibilityProblems(page)).toEqual([]);
    await signIn(page);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await accessibilityProblems(page)).toEqual([]);
    // The report's tables: by unit, by category, status, over time, overdue by unit, reporting, all measures, overdue.
    expect(await page.locator('table').count()).toBe(8);
    await page.locator('#lang-switch').click();
    await page.locator('#report', { hasText: 'categories' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('prints the figures without the controls', async () => {
    const { page } = await open();
    await signIn(page);
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['#query-form', '#copy', '.account', '#status', '#conflicts']) expect(await page.locator(hidden).isVisible()).toBe(false);
    for (const shown of ['#report', '#totals', '#by-category', '#by-unit', '#overdue']) expect(await page.locator(shown).isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('#query-form').isVisible()).toBe(true);
  });

  it('shows the dashboard under the page’s heading with nothing running off the right edge (and saves a screenshot)', async () => {
    const { page, problems } = await open();
    await signIn(page);
    expect(await page.locator('h1').innerText()).toBe('整改台账');
    expect(await page.locator('#dashboard-title').isVisible()).toBe(true);
    expect(await page.locator('#dashboard-title').innerText()).toBe('整改进展汇总');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(problems).toEqual([]);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: resolve(ARTIFACTS, 'office-page.png'), fullPage: true });
  });
});
