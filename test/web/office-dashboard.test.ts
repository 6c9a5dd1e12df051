// The office's dashboard in a real browser against the real service: the charts and the numbers
// behind them, the list of all measures (search, filters, sorting, a unit's own view, one measure's
// page with its history and evidence), who has not reported, 390 px, printing to PDF, English, and
// the queues the office works from (closure, extension, conflicts) acted on from the page.
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RowList } from '../../ledger/sync-protocol';
import { startRobots } from '../remind/receivers';
import { POPPLER, readPdf } from '../support/libreoffice';
import { NEEDS, itNeeding } from '../support/requires';
import { accessibilityProblems, launch, openPage, type OpenPage } from './browser';
import { SILENT_UNIT, startDashboardService, type Dashboard } from './dashboard-service';
import { AS_OF, MEASURES } from './fixtures';

const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');
const STATUS_ZH = { not_started: '未启动', in_progress: '正在推进', done: '已完成', done_ongoing: '已完成并长期坚持' } as const;
const itWithPoppler = itNeeding(POPPLER, NEEDS.poppler);

let service: Dashboard;
let browser: Browser;
const opened: OpenPage[] = [];

beforeAll(async () => {
  service = await startDashboardService();
  browser = await launch();
}, 60_000);

afterAll(async () => {
  for (const o of opened) await o.context.close();
  await browser?.close();
  await service?.srv.close();
});

async function signedIn(hash = ''): Promise<OpenPage> {
  const o = await openPage(browser, `${service.srv.url}/${hash}`, AS_OF);
  opened.push(o);
  await o.page.locator('#token').fill(service.office.token);
  await o.page.locator('#sign-in-button').click();
  // A measure's address opens the measure; the overview otherwise.
  await (hash.includes('/rows/') ? o.page.locator('#row-title') : o.page.locator('#report').filter({ hasText: /\S/ })).waitFor();
  return o;
}

const cells = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => (c as HTMLElement).textContent!.trim())));
const listed = (page: Page, column: number) => page.locator(`#measures tbody td:nth-child(${column})`).allTextContents();
const pct = (n: number, of: number) => `${(Math.round((of === 0 ? 0 : n / of) * 1000) / 10).toFixed(1)}%`;
const rows = async () => RowList.parse(await service.office.call('GET', '/api/v1/campaigns/default/rows')).rows;
const rowOf = async (no: string) => (await rows()).find((r) => r.measure.measureNo === no)!;

/** The chart's SVG drawn onto a canvas in the page: how many pixels are not white. */
function inkedPixels(page: Page, id: string): Promise<number> {
  return page.evaluate(async (chartId) => {
    const svg = document.querySelector(`#${chartId} svg`)!;
    const { width, height } = svg.getBoundingClientRect();
    const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' }));
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    Object.assign(canvas, { width: Math.ceil(width), height: Math.ceil(height) });
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(img, 0, 0);
    URL.revokeObjectURL(url);
    const data = g.getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 230 || data[i + 1]! < 230 || data[i + 2]! < 230) inked++;
    return inked;
  }, id);
}

describe('office dashboard', () => {
  it('draws five charts with Chinese labels, each with its numbers in a table', async () => {
    const { page, problems } = await signedIn();
    const api = await service.office.rollup(AS_OF);
    for (const id of ['chart-by-unit', 'chart-by-category', 'chart-status', 'chart-progress', 'chart-overdue']) {
      expect(await page.locator(`#${id} svg path`).count(), id).toBeGreaterThan(3);
      expect(await inkedPixels(page, id), id).toBeGreaterThan(2000);
    }
    const labels = (id: string) => page.locator(`#${id} svg text`).allTextContents();
    expect(await labels('chart-by-unit')).toEqual(expect.arrayContaining(['计算机学院', '财务处', '后勤管理处', ...Object.values(STATUS_ZH)]));
    expect(await labels('chart-status')).toEqual(expect.arrayContaining(['未启动', '正在推进']));
    // Hovering shows the figures in a tooltip, drawn without anything the page's CSP refuses.
    await page.locator('#chart-by-unit').hover();
    await page.locator('#chart-by-unit div', { hasText: '正在推进' }).last().waitFor();

    // The tables are closed until asked for, then hold the chart's numbers.
    expect(await page.locator('#chart-status-data').isVisible()).toBe(false);
    await page.locator('[aria-controls="chart-status-data"]').click();
    expect(await page.locator('[aria-controls="chart-status-data"]').getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('[aria-controls="chart-status-data"]').innerText()).toBe('收起数据表');
    expect(await cells(page, '#status-table tbody tr')).toEqual(
      (['not_started', 'in_progress', 'done', 'done_ongoing'] as const).map((code) => [STATUS_ZH[code], String(api.status[code]), pct(api.status[code], api.measures)]),
    );
    expect(await cells(page, '#by-unit tbody tr')).toEqual(
      api.byUnit.map((u) => [u.unit, String(u.measures), String(u.problems), ...Object.keys(STATUS_ZH).map((c) => String(u.status[c as keyof typeof STATUS_ZH])), String(u.completed), String(u.overdue), pct(u.completed, u.measures)]),
    );
    expect(await cells(page, '#by-category tbody tr')).toEqual(api.byCategory.map((c) => [c.category, String(c.measures), String(c.problems), ...Object.keys(STATUS_ZH).map((s) => String(c.status[s as keyof typeof STATUS_ZH])), String(c.completed), String(c.overdue), pct(c.completed, c.measures)]));
    // Completion over time, from the history: loaded with 8 completed on 1 March, one more on 15 April, one more on 25 June.
    expect(await cells(page, '#progress-table tbody tr')).toEqual([
      ['2024年3月1日', '8', '21', '38.1%'],
      ['2024年4月15日', '9', '21', '42.9%'],
      ['2024年6月25日', '10', '21', '47.6%'],
    ]);
    expect(await cells(page, '#overdue-by-unit-table tbody tr')).toEqual(
      api.byUnit.filter((u) => u.overdue > 0).sort((a, b) => b.overdue - a.overdue).map((u) => [u.unit, String(u.overdue), String(u.measures)]),
    );
    expect(await cells(page, '#overdue-by-unit-table tfoot tr')).toEqual([['合计', String(api.overdue), '21']]);
    expect(api.overdue).toBe(5);
    expect(problems).toEqual([]);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: resolve(ARTIFACTS, 'office-dashboard.png'), fullPage: true });
  });

  it('names the campaign and the office as people say them, with one date format', async () => {
    const { page, problems } = await signedIn();
    expect(await page.locator('#who').innerText()).toBe('当前身份：整改办');
    expect(await page.locator('#campaign option').allInnerTexts()).toEqual(['2024年审计整改', '默认台账']);
    expect(await page.locator('#scope-line').innerText()).toBe('整改批次：默认台账　统计截至 2024年6月30日');
    const text = await page.locator('#main').innerText();
    expect(text).not.toMatch(/\bdefault\b|（office）|\(office\)/);
    expect(await page.locator('#overdue caption').innerText()).toContain('截至 2024年6月30日');
    expect(problems).toEqual([]);
  });

  it('searches, filters and sorts the list of all measures', async () => {
    const { page, problems } = await signedIn();
    expect(await page.locator('#measures tbody tr').count()).toBe(21);
    expect(await page.locator('#measures caption').innerText()).toBe('整改措施（共 21 项，显示 21 项，第 1/1 页）');

    await page.locator('#f-text').fill('公务接待');
    expect(await listed(page, 1)).toEqual(['3.1', '3.2', '3.3']);
    await page.locator('#f-text').fill('');

    await page.locator('#f-status').selectOption({ label: '未启动' });
    const notStarted = (await rows()).filter((r) => r.measure.status === 'not_started').map((r) => r.measure.measureNo);
    expect(await listed(page, 1)).toEqual(notStarted);
    await page.locator('#f-unit').selectOption('后勤管理处');
    expect(await listed(page, 4)).toEqual(['后勤管理处']);
    await page.locator('#f-clear').click();
    await page.locator('#measures caption', { hasText: '共 21 项' }).waitFor();

    await page.locator('#f-overdue').selectOption('yes');
    expect(new Set(await listed(page, 1))).toEqual(new Set(['5.1', '1.3', '3.1', '6.2', '2.1']));
    await page.locator('#f-overdue').selectOption('');
    await page.locator('#f-closure').selectOption('requested');
    expect(await listed(page, 1)).toEqual(['1.1', '8.1']);
    await page.locator('#f-closure').selectOption('');

    // A click on a header sorts by it, a second click the other way round.
    await page.locator('#measures th[data-key="days"] button').click();
    expect(await page.locator('#measures th[data-key="days"]').getAttribute('aria-sort')).toBe('ascending');
    await page.locator('#measures th[data-key="days"] button').click();
    expect(await page.locator('#measures th[data-key="days"]').getAttribute('aria-sort')).toBe('descending');
    expect((await listed(page, 1)).slice(0, 5)).toEqual(['5.1', '1.3', '3.1', '6.2', '2.1']);
    await page.locator('#measures th[data-key="unit"] button').click();
    const units = await listed(page, 4);
    expect(units).toEqual([...units].sort((a, b) => a.localeCompare(b, 'zh-CN')));
    expect(problems).toEqual([]);
  });

  it('drills down to a unit from its bar or its name, and opens a measure with its history and evidence', async () => {
    const { page, problems } = await signedIn();
    // A click on the unit's label in the chart.
    await page.locator('#chart-by-unit svg text', { hasText: '财务处' }).first().click();
    await page.waitForURL(/#\/campaigns\/default\/units\//);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#/campaigns/default/units/财务处');
    const api = await service.office.rollup(AS_OF);
    const finance = api.byUnit.find((u) => u.unit === '财务处')!;
    expect(await page.locator('#unit-panel-line').innerText()).toBe(`财务处：共 ${finance.measures} 项整改措施，已完成 ${finance.completed} 项（完成率 ${pct(finance.completed, finance.measures)}），逾期 ${finance.overdue} 项。`);
    expect(new Set(await listed(page, 4))).toEqual(new Set(['财务处']));
    expect(await page.locator('#measures tbody tr').count()).toBe(finance.measures);
    // The browser's Back leaves the unit's view for every unit's.
    await page.goBack();
    await page.locator('#unit-panel').waitFor({ state: 'hidden' });
    expect(await page.locator('#measures tbody tr').count()).toBe(21);
    expect(await page.locator('#f-unit').inputValue()).toBe('');
    // A unit's name in a table leads there too; back to all units with the filter.
    await page.locator('[aria-controls="chart-by-unit-data"]').click();
    await page.locator('#by-unit tbody a', { hasText: '计算机学院' }).click();
    await page.locator('#unit-panel-title', { hasText: '计算机学院' }).waitFor();
    await page.locator('#f-unit').selectOption('');
    await page.locator('#unit-panel').waitFor({ state: 'hidden' });
    expect(await page.locator('#measures tbody tr').count()).toBe(21);

    await page.locator('#measures a', { hasText: MEASURES[0]!.measure }).click();
    await page.locator('#row-title', { hasText: '整改措施 1.1' }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/campaigns/default/rows/${service.ids.get('1.1')}`);
    expect(await page.locator('#dashboard').isVisible()).toBe(false);
    const fields = Object.fromEntries(await page.locator('#row-fields > div').evaluateAll((ds) => ds.map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent])));
    expect(fields).toMatchObject({ 整改措施: MEASURES[0]!.measure, 责任单位: '计算机学院', 完成时限: '2024年3月底前', 完成情况: '已完成', 销号情况: '待审核' });
    const history = await cells(page, '#row-history tbody tr');
    expect(history[0]).toEqual(['2024年3月1日 10:00', '整改办', '新建该行', '', '']);
    expect(history.at(-1)).toEqual(['2024年6月25日 10:00', '计算机学院', '销号情况', '（空）', '待审核']);
    expect(await cells(page, '#row-evidence tbody tr')).toEqual([['学习计划（2024年）.pdf', expect.stringMatching(/字节|KB/), '计算机学院', '2024年6月25日 10:00']]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#row-evidence button', { hasText: '学习计划' }).click()]);
    expect(download.suggestedFilename()).toBe('学习计划（2024年）.pdf');
    await page.locator('#row-back').click();
    await page.locator('#dashboard').waitFor();
    expect(problems).toEqual([]);
  });

  it('a link to a measure opens it after signing in (as the workbook’s links do)', async () => {
    const { page, problems } = await signedIn(`#/campaigns/default/rows/${service.ids.get('8.1')}`);
    await page.locator('#row-title', { hasText: '整改措施 8.1' }).waitFor();
    expect(await page.locator('#row-evidence').innerText()).toBe('还没有上传佐证材料文件。');
    expect(problems).toEqual([]);
  });

  it('says which units have not reported since a date, configured units that never did included', async () => {
    const { page, problems } = await signedIn();
    expect(await page.locator('#activity-since').inputValue()).toBe('2024-06-23');
    expect(await page.locator('#activity-line').innerText()).toBe(`2024年6月23日以来，有 2 个单位未报送：后勤管理处、${SILENT_UNIT}。`);
    expect(await cells(page, '#activity tbody tr')).toEqual([
      ['后勤管理处', '2024年4月15日 10:00', '0', '未报送'],
      [SILENT_UNIT, '从未报送', '0', '未报送'],
      ['计算机学院', '2024年6月26日 10:00', '3', '已报送'],
      ['财务处', '2024年6月27日 10:00', '2', '已报送'],
    ]);
    await page.locator('#activity-since').fill('2024-04-01');
    await page.locator('#activity-line', { hasText: '2024年4月1日以来，有 1 个单位未报送' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('previews each unit’s reminder and sends it now, once a day', async () => {
    const robots = await startRobots();
    try {
      await service.office.call('PUT', '/api/v1/campaigns/default/reminders/settings', {
        enabled: false,
        recipients: [{ unit: '财务处', robot: { kind: 'wecom', url: `${robots.url}/cgi-bin/webhook/send?key=finance-robot-key` } }],
      });
      const { page, problems } = await signedIn();
      const finance = page.locator('.reminder-unit[data-unit="财务处"]');
      expect(await finance.locator('h4').innerText()).toBe('财务处（告诫）');
      const text = await finance.innerText();
      for (const words of ['即将到期（1）', '今天到期', '已逾期（2）', '逾期 41 天，告诫', '逾期 15 天，督办', '待整改办答复（2）', '申请销号，2024年6月27日']) expect(text).toContain(words);
      expect(await page.locator('.reminder-unit[data-unit="计算机学院"]').innerText()).toContain('立行立改，尚未完成');

      await page.locator('#send-reminders').click();
      await page.locator('#status', { hasText: '提醒已发送，结果见下表。' }).waitFor();
      expect(await cells(page, '#send-results tr[data-unit="财务处"]')).toEqual([['财务处', '已发送', '企业微信成功（1 次）']]);
      expect(await page.locator('#send-results tr[data-unit="后勤管理处"] td:nth-child(2)').innerText()).toBe('未设置收件人');
      expect(robots.calls).toHaveLength(1);
      expect(JSON.stringify(robots.calls[0]!.body)).toContain('清理结转两年以上项目资金并收回统筹');
      // A second press the same day sends nothing again.
      await page.locator('#send-reminders').click();
      await page.locator('#send-results tr[data-unit="财务处"] td', { hasText: '已跳过' }).waitFor();
      expect(robots.calls).toHaveLength(1);
      expect(problems).toEqual([]);
    } finally {
      await robots.close();
    }
  });

  it('reads at 390 px: nothing runs off the right edge, tables scroll in their box, charts fit', async () => {
    const { page, problems } = await signedIn();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => (document.querySelector('#chart-by-unit svg')?.getBoundingClientRect().width ?? 999) < 390);
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
    for (const id of ['chart-by-unit', 'chart-status', 'chart-progress']) {
      const box = await page.locator(`#${id} svg`).boundingBox();
      expect(box!.x + box!.width, id).toBeLessThanOrEqual(390);
    }
    // The wide list scrolls inside its own box.
    expect(await page.locator('#measures').evaluate((t) => t.parentElement!.scrollWidth > t.parentElement!.clientWidth)).toBe(true);
    expect(problems).toEqual([]);
    await page.screenshot({ path: resolve(ARTIFACTS, 'office-dashboard-390.png'), fullPage: true });
  });

  itWithPoppler('prints as a report: the sentence, the figures, the charts and their tables, no controls', async () => {
    const { page } = await signedIn();
    const api = await service.office.rollup(AS_OF);
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['#query-form', '#queues-section', '#list-section', '#copy', '.data-toggle >> nth=0', '#activity-since']) {
      expect(await page.locator(hidden).isVisible(), hidden).toBe(false);
    }
    for (const shown of ['#report', '#totals', '#chart-by-unit svg', '#status-table', '#progress-table', '#by-unit', '#activity', '#overdue']) {
      expect(await page.locator(shown).isVisible(), shown).toBe(true);
    }
    const file = join(tmpdir(), `office-report-${process.pid}.pdf`);
    await writeFile(file, await page.pdf({ format: 'A4', landscape: true, printBackground: true }));
    const text = readPdf(file).pageText.join('\n').replace(/\s+/g, '');
    expect(text).toContain(api.report.replace(/\s+/g, ''));
    for (const words of ['各责任单位完成情况', '累计完成措施数', '2024年4月15日', '逾期整改措施', '后勤管理处']) expect(text).toContain(words);
    expect(text).not.toContain('查看数据表');
    expect(text).not.toContain('下载汇总台账');
  });

  it('reads in English throughout, with ISO dates', async () => {
    const { page, problems } = await signedIn();
    await page.locator('#lang-switch').click();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await page.locator('#scope-line', { hasText: 'Default ledger' }).waitFor();
    expect(await page.locator('#scope-line').innerText()).toBe('Campaign: Default ledger · as of 2024-06-30');
    expect(await page.locator('#who').innerText()).toBe('Signed in as Office');
    expect(await page.locator('.chart-card h4').allInnerTexts()).toEqual(['Completion by unit', 'Completion by category', 'Status breakdown', 'Measures completed over time', 'Overdue measures by unit']);
    expect(await page.locator('#chart-status svg text').allTextContents()).toEqual(expect.arrayContaining(['Not started', 'In progress']));
    expect(await cells(page, '#progress-table tbody tr >> nth=0')).toEqual([['2024-03-01', '8', '21', '38.1%']]);
    expect(await page.locator('#activity-line').innerText()).toBe(`2 units have not reported since 2024-06-23: 后勤管理处, ${SILENT_UNIT}.`);
    expect(await page.locator('#closure-queue h4').innerText()).toBe('Closure requests (2)');
    // English punctuation around the ledger's own (Chinese) words.
    expect(await page.locator('#queues-section').innerText()).toContain('Asked: 计算机学院, 2024-06-25');
    expect(await page.locator('#queues-section').innerText()).not.toMatch(/[：；（）]/);
    expect(await page.locator('.reminder-unit[data-unit="财务处"] h4').innerText()).toBe('财务处 (warning)');
    expect(await page.locator('#measures thead').innerText()).not.toMatch(/[\u4e00-\u9fff]/);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.locator('#lang-switch').click();
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('works the queues: approves and returns closures, approves and rejects extensions, resolves a conflict', async () => {
    const { page, problems } = await signedIn();
    const item = (queue: string, no: string) => page.locator(`#${queue} li`, { has: page.locator('.queue-no', { hasText: new RegExp(`^${no.replace('.', '\\.')}$`) }) });
    const totals = async () => Object.fromEntries(await page.locator('#totals > div').evaluateAll((ds) => ds.map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent])));
    expect(await page.locator('#closure-queue h4').innerText()).toBe('销号申请（2）');
    expect(await item('closure-queue', '1.1').innerText()).toContain('单位说明：年度学习计划已印发，四次专题研讨均有记录');
    expect(await page.locator('#extension-queue h4').innerText()).toBe('延期申请（2）');
    expect(await item('extension-queue', '3.1').innerText()).toContain('原完成时限：2024年6月15日前；申请延期至：2024年8月31日');
    expect(await page.locator('#conflict-queue h4').innerText()).toBe('同步冲突（1）');
    expect(await totals()).toMatchObject({ 已销号: '0', 延期待审核: '2', 逾期数: '5' });
    await page.locator('#queues-section').screenshot({ path: resolve(ARTIFACTS, 'office-queues.png') });

    await item('closure-queue', '1.1').getByRole('button', { name: '通过' }).click();
    await page.locator('#closure-queue h4', { hasText: '销号申请（1）' }).waitFor();
    await page.locator('#status', { hasText: '已处理，数据已更新。' }).waitFor();
    expect(await totals()).toMatchObject({ 已销号: '1' });
    expect((await rowOf('1.1')).measure.closure).toMatchObject({ state: 'approved' });
    expect(await page.locator(`#measures tr[data-id="${service.ids.get('1.1')}"] td:nth-child(9)`).innerText()).toBe('已销号');

    // Returning needs a word on what is missing; without it nothing is sent.
    await item('closure-queue', '8.1').getByRole('button', { name: '退回' }).click();
    expect(await item('closure-queue', '8.1').locator('.queue-error').innerText()).toBe('退回时请写明还缺什么。');
    expect((await rowOf('8.1')).measure.closure?.state).toBe('requested');
    await item('closure-queue', '8.1').locator('textarea').fill('请补充检查报告的整改销号附件');
    await item('closure-queue', '8.1').getByRole('button', { name: '退回' }).click();
    await page.locator('#closure-queue', { hasText: '没有待审核的销号申请。' }).waitFor();
    expect((await rowOf('8.1')).measure.closure).toMatchObject({ state: 'returned', reason: '请补充检查报告的整改销号附件' });

    await item('extension-queue', '3.1').getByRole('button', { name: '通过' }).click();
    await page.locator('#extension-queue h4', { hasText: '延期申请（1）' }).waitFor();
    // 3.1 was 15 days overdue: on its new date it is not, and the figures say so.
    expect(await totals()).toMatchObject({ 逾期数: '4', 延期待审核: '1' });
    expect((await rowOf('3.1')).measure.deadline).toMatchObject({ kind: 'date', date: '2024-08-31' });
    await item('extension-queue', '2.3').locator('textarea').fill('请按原时限完成，轮训可分批进行');
    await item('extension-queue', '2.3').getByRole('button', { name: '不同意' }).click();
    await page.locator('#extension-queue', { hasText: '没有待审核的延期申请。' }).waitFor();
    expect(await totals()).toMatchObject({ 延期待审核: '0' });
    expect((await rowOf('2.3')).measure.extension).toMatchObject({ state: 'rejected', note: '请按原时限完成，轮训可分批进行' });
    expect((await rowOf('2.3')).measure.deadline).toMatchObject({ date: '2024-09-30' });

    const conflict = page.locator('#conflict-queue li');
    expect(await conflict.locator('.conflict-side.server .conflict-value').innerText()).toBe('已清理结转资金 120 万元');
    expect(await conflict.locator('.conflict-side.caller .conflict-value').innerText()).toBe('已清理结转资金 80 万元');
    expect(await conflict.locator('.conflict-side.server .queue-meta').innerText()).toBe('整改办，2024年3月1日 10:00');
    await conflict.getByRole('button', { name: '采用提交的值' }).click();
    await page.locator('#conflict-queue', { hasText: '没有待处理的同步冲突。' }).waitFor();
    expect((await rowOf('5.1')).measure.progress).toBe('已清理结转资金 80 万元');
    expect(await service.office.openConflicts()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('shows a refusal from the service beside the item, in the page’s language, changing nothing', async () => {
    const { page, problems } = await signedIn();
    const id = service.ids.get('1.2')!;
    await service.units.计算机学院.call('POST', `/api/v1/campaigns/default/rows/${id}/closure`, { action: 'request', note: '通报制度已建立' });
    await page.locator('#refresh').click();
    const item = page.locator(`#closure-queue li[data-row="${id}"]`);
    await item.waitFor();
    // Another office computer approves it first: this page's approval is refused.
    await service.office.call('POST', `/api/v1/campaigns/default/rows/${id}/closure`, { action: 'approve' });
    const before = await rowOf('1.2');
    await item.getByRole('button', { name: '通过' }).click();
    await item.locator('.queue-error', { hasText: '该措施没有待审核的销号申请' }).waitFor();
    await page.locator('#lang-switch').click();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await item.getByRole('button', { name: 'Approve' }).click();
    await item.locator('.queue-error', { hasText: 'this measure has no closure request waiting' }).waitFor();
    expect(await rowOf('1.2')).toEqual(before);
    // The browser logs each refused request (409) as a failed load: expected here, nothing else is.
    expect(problems.filter((p) => !/status of 409/.test(p))).toEqual([]);
  });
  it('shows a large ledger 50 measures to a page', async () => {
    const units = ['马克思主义学院', '外国语学院', '图书馆', '保卫处'];
    await service.office.call('PUT', '/api/v1/campaigns/inspection-2025', { config: { title: '2025年巡察整改' } });
    const rows = Array.from({ length: 120 }, (_, i) => ({
      fields: {
        category: i % 2 ? '二、财务管理方面' : '一、党的建设方面',
        problemNo: String(Math.floor(i / 3) + 1),
        problem: `巡察发现问题第${Math.floor(i / 3) + 1}项：制度执行不到位`,
        measureNo: `${Math.floor(i / 3) + 1}.${(i % 3) + 1}`,
        measure: `第${i + 1}项整改措施：完善制度并抓好落实`,
        unit: units[i % units.length],
        status: i % 4 === 0 ? 'done' : 'in_progress',
      },
    }));
    await service.office.call('POST', '/api/v1/campaigns/inspection-2025/push', { clientId: 'big-ledger', mutationId: 1, rows });
    const { page, problems } = await signedIn('#/campaigns/inspection-2025/units/图书馆');
    await page.locator('#unit-panel-title', { hasText: '图书馆' }).waitFor();
    expect(await page.locator('#scope-line').innerText()).toContain('2025年巡察整改');
    expect(await page.locator('#measures caption').innerText()).toBe('整改措施（共 30 项，显示 30 项，第 1/1 页）');
    await page.locator('#f-unit').selectOption('');
    await page.locator('#measures caption', { hasText: '共 120 项' }).waitFor();
    expect(await page.locator('#measures caption').innerText()).toBe('整改措施（共 120 项，显示 50 项，第 1/3 页）');
    expect(await page.locator('#page-prev').isDisabled()).toBe(true);
    await page.locator('#page-next').click();
    await page.locator('#page-next').click();
    expect(await page.locator('#measures caption').innerText()).toBe('整改措施（共 120 项，显示 20 项，第 3/3 页）');
    expect(await page.locator('#page-next').isDisabled()).toBe(true);
    expect((await listed(page, 1)).at(-1)).toBe('40.3');
    // A new search starts again at the first page.
    await page.locator('#f-text').fill('40.');
    expect(await listed(page, 1)).toEqual(['40.1', '40.2', '40.3']);
    expect(await page.locator('#measures caption').innerText()).toBe('整改措施（共 3 项，显示 3 项，第 1/1 页）');
    expect(problems).toEqual([]);
  });
});
