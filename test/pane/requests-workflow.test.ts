// Closure (申请销号) and extension (申请延期) from the task pane, on the simulated workbook against the
// real service: the unit selects a row in the sheet, asks, and the sheet's 销号情况 / 延期情况 cells
// follow by the ordinary sync; what the office returns or rejects is shown to the unit with the
// office's words; an approved extension moves the deadline cell.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { fromGrids, type SimHost } from '../../addin/sim';
import { PaneController, type PaneEnv } from '../../addin/pane/controller';
import { RowState } from '../../ledger/sync-protocol';
import { EvidenceList, type EvidenceFile } from '../../ledger/evidence';
import { mayRemoveEvidence } from '../../addin/pane/evidence';
import { t } from '../../addin/pane/i18n';
import { isoToSerial, type Grid } from '../../ledger';
import { paneEnv, sampleLedgerGrid, testService, type TestService } from './helpers';

const SHEET = '整改台账';
const UNIT = { role: 'unit', unit: '某学院' } as const;

let service: TestService;
let sample: Grid;

/** The sample ledger with the two columns the office's workbook carries: 销号情况 (M) and 延期情况 (N). */
function withRequestColumns(grid: Grid): Grid {
  const out = structuredClone(grid);
  out.cells[2] = [...out.cells[2]!, '销号情况', '延期情况'];
  return out;
}

beforeEach(async () => {
  service = await testService();
  sample = withRequestColumns(await sampleLedgerGrid());
});
afterEach(() => service.close());

async function openPane(role: typeof UNIT | { role: 'office' }, env: Partial<PaneEnv> = {}) {
  const host = fromGrids([structuredClone(sample)]);
  const pane = new PaneController(paneEnv(host, service, env));
  await pane.init();
  await pane.connectWithToken({ serviceUrl: service.url, campaign: 'default', token: await service.token(role) });
  await pane.sync();
  return { host, pane };
}

const cell = (host: SimHost, address: string): unknown => {
  const m = /^([A-Z])(\d+)$/.exec(address)!;
  return host.inspect(SHEET).grid.cells[Number(m[2]) - 1]?.[m[1]!.charCodeAt(0) - 65] ?? null;
};

/** The row the office's API answers for the measure text. */
async function serviceRow(measure: string): Promise<RowState> {
  const res = await service.fetch(`${service.url}/api/v1/campaigns/default/rows`, { headers: { authorization: `Bearer ${await service.token({ role: 'office' })}` } });
  return z.object({ rows: z.array(RowState) }).parse(await res.json()).rows.find((r) => r.measure.measure === measure)!;
}

/** The office answers through the API, as the office page does. */
async function officeStep(id: string, kind: 'closure' | 'extension', body: object): Promise<void> {
  const res = await service.fetch(`${service.url}/api/v1/campaigns/default/rows/${id}/${kind}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await service.token({ role: 'office' })}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

function noticeTexts(pane: PaneController, lang: 'zh' | 'en'): string[] {
  return (pane.state.notices.requests ?? []).map((n) => ('text' in n ? n.text[lang] : n.key));
}

describe('closure and extension requests in the task pane', () => {
  it('a unit asks for closure of the completed row it selected; the sheet’s 销号情况 cell shows the request', async () => {
    const { host, pane } = await openPane(UNIT);
    host.select(SHEET, 'J5');
    await pane.pickSelectedRow();
    expect(pane.state.requests.picked).toMatchObject({ row: 5, service: { measure: { measure: '制定年度学习计划并按月落实', status: 'done' } } });

    await pane.requestClosure('学习计划已印发，见佐证材料');
    expect(noticeTexts(pane, 'zh')).toEqual(['requests.closureSent']);
    expect((await serviceRow('制定年度学习计划并按月落实')).measure.closure).toMatchObject({ state: 'requested', note: '学习计划已印发，见佐证材料' });
    expect(pane.state.requests.picked?.service?.measure.closure?.state).toBe('requested');
    expect(String(cell(host, 'M5'))).toMatch(/^申请销号/);
  });

  it('shows the service’s refusal of closure on an unfinished row, in either language, and changes nothing', async () => {
    const { host, pane } = await openPane(UNIT);
    host.select(SHEET, 'D8');
    await pane.pickSelectedRow();
    expect(pane.state.requests.picked?.service?.measure.status).toBe('in_progress');
    const before = await serviceRow('开展支部“三会一课”专项检查');
    await pane.requestClosure('检查已完成一半');
    const [zh] = noticeTexts(pane, 'zh');
    const [en] = noticeTexts(pane, 'en');
    expect(zh).toContain('只有已完成的措施可以申请销号');
    expect(en).toContain('only a completed measure may be closed');
    expect(pane.state.notices.requests?.[0]?.kind).toBe('error');
    expect(await serviceRow('开展支部“三会一课”专项检查')).toEqual(before);
    expect(cell(host, 'M8')).toBeNull();
  });

  it('after the office returns a closure request, the unit’s pane lists it with the office’s reason and opens its row', async () => {
    const { host, pane } = await openPane(UNIT);
    host.select(SHEET, 'D10');
    await pane.pickSelectedRow();
    await pane.requestClosure('复查报告已上传');
    const row = await serviceRow('对近三年发展党员材料进行全面复查');
    await officeStep(row.id, 'closure', { action: 'return', note: '复查报告缺少整改前后对比' });

    expect(pane.state.requests.answers).toEqual([]);
    await pane.sync();
    expect(pane.state.requests.answers).toMatchObject([{ id: row.id, kind: 'closure', measure: '对近三年发展党员材料进行全面复查', words: '复查报告缺少整改前后对比' }]);
    expect(String(cell(host, 'M10'))).toContain('复查报告缺少整改前后对比');

    host.select(SHEET, 'A1');
    await pane.goToRow(row.id);
    expect(host.selection()).toEqual({ sheet: SHEET, address: 'D10' });
  });

  it('an extension request shows as pending; once the office approves it the deadline cell changes after sync', async () => {
    const { host, pane } = await openPane(UNIT);
    host.select(SHEET, 'I9');
    await pane.pickSelectedRow();
    await pane.requestExtension('尽快', '支部工作记录本需统一印制');
    expect(noticeTexts(pane, 'zh')).toEqual(['requests.needDate']);
    await pane.requestExtension('2030/03/31', '支部工作记录本需统一印制');
    expect(pane.state.requests.picked?.service?.measure.extension).toMatchObject({ state: 'requested', deadline: '2030-03-31', reason: '支部工作记录本需统一印制' });
    expect(String(cell(host, 'N9'))).toMatch(/^申请延期至2030年3月31日/);

    const row = await serviceRow('完善支部工作记录本填写规范');
    await officeStep(row.id, 'extension', { action: 'approve' });
    await pane.sync();
    expect(pane.state.requests.picked?.service?.measure.extension?.state).toBe('approved');
    const deadline = cell(host, 'I9');
    expect(deadline === '2030-03-31' || deadline === isoToSerial('2030-03-31')).toBe(true);
    expect(String(cell(host, 'N9'))).toMatch(/^已延期至2030年3月31日/);
  });

  it('shows a rejected extension with the office’s note', async () => {
    const { host, pane } = await openPane(UNIT);
    host.select(SHEET, 'D8');
    await pane.pickSelectedRow();
    await pane.requestExtension('2030-06-30', '专项检查需覆盖全部支部');
    const row = await serviceRow('开展支部“三会一课”专项检查');
    await officeStep(row.id, 'extension', { action: 'reject', note: '请按原时限完成，分批检查' });
    await pane.sync();
    expect(pane.state.requests.answers).toMatchObject([{ kind: 'extension', words: '请按原时限完成，分批检查' }]);
  });

  it('the office answers a request from its own pane', async () => {
    const unit = await openPane(UNIT);
    unit.host.select(SHEET, 'D5');
    await unit.pane.pickSelectedRow();
    await unit.pane.requestClosure('学习计划已印发');

    const office = await openPane({ role: 'office' });
    office.host.select(SHEET, 'D5');
    await office.pane.pickSelectedRow();
    expect(office.pane.state.requests.picked?.service?.measure.closure?.state).toBe('requested');
    await office.pane.answerRequest({ kind: 'closure', body: { action: 'approve' } });
    expect((await serviceRow('制定年度学习计划并按月落实')).measure.closure?.state).toBe('approved');
    expect(String(cell(office.host, 'M5'))).toMatch(/^已销号/);
  });

  it('says so when the selection is off the ledger’s rows', async () => {
    const { host, pane } = await openPane(UNIT);
    host.select(SHEET, 'A3');
    await pane.pickSelectedRow();
    expect(pane.state.requests.picked).toBeUndefined();
    expect(noticeTexts(pane, 'zh')).toEqual(['requests.notLedgerRow']);
  });
});

/** A small PDF as a scanner would write it: enough for the service to know it by its content. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
/** A Windows program renamed to look like a report. */
const EXE = Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(510, 0x90)]);

/** The row's files as the service lists them to the office. */
async function serviceEvidence(rowId: string): Promise<EvidenceFile[]> {
  const res = await service.fetch(`${service.url}/api/v1/campaigns/default/rows/${rowId}/evidence`, { headers: { authorization: `Bearer ${await service.token({ role: 'office' })}` } });
  expect(res.status).toBe(200);
  return EvidenceList.parse(await res.json()).files;
}

describe('evidence files (佐证材料) in the task pane', () => {
  it('a unit uploads a PDF to its selected row, downloads the same bytes, is refused a renamed program, and removes its file', async () => {
    const { host, pane } = await openPane(UNIT);
    host.select(SHEET, 'D5');
    await pane.pickSelectedRow();
    const rowId = pane.state.requests.picked!.service!.id;
    expect(pane.state.evidence).toMatchObject({ rowId, files: [] });

    await pane.uploadEvidence(new Blob([PDF]), '学习计划印发通知.pdf');
    expect(pane.state.notices.requests).toEqual([{ kind: 'info', key: 'evidence.uploaded', params: { file: '学习计划印发通知.pdf', size: `${PDF.length} B` } }]);
    expect(pane.state.evidence.files).toMatchObject([{ fileName: '学习计划印发通知.pdf', size: PDF.length, mime: 'application/pdf', uploaderKind: 'unit', uploaderUnit: '某学院' }]);
    const [stored] = await serviceEvidence(rowId);
    expect(stored).toMatchObject({ fileName: '学习计划印发通知.pdf', size: PDF.length });

    await pane.downloadEvidence(stored!.id);
    const saved = pane.state.evidence.saved!;
    expect(saved.fileName).toBe('学习计划印发通知.pdf');
    expect(Buffer.from(await saved.blob.arrayBuffer()).equals(PDF)).toBe(true);

    await pane.uploadEvidence(new Blob([EXE]), '整改报告.pdf');
    expect(pane.state.notices.requests?.[0]?.kind).toBe('error');
    expect(noticeTexts(pane, 'zh')[0]).toContain('“整改报告.pdf”的内容不是可接受的佐证材料类型');
    expect(noticeTexts(pane, 'en')[0]).toContain('The content of "整改报告.pdf" is not a kind accepted as evidence');
    expect((await serviceEvidence(rowId)).map((f) => f.fileName)).toEqual(['学习计划印发通知.pdf']);
    expect(pane.state.evidence.files).toHaveLength(1);

    await pane.removeEvidence(stored!.id);
    expect(noticeTexts(pane, 'zh')).toEqual(['evidence.removed']);
    expect(pane.state.evidence.files).toEqual([]);
    expect(await serviceEvidence(rowId)).toEqual([]);
  });

  it('where Office can open a browser (Mac, Windows), 下载 opens a single-use link there that gives the same bytes', async () => {
    const unit = await openPane(UNIT);
    unit.host.select(SHEET, 'D5');
    await unit.pane.pickSelectedRow();
    await unit.pane.uploadEvidence(new Blob([PDF]), '学习计划印发通知.pdf');
    const [stored] = unit.pane.state.evidence.files;

    const opened: string[] = [];
    const { host, pane } = await openPane(UNIT, { openBrowserWindow: (url) => opened.push(url) });
    host.select(SHEET, 'D5');
    await pane.pickSelectedRow();
    const callsBefore = service.calls.length;
    await pane.downloadEvidence(stored!.id);

    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(new RegExp(`^${service.url}/downloads/[A-Za-z0-9_-]{43}$`));
    expect(pane.state.evidence.saved).toBeUndefined();
    const [notice] = pane.state.notices.requests!;
    expect(notice).toEqual({ kind: 'info', key: 'evidence.opened', params: { file: '学习计划印发通知.pdf' } });
    expect(t('zh', 'evidence.opened', { file: '学习计划印发通知.pdf' })).toContain('已在浏览器中打开“学习计划印发通知.pdf”的下载链接');
    expect(t('en', 'evidence.opened', { file: '学习计划印发通知.pdf' })).toContain('The download of "学习计划印发通知.pdf" opened in your browser');
    expect(service.calls.slice(callsBefore)).toEqual([`POST /api/v1/campaigns/default/evidence/${stored!.id}/link`]);
    // The browser has no token: the link alone fetches the file, once.
    const res = await service.fetch(opened[0]!);
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('学习计划印发通知.pdf')}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
    expect((await service.fetch(opened[0]!)).status).toBe(404);
  });

  it('shows the service’s size limit when a file is too large, storing nothing', async () => {
    await service.close();
    service = await testService({ evidenceMaxBytes: 64 * 1024 });
    const { host, pane } = await openPane(UNIT);
    host.select(SHEET, 'D5');
    await pane.pickSelectedRow();
    const scan = Buffer.concat([PDF, Buffer.alloc(100 * 1024, 0x20)]);
    await pane.uploadEvidence(new Blob([scan]), '全年学习记录扫描件.pdf');
    expect(pane.state.notices.requests?.[0]?.kind).toBe('error');
    expect(noticeTexts(pane, 'zh')[0]).toContain('超过大小上限 64 KB，没有保存');
    expect(noticeTexts(pane, 'en')[0]).toContain('over the size limit of 64 KB and was not stored');
    expect(pane.state.evidence.files).toEqual([]);
    expect(await serviceEvidence(pane.state.requests.picked!.service!.id)).toEqual([]);
  });

  it('the office sees the unit’s file on the row it picks; the unit may not remove the office’s file nor its own once closed', async () => {
    const unit = await openPane(UNIT);
    unit.host.select(SHEET, 'D5');
    await unit.pane.pickSelectedRow();
    await unit.pane.uploadEvidence(new Blob([PDF]), '学习计划.pdf');
    await unit.pane.requestClosure('学习计划已印发');

    const office = await openPane({ role: 'office' });
    office.host.select(SHEET, 'D5');
    await office.pane.pickSelectedRow();
    expect(office.pane.state.evidence.files.map((f) => f.fileName)).toEqual(['学习计划.pdf']);
    await office.pane.uploadEvidence(new Blob([PDF]), '整改办核查记录.pdf');
    await office.pane.answerRequest({ kind: 'closure', body: { action: 'approve' } });

    await unit.pane.sync();
    await unit.pane.pickSelectedRow();
    const row = unit.pane.state.requests.picked!.service!;
    expect(row.measure.closure?.state).toBe('approved');
    const files = unit.pane.state.evidence.files;
    expect(files.map((f) => f.fileName).sort()).toEqual(['学习计划.pdf', '整改办核查记录.pdf']);
    expect(files.map((f) => mayRemoveEvidence(unit.pane.state.me, row, f))).toEqual([false, false]);
    expect(files.map((f) => mayRemoveEvidence(office.pane.state.me, row, f))).toEqual([true, true]);
  });
});
