// For the office: every measure of the campaign in a new sheet (from the service's rows), and the
// consolidated workbook as a file to save.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromGrids } from '../../addin/sim';
import { PaneController } from '../../addin/pane/controller';
import { readLedger } from '../../ledger';
import { officeHost } from '../../addin/pane/bootstrap';
import { readWorkbookBuffer } from '../../server/xlsx/read';
import { paneEnv, sampleLedgerGrid, testService, type TestService } from './helpers';

let service: TestService;
beforeEach(async () => {
  service = await testService();
});
afterEach(() => service.close());

async function officePane() {
  const host = fromGrids([await sampleLedgerGrid()]);
  const pane = new PaneController(paneEnv(host, service));
  await pane.init();
  await pane.connectWithToken({ serviceUrl: service.url, campaign: 'default', token: await service.token({ role: 'office' }) });
  await pane.sync();
  return { host, pane };
}

describe('the office’s tools', () => {
  it('writes every measure into a new sheet that reads as a ledger, ids hidden', async () => {
    const { host, pane } = await officePane();
    await pane.officeRowsSheet();
    expect(pane.state.notices.office?.[0]).toMatchObject({ key: 'office.written', params: { sheet: '全部措施', count: 5 } });
    const snap = host.inspect('全部措施');
    expect(snap.grid.cells[0]?.slice(0, 6)).toEqual(['问题类别', '问题编号', '存在问题', '措施编号', '整改措施', '责任领导']);
    const ledger = readLedger({ file: 'x', sheets: [snap.grid] });
    expect(ledger.rows).toHaveLength(5);
    expect(ledger.rows.map((r) => r.measure.status)).toEqual(['done', 'done_ongoing', 'in_progress', 'not_started', 'done']);
    expect(snap.hiddenColumns).toHaveLength(2);
    // Asked again: a second sheet, the first left alone.
    await pane.officeRowsSheet();
    expect(host.toGrids().map((g) => g.sheet)).toContain('全部措施 (2)');
  });

  it('fetches the consolidated workbook as a file to save where Office cannot open a browser (the web, the playground)', async () => {
    const { pane } = await officePane();
    await pane.officeDownload();
    const download = pane.state.download!;
    expect(download.fileName).toBe('整改台账汇总-default-2018-09-10.xlsx');
    const bytes = new Uint8Array(await download.blob.arrayBuffer());
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
    expect(service.calls.filter((c) => c.includes('workbook'))).toEqual(['GET /api/v1/campaigns/default/workbook.xlsx']);
  });

  it('opens a single-use link in the person’s browser where Office can (Mac, Windows), making no file in the pane', async () => {
    const opened: string[] = [];
    const host = fromGrids([await sampleLedgerGrid()]);
    const pane = new PaneController(paneEnv(host, service, { openBrowserWindow: (url) => opened.push(url) }));
    await pane.init();
    await pane.connectWithToken({ serviceUrl: service.url, campaign: 'default', token: await service.token({ role: 'office' }) });
    await pane.sync();
    await pane.officeDownload();

    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(new RegExp(`^${service.url}/downloads/[A-Za-z0-9_-]{43}$`));
    expect(pane.state.download).toBeUndefined();
    expect(pane.state.notices.office).toEqual([{ kind: 'info', key: 'office.opened' }]);
    expect(service.calls.filter((c) => c.includes('workbook'))).toEqual(['POST /api/v1/campaigns/default/workbook-link']);
    // The browser has no token: the link alone fetches the workbook, once.
    const res = await service.fetch(opened[0]!);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="ledger-default-2018-09-10\.xlsx"; filename\*=UTF-8''/);
    expect(readLedger(await readWorkbookBuffer(Buffer.from(await res.arrayBuffer()), 'x.xlsx')).rows).toHaveLength(5);
    expect((await service.fetch(opened[0]!)).status).toBe(404);
  });
});

describe('the Office host the pane starts in', () => {
  const bare = { onReady: async () => undefined, context: { ui: { displayDialogAsync: () => undefined, openBrowserWindow: (url: string) => url } } };
  afterEach(() => {
    delete (globalThis as { Office?: unknown }).Office;
  });

  it('offers the browser window only where OpenBrowserWindowApi 1.1 is supported', async () => {
    for (const supported of [true, false]) {
      const isSetSupported = (name: string, version?: string) => supported && name === 'OpenBrowserWindowApi' && version === '1.1';
      (globalThis as { Office?: unknown }).Office = { ...bare, context: { ...bare.context, requirements: { isSetSupported } } };
      expect((await officeHost()).openBrowserWindow === undefined, String(supported)).toBe(!supported);
    }
  });
});
