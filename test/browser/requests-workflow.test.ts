// Closure (申请销号) and extension (申请延期) in a real browser, on the playground with the real service,
// with the modern bundle and with the ES5 one Office 2016/2019 runs: the unit clicks a row in the
// sheet, asks from the pane, sees the office's returned closure with its reason above everything and
// opens its row from there, attaches evidence (佐证材料) from the file picker, and an approved
// extension moves the deadline cell.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import * as z from 'zod';
import { RowState } from '../../ledger/sync-protocol';
import { EvidenceList } from '../../ledger/evidence';
import { issueApiToken } from '../../server/app/identity';
import { startServer, type RunningServer } from '../../server/serve';
import { describeNeeding, NEEDS } from '../support/requires';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');

let browser: Browser;

/** A small PDF, and a Windows program (MZ…) renamed to look like a report. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
const EXE = Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(510, 0x90)]);

/** Waits as long as a busy machine (the suites run beside each other) may take to redraw the pane. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
});

afterAll(async () => {
  await browser?.close();
});

for (const bundle of ['modern', 'legacy'] as const) {
  describeNeeding(existsSync(CHROMIUM), NEEDS.chromium)(`closure and extension requests in the pane (${bundle} bundle)`, () => {
    let server: RunningServer;
    let page: Page;
    let office: string;
    const errors: string[] = [];
    const pane = () => page.locator('#ledger-pane');
    const cell = (address: string) => page.locator(`#pg-workbook td[data-addr="${address}"]`);
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${server.url}/api/v1/campaigns/default${path}`, { ...init, headers: { authorization: `Bearer ${office}`, 'content-type': 'application/json' } });
    const rowOf = async (measure: string) => z.object({ rows: z.array(RowState) }).parse(await (await api('/rows')).json()).rows.find((r) => r.measure.measure === measure)!;

    beforeAll(async () => {
      server = await startServer({ port: 0, host: '127.0.0.1', store: { kind: 'sqlite', file: ':memory:' }, dev: true });
      office = (await issueApiToken(server.store, { role: 'office' })).token;
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      page.on('pageerror', (e) => errors.push(e.message));
    });

    afterAll(async () => {
      await page?.close();
      await server?.close();
    });

    it('opens the sample ledger, connects as the unit and syncs it', async () => {
      await page.goto(`${server.url}/playground${bundle === 'legacy' ? '?bundle=legacy' : ''}`);
      await page.locator('#pg-token').fill((await issueApiToken(server.store, { role: 'unit', unit: '某学院' })).token);
      await page.getByRole('button', { name: '使用示例台账' }).click();
      await poll(() => pane().getByRole('heading', { name: '整改台账' }).isVisible()).toBe(true);
      expect(await page.evaluate(() => (window as { ledgerBundle?: string }).ledgerBundle)).toBe(bundle);
      // Connecting is not yet the next step (the sheet is not set up): its section opens on a click.
      await pane().locator('[data-key="fold-connect"]').click();
      await pane().getByRole('button', { name: '使用令牌连接' }).click();
      await poll(() => pane().textContent()).toContain('单位：某学院');
      await pane().getByRole('button', { name: '立即同步' }).click();
      await poll(() => pane().textContent()).toContain('提交：新增 5');
    });

    it('asks for closure of the completed row clicked in the sheet, and shows the office’s reason when it is returned', async () => {
      await cell('J5').click();
      await pane().getByRole('button', { name: '查看所选行' }).click();
      await poll(() => pane().locator('.lp-picked').textContent()).toContain('制定年度学习计划并按月落实');
      await pane().getByLabel('销号说明').fill('学习计划已印发，见佐证材料');
      await pane().getByRole('button', { name: '申请销号' }).click();
      await poll(() => pane().textContent()).toContain('销号申请已提交');
      await poll(() => pane().locator('.lp-closure-state').textContent()).toContain('已申请销号');
      const row = await rowOf('制定年度学习计划并按月落实');
      expect(row.measure.closure).toMatchObject({ state: 'requested', note: '学习计划已印发，见佐证材料' });

      const returned = await api(`/rows/${row.id}/closure`, { method: 'POST', body: JSON.stringify({ action: 'return', note: '缺少每月学习记录' }) });
      expect(returned.status).toBe(200);
      await pane().getByRole('button', { name: '立即同步' }).click();
      const answers = pane().locator('.lp-answers');
      await poll(() => answers.textContent()).toContain('被退回的销号申请（1）');
      expect(await answers.textContent()).toContain('整改办意见：缺少每月学习记录');
      mkdirSync(ARTIFACTS, { recursive: true });
      await answers.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.locator('.pg-pane').screenshot({ path: resolve(ARTIFACTS, `pane-returned${bundle === 'legacy' ? '-legacy' : ''}.png`) });

      await cell('A1').click();
      await answers.getByRole('button', { name: /制定年度学习计划并按月落实/ }).click();
      await poll(() => page.locator('#pg-addr').textContent()).toBe('D5');
    });

    it('attaches a PDF to the row from the file picker, saves the same bytes, shows the refusal of a renamed program, and removes the file', async () => {
      await cell('J5').click();
      await pane().getByRole('button', { name: '查看所选行' }).click();
      const evidence = pane().locator('.lp-evidence');
      await poll(() => evidence.textContent()).toContain('佐证材料（0）');
      expect(await pane().locator('[data-key="closure-evidence"]').textContent()).toContain('已附佐证材料 0 个');
      await pane().locator('#lp-evidence-file').setInputFiles({ name: '学习计划印发通知.pdf', mimeType: 'application/pdf', buffer: PDF });
      await poll(() => pane().textContent()).toContain('已上传“学习计划印发通知.pdf”');
      expect(await evidence.textContent()).toContain('佐证材料（1）');
      expect(await pane().locator('[data-key="closure-evidence"]').textContent()).toContain('已附佐证材料 1 个');
      const row = await rowOf('制定年度学习计划并按月落实');
      const listed = async () => EvidenceList.parse(await (await api(`/rows/${row.id}/evidence`)).json()).files.map((f) => f.fileName);
      expect(await listed()).toEqual(['学习计划印发通知.pdf']);

      await evidence.getByRole('button', { name: '下载“学习计划印发通知.pdf”' }).click();
      const save = evidence.getByRole('link', { name: '保存“学习计划印发通知.pdf”' });
      await poll(() => save.isVisible()).toBe(true);
      const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
      expect(download.suggestedFilename()).toBe('学习计划印发通知.pdf');
      expect(readFileSync(await download.path()).equals(PDF)).toBe(true);
      await evidence.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.locator('.pg-pane').screenshot({ path: resolve(ARTIFACTS, `pane-evidence${bundle === 'legacy' ? '-legacy' : ''}.png`) });

      await pane().locator('#lp-evidence-file').setInputFiles({ name: '整改报告.pdf', mimeType: 'application/pdf', buffer: EXE });
      await poll(() => pane().textContent()).toContain('“整改报告.pdf”的内容不是可接受的佐证材料类型');
      expect(await listed()).toEqual(['学习计划印发通知.pdf']);

      await evidence.getByRole('button', { name: '删除“学习计划印发通知.pdf”' }).click();
      await poll(() => pane().textContent()).toContain('已删除“学习计划印发通知.pdf”');
      expect(await evidence.textContent()).toContain('还没有佐证材料');
      expect(await listed()).toEqual([]);
    });

    it('offers an unfinished row an extension rather than closure, and the office’s approval moves the deadline cell', async () => {
      await cell('I9').click();
      await pane().getByRole('button', { name: '查看所选行' }).click();
      await poll(() => pane().locator('.lp-picked').textContent()).toContain('完善支部工作记录本填写规范');
      expect(await pane().textContent()).toContain('完成情况为“已完成”后才能申请销号');
      await pane().getByLabel('申请延至').fill('2030-03-31');
      await pane().getByLabel('延期理由').fill('支部工作记录本需统一印制');
      await pane().getByRole('button', { name: '申请延期' }).click();
      await poll(() => pane().locator('.lp-extension-state').textContent()).toContain('已申请延至 2030年3月31日');
      await pane().locator('#lp-h-requests').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.locator('.pg-pane').screenshot({ path: resolve(ARTIFACTS, `pane-requests${bundle === 'legacy' ? '-legacy' : ''}.png`) });

      const row = await rowOf('完善支部工作记录本填写规范');
      expect((await api(`/rows/${row.id}/extension`, { method: 'POST', body: JSON.stringify({ action: 'approve' }) })).status).toBe(200);
      await pane().getByRole('button', { name: '立即同步' }).click();
      await poll(() => cell('I9').textContent()).toBe('2030-03-31');
      await poll(() => pane().locator('.lp-extension-state').textContent()).toContain('已批准延至 2030年3月31日');
    });

    it('ran all of it without an uncaught error', () => {
      expect(errors).toEqual([]);
    });
  });
}
