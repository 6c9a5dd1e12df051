// A unit without Excel: its pulled workbook opened, edited in one cell and saved by LibreOffice (as a
// LibreOffice or WPS user would), then pushed back, changes exactly that cell; and one only re-saved
// changes nothing. LibreOffice keeps the hidden ids and versions the push matches rows by.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readLedger } from '../../ledger';
import { issueApiToken } from '../../server/app/identity';
import type { PushReport } from '../../server/cli/push';
import { startServer, type RunningServer } from '../../server/serve';
import { lastSeq } from '../../server/store/campaigns';
import { readWorkbookFile } from '../../server/xlsx/read';
import { sqliteBackend } from '../server/backends';
import { ledger } from '../support/ledger-process';
import { convert, SOFFICE } from '../support/libreoffice';
import { describeNeeding, NEEDS } from '../support/requires';

const SAMPLE = resolve('../shared/samples/sample-unit-ledger.xlsx');
const UNIT = '某学院';

describeNeeding(SOFFICE, NEEDS.libreoffice)('a unit’s workbook saved by LibreOffice and pushed back', () => {
  const backend = sqliteBackend();
  let srv: RunningServer;
  let dir: string;
  let office: string;
  let unit: string;
  const at = (token: string, args: string[]) => [...args, '--server', srv.url, '--token', token, '--as-of', '2018-09-10'];
  const push = async (path: string) => {
    const r = await ledger(['push', path, ...at(unit, ['--json'])]);
    expect(r.code, r.err).not.toBe(2);
    return JSON.parse(r.out) as PushReport;
  };
  const history = async () => {
    const res = await fetch(`${srv.url}/api/v1/campaigns/default/rows`, { headers: { authorization: `Bearer ${office}` } });
    const rows = ((await res.json()) as { rows: { id: string }[] }).rows;
    const changes = await Promise.all(
      rows.map(async (r) => {
        const h = await fetch(`${srv.url}/api/v1/campaigns/default/rows/${r.id}/history`, { headers: { authorization: `Bearer ${office}` } });
        return ((await h.json()) as { changes: { rowId: string; field: string; old: unknown; new: unknown }[] }).changes;
      }),
    );
    return changes.flat();
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-lo-'));
    srv = await startServer({ port: 0, store: await backend.open() });
    office = (await issueApiToken(srv.store, { role: 'office' })).token;
    unit = (await issueApiToken(srv.store, { role: 'unit', unit: UNIT })).token;
    const loaded = await ledger(['push', SAMPLE, ...at(office, ['--json'])]);
    expect(JSON.parse(loaded.out)).toMatchObject({ created: 5 });
  });

  afterAll(async () => {
    await srv?.close();
    rmSync(dir, { recursive: true, force: true });
    backend.cleanup();
  });

  it('keeps the hidden ids and versions, changes nothing when only re-saved, and exactly the edited cell when edited', async () => {
    const pulled = join(dir, 'pulled.xlsx');
    expect((await ledger(['pull', ...at(unit, ['-o', pulled])])).code).toBe(0);

    // Opened and saved again, unedited: the same rows, ids and versions; pushing it changes nothing.
    const resaved = convert(pulled, 'xlsx');
    const before = readLedger(await readWorkbookFile(pulled)).rows.map((r) => [r.measure.id, r.measure.version]);
    const after = readLedger(await readWorkbookFile(resaved)).rows.map((r) => [r.measure.id, r.measure.version]);
    expect(after).toEqual(before);
    expect(before.every(([id, v]) => typeof id === 'string' && v === 1)).toBe(true);
    const seq = await lastSeq(srv.store.db, 'default');
    expect(await push(resaved)).toMatchObject({ created: 0, updated: 0, conflicts: 0, rejected: 0 });
    expect(await lastSeq(srv.store.db, 'default')).toBe(seq);

    // One cell edited (row 8's progress), then saved by LibreOffice.
    const edited = join(dir, 'edited.xlsx');
    copyFileSync(pulled, edited);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(edited);
    const ws = wb.getWorksheet('整改台账')!;
    const columns = new Map<string, number>();
    ws.getRow(3).eachCell((cell, c) => columns.set(String(cell.value), c));
    let r = 4;
    while (typeof ws.getRow(r).getCell(columns.get('__id')!).value !== 'string') r++;
    const id = ws.getRow(r).getCell(columns.get('__id')!).value as string;
    ws.getRow(r).getCell(columns.get('进展情况')!).value = '已召开专题会议，印发整改方案';
    await wb.xlsx.writeFile(edited);
    const saved = convert(edited, 'xlsx');

    expect(await push(saved)).toMatchObject({ created: 0, updated: 1, conflicts: 0, rejected: 0 });
    // The history holds the five rows' creation and that one change, nothing else.
    const changes = await history();
    expect(changes.filter((c) => c.field === 'created')).toHaveLength(5);
    expect(changes.filter((c) => c.field !== 'created')).toEqual([expect.objectContaining({ rowId: id, field: 'progress', new: '已召开专题会议，印发整改方案' })]);
  });
});
