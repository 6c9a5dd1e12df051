import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import * as XLSX from 'xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CampaignConfig,
  cellAt,
  computeRollup,
  isoToSerial,
  mergeLedgers,
  readLedger,
  type Grid,
  type GridWorkbook,
  type Master,
  type Rollup,
} from '../../ledger';
import { DEFAULT_READ_LIMITS, readWorkbookBuffer, readWorkbookFile } from '../../server/xlsx/read';
import { writeMasterWorkbook } from '../../server/xlsx/write-master';
import { ZipArchive } from '../../server/xlsx/zip';
import { bigMaster, config, handMaster, row } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'xlsx-write-'));

async function write(master: Master, rollup: Rollup, cfg: CampaignConfig = config, lang?: 'zh' | 'en'): Promise<Buffer> {
  const path = join(dir, `m-${Math.random().toString(36).slice(2)}.xlsx`);
  await writeMasterWorkbook(master, rollup, path, { config: cfg, ...(lang ? { lang } : {}) });
  return readFileSync(path);
}

async function partText(buf: Buffer, part: string): Promise<string> {
  const zip = await ZipArchive.open({ buffer: buf }, 'out.xlsx', { ...DEFAULT_READ_LIMITS, ratioFloorBytes: 8 << 20 });
  try {
    return await zip.readText(part);
  } finally {
    zip.close();
  }
}

function grid(book: GridWorkbook, name: string): Grid {
  const g = book.sheets.find((s) => s.sheet === name);
  if (!g) throw new Error(`no sheet ${name}`);
  return g;
}

const ref = (r: { top: number; left: number; bottom: number; right: number }) =>
  `${String.fromCharCode(65 + r.left)}${r.top + 1}:${String.fromCharCode(65 + r.right)}${r.bottom + 1}`;

describe('the master workbook', () => {
  const { master, rollup } = handMaster();
  let buf: Buffer;
  let book: GridWorkbook;
  let ledger: Grid;
  let sheetXml: string;

  beforeAll(async () => {
    buf = await write(master, rollup);
    book = await readWorkbookBuffer(buf, 'master.xlsx');
    ledger = grid(book, '整改台账');
    sheetXml = await partText(buf, 'xl/worksheets/sheet1.xml');
  });

  it('has the ledger, the summary and the overdue sheets, in that order', () => {
    expect(book.sheets.map((s) => [s.sheet, s.hidden])).toEqual([
      ['整改台账', false],
      ['汇总', false],
      ['逾期', false],
    ]);
  });

  it('lays the ledger out as the office knows it: title, date line, header, category lines', () => {
    expect(ledger.cells[0]).toEqual(['某学院巡视整改工作台账']);
    expect(ledger.cells[1]).toEqual(['统计日期：2018年9月10日']);
    expect(ledger.cells[2]).toEqual([
      '序号', '问题类别', '问题编号', '存在问题', '整改措施', '责任领导', '牵头单位', '责任单位', '责任人', '完成时限',
      '完成情况', '进展情况', '完成时间', '佐证材料', '备注', '金额（万元）', '9月进展', '__id', '__version', '__due',
    ]);
    expect(ledger.cells[3]).toEqual(['一、理论学习不深入']);
    expect(ledger.cells[6]).toEqual(['二、基层组织建设薄弱']);
    expect(ledger.cells).toHaveLength(11);
    // The id, version and due-date columns are there, hidden.
    expect(ledger.hiddenColumns).toEqual([17, 18, 19]);
  });

  it('writes each measure once, numbered, deadlines in the office’s words (due dates beside them, hidden) and statuses as the canonical words', () => {
    expect(ledger.cells[4]).toEqual([
      1, '理论学习不深入', null, '中心组学习计划性不强', '制定年度学习计划并按月落实', '王某', '党委办公室', '党委办公室', '李某',
      '2018年9月底前', '已完成', null, isoToSerial('2018-09-05'), '学习计划文件', '=SUM(1)', 12.5, '+已部署', 'r1', 3, isoToSerial('2018-09-30'),
    ]);
    expect(ledger.cells[5]).toEqual([
      2, null, null, null, '建立学习考勤和通报制度', '王某', '党委办公室', '宣传部', '张某', '长期坚持', '已完成并长期坚持', null, null,
      '考勤表', null, null, null, 'r2', 1,
    ]);
    expect(ledger.cells.slice(7).map((r) => [r[0], r[2], r[4], r[9], r[10], r[11], r[17], r[19] ?? null])).toEqual([
      [3, 'P-7', '开展支部“三会一课”专项检查', '2018.8.31', '正在推进', '-检查方案已印发', 'r3', isoToSerial('2018-08-31')],
      [4, 'P-7', '完善支部工作记录本填写规范', isoToSerial('2018-09-14'), '未启动', null, 'r4', isoToSerial('2018-09-14')],
      [5, 'P-7', '@开展专题培训', '待定', '基本落实', null, 'r5', null],
      [6, 'P-8', '对近三年发展党员材料进行全面复查', '立行立改', '正在推进', null, 'r6', null],
    ]);
    expect(sheetXml).toMatch(/<c r="T5" s="\d+"><v>43373<\/v><\/c>/);
  });

  it('merges the title and category lines across the table, and category and problem cells over a problem’s measures', () => {
    expect(ledger.merges.map(ref)).toEqual(['A1:Q1', 'A4:Q4', 'B5:B6', 'D5:D6', 'A7:Q7', 'B8:B10', 'D8:D10']);
    expect(cellAt(ledger, 7, 3)).toBe('支部组织生活不规范');
    expect(cellAt(ledger, 8, 3)).toBeNull();
    expect(cellAt(ledger, 10, 3)).toBe('发展党员程序不严');
  });

  it('keeps text that looks like a formula as text: no formula anywhere in the ledger sheet', () => {
    expect(sheetXml).not.toContain('<f>');
    expect(sheetXml).toMatch(/<c r="O5" s="\d+" t="inlineStr"><is><t>=SUM\(1\)<\/t><\/is><\/c>/);
    const sheetjs = XLSX.read(buf, { type: 'buffer' });
    const o5 = sheetjs.Sheets['整改台账']!.O5!;
    expect(o5).toMatchObject({ t: 's', v: '=SUM(1)' });
    expect(o5.f).toBeUndefined();
  });

  it('offers dropdowns for status, category and unit over the data rows', () => {
    const validations = [...sheetXml.matchAll(/<dataValidation [^>]*sqref="([^"]+)"[^>]*><formula1>([^<]*)<\/formula1>/g)].map((m) => [m[1], m[2]]);
    expect(validations).toEqual(
      expect.arrayContaining([
        ['K5:K11', '&quot;未启动,正在推进,已完成,已完成并长期坚持&quot;'],
        ['B5:B11', '&quot;理论学习不深入,基层组织建设薄弱&quot;'],
        ['H5:H11', '&quot;党委办公室,组织部,宣传部&quot;'],
      ]),
    );
    expect(validations).toHaveLength(3);
  });

  it('highlights overdue and due-soon rows with conditional formats over exactly the data rows', async () => {
    const cf = /<conditionalFormatting sqref="A5:T11">(.*?)<\/conditionalFormatting>/.exec(sheetXml);
    expect(cf).not.toBeNull();
    const formulas = [...cf![1]!.matchAll(/<formula>(.*?)<\/formula>/g)].map((m) => m[1]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
    expect(formulas).toEqual([
      'AND($K5<>"已完成",$K5<>"已完成并长期坚持",OR(AND(ISNUMBER($T5),$T5<TODAY()),$J5="立行立改"))',
      'AND($K5<>"已完成",$K5<>"已完成并长期坚持",ISNUMBER($T5),$T5>=TODAY(),$T5<=TODAY()+7)',
    ]);
    const styles = await partText(buf, 'xl/styles.xml');
    expect(styles).toContain('<dxfs count="2">');
    expect(styles).toContain('FFFFC7CE');
  });

  it('freezes the header and prints landscape A4, one page wide, repeating rows 1-3', async () => {
    expect(sheetXml).toMatch(/<pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"\/>/);
    expect(sheetXml).toMatch(/<pageSetup [^>]*paperSize="9" orientation="landscape"[^>]*fitToWidth="1" fitToHeight="0"/);
    expect(sheetXml).toContain('<pageSetUpPr fitToPage="1"/>');
    const workbook = await partText(buf, 'xl/workbook.xml');
    expect(workbook).toContain('<definedName name="_xlnm.Print_Titles" localSheetId="0">&apos;整改台账&apos;!$1:$3</definedName>');
  });

  it('summarises with live COUNTIFS formulas whose cached results are the rollup’s figures', async () => {
    const summary = grid(book, '汇总');
    expect(summary.cells[0]).toEqual([rollup.report]);
    expect(summary.cells[1]).toEqual(['统计日期', isoToSerial('2018-09-10')]);
    const table = (title: string) => summary.cells.slice(summary.cells.findIndex((r) => r[0] === title) + 1);
    const byCategory = table('按问题类别统计');
    expect(byCategory[0]).toEqual(['问题类别', '问题数', '整改措施数', '已完成', '已完成并长期坚持', '正在推进', '未启动', '完成数', '完成率', '逾期数']);
    expect(byCategory.slice(1, 4)).toEqual([
      ['理论学习不深入', 1, 2, 1, 1, 0, 0, 2, 1, 0],
      ['基层组织建设薄弱', 2, 4, 0, 0, 2, 2, 0, 0, 2],
      ['合计', 3, 6, 1, 1, 2, 2, 2, 2 / 6, 2],
    ]);
    const byUnit = table('按责任单位统计');
    expect(byUnit.slice(1, 5)).toEqual([
      ['党委办公室', 2, 1, 0, 1, 0, 1, 0.5, 1],
      ['组织部', 3, 0, 0, 1, 2, 0, 0, 1],
      ['宣传部', 1, 0, 1, 0, 0, 1, 1, 0],
      ['合计', 6, 1, 1, 2, 2, 2, 2 / 6, 2],
    ]);
    const xml = await partText(buf, 'xl/worksheets/sheet2.xml');
    expect(xml).toContain('<f>COUNTIFS(&apos;整改台账&apos;!$K$8:$K$11,&quot;正在推进&quot;)</f><v>2</v>');
    expect(xml).toContain('<f>COUNTIFS(&apos;整改台账&apos;!$H$5:$H$11,&quot;=&quot;&amp;$A$12)</f><v>2</v>');
    // Overdue counts compare the hidden due dates with the as-of date cell B2, and add 立行立改.
    expect(xml).toMatch(/<f>COUNTIFS\(&apos;整改台账&apos;!\$T\$8:\$T\$11,&quot;&lt;&quot;&amp;\$B\$2,[^<]*\)\+COUNTIFS\([^<]*&quot;=立行立改&quot;[^<]*\)<\/f><v>2<\/v>/);
  });

  it('lists the overdue measures with their days overdue', () => {
    const overdue = grid(book, '逾期');
    expect(overdue.cells[0]).toEqual(['逾期整改措施（截至2018年9月10日）']);
    expect(overdue.cells[1]).toEqual(['序号', '问题类别', '存在问题', '整改措施', '责任单位', '责任人', '完成时限', '完成情况', '逾期天数']);
    expect(overdue.cells.slice(2)).toEqual([
      [1, '基层组织建设薄弱', '支部组织生活不规范', '开展支部“三会一课”专项检查', '组织部', '周某', '2018.8.31', '正在推进', 10],
      [2, '基层组织建设薄弱', '发展党员程序不严', '对近三年发展党员材料进行全面复查', '党委办公室', '孙某', '立行立改', '正在推进'],
    ]);
  });

  it('opens in SheetJS', () => {
    const wb = XLSX.read(buf, { type: 'buffer' });
    expect(wb.SheetNames).toEqual(['整改台账', '汇总', '逾期']);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['整改台账']!, { header: 1, defval: null });
    expect(rows[2]).toContain('整改措施');
    expect(wb.Sheets['汇总']!.C7).toMatchObject({ v: 4, f: expect.stringContaining('COUNT(') });
  });

  it('reads back through the ledger reader as the same measures, ids and versions included', () => {
    const parsed = readLedger(book, { config });
    expect(parsed.sheet).toBe('整改台账');
    const strip = (m: (typeof master.rows)[number]['measure']) => ({
      id: m.id, version: m.version, category: m.category, problemNo: m.problemNo, problem: m.problem, measure: m.measure,
      unit: m.unit, owner: m.owner, status: m.status, deadline: m.deadline?.kind === 'date' ? m.deadline.date : m.deadline?.text,
      completedOn: m.completedOn, remarks: m.remarks, extras: m.extras,
    });
    expect(parsed.rows.map((r) => strip(r.measure))).toEqual(master.rows.map((r) => strip(r.measure)));
  });
});

describe('a larger master', () => {
  it('writes 5,000 measures in category blocks with their problem merges, and reads every one back', async () => {
    const { master, rollup } = bigMaster(5000);
    const buf = await write(master, rollup);
    const book = await readWorkbookBuffer(buf, 'big.xlsx');
    const ledger = grid(book, '整改台账');
    const measures = ledger.cells.filter((r) => typeof r[0] === 'number');
    expect(measures.map((r) => r[0])).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    expect(ledger.cells.filter((r) => typeof r[0] === 'string' && /^[一二三四五六]、/.test(r[0])).map((r) => r[0])).toEqual([
      '一、理论学习不深入', '二、基层组织建设薄弱', '三、作风建设不到位', '四、意识形态工作有短板', '五、选人用人不规范', '六、落实主体责任不力',
    ]);
    // Three measures to a problem (the last has two): 1,667 problems, each with its category and
    // problem cells merged down over its rows.
    const vertical = ledger.merges.filter((m) => m.top !== m.bottom);
    expect(vertical).toHaveLength(2 * 1667);
    const parsed = readLedger(book);
    expect(parsed.rows).toHaveLength(5000);
    expect(new Set(parsed.rows.map((r) => r.measure.id)).size).toBe(5000);
    const summary = grid(book, '汇总');
    expect(summary.cells.find((r) => r[0] === '合计')?.[2]).toBe(5000);

    // Printed, pages end between problems, never inside a merged problem cell, and each page is full
    // enough: breaks come every few dozen rows, not every row.
    const xml = await partText(buf, 'xl/worksheets/sheet1.xml');
    const breaks = [...xml.matchAll(/<brk id="(\d+)"[^>]*man="1"/g)].map((m) => Number(m[1]));
    expect(breaks.length).toBeGreaterThan(50);
    for (const b of breaks) expect(vertical.find((m) => m.top + 1 <= b && b < m.bottom + 1), `break after row ${b}`).toBeUndefined();
    expect(Math.min(...breaks.slice(1).map((b, i) => b - breaks[i]!))).toBeGreaterThan(10);
    expect(xml).toContain('<oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter>');
  });
});

describe('writing choices', () => {
  it('writes to a stream as well as to a file', async () => {
    const { master, rollup } = handMaster();
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    await writeMasterWorkbook(master, rollup, sink, { config });
    const book = await readWorkbookBuffer(Buffer.concat(chunks), 'streamed.xlsx');
    expect(cellAt(grid(book, '整改台账'), 4, 4)).toBe('制定年度学习计划并按月落实');
  });

  it('fails cleanly when the output cannot be written', async () => {
    const { master, rollup } = handMaster();
    await expect(writeMasterWorkbook(master, rollup, join(dir, 'no-such-dir', 'out.xlsx'), { config })).rejects.toThrow(/ENOENT/);
  });

  it('stops, rather than waiting forever, when the reader of the stream goes away', async () => {
    const { master, rollup } = bigMaster(3000);
    const sink = new PassThrough();
    sink.once('data', () => sink.destroy());
    await expect(writeMasterWorkbook(master, rollup, sink, { config })).rejects.toThrow(/closed before the workbook was complete/);
  });

  it('puts long or comma-bearing dropdown lists on a hidden "_lists" sheet', async () => {
    const { master, rollup } = handMaster();
    const units = Array.from({ length: 40 }, (_, i) => `第${i + 1}个二级单位党委`);
    const cfg = CampaignConfig.parse({ units, categories: [] });
    master.categories = ['理论学习不深入', '基层组织建设薄弱,作风不实'];
    master.rows.slice(2).forEach((r) => (r.measure.category = '基层组织建设薄弱,作风不实'));
    const buf = await write(master, rollup, cfg);
    const book = await readWorkbookBuffer(buf, 'lists.xlsx');
    const lists = grid(book, '_lists');
    expect(lists.hidden).toBe(true);
    expect(lists.cells.map((r) => r[0]).filter((v) => v !== null)).toEqual(master.categories);
    expect(lists.cells.map((r) => r[1])).toEqual(units);
    const xml = await partText(buf, 'xl/worksheets/sheet1.xml');
    expect(xml).toContain('sqref="B5:B11"><formula1>&apos;_lists&apos;!$A$1:$A$2</formula1>');
    expect(xml).toContain('sqref="H5:H11"><formula1>&apos;_lists&apos;!$B$1:$B$40</formula1>');
    // The ledger reader skips the lists sheet.
    expect(readLedger(book).sheet).toBe('整改台账');
  });

  it('puts rows without a category first, with no category line above them, so they stay uncategorised', async () => {
    const { master } = handMaster();
    const loose = row({ id: 'x1', problem: '自查发现的问题', measure: '自行整改', unit: '宣传部', status: 'in_progress' }, 9);
    master.rows.push(loose);
    const rollup = computeRollup(master.rows.map((r) => r.measure), master.asOf, config);
    const buf = await write(master, rollup);
    const book = await readWorkbookBuffer(buf, 'loose.xlsx');
    const ledger = grid(book, '整改台账');
    expect(ledger.cells[3]!.slice(0, 5)).toEqual([1, null, null, '自查发现的问题', '自行整改']);
    expect(ledger.cells[4]).toEqual(['一、理论学习不深入']);
    const back = readLedger(book, { config }).rows.find((r) => r.measure.id === 'x1')!;
    expect(back.measure.category).toBeUndefined();
    const summary = grid(book, '汇总');
    expect(summary.cells.find((r) => r[0] === '（未分类）')?.slice(0, 3)).toEqual(['（未分类）', 1, 1]);
  });

  it('writes an empty master without dropdowns or formulas over nothing', async () => {
    const master: Master = { title: '空台账', asOf: '2024-01-01', categories: [], extraColumns: [], rows: [] };
    const buf = await write(master, computeRollup([], '2024-01-01'), config);
    const book = await readWorkbookBuffer(buf, 'empty.xlsx');
    expect(grid(book, '整改台账').cells).toHaveLength(3);
    expect(grid(book, '逾期').cells[2]).toEqual(['无逾期整改措施。']);
    expect(await partText(buf, 'xl/worksheets/sheet1.xml')).not.toContain('dataValidation');
  });

  it('labels the summary and overdue sheets in English when asked, keeping the ledger sheet’s Chinese headers', async () => {
    const { master, rollup } = handMaster();
    const book = await readWorkbookBuffer(await write(master, rollup, config, 'en'), 'en.xlsx');
    expect(grid(book, '汇总').cells.some((r) => r[0] === 'By category')).toBe(true);
    expect(grid(book, '逾期').cells[1]![8]).toBe('Days overdue');
    expect(grid(book, '整改台账').cells[2]![0]).toBe('序号');
  });
});

describe('the sample ledger through merge and back', () => {
  it('keeps every measure of the sample when written as a master and read again', async () => {
    const read = async (book: GridWorkbook) => readLedger(book, { config: CampaignConfig.parse({}) });
    const first = await read(await readWorkbookFile('/work/shared/samples/sample-unit-ledger.xlsx'));
    const { master, rollup } = mergeLedgers([first], { asOf: '2018-09-10', config: CampaignConfig.parse({}) });
    expect(rollup).toMatchObject({ measures: 5, problems: 3, categories: 2, completed: 3, overdue: 1 });
    const buf = await write(master, rollup, CampaignConfig.parse({}));
    const again = await read(await readWorkbookBuffer(buf, 'master.xlsx'));
    const view = (r: (typeof first.rows)[number]) => {
      const m = r.measure;
      return [m.category, m.problem, m.measure, m.unit, m.owner, m.status, m.deadline?.kind, m.deadline?.kind === 'date' ? m.deadline.date : undefined];
    };
    expect(again.rows.map(view)).toEqual(first.rows.map(view));
    expect(again.title).toBe('某学院巡视整改工作台账');
  });
});
