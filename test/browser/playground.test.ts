// The task pane in a real browser (headless Chromium), on the playground the service serves: the
// same taskpane.js that runs in Excel, on the simulated workbook. Opens the sample ledger, sets it
// up, checks it, fixes a cell, syncs with the real service, and settles a conflict with an edit made
// by someone else. All of it twice: with the modern bundle, and with the ES5 one Office 2016/2019
// runs, on a page stripped of what IE11 lacks (playground ?bundle=legacy).
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { issueApiToken } from '../../server/app/identity';
import { startServer, type RunningServer } from '../../server/serve';
import { describeNeeding, NEEDS } from '../support/requires';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');
const SHEET = '整改台账';

const BUNDLES = ['modern', 'legacy'] as const;

let server: RunningServer;
let browser: Browser;
let page: Page;
/** Uncaught errors on the page of the bundle under test. */
let errors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
});

afterAll(async () => {
  await browser?.close();
});

/** A cell of the simulated workbook as the playground draws it. */
const cell = (address: string) => page.locator(`#pg-workbook td[data-addr="${address}"]`);
const pane = () => page.locator('#ledger-pane');

/** What the simulated workbook holds, read from the page. */
function sheetCells(): Promise<unknown[][]> {
  return page.evaluate((sheet) => {
    const pg = (window as unknown as { ledgerPlayground: { host: { inspect(s: string): { grid: { cells: unknown[][] } } } } }).ledgerPlayground;
    return pg.host.inspect(sheet).grid.cells;
  }, SHEET);
}

async function typeInto(address: string, value: string): Promise<void> {
  await cell(address).click();
  await page.locator('#pg-value').fill(value);
  await page.locator('#pg-value').press('Enter');
}

for (const bundle of BUNDLES) describeNeeding(existsSync(CHROMIUM), NEEDS.chromium)(`the task pane in the playground (${bundle} bundle)`, () => {
  // Each bundle on its own service, so both start from an empty ledger.
  beforeAll(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', store: { kind: 'sqlite', file: ':memory:' }, dev: true });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
  });

  afterAll(async () => {
    await page?.close();
    await server?.close();
  });

  it('opens the sample ledger, sets it up, checks it and marks the overdue cell', async () => {
    await page.goto(`${server.url}/playground${bundle === 'legacy' ? '?bundle=legacy' : ''}`);
    // Without a token the service reads nothing; with one, the sample opens.
    await page.getByRole('button', { name: '使用示例台账' }).click();
    await expect.poll(() => page.locator('#pg-status').textContent()).toContain('请先粘贴令牌');
    await page.locator('#pg-token').fill((await issueApiToken(server.store, { role: 'unit', unit: '某学院' })).token);
    await page.getByRole('button', { name: '使用示例台账' }).click();
    await expect.poll(() => pane().getByRole('heading', { name: '整改台账' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => (window as { ledgerBundle?: string }).ledgerBundle)).toBe(bundle);
    // IE11 ignores the CSP that keeps zod from compiling code it could not parse: the legacy bundle turns that off.
    expect(await page.evaluate(() => (window as { __zod_globalConfig?: { jitless?: boolean } }).__zod_globalConfig?.jitless)).toBe(bundle === 'legacy' || undefined);
    // Without Web Crypto (IE11, Edge Legacy) MSAL cannot run: the pane says so and offers tokens.
    const unavailable = pane().getByText('无法运行 Microsoft 账号登录，请用 API 令牌连接');
    await expect.poll(() => unavailable.count()).toBe(bundle === 'legacy' ? 1 : 0);

    await pane().getByRole('button', { name: '识别台账' }).click();
    await expect.poll(() => pane().textContent()).toContain('工作表“整改台账”：表头在第 3 行，数据在第 5–10 行，共 5 项措施。');
    await expect.poll(() => pane().getByRole('combobox', { name: '第 J 列“完成情况”对应的字段' }).inputValue()).toBe('status');

    await pane().getByRole('button', { name: '添加下拉列表、逾期着色和标识列' }).click();
    await expect.poll(() => pane().textContent()).toContain('已添加下拉列表：完成情况 4 项');
    await expect.poll(() => page.locator('#pg-legend').textContent()).toContain('数据验证 3 处 · 条件格式 2 条');
    // Drop-down arrows on the status column, and its list in the formula bar.
    await expect.poll(() => cell('J8').locator('.pg-arrow').count()).toBe(1);
    await cell('J8').click();
    const options = await page.locator('#pg-list option').allTextContents();
    expect(options).toEqual(['▾ 下拉选项', '未启动', '正在推进', '已完成', '已完成并长期坚持']);

    await pane().getByRole('button', { name: '校验', exact: true }).click();
    const overdue = pane().getByRole('button', { name: /^转到 第 8 行 I 列：已逾期/ });
    await expect.poll(() => overdue.count()).toBe(1);
    await expect.poll(() => cell('I8').getAttribute('data-fill')).toBeTruthy();

    // The pane as a person sees it after checking: its check section in view.
    mkdirSync(ARTIFACTS, { recursive: true });
    await pane().locator('#lp-h-check').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.locator('.pg-pane').screenshot({ path: resolve(ARTIFACTS, `pane-check${bundle === 'legacy' ? '-legacy' : ''}.png`) });

    // Clicking the finding selects its cell.
    await overdue.click();
    await expect.poll(() => page.locator('#pg-addr').textContent()).toBe('I8');
  });

  it('moves the mark with its row when a row is inserted above it, and back when that row is deleted', async () => {
    const findings = () => pane().locator('button.lp-finding').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
    const looks = () => page.locator('#pg-workbook td').evaluateAll((tds) => tds.map((td) => `${td.getAttribute('data-addr')}:${td.getAttribute('style') ?? ''}:${td.getAttribute('data-fill') ?? ''}`));
    const before = { findings: await findings(), looks: await looks() };
    await cell('A5').click();
    await page.getByRole('button', { name: '插入行' }).click();
    await expect.poll(() => pane().getByRole('button', { name: /^转到 第 9 行 I 列：已逾期/ }).count()).toBe(1);
    await expect.poll(() => cell('I9').getAttribute('data-fill')).toBeTruthy();
    // Row 8 is now the merged section row above it.
    await expect.poll(() => cell('A8').textContent()).toBe('二、基层组织建设薄弱');

    await cell('A5').click();
    await page.getByRole('button', { name: '删除行' }).click();
    await expect.poll(findings).toEqual(before.findings);
    // Every cell as it looked before: the marks where they were, nothing left on the rows between.
    await expect.poll(looks).toEqual(before.looks);
  });

  it('re-checks as a cell is fixed: the flag goes', async () => {
    await cell('J8').click();
    await page.locator('#pg-list').selectOption('已完成');
    await typeInto('K8', '专项检查报告.pdf');
    await expect.poll(() => pane().getByRole('button', { name: /^转到 第 8 行/ }).count()).toBe(0);
    await expect.poll(async () => (await cell('I8').getAttribute('data-fill')) ?? '').not.toBeTruthy();
    expect((await sheetCells())[7]?.[9]).toBe('已完成');
  });

  it('pushes to the service and settles a conflicting edit made elsewhere', async () => {
    const unitToken = (await issueApiToken(server.store, { role: 'unit', unit: '某学院' })).token;
    const officeToken = (await issueApiToken(server.store, { role: 'office' })).token;
    await pane().getByLabel('API 令牌').fill(unitToken);
    await pane().getByRole('button', { name: '使用令牌连接' }).click();
    await expect.poll(() => pane().textContent()).toContain('已连接');
    await expect.poll(() => pane().textContent()).toContain('单位：某学院');

    await pane().getByRole('button', { name: '立即同步' }).click();
    await expect.poll(() => pane().textContent()).toContain('提交：新增 5，更新 0');
    const idCol = (await sheetCells())[2]!.indexOf('__id');
    const rowId = String((await sheetCells())[7]![idCol]);
    expect(rowId).toMatch(/^[A-Za-z0-9_-]+$/);

    // Someone else (the office, from another client) sends row 8 back to "in progress".
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${server.url}/api/v1${path}`, { ...init, headers: { Authorization: `Bearer ${officeToken}`, 'Content-Type': 'application/json' } });
    const pushed = await api('/campaigns/default/push', {
      method: 'POST',
      body: JSON.stringify({ clientId: 'office-desk', mutationId: 1, rows: [{ id: rowId, baseVersion: 1, fields: { status: 'in_progress', statusText: '正在推进' } }] }),
    });
    expect(pushed.status).toBe(200);

    // Meanwhile the unit marks it done and kept up.
    await cell('J8').click();
    await page.locator('#pg-list').selectOption('已完成并长期坚持');
    await pane().getByRole('button', { name: '立即同步' }).click();
    const card = pane().locator('article.lp-conflict');
    await expect.poll(() => card.count()).toBe(1);
    await card.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.locator('.pg-pane').screenshot({ path: resolve(ARTIFACTS, `pane-conflict${bundle === 'legacy' ? '-legacy' : ''}.png`) });
    const text = await card.textContent();
    expect(text).toContain('第 8 行 · 完成情况');
    expect(text).toContain('服务器上（他人修改）正在推进');
    expect(text).toContain('我的修改已完成并长期坚持');
    expect(text).toContain('修改之前已完成');

    await card.getByRole('button', { name: '采用我的值' }).click();
    await expect.poll(() => card.count()).toBe(0);
    await expect.poll(() => pane().textContent()).toContain('第 8 行的冲突已处理。');
    expect((await sheetCells())[7]?.[9]).toBe('已完成并长期坚持');
    const rows = (await (await api('/campaigns/default/rows')).json()) as { rows: { id: string; measure: { status?: string } }[] };
    expect(rows.rows.find((r) => r.id === rowId)?.measure.status).toBe('done_ongoing');
  });

  it('works from the keyboard, with a visible focus, and in English', async () => {
    await pane().getByRole('button', { name: 'English' }).click();
    await expect.poll(() => pane().getByRole('heading', { name: 'Rectification ledger' }).isVisible()).toBe(true);
    await expect.poll(() => pane().textContent()).toContain('Overdue by');

    // From the Check button, Tab reaches "Clear marks", the auto re-check box, then the first finding.
    await pane().getByRole('button', { name: 'Check', exact: true }).focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return { label: el.getAttribute('aria-label') ?? '', outline: getComputedStyle(el).outlineStyle };
    });
    expect(focused.label).toMatch(/^Go to Row 9, column I: Overdue by/);
    expect(focused.outline).toBe('solid');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#pg-addr').textContent()).toBe('I9');

    await pane().getByRole('button', { name: '中文' }).click();
    await expect.poll(() => pane().getByRole('heading', { name: '整改台账' }).isVisible()).toBe(true);
  });

  it('writes the rollup sheet', async () => {
    await pane().getByRole('button', { name: '生成“汇总”工作表' }).click();
    await expect.poll(() => pane().textContent()).toContain('已写入“汇总”工作表');
    const summary = await page.evaluate(() => {
      const pg = (window as unknown as { ledgerPlayground: { host: { inspect(s: string): { grid: { cells: unknown[][] } } } } }).ledgerPlayground;
      return pg.host.inspect('汇总').grid.cells.flat().filter((v) => v !== null && v !== '').length;
    });
    expect(summary).toBeGreaterThan(10);
  });

  it('ran all of it without an uncaught error', () => {
    expect(errors).toEqual([]);
  });
});
