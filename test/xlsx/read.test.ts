import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellAt, type Grid } from '../../ledger';
import { readWorkbookBuffer, readWorkbookFile } from '../../server/xlsx/read';
import { buildZip, spacesBomb, workbookParts } from '../support/zip';

const SAMPLE = '/work/shared/samples/sample-unit-ledger.xlsx';

async function bufferOf(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function sheet(book: { sheets: Grid[] }, name: string): Grid {
  const s = book.sheets.find((g) => g.sheet === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
}

describe('reading workbooks made by exceljs', () => {
  it('gives values as a person sees them: text, numbers, dates as serials, cached formula results', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.getCell('A1').value = '整改措施';
    ws.getCell('B1').value = 42.5;
    ws.getCell('C1').value = true;
    ws.getCell('A2').value = new Date(Date.UTC(2018, 8, 10));
    ws.getCell('B2').value = new Date(Date.UTC(2018, 8, 10, 18, 0, 0));
    ws.getCell('C2').value = 43343;
    ws.getCell('C2').numFmt = 'yyyy"年"m"月"d"日"';
    ws.getCell('A3').value = { richText: [{ text: '完善' }, { font: { bold: true }, text: '支部' }, { text: '制度' }] };
    ws.getCell('B3').value = { text: '佐证材料', hyperlink: 'https://example.org/a.pdf' };
    ws.getCell('C3').value = '=SUM(1)';
    ws.getCell('A4').value = { formula: 'B1*2', result: 85 };
    ws.getCell('B4').value = { formula: 'CONCATENATE("已","完成")', result: '已完成' };
    ws.getCell('C4').value = { formula: 'NA()', result: { error: '#N/A' } };
    ws.getCell('D4').value = { formula: 'B1>1', result: true };
    ws.getCell('E4').value = { formula: 'B1*3' };
    ws.getCell('A5').value = { error: '#DIV/0!' };
    ws.getCell('B5').value = '  ';
    ws.getCell('C5').value = '第一行\r\n第二行';

    const book = await readWorkbookBuffer(await bufferOf(wb), '单位台账.xlsx');
    expect(book.file).toBe('单位台账.xlsx');
    const g = sheet(book, '台账');
    expect(g.cells[0]).toEqual(['整改措施', 42.5, true]);
    expect(g.cells[1]).toEqual([43353, 43353.75, 43343]);
    expect(g.cells[2]).toEqual(['完善支部制度', '佐证材料', '=SUM(1)']);
    expect(g.cells[3]).toEqual([85, '已完成', '#N/A', true]);
    expect(cellAt(g, 3, 4)).toBeNull();
    expect(g.cells[4]).toEqual(['#DIV/0!', '  ', '第一行\r\n第二行']);
  });

  it('reports merges 0-based, hidden sheets and hidden columns, sheets in tab order', async () => {
    const wb = new ExcelJS.Workbook();
    const cover = wb.addWorksheet('封面');
    cover.getCell('A1').value = '封面';
    const ledger = wb.addWorksheet('台账');
    ledger.getCell('A1').value = '某单位整改台账';
    ledger.mergeCells('A1:D1');
    ledger.getCell('B2').value = '问题';
    ledger.mergeCells('B2:B4');
    ledger.getColumn(3).hidden = true;
    ledger.getColumn(5).hidden = true;
    ledger.getCell('E5').value = 'id-1';
    const hidden = wb.addWorksheet('隐藏');
    hidden.state = 'hidden';
    hidden.getCell('A1').value = 1;
    const veryHidden = wb.addWorksheet('深度隐藏');
    veryHidden.state = 'veryHidden';
    veryHidden.getCell('A1').value = 2;
    wb.addWorksheet('空白');

    const book = await readWorkbookBuffer(await bufferOf(wb), 'x.xlsx');
    expect(book.sheets.map((s) => [s.sheet, s.hidden])).toEqual([
      ['封面', false],
      ['台账', false],
      ['隐藏', true],
      ['深度隐藏', true],
      ['空白', false],
    ]);
    const g = sheet(book, '台账');
    expect(g.merges).toEqual([
      { top: 0, left: 0, bottom: 0, right: 3 },
      { top: 1, left: 1, bottom: 3, right: 1 },
    ]);
    expect(g.hiddenColumns).toEqual([2, 4]);
    expect(cellAt(g, 2, 1)).toBeNull();
    expect(sheet(book, '空白').cells).toEqual([]);
  });

  it('moves dates of a 1904-dated workbook onto the 1900 serials everyone else uses', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('台账');
    ws.getCell('A1').value = new Date(Date.UTC(2018, 8, 10));
    ws.getCell('B1').value = 12; // a plain number is not a date and stays as it is
    const book = await readWorkbookBuffer(await bufferOf(wb), '1904.xlsx');
    expect(sheet(book, '台账').cells[0]).toEqual([43353, 12]);
  });

  it('keeps Chinese text intact however the inflated stream is cut (exceljs 4.4 streaming reader garbles it)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    const texts: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const t = `第${i}项：建立健全“三重一大”决策制度，逐项对账销号，确保整改落实到位（${'整改'.repeat(i % 17)}）`;
      texts.push(t);
      ws.getCell(i + 1, 1).value = t;
      ws.getCell(i + 1, 2).value = { richText: [{ text: '富文本' }, { text: t }] };
    }
    const book = await readWorkbookBuffer(await bufferOf(wb), 'big.xlsx');
    const g = sheet(book, '台账');
    expect(g.cells.map((r) => r[0])).toEqual(texts);
    expect(g.cells.map((r) => r[1])).toEqual(texts.map((t) => `富文本${t}`));
  });
});

describe('reading XML written by other tools', () => {
  it('handles inline rich strings, ISO date cells, formula errors and booleans, prefixed elements and CDATA', async () => {
    const xml =
      '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:cols><x:col min="2" max="3" hidden="1"/></x:cols><x:sheetData>' +
      '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:r><x:t>整改</x:t></x:r><x:r><x:t xml:space="preserve"> 措施</x:t></x:r><x:rPh><x:t>ふりがな</x:t></x:rPh></x:is></x:c>' +
      '<x:c r="B1" t="d"><x:v>2018-09-10T12:00:00</x:v></x:c><x:c r="C1" t="e"><x:f>NA()</x:f><x:v>#N/A</x:v></x:c><x:c r="D1" t="b"><x:f>1&gt;0</x:f><x:v>1</x:v></x:c></x:row>' +
      '<x:row r="3"><x:c t="str"><x:v><![CDATA[a&b <c>]]></x:v></x:c><x:c><x:v>7</x:v></x:c><x:c t="str"><x:v>&lt;&#x4E2D;&#25991;&gt;_x000D_</x:v></x:c></x:row>' +
      '</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A3:B3"/></x:mergeCells></x:worksheet>';
    const buf = buildZip(workbookParts([{ name: 'Sheet1', xml }]));
    const book = await readWorkbookBuffer(buf, 'tool.xlsx');
    const g = book.sheets[0]!;
    expect(g.cells[0]).toEqual(['整改 措施', 43353.5, '#N/A', true]);
    expect(g.cells[1]).toEqual([]);
    expect(g.cells[2]).toEqual(['a&b <c>', 7, '<中文>\r']);
    expect(g.hiddenColumns).toEqual([1, 2]);
    expect(g.merges).toEqual([{ top: 2, left: 0, bottom: 2, right: 1 }]);
  });
});

describe('the sample unit ledger', () => {
  it('reads its 12 rows, 7 merges and the date serial in I8', async () => {
    const book = await readWorkbookFile(SAMPLE);
    expect(book.sheets).toHaveLength(1);
    const g = book.sheets[0]!;
    expect(g.sheet).toBe('整改台账');
    expect(g.hidden).toBe(false);
    expect(g.cells).toHaveLength(12);
    expect(g.merges.map((m) => [m.top, m.left, m.bottom, m.right])).toEqual([
      [0, 0, 0, 11], // A1:L1
      [3, 0, 3, 11], // A4:L4
      [4, 1, 5, 1], // B5:B6
      [4, 2, 5, 2], // C5:C6
      [6, 0, 6, 11], // A7:L7
      [7, 1, 9, 1], // B8:B10
      [7, 2, 8, 2], // C8:C9
    ]);
    expect(cellAt(g, 7, 8)).toBe(43343);
    expect(cellAt(g, 0, 0)).toBe('某学院巡视整改工作台账');
    expect(cellAt(g, 2, 3)).toBe('整改措施');
    expect(cellAt(g, 4, 0)).toBe(1);
    expect(cellAt(g, 5, 1)).toBeNull(); // inside the B5:B6 merge
  });
});

describe('refusals', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xlsx-read-'));

  async function refusal(p: Promise<unknown>) {
    try {
      await p;
    } catch (e) {
      return e as { code: string; file: string; message: string; messageEn: string; sheet?: string };
    }
    throw new Error('expected the workbook to be refused');
  }

  it('refuses a PDF renamed .xlsx as unreadable, naming the file', async () => {
    const path = join(dir, '整改报告.xlsx');
    writeFileSync(path, '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
    const e = await refusal(readWorkbookFile(path));
    expect(e.code).toBe('unreadable_file');
    expect(e.file).toBe(path);
    expect(e.message).toContain('整改报告.xlsx');
    expect(e.message).toContain('不是 Excel 工作簿');
    expect(e.messageEn).toContain('not an Excel workbook');
  });

  it('tells an old .xls (or a password-protected file) apart', async () => {
    const cfb = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const e = await refusal(readWorkbookBuffer(cfb, '旧台账.xls'));
    expect(e.code).toBe('unreadable_file');
    expect(e.message).toContain('旧台账.xls');
    expect(e.message).toContain('.xls');
  });

  it('refuses a zip that is not a workbook, and a truncated workbook', async () => {
    const docx = buildZip([{ name: 'word/document.xml', data: '<w:document/>' }]);
    expect((await refusal(readWorkbookBuffer(docx, '通知.docx'))).code).toBe('unreadable_file');
    const good = readFileSync(SAMPLE);
    const cut = await refusal(readWorkbookBuffer(good.subarray(0, good.length - 200), '截断.xlsx'));
    expect(cut.code).toBe('unreadable_file');
    expect(cut.message).toContain('截断.xlsx');
  });

  it('refuses a missing file as unreadable', async () => {
    const e = await refusal(readWorkbookFile(join(dir, 'nope.xlsx')));
    expect(e.code).toBe('unreadable_file');
    expect(e.message).toContain('nope.xlsx');
  });

  it('refuses a zip bomb whose headers admit its size, before inflating it', async () => {
    const parts = workbookParts([{ name: 'S', xml: '<worksheet><sheetData/></worksheet>' }]);
    parts[parts.length - 1] = { name: 'xl/worksheets/sheet1.xml', data: '', deflated: { bytes: Buffer.alloc(10), size: 0, crc: 0 }, claimSize: 4_000_000_000 };
    const e = await refusal(readWorkbookBuffer(buildZip(parts), '炸弹.xlsx'));
    expect(e.code).toBe('too_large');
    expect(e.message).toContain('炸弹.xlsx');
    expect(e.message).toContain('压缩炸弹');
  });

  it('refuses a zip bomb whose headers lie, while inflating it', async () => {
    const bomb = spacesBomb(64); // 64 MiB of spaces in 64 KiB, declared as 1 KiB
    const parts = workbookParts([{ name: 'S', xml: '<worksheet><sheetData/></worksheet>' }]);
    parts[parts.length - 1] = { name: 'xl/worksheets/sheet1.xml', data: '', deflated: bomb, claimSize: 1024 };
    const byRatio = await refusal(readWorkbookBuffer(buildZip(parts), '炸弹.xlsx'));
    expect(byRatio.code).toBe('too_large');
    expect(byRatio.message).toContain('压缩比');
    // With the ratio guard out of the way, the byte counter stops it at the size cap.
    const bySize = await refusal(readWorkbookBuffer(buildZip(parts), '炸弹.xlsx', { maxRatio: 1e9, maxTotalBytes: 16 * 1024 * 1024 }));
    expect(bySize.code).toBe('too_large');
    expect(bySize.messageEn).toContain('16 MiB');
  });

  it('refuses a workbook whose sheets are all empty, or that has no sheet', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1');
    wb.addWorksheet('Sheet2').getCell('A1').value = '';
    const e = await refusal(readWorkbookBuffer(await bufferOf(wb), '空表.xlsx'));
    expect(e.code).toBe('empty_workbook');
    expect(e.message).toContain('空表.xlsx');
    const none = await refusal(readWorkbookBuffer(buildZip(workbookParts([])), '无表.xlsx'));
    expect(none.code).toBe('empty_workbook');
    expect(none.message).toBe('文件“无表.xlsx”中没有工作表。');
  });

  it('refuses a sheet with too many cells or rows, naming the sheet', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('大表');
    for (let r = 1; r <= 50; r++) for (let c = 1; c <= 4; c++) ws.getCell(r, c).value = r * c;
    const buf = await bufferOf(wb);
    const cells = await refusal(readWorkbookBuffer(buf, 'big.xlsx', { maxCells: 100 }));
    expect(cells).toMatchObject({ code: 'too_large', sheet: '大表' });
    expect(cells.message).toContain('“大表”');
    const rows = await refusal(readWorkbookBuffer(buf, 'big.xlsx', { maxRows: 20 }));
    expect(rows).toMatchObject({ code: 'too_large', sheet: '大表' });
    expect(rows.messageEn).toContain('more than 20 rows');
  });
});
