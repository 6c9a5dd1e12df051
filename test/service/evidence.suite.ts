// Evidence files (佐证材料附件) through the API on a real service: uploaded by the office or the row's
// unit, checked by content (a renamed program is refused), limited in size (a file over the limit
// stores nothing), listed and downloaded byte for byte by the office and the row's unit only, removed
// under the rules, and linked from the consolidated workbook, which still round-trips unchanged.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { readLedger } from '../../ledger';
import { EvidenceAnswer, EvidenceList, type EvidenceFile } from '../../ledger/evidence';
import { ApiError } from '../../ledger/sync-protocol';
import { issueApiToken } from '../../server/app/identity';
import type { PushReport } from '../../server/cli/push';
import type { RunningServer } from '../../server/serve';
import { readWorkbookFile } from '../../server/xlsx/read';
import { ledger } from '../support/ledger-process';
import { sampleCompoundFile, sampleDocx, sampleExe, sampleOfd, samplePdf, samplePng, sampleZip } from './evidence-samples';

export interface EvidenceService {
  /** Started with LEDGER_EVIDENCE_MAX_MB=1. */
  server: RunningServer;
  /** Another instance on the same database, where the backend allows several. */
  another?: () => Promise<RunningServer>;
  close(): Promise<void>;
}

const MB = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** `severalInstances`: the backend serves one database from several instances (PostgreSQL), and `start` gives `another`. */
export function evidenceSuite(name: string, start: () => Promise<EvidenceService>, severalInstances = false) {
  describe(`evidence files (佐证材料) (${name})`, () => {
    let s: EvidenceService;
    let office: string;
    let unit: string;
    let otherUnit: string;
    const ids = { own: '', done: '', other: '', gone: '' };

    const url = (path: string) => `${s.server.url}/api/v1/campaigns/default${path}`;
    const get = (path: string, token: string) => fetch(url(path), { headers: { authorization: `Bearer ${token}` } });
    const remove = (path: string, token: string) => fetch(url(path), { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    const upload = (rowId: string, token: string, bytes: Uint8Array, fileName: string, declared = 'application/octet-stream') => {
      const form = new FormData();
      form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: declared }), fileName);
      return fetch(url(`/rows/${rowId}/evidence`), { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    };
    const uploaded = async (res: Response): Promise<EvidenceFile> => {
      expect(res.status, await res.clone().text()).toBe(201);
      return EvidenceAnswer.parse(await res.json()).file;
    };
    const listed = async (rowId: string, token = office) => EvidenceList.parse(await (await get(`/rows/${rowId}/evidence`, token)).json()).files;
    const refused = async (res: Response, status: number, code: string) => {
      expect(res.status).toBe(status);
      const body = ApiError.parse(await res.json());
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(body.error.messageEn).toMatch(/[a-z]/);
      return body.error;
    };
    const push = (body: unknown, token = office) =>
      fetch(url('/push'), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

    beforeAll(async () => {
      s = await start();
      office = (await issueApiToken(s.server.store, { role: 'office' })).token;
      unit = (await issueApiToken(s.server.store, { role: 'unit', unit: '计算机学院' })).token;
      otherUnit = (await issueApiToken(s.server.store, { role: 'unit', unit: '外国语学院' })).token;
      const rows = [
        { fields: { category: '理论学习不深入', problem: '学习不深入', measure: '制定学习计划', unit: '计算机学院', status: 'in_progress', evidence: '见附件' } },
        { fields: { category: '理论学习不深入', problem: '学习不深入', measure: '开展专题研讨', unit: '计算机学院', status: 'done', evidence: '研讨记录' } },
        { fields: { category: '制度建设不健全', problem: '制度不健全', measure: '修订议事规则', unit: '外国语学院', status: 'in_progress' } },
        { fields: { category: '制度建设不健全', problem: '制度不健全', measure: '清理过时文件', unit: '计算机学院', status: 'not_started' } },
      ];
      const res = await push({ clientId: 'evidence-test', mutationId: 1, rows });
      const created = z.object({ rows: z.array(z.object({ id: z.string() })) }).parse(await res.json()).rows;
      [ids.own, ids.done, ids.other, ids.gone] = created.map((r) => r.id) as [string, string, string, string];
    });
    afterAll(async () => {
      await s?.close();
    });

    it('keeps a PDF, a PNG, a Word document, an old .doc and an OFD byte for byte, under their Chinese names, typed by content', async () => {
      const pdf = samplePdf();
      const file = await uploaded(await upload(ids.own, unit, pdf, '整改通知（第1号）.pdf', 'application/pdf'));
      expect(file).toMatchObject({
        rowId: ids.own,
        fileName: '整改通知（第1号）.pdf',
        mime: 'application/pdf',
        size: pdf.length,
        sha256: sha256(pdf),
        uploaderKind: 'unit',
        uploaderUnit: '计算机学院',
      });
      // The browser's word for the type is not taken: the content is a PNG, whatever it was sent as.
      const png = await uploaded(await upload(ids.own, office, samplePng(), '现场照片.png', 'application/pdf'));
      expect(png).toMatchObject({ mime: 'image/png', uploaderKind: 'office', uploaderUnit: null });
      const docx = await uploaded(await upload(ids.own, unit, await sampleDocx(), '学习计划.docx'));
      expect(docx.mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      const doc = await uploaded(await upload(ids.own, unit, sampleCompoundFile(['WordDocument', 'SummaryInformation']), '会议纪要.doc'));
      expect(doc.mime).toBe('application/msword');
      const ofd = await uploaded(await upload(ids.own, unit, await sampleOfd(), '电子公文.ofd'));
      expect(ofd.mime).toBe('application/ofd');

      // Sent again (a retry after a lost answer): the file already stored, not a second copy.
      const again = await upload(ids.own, unit, pdf, '整改通知（第1号）.pdf');
      expect(again.status).toBe(200);
      expect(EvidenceAnswer.parse(await again.json()).file).toEqual(file);

      const files = await listed(ids.own, unit);
      expect(files.map((f) => f.fileName)).toEqual(['整改通知（第1号）.pdf', '现场照片.png', '学习计划.docx', '会议纪要.doc', '电子公文.ofd']);
      expect(await listed(ids.own, office)).toEqual(files);

      const res = await get(`/evidence/${file.id}`, office);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const disposition = res.headers.get('content-disposition')!;
      expect(disposition).toMatch(/^attachment;/);
      expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('整改通知（第1号）.pdf')}`);
      expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
      const fromUnit = await get(`/evidence/${docx.id}`, unit);
      expect(sha256(new Uint8Array(await fromUnit.arrayBuffer()))).toBe(docx.sha256);
    });

    it('refuses a program renamed .pdf, a compound file that is no document and an archive, naming the file and what is accepted', async () => {
      const before = await listed(ids.own);
      let error = await refused(await upload(ids.own, unit, sampleExe(), '整改报告.pdf', 'application/pdf'), 415, 'unsupported_file_type');
      expect(error.message).toContain('整改报告.pdf');
      expect(error.message).toContain('PDF');
      expect(error.messageEn).toContain('Accepted: PDF (pdf), OFD (ofd), images (jpg, jpeg, png');
      error = await refused(await upload(ids.own, unit, sampleCompoundFile(['SummaryInformation']), '旧版台账.xls'), 415, 'unsupported_file_type');
      expect(error.message).toContain('旧版台账.xls');
      await refused(await upload(ids.own, unit, await sampleZip(), '材料汇编.zip'), 415, 'unsupported_file_type');
      await refused(await upload(ids.own, unit, new Uint8Array(0), '空白.pdf'), 400, 'invalid_request');
      const noFile = await fetch(url(`/rows/${ids.own}/evidence`), { method: 'POST', headers: { authorization: `Bearer ${unit}`, 'content-type': 'application/pdf' }, body: samplePdf() as Uint8Array<ArrayBuffer> });
      await refused(noFile, 400, 'invalid_request');
      expect(await listed(ids.own)).toEqual(before);
    });

    it('refuses a file over the size limit with the limit in words, storing nothing', async () => {
      const before = await listed(ids.own);
      const error = await refused(await upload(ids.own, unit, samplePdf(MB + 4096), '扫描件.pdf'), 413, 'file_too_large');
      expect(error.message).toContain('1 MB');
      // Declared bigger than the limit and the form's room together: refused before the body is read.
      const huge = await upload(ids.own, unit, samplePdf(2 * MB), '全年材料汇编.pdf');
      expect(huge.status).toBe(413);
      expect(await listed(ids.own)).toEqual(before);
      const stored = await s.server.store.db.selectFrom('evidence_files').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(stored.n)).toBe(before.length);
    });

    it("keeps another unit out of a row's files: no upload, list, download or removal; the campaign's list holds a unit's own rows' only", async () => {
      const [file] = await listed(ids.own);
      await refused(await upload(ids.own, otherUnit, samplePdf(), '越权上传.pdf'), 403, 'forbidden');
      await refused(await get(`/rows/${ids.own}/evidence`, otherUnit), 403, 'forbidden');
      await refused(await get(`/evidence/${file!.id}`, otherUnit), 403, 'forbidden');
      await refused(await remove(`/evidence/${file!.id}`, otherUnit), 403, 'forbidden');
      // The other unit's own row takes its files; 计算机学院 cannot see them.
      const theirs = await uploaded(await upload(ids.other, otherUnit, samplePng(), '议事规则（修订稿）.png'));
      await refused(await get(`/evidence/${theirs.id}`, unit), 403, 'forbidden');
      await refused(await get(`/rows/${ids.other}/evidence`, unit), 403, 'forbidden');
      expect((await listed(ids.other, otherUnit)).map((f) => f.id)).toEqual([theirs.id]);
      // The campaign's list: the office every row's files, a unit its own rows'.
      const all = EvidenceList.parse(await (await get('/evidence', office)).json()).files;
      expect([...new Set(all.map((f) => f.rowId))]).toEqual([ids.own, ids.other]);
      const mine = EvidenceList.parse(await (await get('/evidence', unit)).json()).files;
      expect(mine).toEqual(await listed(ids.own));
      await refused(await get('/evidence/00000000-0000-4000-8000-000000000000', office), 404, 'evidence_not_found');
      await refused(await get('/rows/no-such-row/evidence', office), 404, 'row_not_found');
    });

    it("lets a unit remove only what it uploaded, and nothing once the measure is closed; the office removes any", async () => {
      const [, officePng] = await listed(ids.own);
      await refused(await remove(`/evidence/${officePng!.id}`, unit), 403, 'forbidden');
      const draft = await uploaded(await upload(ids.own, unit, samplePdf(), '草稿.pdf'));
      expect((await remove(`/evidence/${draft.id}`, unit)).status).toBe(200);
      expect((await listed(ids.own)).some((f) => f.id === draft.id)).toBe(false);

      const record = await uploaded(await upload(ids.done, unit, samplePdf(), '研讨记录.pdf'));
      const closure = (token: string, action: string) =>
        fetch(url(`/rows/${ids.done}/closure`), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ action }) });
      expect((await closure(unit, 'request')).status).toBe(200);
      expect((await closure(office, 'approve')).status).toBe(200);
      await refused(await remove(`/evidence/${record.id}`, unit), 409, 'evidence_locked');
      expect((await listed(ids.done)).map((f) => f.id)).toEqual([record.id]);
      const gone = await remove(`/evidence/${record.id}`, office);
      expect(EvidenceAnswer.parse(await gone.json()).file.id).toBe(record.id);
      expect(await listed(ids.done)).toEqual([]);
      // Put back for the workbook below.
      await uploaded(await upload(ids.done, office, samplePdf(), '研讨记录.pdf'));
    });

    it('refuses files on a deleted row, whose files stay with the office', async () => {
      const kept = await uploaded(await upload(ids.gone, unit, samplePng(), '清理清单.png'));
      expect((await remove(`/rows/${ids.gone}`, office)).status).toBe(200);
      await refused(await upload(ids.gone, office, samplePdf(), '补充.pdf'), 409, 'row_deleted');
      await refused(await get(`/rows/${ids.gone}/evidence`, unit), 404, 'row_not_found');
      expect((await listed(ids.gone, office)).map((f) => f.id)).toEqual([kept.id]);
    });

    it('links each measure with files to its page from the consolidated workbook, which still pushes back unchanged', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ledger-evidence-'));
      try {
        const path = join(dir, '汇总.xlsx');
        const res = await get('/workbook.xlsx', office);
        expect(res.status).toBe(200);
        writeFileSync(path, Buffer.from(await res.arrayBuffer()));
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(path);
        const ws = wb.getWorksheet('整改台账')!;
        const header = ws.getRow(3).values as unknown[];
        const filesCol = header.indexOf('佐证材料附件');
        const idCol = header.indexOf('__id');
        expect(filesCol).toBeGreaterThan(0);
        const links = new Map<string, { text: string; hyperlink: string }>();
        ws.eachRow((row, r) => {
          const v = row.getCell(filesCol).value;
          if (r > 3 && v && typeof v === 'object' && 'hyperlink' in v) links.set(String(row.getCell(idCol).value), v as { text: string; hyperlink: string });
        });
        expect([...links.keys()].sort()).toEqual([ids.own, ids.done, ids.other].sort());
        expect(links.get(ids.own)!.hyperlink).toBe(`${s.server.url}/#/campaigns/default/rows/${ids.own}`);
        expect(links.get(ids.own)!.text.split('\n')).toEqual(['整改通知（第1号）.pdf', '现场照片.png', '学习计划.docx', '会议纪要.doc', '电子公文.ofd']);

        // Read back, the column is neither the evidence field nor an extra column.
        const read = readLedger({ ...(await readWorkbookFile(path)), file: path });
        expect(read.extraColumns.map((e) => e.label)).not.toContain('佐证材料附件');
        expect(read.rows.find((r) => r.measure.id === ids.own)?.measure.evidence).toBe('见附件');

        const before = await (await get('/changes?since=0', office)).json();
        const pushed = await ledger(['push', path, '--server', s.server.url, '--token', office, '--campaign', 'default', '--json']);
        expect(pushed.code, pushed.err).not.toBe(2);
        const report = JSON.parse(pushed.out) as PushReport;
        expect({ created: report.created, updated: report.updated, conflicts: report.conflicts }).toEqual({ created: 0, updated: 0, conflicts: 0 });
        expect(await (await get('/changes?since=0', office)).json()).toEqual(before);

        // A unit's workbook links its own rows' files only.
        const own = new ExcelJS.Workbook();
        await own.xlsx.load(await (await get('/workbook.xlsx', unit)).arrayBuffer());
        const texts: string[] = [];
        own.getWorksheet('整改台账')!.eachRow((row) => row.eachCell((cell) => texts.push(cell.text)));
        expect(texts.join('\n')).toContain('整改通知（第1号）.pdf');
        expect(texts.join('\n')).not.toContain('议事规则（修订稿）.png');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    if (!severalInstances) return;
    it('serves the same files from another instance on the same database', async () => {
      const second = await s.another!();
      try {
        const files = await listed(ids.own);
        const res = await fetch(`${second.url}/api/v1/campaigns/default/evidence/${files[0]!.id}`, { headers: { authorization: `Bearer ${office}` } });
        expect(res.status).toBe(200);
        expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(samplePdf()))).toBe(true);
        const form = new FormData();
        form.append('file', new Blob([samplePng() as Uint8Array<ArrayBuffer>]), '第二台服务上传.png');
        const up = await fetch(`${second.url}/api/v1/campaigns/default/rows/${ids.own}/evidence`, { method: 'POST', headers: { authorization: `Bearer ${unit}` }, body: form });
        const file = await uploaded(up);
        expect((await listed(ids.own)).map((f) => f.id)).toContain(file.id);
      } finally {
        await second.close();
      }
    });
  });
}
