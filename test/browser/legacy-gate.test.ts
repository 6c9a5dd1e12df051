// The pages Office opens pick their bundle themselves. A browser that runs modules runs the modern
// bundle and fetches nothing else. One that runs modules but cannot parse the modern bundle (Edge
// Legacy; stood in for here by answering the modern script with a syntax error) gets the legacy
// bundle from legacy-gate.js. And the legacy sign-in page tells the pane why Microsoft sign-in is
// unavailable. Office.js is a small stand-in: the real one needs Office around it.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { OFFICE_JS } from '../../addin/build';
import { startServer, type RunningServer } from '../../server/serve';
import { describeNeeding, NEEDS } from '../support/requires';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const CLIENT_ID = '11111111-2222-3333-4444-555555555555';

/** Office.js as far as the pages reach before they need a workbook; messageParent keeps what it is sent. */
const OFFICE_STAND_IN = `window.Office = {
  onReady: function () { return Promise.resolve({}); },
  context: { requirements: { isSetSupported: function () { return false; } }, ui: { messageParent: function (m) { window.sentToPane = m; } } }
};
window.Excel = { run: function () { return new Promise(function () {}); } };`;

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  server = await startServer({ port: 0, host: '127.0.0.1', store: { kind: 'sqlite', file: ':memory:' } });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A page with the Office stand-in, the modern script answered unparseable when `unparseable` names it, and the scripts it fetched. */
async function open(path: string, unparseable?: string): Promise<{ page: Page; fetched: string[] }> {
  const page = await browser.newPage();
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.route(OFFICE_JS, (route) => route.fulfill({ contentType: 'text/javascript', body: OFFICE_STAND_IN }));
  if (unparseable) {
    await page.route(new RegExp(`/addin/${unparseable}\\?v=`), (route) => route.fulfill({ contentType: 'text/javascript', body: 'window.ledgerBundle = "modern"; let = ;' }));
  }
  await page.goto(`${server.url}${path}`);
  return { page, fetched };
}

const bundleOf = (page: Page) => page.evaluate(() => (window as { ledgerBundle?: string }).ledgerBundle);

describeNeeding(existsSync(CHROMIUM), NEEDS.chromium)('the bundle a page picks', () => {
  it('runs the modern bundle where modules and its syntax are supported, and fetches no other', async () => {
    const { page, fetched } = await open('/addin/taskpane.html');
    await expect.poll(() => page.locator('#ledger-pane h1').textContent()).toBe('整改台账');
    expect(await bundleOf(page)).toBe('modern');
    expect(fetched.filter((p) => p.startsWith('/addin/') && p.endsWith('.js'))).toEqual(['/addin/taskpane.js', '/addin/legacy-gate.js']);
    await page.close();
  });

  it('runs the legacy bundle where the modern one cannot be parsed, and says Microsoft sign-in is unavailable', async () => {
    const { page, fetched } = await open('/addin/taskpane.html', 'taskpane.js');
    await expect.poll(() => page.locator('#ledger-pane h1').textContent()).toBe('整改台账');
    expect(await bundleOf(page)).toBe('legacy');
    expect(fetched).toContain('/addin/taskpane-legacy.js');
    await expect.poll(() => page.locator('#ledger-pane').textContent()).toContain('无法运行 Microsoft 账号登录，请用 API 令牌连接');
    await page.close();
  });

  it('has the legacy sign-in page tell the pane why it cannot sign in', async () => {
    const scope = `api://127.0.0.1/${CLIENT_ID}/access_as_user`;
    const { page } = await open(`/addin/auth-dialog.html?clientId=${CLIENT_ID}&scope=${encodeURIComponent(scope)}`, 'auth-dialog.js');
    await expect.poll(() => page.locator('#status').textContent()).toContain('无法运行 Microsoft 账号登录');
    expect(await bundleOf(page)).toBe('legacy');
    const sent = JSON.parse(await page.evaluate(() => String((window as { sentToPane?: string }).sentToPane))) as { kind: string; message: string };
    expect(sent.kind).toBe('error');
    expect(sent.message).toContain('Microsoft sign-in cannot run');
    await page.close();
  });
});
