// The corpus checks itself: each generated workbook opens, holds the rows it declares where it
// declares them, and between them the files cover every variation BRIEF §4 lists.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOMB_CHUNK, BOMB_CHUNKS, badInputs } from './bad-inputs';
import { type Corpus, buildCorpus } from './build';
import { columnOf, planOf } from './sheet';
import { type Cell, PLACEHOLDERS, STATUS_WORDS, isoToSerial } from './spec';
import { mergeScenarios, variants } from './variants';

let corpus: Corpus;
beforeAll(async () => {
  corpus = await buildCorpus(await mkdtemp(join(tmpdir(), 'ledger-corpus-')));
});
afterAll(async () => {
  if (corpus) await rm(corpus.dir, { recursive: true, force: true });
});

const asRead = (v: Cell): unknown => (v instanceof Date ? v.getTime() : v);
function readBack(v: ExcelJS.CellValue): unknown {
  if (v instanceof Date) return v.getTime();
  return v ?? null;
}

describe('each variant workbook', () => {
  for (const v of variants) {
    it(`${v.name}: opens in exceljs with every declared measure where the plan puts it`, async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(corpus.paths[v.name]!);
      expect(wb.worksheets.map((w) => w.name)).toEqual(v.sheets.map((s) => (s.kind === 'ledger' ? s.ledger.layout.sheet : s.name)));
      const ws = wb.getWorksheet(v.ledger.layout.sheet)!;
      const plan = planOf(v.sheets);
      const layout = v.ledger.layout;
      const statusCol = columnOf(layout, 'status') + 1;
      const deadlineCol = columnOf(layout, 'deadline') + 1;
      const measureCol = columnOf(layout, 'measure') + 1;
      v.ledger.rows.forEach((row, i) => {
        const r = plan.measureRows[i]! + 1;
        expect(readBack(ws.getCell(r, statusCol).value)).toEqual(row.status);
        expect(readBack(ws.getCell(r, deadlineCol).value)).toEqual(asRead(row.deadline.cell));
        expect(readBack(ws.getCell(r, measureCol).value)).toEqual(row.measure ?? null);
      });
    });

    it(`${v.name}: SheetJS sees, besides separator and note lines, as many rows with a status or a measure as there are measures`, () => {
      const wb = XLSX.readFile(corpus.paths[v.name]!);
      const grid = XLSX.utils.sheet_to_json<Cell[]>(wb.Sheets[v.ledger.layout.sheet]!, { header: 1, raw: true, defval: null });
      const plan = planOf(v.sheets);
      const statusCol = columnOf(v.ledger.layout, 'status');
      const measureCol = columnOf(v.ledger.layout, 'measure');
      const dataRows = grid.filter((r, i) => i > plan.headerRows.at(-1)! && !plan.otherRows.includes(i) && (r[statusCol] != null || r[measureCol] != null));
      expect(dataRows).toHaveLength(v.expected.measures);
    });

    it(`${v.name}: expected figures are consistent`, () => {
      const e = v.expected;
      const s = e.status;
      expect(s.not_started + s.in_progress + s.done + s.done_ongoing).toBe(e.measures);
      expect(e.completed).toBe(s.done + s.done_ongoing);
      expect(e.overdue).toBeLessThanOrEqual(e.measures - e.completed);
      expect(e.problems).toBeLessThanOrEqual(e.measures);
    });
  }
});

describe('between them the variants cover BRIEF §4', () => {
  const layouts = variants.map((v) => v.ledger.layout);
  const cells = variants.flatMap((v) => v.ledger.rows.flatMap((r) => [...Object.values(r), r.deadline.cell, ...Object.values(r.extras ?? {})]));
  const headers = layouts.flatMap((l) => l.columns.map((c) => c.header));

  it('the variants declare every BRIEF §4 variation between them', () => {
    const covered = new Set(variants.flatMap((v) => v.covers));
    const required = [
      'title', 'unit-line', 'one-header', 'two-header-rows', 'group-headers', 'separators', 'merged-problem', 'merged-category',
      'header-line-breaks', 'header-fullwidth-space', 'synonym-headers', 'column-order', 'spacer-columns', 'notes-below',
      'signature-below', 'cover-sheet', 'empty-sheets', 'placeholders', 'seq-restart', 'seq-duplicated', 'copied-sheet-name',
      'audit-ledger', 'yes-no-status', 'amounts', 'monthly-progress', 'acceptance-owner', '30+columns', 'repeated-text-by-number',
      'all-status-words', 'all-deadline-forms', 'ambiguous-deadline', 'unknown-status', 'unreadable-deadline', 'missing-measure',
      'formula-like-text', 'many-rows',
    ];
    for (const tag of required) expect(covered, tag).toContain(tag);
  });

  it('every status word of BRIEF §3 appears in some status cell', () => {
    const written = new Set(variants.flatMap((v) => v.ledger.rows.map((r) => r.status)));
    for (const word of Object.keys(STATUS_WORDS)) expect(written, word).toContain(word);
  });

  it('every deadline form appears', () => {
    const deadlines = variants.flatMap((v) => v.ledger.rows.map((r) => r.deadline.cell));
    const forms: Array<[string, (c: Cell) => boolean]> = [
      ['date cell', (c) => c instanceof Date],
      ['serial number', (c) => typeof c === 'number'],
      ['YYYY年M月底前', (c) => /^\d{4}年\d{1,2}月底前$/.test(String(c))],
      ['YYYY年M月D日前', (c) => /^\d{4}年\d{1,2}月\d{1,2}日前$/.test(String(c))],
      ['YYYY.MM.DD', (c) => /^\d{4}\.\d{2}\.\d{2}$/.test(String(c))],
      ['YYYY-MM-DD', (c) => /^\d{4}-\d{2}-\d{2}$/.test(String(c))],
      ['YYYY年底前', (c) => /^\d{4}年底前$/.test(String(c))],
      ['长期坚持', (c) => c === '长期坚持'],
      ['立行立改', (c) => c === '立行立改'],
      ['年内', (c) => c === '年内'],
      ['unreadable', (c) => c === '尽快'],
    ];
    for (const [form, test] of forms) expect(deadlines.some(test), form).toBe(true);
  });

  it('every header synonym the brief names appears, and headers with line breaks and full-width spaces', () => {
    const synonyms = ['问题类型', '问题描述', '整改计划及措施', '分管领导', '牵头部门', '责任部门', '整改责任人', '整改时限', '目标设定完成时间', '完成时间节点', '整改状态', '整改进展', '进展描述', '整改完成时间', '支撑材料', '是否整改完成', '所属责任公司', '整改责任领导', '具体措施', '配合单位'];
    for (const s of synonyms) expect(headers, s).toContain(s);
    expect(headers.some((h) => h.includes('\n'))).toBe(true);
    expect(headers.some((h) => h.includes('\u3000'))).toBe(true);
  });

  it('layout variations: title, 填报单位 line, two header rows, separators, merges, spacers, notes, cover and empty sheets', () => {
    expect(layouts.some((l) => l.title)).toBe(true);
    expect(layouts.some((l) => l.preamble?.some((p) => p.cells.some(([, t]) => t.startsWith('填报单位：')) && p.cells.some(([, t]) => t.includes('填报日期：'))))).toBe(true);
    const grouped = layouts.find((l) => l.columns.some((c) => c.group))!;
    expect(new Set(grouped.columns.flatMap((c) => (c.group ? [c.group] : [])))).toEqual(new Set(['问题', '整改进展']));
    expect(layouts.some((l) => l.separator && l.columns.some((c) => c.source === 'category'))).toBe(true);
    expect(layouts.some((l) => l.separator && !l.columns.some((c) => c.source === 'category'))).toBe(true);
    expect(layouts.some((l) => l.mergeProblem && l.mergeCategory)).toBe(true);
    expect(layouts.some((l) => l.columns.some((c) => c.source === 'spacer'))).toBe(true);
    expect(layouts.some((l) => l.columns[1]?.source === 'unit')).toBe(true);
    const footers = layouts.flatMap((l) => (l.footer ?? []).flatMap((f) => f.cells.map(([, t]) => t)));
    expect(footers.some((t) => t.startsWith('说明：'))).toBe(true);
    expect(footers.some((t) => t.startsWith('填表人：'))).toBe(true);
    const kinds = variants.map((v) => v.sheets.map((s) => s.kind).join(','));
    expect(kinds).toContain('cover,ledger,empty,empty');
  });

  it('placeholders, 序号 restarting and duplicated, a copied sheet named after another unit', () => {
    for (const p of PLACEHOLDERS) expect(cells, p).toContain(p);
    expect(layouts.some((l) => l.seq === 'restart')).toBe(true);
    const given = variants.find((v) => v.ledger.layout.seq === 'given')!;
    const seqs = given.ledger.rows.map((r) => r.seq);
    expect(new Set(seqs).size).toBeLessThan(seqs.length);
    const copied = variants.find((v) => v.ledger.layout.sheet === '计算机学院')!;
    expect(copied.ledger.rows.every((r) => r.unit === '外国语学院')).toBe(true);
  });

  it('an audit ledger: 30+ columns, 是否整改完成, 万元 amounts, 12 monthly columns, 验收负责人, 24 rows told apart only by 问题编号', () => {
    const audit = variants.find((v) => v.ledger.layout.columns.length >= 30)!;
    const hs = audit.ledger.layout.columns.map((c) => c.header);
    expect(hs).toContain('是否整改完成');
    expect(hs).toContain('验收负责人');
    expect(hs.filter((h) => h.includes('万元')).length).toBeGreaterThanOrEqual(2);
    expect(hs.filter((h) => /^\d{1,2}月进展$/.test(h))).toHaveLength(12);
    const byText = new Map<string, Set<Cell>>();
    for (const r of audit.ledger.rows) {
      const { problemNo, seq, ref, ...rest } = r;
      const key = JSON.stringify(rest);
      byText.set(key, (byText.get(key) ?? new Set()).add(problemNo ?? null));
    }
    expect(Math.max(...[...byText.values()].map((s) => s.size))).toBeGreaterThanOrEqual(24);
    expect(audit.expected.findings.duplicate_measure).toBe(0);
  });

  it('a generated ledger with 50-300 measures, and a file with row-level errors', () => {
    expect(variants.some((v) => v.expected.measures >= 50 && v.expected.measures <= 300)).toBe(true);
    const bad = variants.filter((v) => v.expected.errors);
    expect(bad.map((v) => v.name)).toEqual(['row-errors']);
    expect(bad[0]!.targets.map((t) => t.code).sort()).toEqual(['bad_deadline', 'missing_measure', 'unknown_status']);
    expect(cells).toContain('=SUM(A1)');
  });

  it('merge scenarios: shared problems count once, later files add columns, copies differ', () => {
    const [withUnits, unitsOnly, audit] = mergeScenarios;
    expect(withUnits!.expected.findings.copies_differ).toBe(5);
    expect(withUnits!.extraColumns).toEqual(['投入经费（万元）', '联系电话']);
    const sumProblems = unitsOnly!.files.reduce((n, f) => n + f.expected.problems, 0);
    expect(unitsOnly!.expected.problems).toBeLessThan(sumProblems);
    expect(audit!.expected.findings.copies_differ).toBe(6);
  });
});

describe('bad inputs', () => {
  it('the non-xlsx files and the empty workbooks are what they claim', async () => {
    for (const name of ['text-named-xlsx', 'pdf-named-xlsx']) {
      await expect(new ExcelJS.Workbook().xlsx.readFile(corpus.paths[name]!)).rejects.toThrow();
    }
    const none = new ExcelJS.Workbook();
    await none.xlsx.readFile(corpus.paths['workbook-without-sheets']!);
    expect(none.worksheets).toHaveLength(0);
    const one = new ExcelJS.Workbook();
    await one.xlsx.readFile(corpus.paths['workbook-one-empty-sheet']!);
    expect(one.worksheets).toHaveLength(1);
    expect(one.worksheets[0]!.actualRowCount).toBe(0);
    expect(badInputs).toHaveLength(6);
  });

  it('the zip bomb is small on disk, declares over 1 GiB, and its stream inflates to header then spaces', async () => {
    const path = corpus.paths['zip-bomb']!;
    expect((await stat(path)).size).toBeLessThan(2 * 1024 * 1024);
    const buf = await readFile(path);
    const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const cdOffset = buf.readUInt32LE(eocd + 16);
    const entries = buf.readUInt16LE(eocd + 10);
    const sizes: Record<string, number> = {};
    let p = cdOffset;
    for (let i = 0; i < entries; i++) {
      const nameLen = buf.readUInt16LE(p + 28);
      sizes[buf.toString('utf8', p + 46, p + 46 + nameLen)] = buf.readUInt32LE(p + 24);
      p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    }
    expect(sizes['xl/worksheets/sheet1.xml']).toBeGreaterThan(BOMB_CHUNK * BOMB_CHUNKS);
    expect(sizes['xl/worksheets/sheet1.xml']).toBeGreaterThan(1024 ** 3);
    // Inflate only the first few MiB: enough to prove the stream is real deflate of the declared content.
    const local = buf.indexOf(Buffer.from('xl/worksheets/sheet1.xml'));
    const start = local + 'xl/worksheets/sheet1.xml'.length;
    const inflated = await new Promise<Buffer>((resolve, reject) => {
      const out: Buffer[] = [];
      let n = 0;
      const inflate = createInflateRaw();
      inflate.on('data', (d: Buffer) => {
        out.push(d);
        n += d.length;
        if (n > 3 * BOMB_CHUNK) {
          inflate.destroy();
          resolve(Buffer.concat(out));
        }
      });
      inflate.on('error', reject);
      inflate.end(buf.subarray(start, start + 8192));
      inflate.on('end', () => resolve(Buffer.concat(out)));
    });
    const text = inflated.toString('utf8');
    expect(text.startsWith('<?xml')).toBe(true);
    expect(text).toContain('<sheetData><row r="1">');
    expect(text.slice(-1000).trim()).toBe('');
  });
});

it('isoToSerial follows the Excel 1900 system', () => {
  expect(isoToSerial('2018-12-31')).toBe(43465);
  expect(isoToSerial('2018-08-31')).toBe(43343);
});
