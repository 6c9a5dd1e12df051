// The streaming master writer (writeMasterStream, and writeMasterWorkbook over it): the same workbook
// from a source that gives its rows in chunks as from a master in memory; text of any kind written as
// text and read back as it was; the output's pace sets the source's; other readers open the file.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import * as XLSX from 'xlsx';
import yauzl from 'yauzl';
import { afterAll, describe, expect, it } from 'vitest';
import { CampaignConfig, computeRollup, isoToSerial, type LedgerRow, type Master, type Measure } from '../../ledger';
import { readWorkbookBuffer } from '../../server/xlsx/read';
import { ledgerColumns } from '../../server/xlsx/master-layout';
import { masterSource, writeMasterStream, writeMasterWorkbook, type MasterSource } from '../../server/xlsx/write-master';
import { convert, SOFFICE, tempFile } from '../support/libreoffice';
import { itNeeding, NEEDS } from '../support/requires';
import { bigMaster, config, handMaster, row } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'xlsx-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Everything a writable receives, once it has finished. */
function collector(): { sink: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { sink, bytes: () => Buffer.concat(chunks) };
}

/** Every part of a zip, as text. */
async function parts(buf: Buffer): Promise<Map<string, string>> {
  const zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true });
  const out = new Map<string, string>();
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    out.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
  }
  zip.close();
  return out;
}

/** A source over a master's rows in master order, given in chunks of uneven sizes, each after a pause. */
function chunkedSource(master: Master, sizes: number[]): MasterSource & { calls: number } {
  const inOrder = masterSource(master);
  const rows: LedgerRow[] = [];
  const source = {
    ...inOrder,
    calls: 0,
    async *rows() {
      source.calls++;
      if (rows.length === 0) for await (const chunk of inOrder.rows()) rows.push(...chunk);
      let at = 0;
      for (let i = 0; at < rows.length; i++) {
        const n = sizes[i % sizes.length]!;
        await new Promise((resolve) => setImmediate(resolve));
        yield rows.slice(at, at + n);
        at += n;
      }
    },
  };
  return source;
}

async function viaStream(source: MasterSource, rollup: Parameters<typeof writeMasterStream>[1], cfg = config): Promise<Buffer> {
  const { sink, bytes } = collector();
  await writeMasterStream(source, rollup, sink, { config: cfg });
  return bytes();
}

async function viaWorkbook(master: Master, rollup: Parameters<typeof writeMasterStream>[1], cfg = config): Promise<Buffer> {
  const path = join(dir, `w-${Math.random().toString(36).slice(2)}.xlsx`);
  await writeMasterWorkbook(master, rollup, path, { config: cfg });
  return readFileSync(path);
}

/** The parts that carry the workbook's content: all but the document properties' timestamps. */
async function content(buf: Buffer): Promise<Map<string, string>> {
  const all = await parts(buf);
  all.delete('docProps/core.xml');
  return all;
}

describe('writeMasterStream', () => {
  it('writes from a source giving its rows in chunks the same workbook writeMasterWorkbook writes from the master', async () => {
    const cases: { name: string; master: Master; rollup: ReturnType<typeof handMaster>['rollup']; cfg: CampaignConfig }[] = [];
    const hand = handMaster();
    cases.push({ name: 'hand', ...hand, cfg: config });
    const big = bigMaster(3000);
    cases.push({ name: 'big', ...big, cfg: config });
    // Long dropdown lists on the hidden _lists sheet, and rows without a category first.
    const lists = handMaster();
    lists.master.categories = ['理论学习不深入', '基层组织建设薄弱,作风不实'];
    lists.master.rows.slice(2).forEach((r) => (r.measure.category = '基层组织建设薄弱,作风不实'));
    lists.master.rows.push(row({ id: 'x1', problem: '自查发现的问题', measure: '自行整改', unit: '宣传部', status: 'in_progress' }, 9));
    const units = CampaignConfig.parse({ units: Array.from({ length: 40 }, (_, i) => `第${i + 1}个二级单位党委`), categories: [] });
    cases.push({ name: 'lists', master: lists.master, rollup: computeRollup(lists.master.rows.map((r) => r.measure), lists.master.asOf, units), cfg: units });

    for (const c of cases) {
      const streamed = await content(await viaStream(chunkedSource(c.master, [1, 7, 333, 50]), c.rollup, c.cfg));
      const written = await content(await viaWorkbook(c.master, c.rollup, c.cfg));
      expect([...streamed.keys()].sort(), c.name).toEqual([...written.keys()].sort());
      for (const [name, xml] of written) expect(streamed.get(name), `${c.name}: ${name}`).toBe(xml);
    }
    expect((await content(await viaWorkbook(lists.master, cases[2]!.rollup, units))).has('xl/worksheets/sheet4.xml')).toBe(true);
  });

  it('reads the source once, however many rows are overdue, and writes every overdue one to the 逾期 sheet', async () => {
    const { master, rollup } = bigMaster(600);
    const few = chunkedSource(master, [100]);
    await viaStream(few, rollup);
    expect(few.calls).toBe(1);

    // 10,001 measures due at once (立行立改) and not done: every one overdue.
    const rows: LedgerRow[] = Array.from({ length: 10_001 }, (_, i) =>
      row({ id: `o${i}`, category: '作风建设', problem: `问题${Math.floor(i / 2)}`, measure: `措施${i}`, unit: '党委办公室', deadline: { kind: 'immediate', text: '立行立改' }, status: 'in_progress' }, i),
    );
    const many: Master = { title: '逾期台账', asOf: '2024-01-01', categories: ['作风建设'], extraColumns: [], rows };
    const manyRollup = computeRollup(rows.map((r) => r.measure), many.asOf, config);
    const source = chunkedSource(many, [2500]);
    const streamed = await viaStream(source, manyRollup);
    expect(source.calls).toBe(1);
    const book = await readWorkbookBuffer(streamed, 'many.xlsx');
    const overdue = book.sheets.find((s) => s.sheet === '逾期')!.cells.slice(2);
    expect(overdue).toHaveLength(10_001);
    expect(overdue[10_000]!.slice(0, 4)).toEqual([10_001, '作风建设', '问题5000', '措施10000']);
    const written = await content(await viaWorkbook(many, manyRollup));
    expect((await content(streamed)).get('xl/worksheets/sheet3.xml')).toBe(written.get('xl/worksheets/sheet3.xml'));
  }, 60_000);

  it('refuses a source whose rows are not in master order, rather than putting rows under the wrong category line', async () => {
    const { master, rollup } = handMaster();
    const shuffled: MasterSource = {
      ...masterSource(master),
      async *rows() {
        yield [master.rows[0]!, master.rows[3]!, master.rows[1]!];
      },
    };
    await expect(viaStream(shuffled, rollup)).rejects.toThrow(/not in master order/);
    // A shape that leaves out a field some row has would drop that row's value: refused too.
    const source = masterSource(master);
    await expect(viaStream({ ...source, shape: { ...source.shape, fields: [] } }, rollup)).rejects.toThrow(/problemNo/);
  });

  it('passes a failing source’s error on, and leaves no partial file behind', async () => {
    const { master, rollup } = bigMaster(2000);
    const failing: MasterSource = {
      ...masterSource(master),
      async *rows() {
        for await (const chunk of masterSource(master).rows()) {
          yield chunk.slice(0, 500);
          throw new Error('the database went away');
        }
      },
    };
    const { sink } = collector();
    await expect(writeMasterStream(failing, rollup, sink, { config })).rejects.toThrow('the database went away');
    // Through writeMasterWorkbook to a file, failing half way through the ledger: the file is removed again.
    const path = join(dir, 'failing.xlsx');
    Object.defineProperty(master.rows[1500]!.measure, 'measure', {
      get() {
        throw new Error('a row that cannot be read');
      },
    });
    await expect(writeMasterWorkbook(master, rollup, path, { config })).rejects.toThrow('a row that cannot be read');
    expect(existsSync(path)).toBe(false);
  });

  it('takes rows from the source only as fast as the reader takes the workbook', async () => {
    const { master, rollup } = bigMaster(20_000);
    let given = 0;
    const counted: MasterSource = {
      ...masterSource(master),
      async *rows() {
        for await (const chunk of masterSource(master).rows()) {
          given += chunk.length;
          yield chunk;
        }
      },
    };
    // A reader that takes nothing for a while, then everything.
    const out = new PassThrough({ highWaterMark: 16 * 1024 });
    const writing = writeMasterStream(counted, rollup, out, { config });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const whileStalled = given;
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writing;
    expect(whileStalled).toBeGreaterThan(0);
    expect(whileStalled).toBeLessThan(5000);
    expect(given).toBe(20_000);
    const book = await readWorkbookBuffer(Buffer.concat(chunks), 'slow.xlsx');
    expect(book.sheets[0]!.cells.filter((r) => typeof r[0] === 'number')).toHaveLength(20_000);
  }, 60_000);
});

// Text as people type or paste it: markup characters, quotes, control characters, Excel's own
// escape syntax, spaces at either end, line breaks, characters outside the BMP and broken ones.
const PIECES = ['<', '>', '&', '"', "'", '&amp;', '<t>', ']]>', '\u0001', '\u0008', '\u000b', '\u001f', '\t', '\n', '\r', '\r\n', '_x0041_', '_x000D_', '_x', ' ', '　', '整改', '措施', 'abc', '𠀀', '😀', '\ud800', '\udfff', '\ufffe', '=SUM(A1)', '-', '@', '+1'];
const ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function randomText(seed: { n: number }): string {
  const next = () => {
    seed.n = (seed.n * 1103515245 + 12345) & 0x7fffffff;
    return seed.n;
  };
  let s = '';
  const len = 1 + (next() % 8);
  for (let i = 0; i < len; i++) s += PIECES[next() % PIECES.length];
  // Never all illegal or all blank: the writer leaves empty text out, like an empty cell.
  return `${s}${next() % 3 === 0 ? '' : '文'}`;
}

describe('text cells', () => {
  const TEXT_FIELDS = ['problem', 'measure', 'leader', 'leadUnit', 'unit', 'owner', 'progress', 'evidence', 'remarks', 'problemNo'] as const;

  it('reads 200,000 text cells back as written, markup and escapes included, characters XML cannot carry left out', async () => {
    const seed = { n: 7 };
    const measures: Measure[] = Array.from({ length: 20_000 }, (_, i) => {
      const m: Measure = { id: `t${i}`, category: '作风建设', extras: {} };
      for (const f of TEXT_FIELDS) m[f] = randomText(seed);
      // Each problem its own (a run of one row), so every problem cell holds its own text.
      m.problem = `${i}:${m.problem}`;
      return m;
    });
    const rows = measures.map((m, i) => ({ measure: m, source: { file: 't.xlsx', sheet: 's', row: i + 4 } }));
    const master: Master = { title: '文本<&>"\'台账', asOf: '2024-01-01', categories: ['作风建设'], extraColumns: [], rows };
    const buf = await viaStream(chunkedSource(master, [4096]), computeRollup(measures, master.asOf, config));

    const book = await readWorkbookBuffer(buf, 'text.xlsx');
    const ledger = book.sheets[0]!;
    expect(ledger.cells[0]![0]).toBe('文本<&>"\'台账');
    const columns = ledgerColumns(master);
    const data = ledger.cells.filter((r) => typeof r[0] === 'number');
    expect(data).toHaveLength(20_000);
    let checked = 0;
    data.forEach((cells, i) => {
      for (const f of TEXT_FIELDS) {
        const want = measures[i]![f]!.replace(ILLEGAL, '');
        expect(cells[columns.findIndex((c) => c.field === f)] ?? null, `row ${i}, ${f}`).toBe(want === '' ? null : want);
        checked++;
      }
    });
    expect(checked).toBe(200_000);
    // Nothing in the sheet is a formula, whatever the text looks like.
    const sheet = (await parts(buf)).get('xl/worksheets/sheet1.xml')!;
    expect(sheet).not.toContain('<f>');
    // SheetJS reads the same text (it leaves a carriage return as it is, and so do we).
    const sheetjs = XLSX.read(buf, { type: 'buffer' }).Sheets['整改台账']!;
    const e = columns.findIndex((c) => c.field === 'measure');
    for (let i = 0; i < 200; i++) {
      const cell = sheetjs[XLSX.utils.encode_cell({ r: 4 + i, c: e })];
      const want = measures[i]!.measure!.replace(ILLEGAL, '');
      expect(cell?.v, `row ${i}`).toBe(want === '' ? undefined : want);
    }
  }, 120_000);
});

describe('other readers', () => {
  it('opens in SheetJS with values, merges, hidden columns, row heights, formulas with results and print titles', async () => {
    const { master, rollup } = handMaster();
    const buf = await viaWorkbook(master, rollup);
    const wb = XLSX.read(buf, { type: 'buffer', cellStyles: true, cellFormula: true, cellNF: true });
    expect(wb.SheetNames).toEqual(['整改台账', '汇总', '逾期']);
    const ws = wb.Sheets['整改台账']!;
    expect(ws.A1).toMatchObject({ t: 's', v: '某学院巡视整改工作台账' });
    expect(ws.T5).toMatchObject({ t: 'n', v: isoToSerial('2018-09-30') });
    expect(ws.M5?.z).toBe('yyyy"年"m"月"d"日"');
    expect(ws['!merges']!.map((m) => XLSX.utils.encode_range(m))).toEqual(['A1:Q1', 'A4:Q4', 'B5:B6', 'D5:D6', 'A7:Q7', 'B8:B10', 'D8:D10']);
    expect(ws['!cols']!.map((c, i) => (c?.hidden ? i : -1)).filter((i) => i >= 0)).toEqual([17, 18, 19]);
    expect(ws['!rows']![0]).toMatchObject({ hpt: 36 });
    expect(ws['!rows']![5]).toMatchObject({ hpt: 33 });
    const summary = wb.Sheets['汇总']!;
    expect(summary.C7).toMatchObject({ t: 'n', v: 4, f: "COUNT('整改台账'!$A$8:$A$11)" });
    expect(summary.I8).toMatchObject({ t: 'n', v: 2 / 6, z: '0.0%' });
    const titles = (wb.Workbook?.Names ?? []).filter((n) => n.Name === '_xlnm.Print_Titles').map((n) => [n.Sheet, n.Ref]);
    expect(titles).toEqual([
      [0, "'整改台账'!$1:$3"],
      [1, "'汇总'!$1:$2"],
      [2, "'逾期'!$1:$2"],
    ]);
    expect(wb.Sheets['逾期']!.I3).toMatchObject({ v: 10 });
  });

  itNeeding(SOFFICE, NEEDS.libreoffice)('opens in LibreOffice with its text, hidden lists sheet and dropdowns intact (re-saved and read back)', async () => {
    const { master } = handMaster();
    const tricky = 'a<b & "c" \'d\' _x0041_ \u0001e\r\nf\tg 😀';
    master.rows[0]!.measure.progress = tricky;
    master.rows[1]!.measure.remarks = '  前后有空格  ';
    const units = CampaignConfig.parse({ units: Array.from({ length: 40 }, (_, i) => `第${i + 1}个二级单位党委`), categories: [] });
    const buf = await viaWorkbook(master, computeRollup(master.rows.map((r) => r.measure), master.asOf, units), units);
    const resaved = readFileSync(convert(tempFile('stream-lo.xlsx', buf), 'xlsx'));
    const book = await readWorkbookBuffer(resaved, 'resaved.xlsx');
    const ledger = book.sheets.find((s) => s.sheet === '整改台账')!;
    const col = (field: string) => ledgerColumns(master).findIndex((c) => c.field === field);
    // A carriage return before a line feed is a line break to an XML reader either way.
    expect([tricky.replace('\u0001', ''), tricky.replace('\u0001', '').replace('\r\n', '\n')]).toContain(ledger.cells[4]![col('progress')]);
    expect(ledger.cells[5]![col('remarks')]).toBe('  前后有空格  ');
    expect(book.sheets.find((s) => s.sheet === '_lists')).toMatchObject({ hidden: true });
    expect(ledger.merges.length).toBe(7);
    const sheetXml = (await parts(resaved)).get('xl/worksheets/sheet1.xml')!;
    expect(sheetXml).toMatch(/<dataValidation [^>]*type="list"/);
    expect(sheetXml).toContain('_lists');
    writeFileSync(join(dir, 'resaved.xlsx'), resaved);
  }, 180_000);
});
