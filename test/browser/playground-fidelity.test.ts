// The playground shows the simulated workbook as Excel would: the sample's deadline as the date its
// number format makes it (not the serial 43343), the overdue row in the colours of the pane's
// conditional format, and the 汇总 sheet's live formulas as the figures they compute (no #NAME?).
// Pictures of both sheets go to test/artifacts/.
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { OVERDUE_STYLE } from '../../addin/excel/status-formats';
import { UNSUPPORTED } from '../../addin/sim';
import { issueApiToken } from '../../server/app/identity';
import { startServer, type RunningServer } from '../../server/serve';
import { describeNeeding, NEEDS } from '../support/requires';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');
/** The day the sample was filled in: its row 8 (due 2018-08-31, in progress) is overdue then. */
const TODAY = '2018-09-10T09:30:00+08:00';

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  server = await startServer({ port: 0, host: '127.0.0.1', store: { kind: 'sqlite', file: ':memory:' }, dev: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.clock.setFixedTime(new Date(TODAY));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const cell = (address: string) => page.locator(`#pg-workbook td[data-addr="${address}"]`);
const key = (k: string) => page.locator(`#ledger-pane [data-key="${k}"]`);
const background = (address: string) => cell(address).evaluate((el) => getComputedStyle(el).backgroundColor);

/** "#FFC7CE" as the browser computes it. */
function rgb(hex: string): string {
  const n = (i: number) => parseInt(hex.slice(i, i + 2), 16);
  return `rgb(${n(1)}, ${n(3)}, ${n(5)})`;
}

describeNeeding(existsSync(CHROMIUM), NEEDS.chromium)('the playground shows what Excel shows', () => {
  it('shows the deadline as a date and the overdue row in its conditional colours', async () => {
    await page.goto(`${server.url}/playground`);
    await page.locator('#pg-token').fill((await issueApiToken(server.store, { role: 'unit', unit: '某学院' })).token);
    await page.getByRole('button', { name: '使用示例台账' }).click();
    await key('detect').waitFor();
    // The file formats I8 as yyyy"年"m"月"d"日"; other deadlines are text.
    expect(await cell('I8').innerText()).toBe('2018年8月31日');
    expect(await cell('I5').innerText()).toBe('2018年9月底前');

    await key('detect').click();
    await key('setup').waitFor();
    await key('setup').click();
    await expect.poll(() => page.locator('#pg-legend').textContent()).toContain('条件格式 2 条');
    // Row 8 (in progress, past its deadline) takes the overdue fill and font across the table; row 9 (not started, due by text) does not.
    await expect.poll(() => background('D8')).toBe(rgb(OVERDUE_STYLE.fill));
    expect(await background('J8')).toBe(rgb(OVERDUE_STYLE.fill));
    expect(await cell('D8').evaluate((el) => getComputedStyle(el).color)).toBe(rgb(OVERDUE_STYLE.font));
    expect(await background('D9')).not.toBe(rgb(OVERDUE_STYLE.fill));
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('#pg-workbook').screenshot({ path: resolve(ARTIFACTS, 'playground-ledger.png') });
  });

  it('shows the 汇总 sheet’s formulas as the figures they compute', async () => {
    await key('check').click();
    await key('summary').waitFor();
    await key('summary').click();
    await page.getByRole('tab', { name: '汇总' }).click();
    const formulaCells = page.locator('#pg-workbook td[title^="="]');
    await expect.poll(() => formulaCells.count()).toBeGreaterThan(8);
    const shown = await formulaCells.allInnerTexts();
    // Every formula shows a number (a count, or a rate as a percentage), never #NAME? or the simulator's marker.
    for (const text of shown) expect(text).toMatch(/^\d+(\.\d)?%?$/);
    const all = (await page.locator('#pg-workbook td.pg-cell').allInnerTexts()).join('\n');
    expect(all).not.toContain('#NAME?');
    expect(all).not.toContain(UNSUPPORTED);
    // 整改措施 5, 完成率 60.0% (3 of 5), 逾期 1: each beside the figure the add-in computed.
    const row = (label: string) => page.locator('#pg-workbook tr', { has: page.locator('td', { hasText: new RegExp(`^${label}$`) }) });
    expect(await row('整改措施').locator('td').allInnerTexts()).toEqual(expect.arrayContaining(['整改措施', '5']));
    expect((await row('完成率').locator('td').allInnerTexts()).filter((t) => t === '60.0%')).toHaveLength(2);
    expect((await row('逾期').locator('td').allInnerTexts()).filter((t) => t === '1')).toHaveLength(2);
    await page.locator('#pg-workbook').screenshot({ path: resolve(ARTIFACTS, 'playground-summary.png') });
  });
});
