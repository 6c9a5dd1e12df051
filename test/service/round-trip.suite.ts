// BRIEF §3 "Round trip" and "Stale copies", for every layout of the corpus, on a real service (the
// same suite on SQLite and PostgreSQL) through the real CLI: a pulled workbook pushed back unchanged,
// the office's or a unit's, changes nothing (0 created, 0 updated, no version moves, no history); a
// unit's own original file pushed after the office's master of the same values changes nothing; an
// old copy pushed again after a newer edit applies nothing, reports the conflict, and the newer value stays.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chineseDate, isoToSerial, parseDeadline, parseStatus, readLedger, statusLabel, textKey, type CellValue, type StatusCode } from '../../ledger';
import { issueApiToken } from '../../server/app/identity';
import type { PushReport } from '../../server/cli/push';
import { startServer, type RunningServer } from '../../server/serve';
import { createCampaign } from '../../server/store';
import { lastSeq } from '../../server/store/campaigns';
import { readWorkbookFile } from '../../server/xlsx/read';
import { buildCorpus } from '../corpus/build';
import { ledger } from '../support/ledger-process';
import { variants } from '../corpus/variants';
import type { Backend } from '../server/backends';

/** The units a workbook's rows answer for, as the reader gives them. */
async function unitsOf(path: string): Promise<string[]> {
  const parsed = readLedger({ ...(await readWorkbookFile(path)), file: path });
  const seen = new Map<string, string>();
  for (const r of parsed.rows) if (r.measure.unit && !seen.has(textKey(r.measure.unit))) seen.set(textKey(r.measure.unit), r.measure.unit);
  return [...seen.values()];
}

/**
 * Changes the status of the first row of `unit` (any unit when undefined) in a workbook this system
 * wrote, to a status of another meaning, as a person would in Excel. Returns the row's id and the new code.
 */
async function editStatus(path: string, unit: string | undefined): Promise<{ id: string; status: StatusCode }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet('整改台账')!;
  const header = ws.getRow(3);
  const col = (label: string) => {
    let found = 0;
    header.eachCell((cell, c) => {
      if (cell.value === label) found = c;
    });
    if (!found) throw new Error(`no column ${label} in ${path}`);
    return found;
  };
  const [statusCol, unitCol, idCol] = [col('完成情况'), col('责任单位'), col('__id')];
  for (let r = 4; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const id = row.getCell(idCol).value;
    if (typeof id !== 'string' || (unit !== undefined && row.getCell(unitCol).value !== unit)) continue;
    const was = parseStatus(String(row.getCell(statusCol).value ?? '')).status;
    const status: StatusCode = was === 'done' ? 'in_progress' : 'done';
    row.getCell(statusCol).value = statusLabel(status);
    await wb.xlsx.writeFile(path);
    return { id, status };
  }
  throw new Error(`no row of ${unit ?? 'any unit'} in ${path}`);
}

/** Other words of the same status, as another person types them. */
const SYNONYM: Record<StatusCode, string> = {
  not_started: '尚未启动',
  in_progress: '推进中',
  done: '完成',
  done_ongoing: '已完成（长期坚持）',
};

/**
 * The office's own master of the same values, typed differently: statuses in other words, deadline
 * dates as words and deadline words as dates, texts with stray spaces around them.
 */
async function retype(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet('整改台账')!;
  const columns = new Map<string, number>();
  ws.getRow(3).eachCell((cell, c) => columns.set(String(cell.value), c));
  const [status, deadline, progress] = ['完成情况', '完成时限', '进展情况'].map((h) => columns.get(h));
  for (let r = 4; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (typeof row.getCell(columns.get('__id')!).value !== 'string') continue;
    if (status) {
      const code = parseStatus(String(row.getCell(status).value ?? '')).status;
      if (code) row.getCell(status).value = SYNONYM[code];
    }
    if (deadline) {
      const cell = row.getCell(deadline);
      const due = parseDeadline(cell.value instanceof Date ? isoToSerial(cell.value.toISOString().slice(0, 10)) : (cell.value as CellValue));
      if (due?.kind === 'date') {
        const [y, m, d] = due.date.split('-').map(Number);
        cell.value = typeof cell.value === 'string' ? new Date(Date.UTC(y!, m! - 1, d!)) : `${y}年${m}月${d}日前`;
      }
    }
    if (progress && typeof row.getCell(progress).value === 'string') row.getCell(progress).value = `\u3000${String(row.getCell(progress).value)}  `;
  }
  await wb.xlsx.writeFile(path);
}

export function roundTripSuite(backend: Backend) {
  describe(`round trips and stale copies on ${backend.name}, for every layout of the corpus`, () => {
    let srv: RunningServer;
    let dir: string;
    let office: string;
    let paths: Record<string, string>;
    const unitTokens = new Map<string, string>();

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'ledger-round-trip-'));
      paths = (await buildCorpus(join(dir, 'corpus'))).paths;
      srv = await startServer({ port: 0, store: await backend.open() });
      office = (await issueApiToken(srv.store, { role: 'office' })).token;
    });

    afterAll(async () => {
      await srv?.close();
      rmSync(dir, { recursive: true, force: true });
      backend.cleanup();
    });

    const tokenFor = async (unit: string) => {
      let t = unitTokens.get(unit);
      if (!t) {
        t = (await issueApiToken(srv.store, { role: 'unit', unit })).token;
        unitTokens.set(unit, t);
      }
      return t;
    };

    variants.forEach((v, n) => {
      it(`${v.name}: pulled and pushed back, by the office and by each unit, changes nothing; the unit's original after the office's master neither; an old copy after a newer edit only conflicts`, async () => {
        const campaign = `layout${n}`;
        await createCampaign(srv.store, campaign);
        const file = paths[v.name]!;
        const at = (token: string, args: string[]) => ['--server', srv.url, '--token', token, '--campaign', campaign, '--as-of', v.asOf, ...args];
        const push = async (path: string, token: string): Promise<PushReport> => {
          const r = await ledger(['push', path, ...at(token, ['--json'])]);
          expect(r.code, r.err).not.toBe(2);
          return JSON.parse(r.out) as PushReport;
        };
        const state = async () => ({
          seq: await lastSeq(srv.store.db, campaign),
          versions: Object.fromEntries(
            ((await (await fetch(`${srv.url}/api/v1/campaigns/${campaign}/rows`, { headers: { authorization: `Bearer ${office}` } })).json()) as {
              rows: { id: string; version: number }[];
            }).rows.map((r) => [r.id, r.version]),
          ),
        });
        const nothingChanged = async (what: string, report: PushReport, before: Awaited<ReturnType<typeof state>>) => {
          expect({ created: report.created, updated: report.updated, conflicts: report.conflicts }, what).toEqual({ created: 0, updated: 0, conflicts: 0 });
          expect(await state(), `${what}: no version moved, no history written`).toEqual(before);
        };

        // The office's master of this unit's ledger goes in first: `ledger merge`'s, retyped by the office.
        const master = join(dir, `${campaign}-master.xlsx`);
        const merged = await ledger(['merge', file, '-o', master, '--as-of', v.asOf, '--json']);
        expect(merged.code, merged.err).not.toBe(2);
        await retype(master);
        const first = await push(master, office);
        expect(first.created).toBeGreaterThan(0);
        expect(first.updated).toBe(0);

        // Office: pull, push back unchanged.
        const pulled = join(dir, `${campaign}-office.xlsx`);
        expect((await ledger(['pull', ...at(office, ['-o', pulled])])).code).toBe(0);
        await nothingChanged('office pull → push', await push(pulled, office), await state());

        // Each unit (the first three of a many-unit ledger): pull its own rows, push back unchanged.
        const units = (await unitsOf(file)).slice(0, 3);
        for (const unit of units) {
          const own = join(dir, `${campaign}-${units.indexOf(unit)}.xlsx`);
          expect((await ledger(['pull', ...at(await tokenFor(unit), ['-o', own])])).code).toBe(0);
          await nothingChanged(`${unit} pull → push`, await push(own, await tokenFor(unit)), await state());
        }

        // The original file after the office's master of the same values: by its unit, or by the
        // office when it holds several units' rows.
        const owner = units.length === 1 ? await tokenFor(units[0]!) : office;
        await nothingChanged('original after the master', await push(file, owner), await state());

        // A newer edit, then the old copy (no versions) again: nothing applied, the conflict
        // reported with both values and who changed it, the newer value kept.
        const newer = join(dir, `${campaign}-newer.xlsx`);
        expect((await ledger(['pull', ...at(owner, ['-o', newer])])).code).toBe(0);
        const edited = await editStatus(newer, units.length === 1 ? units[0] : undefined);
        const applied = await push(newer, owner);
        expect(applied).toMatchObject({ created: 0, updated: 1, conflicts: 0 });
        const again = await push(file, owner);
        expect(again).toMatchObject({ created: 0, updated: 0 });
        expect(again.conflicts).toBeGreaterThan(0);
        const conflict = again.conflictRows.find((c) => c.field === 'status');
        expect(conflict, JSON.stringify(again.conflictRows)).toMatchObject({ server: edited.status });
        expect(conflict?.changedBy).toBeTruthy();
        const rows = (await (await fetch(`${srv.url}/api/v1/campaigns/${campaign}/rows`, { headers: { authorization: `Bearer ${office}` } })).json()) as {
          rows: { id: string; measure: { status?: string } }[];
        };
        expect(rows.rows.find((r) => r.id === edited.id)?.measure.status).toBe(edited.status);
      });
    });

    it('a workbook holding every closure and extension state, pulled and pushed back by the office and by the unit, changes nothing', async () => {
      const campaign = 'workflow';
      await createCampaign(srv.store, campaign);
      const unit = '后勤管理处';
      const unitToken = await tokenFor(unit);
      const call = async (token: string, path: string, body: unknown) => {
        const res = await fetch(`${srv.url}/api/v1/campaigns/${campaign}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(res.status, await res.clone().text()).toBe(200);
        return res.json() as Promise<{ rows: { id: string }[] }>;
      };
      const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
      const row = (measure: string, status: StatusCode) => ({ fields: { problem: '学生宿舍消防设施老化', measure, unit, status, deadline: { kind: 'date', date: inDays(10), text: `${chineseDate(inDays(10))}前` } } });
      const created = await call(office, '/push', {
        clientId: 'workflow-round-trip',
        mutationId: 1,
        rows: [
          row('开展消防安全专项检查', 'done'), row('更换灭火器', 'done'), row('疏通消防通道', 'done_ongoing'),
          row('更换消防喷淋系统', 'in_progress'), row('改造消防控制室', 'in_progress'), row('加装烟感报警器', 'not_started'),
        ],
      });
      const [asked, approved, returned, waiting, extended, rejected] = created.rows.map((r) => r.id) as [string, string, string, string, string, string];
      for (const id of [asked, approved, returned]) await call(unitToken, `/rows/${id}/closure`, { action: 'request', note: '已整改到位，见检查记录' });
      await call(office, `/rows/${approved}/closure`, { action: 'approve' });
      await call(office, `/rows/${returned}/closure`, { action: 'return', note: '缺少复查照片' });
      for (const id of [waiting, extended, rejected]) await call(unitToken, `/rows/${id}/extension`, { action: 'request', deadline: inDays(40), reason: '喷淋管材供货延迟（厂家来函）' });
      await call(office, `/rows/${extended}/extension`, { action: 'approve', note: '同意' });
      await call(office, `/rows/${rejected}/extension`, { action: 'reject', note: '请按原时限完成' });

      const at = (token: string, args: string[]) => ['--server', srv.url, '--token', token, '--campaign', campaign, ...args];
      for (const [who, token] of [['office', office], [unit, unitToken]] as const) {
        const before = await lastSeq(srv.store.db, campaign);
        const pulled = join(dir, `workflow-${who}.xlsx`);
        expect((await ledger(['pull', ...at(token, ['-o', pulled])])).code).toBe(0);
        const back = readLedger({ ...(await readWorkbookFile(pulled)), file: pulled }).rows.map((r) => r.measure);
        expect(back.map((m) => [m.closure?.state, m.extension?.state])).toEqual([
          ['requested', undefined], ['approved', undefined], ['returned', undefined],
          [undefined, 'requested'], [undefined, 'approved'], [undefined, 'rejected'],
        ]);
        expect([back[2]!.closure?.reason, back[3]!.extension?.reason, back[5]!.extension?.note]).toEqual(['缺少复查照片', '喷淋管材供货延迟（厂家来函）', '请按原时限完成']);
        const r = await ledger(['push', pulled, ...at(token, ['--json'])]);
        const report = JSON.parse(r.out) as PushReport;
        expect({ created: report.created, updated: report.updated, conflicts: report.conflicts, rejected: report.rejected }, `${who}: ${r.out}`).toEqual({ created: 0, updated: 0, conflicts: 0, rejected: 0 });
        expect(await lastSeq(srv.store.db, campaign), `${who}: no history written`).toBe(before);
      }
    });
  });
}
