// Syncing against the real service (in this process, behind a fetch that can go offline): pushing
// edits, taking the office's updates, conflicts with both values, and the offline queue retried
// under the same client and mutation id so the service applies it once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromGrids, type SimHost } from '../../addin/sim';
import { PaneController } from '../../addin/pane/controller';
import { SyncState } from '../../addin/sync/state';
import { memoryStore, type KeyValueStore } from '../../addin/pane/storage';
import type { Grid } from '../../ledger';
import { paneEnv, sampleLedgerGrid, testService, type TestService } from './helpers';

let service: TestService;
let sample: Grid;

beforeEach(async () => {
  service = await testService();
  sample = await sampleLedgerGrid();
});
afterEach(() => service.close());

type Role = { role: 'office' } | { role: 'unit'; unit: string };

async function openPane(host: SimHost, role: Role, store?: KeyValueStore) {
  const pane = new PaneController({ ...paneEnv(host, service), ...(store ? { store } : {}) });
  await pane.init();
  await pane.connectWithToken({ serviceUrl: service.url, campaign: 'default', token: await service.token(role) });
  expect(pane.state.me?.kind).toBe(role.role);
  return pane;
}

async function connected(role: Role, grid: Grid = sample, store?: KeyValueStore) {
  const host = fromGrids([structuredClone(grid)]);
  return { host, pane: await openPane(host, role, store) };
}

/** A unit and the office both synced; the office then sets J8 to 已完成并长期坚持 and syncs, the unit sets it to 已完成 and has not synced yet. */
async function unitEditingAfterOffice() {
  const unit = await connected(UNIT);
  await unit.pane.sync();
  const office = await connected({ role: 'office' });
  await office.pane.sync();
  await office.host.edit('整改台账', 'J8', [['已完成并长期坚持']]);
  await office.pane.sync();
  await unit.host.edit('整改台账', 'J8', [['已完成']]);
  return unit;
}


/** The workbook as saved at this moment: its sheets and its settings, opened as another file. */
async function copyOf(host: SimHost): Promise<SimHost> {
  const copy = fromGrids(host.toGrids());
  await copy.Excel.run(async (context) => {
    for (const [key, value] of Object.entries(host.settings())) context.workbook.settings.add(key, value);
    await context.sync();
  });
  return copy;
}

function cells(host: SimHost): Grid['cells'] {
  return host.inspect('整改台账').grid.cells;
}

function syncState(host: SimHost): SyncState {
  return SyncState.parse(host.settings()['ledger.sync']);
}

const UNIT = { role: 'unit', unit: '某学院' } as const;

describe('syncing a unit ledger', () => {
  it('sends every row the first time, writes ids and versions into the hidden columns, and nothing the second time', async () => {
    const { host, pane } = await connected(UNIT);
    const first = await pane.sync();
    expect(first?.pushed).toEqual({ created: 5, updated: 0, unchanged: 0, conflicts: 0, rejected: 0 });
    const rows = cells(host);
    const header = rows[2]!;
    const idCol = header.indexOf('__id');
    expect(idCol).toBeGreaterThan(11);
    expect(host.inspect('整改台账').hiddenColumns).toEqual([idCol, idCol + 1]);
    for (const r of [4, 5, 7, 8, 9]) {
      expect(rows[r]![idCol]).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(rows[r]![idCol + 1]).toBe(1);
    }

    service.calls.length = 0;
    const second = await pane.sync();
    expect(second?.pushed).toEqual({ created: 0, updated: 0, unchanged: 0, conflicts: 0, rejected: 0 });
    expect(service.calls.filter((c) => c.endsWith('/push'))).toEqual([]);
  });

  it('sends only the edited row, from the version it started at', async () => {
    const { host, pane } = await connected(UNIT);
    await pane.sync();
    await host.edit('整改台账', 'J8', [['已完成']]);
    await host.edit('整改台账', 'K8', [['检查报告.pdf']]);
    const report = await pane.sync();
    expect(report?.pushed).toMatchObject({ updated: 1, created: 0 });
    const idCol = cells(host)[2]!.indexOf('__id');
    expect(cells(host)[7]![idCol + 1]).toBe(2);
  });

  it('takes the rows the office already holds by their identity instead of creating them again', async () => {
    const office = await connected({ role: 'office' });
    await office.pane.sync();
    // The unit's copy was handed out before any sync (no ids) and has progress of its own.
    const unitGrid = structuredClone(sample);
    unitGrid.cells[8]![9] = '正在推进';
    const unit = await connected(UNIT, unitGrid);
    const report = await unit.pane.sync();
    expect(report?.pushed.created).toBe(0);
    expect(report?.pushed.updated).toBe(1);
    const officeIds = cells(office.host).map((r) => r[12]);
    const unitIds = cells(unit.host).map((r) => r[12]);
    expect(unitIds.slice(4, 10)).toEqual(officeIds.slice(4, 10));
  });

  it('writes the office’s new deadline and its new measure into the unit’s sheet', async () => {
    const unit = await connected(UNIT);
    await unit.pane.sync();
    const office = await connected({ role: 'office' });
    await office.pane.sync();
    // The office moves row 9's deadline and adds a measure for the unit.
    await office.host.edit('整改台账', 'I9', [['2018年10月底前']]);
    await office.host.edit('整改台账', 'A11:J11', [[6, '基层组织建设薄弱', '发展党员程序不严', '建立发展党员全程纪实制度', '赵某', '组织部', '某学院', '周某', '2018年11月30日前', '未启动']]);
    const sent = await office.pane.sync();
    expect(sent?.pushed).toMatchObject({ updated: 1, created: 1 });

    const report = await unit.pane.sync();
    expect(report?.pulled).toEqual({ changedRows: 1, newRows: 1 });
    const rows = cells(unit.host);
    expect(rows[8]![8]).toBe('2018年10月底前');
    const added = rows.findIndex((r) => r[3] === '建立发展党员全程纪实制度');
    expect(added).toBeGreaterThan(9);
    expect(rows[added]!.slice(0, 10)).toEqual([6, '基层组织建设薄弱', '发展党员程序不严', '建立发展党员全程纪实制度', '赵某', '组织部', '某学院', '周某', '2018年11月30日前', '未启动']);
    expect(rows[added]![12]).toMatch(/.+/);

    // Nothing more to do next time.
    const again = await unit.pane.sync();
    expect(again?.pulled).toEqual({ changedRows: 0, newRows: 0 });
    expect(again!.pushed.updated + again!.pushed.created).toBe(0);
  });

  it('reports a conflicting edit with both values, keeps mine in the sheet, and settles it as chosen', async () => {
    const unit = await unitEditingAfterOffice();

    const report = await unit.pane.sync();
    expect(report?.pushed.conflicts).toBe(1);
    expect(unit.pane.state.conflicts).toHaveLength(1);
    const [c] = unit.pane.state.conflicts;
    expect(c).toMatchObject({ row: 8, column: 'J', conflict: { field: 'status', base: 'in_progress', server: 'done_ongoing', caller: 'done' } });
    expect(cells(unit.host)[7]![9]).toBe('已完成');

    await unit.pane.resolve(c!, 'server');
    expect(cells(unit.host)[7]![9]).toBe('已完成并长期坚持');
    expect(unit.pane.state.conflicts).toEqual([]);
    const after = await unit.pane.sync();
    expect(after?.conflicts).toEqual([]);
    expect(after?.pushed.updated).toBe(0);
  });

  it('moves a conflict card with its row when rows are inserted above it, and settles it in the moved row', async () => {
    const unit = await unitEditingAfterOffice();
    await unit.pane.sync();
    expect(unit.pane.state.conflicts.map((c) => [c.row, c.column])).toEqual([[8, 'J']]);

    await unit.host.insertCells('整改台账', '5:6');
    await unit.pane.checker.settled();
    const [c] = unit.pane.state.conflicts;
    expect([c?.row, c?.column]).toEqual([10, 'J']);
    await unit.pane.resolve(c!, 'server');
    expect(cells(unit.host)[9]![9]).toBe('已完成并长期坚持');
    expect(unit.pane.state.notices.sync).toEqual([{ kind: 'info', key: 'conflict.resolved', params: { row: 10 } }]);
  });

  it('keeps pushes in the workbook while offline and sends them once, with the same ids, when the service is back', async () => {
    const { host, pane } = await connected(UNIT);
    await pane.sync();
    const before = syncState(host);
    service.offline = true;
    await host.edit('整改台账', 'J9', [['正在推进']]);
    const offline = await pane.sync();
    expect(offline?.offline).toBe(true);
    const queued = syncState(host).queue;
    expect(queued).toHaveLength(1);
    expect(queued[0]!.request).toMatchObject({ clientId: before.clientId, mutationId: before.lastMutationId + 1 });
    expect(pane.state.notices.sync?.[0]).toMatchObject({ key: 'sync.offline', params: { queued: 1 } });

    // Still offline: the queue is kept, not doubled.
    await host.edit('整改台账', 'L9', [['已启动']]);
    await pane.sync();
    expect(syncState(host).queue).toHaveLength(1);

    service.offline = false;
    const pushes: string[] = [];
    const original = service.fetch;
    service.fetch = async (input, init) => {
      if (String(input).endsWith('/push')) pushes.push(String(init?.body));
      return original(input, init);
    };
    const back = await pane.sync();
    expect(back?.offline).toBe(false);
    expect(syncState(host).queue).toEqual([]);
    const first = JSON.parse(pushes[0]!);
    expect(first).toMatchObject({ clientId: before.clientId, mutationId: before.lastMutationId + 1 });
    // The later edit (L9) went in its own batch after the queued one.
    expect(pushes).toHaveLength(2);
    expect(JSON.parse(pushes[1]!).rows[0].fields).toEqual({ remarks: '已启动' });
  });

  it('applies a push once when its answer was lost and it is sent again', async () => {
    const { host, pane } = await connected(UNIT);
    await pane.sync();
    await host.edit('整改台账', 'J9', [['正在推进']]);
    const original = service.fetch;
    // The service gets the push and applies it, but the answer never arrives.
    service.fetch = async (input, init) => {
      const res = await original(input, init);
      if (String(input).endsWith('/push')) throw new TypeError('connection reset');
      return res;
    };
    expect((await pane.sync())?.offline).toBe(true);
    service.fetch = original;
    const retry = await pane.sync();
    expect(retry?.pushed).toMatchObject({ updated: 1 });
    const rowId = String(cells(host)[8]![12]);
    const history = await original(`${service.url}/api/v1/campaigns/default/rows/${rowId}/history`, {
      headers: { Authorization: `Bearer ${await service.token({ role: 'office' })}` },
    });
    const changes = ((await history.json()) as { changes: { field: string }[] }).changes;
    expect(changes.filter((c) => c.field === 'status')).toHaveLength(1);
    expect(cells(host)[8]![13]).toBe(2);
  });

  it('does not send a unit’s edit of a column only the office may change, and says so', async () => {
    const { host, pane } = await connected(UNIT);
    await pane.sync();
    await host.edit('整改台账', 'I9', [['2019年6月30日前']]);
    const report = await pane.sync();
    expect(report?.notSent).toEqual([{ row: 9, column: 'I' }]);
    expect(report?.pushed.updated).toBe(0);
  });

  it('leaves a row the office deleted in the sheet, says so, and stops syncing it', async () => {
    const { host, pane } = await connected(UNIT);
    await pane.sync();
    const rowId = String(cells(host)[7]![12]);
    const office = await service.token({ role: 'office' });
    const res = await service.fetch(`${service.url}/api/v1/campaigns/default/rows/${rowId}`, { method: 'DELETE', headers: { Authorization: `Bearer ${office}` } });
    expect(res.status).toBe(200);
    await host.edit('整改台账', 'J8', [['已完成']]);
    const report = await pane.sync();
    expect(report?.gone).toEqual([8]);
    expect(report?.rejected).toEqual([]);
    expect(report?.pushed.updated).toBe(0);
    expect(cells(host)[7]![3]).toBe('开展支部“三会一课”专项检查');
  });

  it('lets a copy of the workbook (or one closed without saving) sync without undoing newer edits', async () => {
    const browser = memoryStore();
    const a = await connected(UNIT, sample, browser);
    await a.pane.sync();
    const saved = await copyOf(a.host);

    // The first copy moves on: row 8 done.
    await a.host.edit('整改台账', 'J8', [['已完成']]);
    await a.host.edit('整改台账', 'K8', [['检查报告.pdf']]);
    expect((await a.pane.sync())?.pushed.updated).toBe(1);

    // The older copy, in the same browser, adds a remark to row 9 and syncs.
    const b = await openPane(saved, UNIT, browser);
    await saved.edit('整改台账', 'L9', [['已启动']]);
    const report = await b.sync();
    expect(report?.rejected).toEqual([]);
    // It took the newer status instead of sending its old one back, and its remark went through
    // (under a new client id: the old copy's next mutation id was already used).
    expect(cells(saved)[7]![9]).toBe('已完成');
    expect(cells(saved)[7]![10]).toBe('检查报告.pdf');
    expect(syncState(saved).clientId).not.toBe(syncState(a.host).clientId);
    const office = await service.token({ role: 'office' });
    const rows = (await (await service.fetch(`${service.url}/api/v1/campaigns/default/rows`, { headers: { Authorization: `Bearer ${office}` } })).json()) as {
      rows: { measure: { measure?: string; status?: string; remarks?: string } }[];
    };
    const byMeasure = new Map(rows.rows.map((r) => [r.measure.measure, r.measure]));
    expect(byMeasure.get('开展支部“三会一课”专项检查')?.status).toBe('done');
    expect(byMeasure.get('完善支部工作记录本填写规范')?.remarks).toBe('已启动');
  });
});

describe('syncing by the ledger’s rules (BRIEF §3 identity, round trip, stale copies)', () => {
  const office = async () => service.token({ role: 'office' });
  const serviceRows = async () =>
    ((await (await service.fetch(`${service.url}/api/v1/campaigns/default/rows`, { headers: { Authorization: `Bearer ${await office()}` } })).json()) as {
      rows: { id: string; version: number; measure: { measure?: string; status?: string; evidence?: string } }[];
    }).rows;

  it('sends nothing when a status is retyped in other words of the same meaning', async () => {
    const { host, pane } = await connected(UNIT);
    await pane.sync();
    const before = await serviceRows();
    await host.edit('整改台账', 'J8', [['推进中']]);
    service.calls.length = 0;
    const report = await pane.sync();
    expect(report?.pushed).toEqual({ created: 0, updated: 0, unchanged: 0, conflicts: 0, rejected: 0 });
    expect(service.calls.filter((c) => c.endsWith('/push'))).toEqual([]);
    expect(await serviceRows()).toEqual(before);
  });

  it('makes a row copied in Excel, hidden id and all, a new row of its own, never its original', async () => {
    const { host, pane } = await connected(UNIT);
    await pane.sync();
    const original = cells(host)[7]!.slice(0, 14);
    await host.edit('整改台账', 'A11:N11', [original]);
    await host.edit('整改台账', 'J11', [['已完成']]);
    const report = await pane.sync();
    expect(report?.pushed).toMatchObject({ created: 1, updated: 0 });
    const rows = await serviceRows();
    expect(rows).toHaveLength(6);
    const idCol = cells(host)[2]!.indexOf('__id');
    expect(cells(host)[10]![idCol]).not.toBe(original[idCol]);
    const first = rows.find((r) => r.id === original[idCol]);
    expect(first?.measure.status).toBe('in_progress');
    expect(rows.find((r) => r.id === cells(host)[10]![idCol])?.measure).toMatchObject({ measure: original[3], status: 'done' });
  });

  it('lets an old copy without versions report, not revert, what was changed since it was made', async () => {
    const a = await connected(UNIT);
    await a.pane.sync();
    // An old e-mailed copy: the sheet as it was, its hidden versions lost, opened on another computer.
    const old = await copyOf(a.host);
    await old.edit('整改台账', 'N5:N10', [[''], [''], [''], [''], [''], ['']]);
    await a.host.edit('整改台账', 'J8', [['已完成']]);
    await a.host.edit('整改台账', 'K8', [['检查报告.pdf']]);
    expect((await a.pane.sync())?.pushed.updated).toBe(1);

    const b = await openPane(old, UNIT, memoryStore());
    const report = await b.sync();
    expect(report?.pushed).toMatchObject({ created: 0, updated: 0 });
    expect(report?.pushed.conflicts).toBeGreaterThan(0);
    expect(report?.conflicts.map((c) => [c.row, c.column, c.conflict.server, c.conflict.caller])).toEqual(
      expect.arrayContaining([
        [8, 'J', 'done', 'in_progress'],
        [8, 'K', '检查报告.pdf', null],
      ]),
    );
    expect(report?.conflicts[0]?.conflict.changedBy).toBeTruthy();
    const row = (await serviceRows()).find((r) => r.measure.measure === '开展支部“三会一课”专项检查');
    expect(row?.measure).toMatchObject({ status: 'done', evidence: '检查报告.pdf' });
  });
});
