// The simulated Excel shows what Excel shows: formula cells hold what their formulas compute to (the
// 汇总 sheet's figures, read back through Range.values), conditional formats colour the cells their
// rules pick, and number formats turn serials into dates.
import { describe, expect, it } from 'vitest';
import { createSimHost, displayText, fromGrids, UNSUPPORTED, type SimHost } from '../../addin/sim';
import { evaluate, type Sheets } from '../../addin/sim/formulas';
import { PaneController } from '../../addin/pane/controller';
import { SUMMARY_SHEET } from '../../addin/pane/summary';
import { OVERDUE_STYLE } from '../../addin/excel/status-formats';
import type { CellValue } from '../../ledger';
import { AS_OF, paneEnv, sampleLedgerGrid } from '../pane/helpers';

/** A sheet "S" whose cells are given by row, and a sheet "其他 表" for references across sheets. */
function sheetsOf(rows: CellValue[][]): Sheets {
  return {
    value: (sheet, row, col) => (sheet === 'S' ? (rows[row]?.[col] ?? null) : sheet === '其他 表' ? 7 : undefined),
  };
}

const at = (formula: string, rows: CellValue[][] = []) => evaluate(formula, 'S', sheetsOf(rows), AS_OF);

describe('the formula evaluator', () => {
  it('counts with Excel’s criteria: non-empty, below a date, wildcards taken literally after ~', () => {
    const rows: CellValue[][] = [['已完成', 43343], ['', 43400], [null, '立行立改'], ['a*b', 43000], ['AXB', null]];
    expect(at('=COUNTIFS($A$1:$A$5,"<>")', rows)).toBe(3);
    expect(at('=COUNTIFS(B1:B5,"<"&DATE(2018,9,10))', rows)).toBe(2);
    expect(at('=COUNTIFS(A1:A5,"a~*b")', rows)).toBe(1);
    expect(at('=COUNTIFS(A1:A5,"a*b")', rows)).toBe(2);
    expect(at('=COUNTIFS(A1:A5,"<>已完成",B1:B5,"<"&TODAY())', rows)).toBe(1);
    expect(at('=SUM(COUNTIFS(A1:A5,{"已完成","AXB"}))', rows)).toBe(2);
  });

  it('adds only the numbers of a range, as SUM does, and takes the branch IF picks', () => {
    const rows: CellValue[][] = [[1], ['001'], [true], [2.5]];
    expect(at('=SUM(A1:A4)', rows)).toBe(3.5);
    expect(at('=SUM(1,"2")')).toBe(3);
    expect(at('=IF(A5=0,0,A1/A5)', rows)).toBe(0);
    expect(at('=A1/A5', rows)).toBe('#DIV/0!');
    expect(at('=-2^2+10%')).toBeCloseTo(4.1, 10);
  });

  it('compares as Excel does: text case-insensitively, text above numbers, an empty cell as "" or 0', () => {
    expect(at('=AND(TRIM(" 已完成 ")="已完成","abc"="ABC",ISNUMBER(A1)=FALSE)')).toBe(true);
    expect(at('="立行立改"<43343')).toBe(false);
    expect(at('=A1=""')).toBe(true);
    expect(at('=A1<1')).toBe(true);
  });

  it('uses formulajs for the functions it shares with Excel', () => {
    expect(at('=ROUND(2.345,2)')).toBe(2.35);
    expect(at('=LEN("整改台账")')).toBe(4);
    expect(at('=DATE(2018,12,31)')).toBe(43465);
    expect(at("='其他 表'!B2*2")).toBe(14);
  });

  it('gives #NAME? and #REF! where Excel does, and a marker where only the simulator fails', () => {
    expect(at('=-项目')).toBe('#NAME?');
    expect(at('=NOSUCHFUNCTION(1)')).toBe('#NAME?');
    expect(at("='没有的表'!A1")).toBe('#REF!');
    expect(at('=SUM(A:A)')).toBe(UNSUPPORTED);
  });
});

describe('number formats', () => {
  it('shows serials as dates, in the formats the add-in writes and xlsx files carry', () => {
    expect(displayText(43343, 'yyyy"年"m"月"d"日"')).toBe('2018年8月31日');
    expect(displayText(43343, 'yyyy-mm-dd')).toBe('2018-08-31');
    expect(displayText(43343, 'm/d')).toBe('8/31');
    expect(displayText(43343, '[$-804]yyyy/m/d;@')).toBe('2018/8/31');
    expect(displayText(43343, 'aaaa')).toBe('星期五');
  });

  it('shows numbers, percentages and text as Excel does', () => {
    expect(displayText(0.6667, '0.0%')).toBe('66.7%');
    expect(displayText(0.5, '0%')).toBe('50%');
    expect(displayText(1234567.891, '#,##0.00')).toBe('1,234,567.89');
    expect(displayText(43343, 'General')).toBe('43343');
    expect(displayText(1 / 3)).toBe('0.3333333333');
    expect(displayText('001', '@')).toBe('001');
    expect(displayText(true)).toBe('TRUE');
    expect(displayText(null, 'yyyy-mm-dd')).toBe('');
  });
});

async function setUpAndSummarise(host: SimHost) {
  const pane = new PaneController(paneEnv(host));
  await pane.init();
  await pane.detect();
  await pane.setUp();
  await pane.check();
  await pane.writeSummary();
  return pane;
}

describe('the simulated workbook as Excel calculates and draws it', () => {
  it('reads the 汇总 sheet back as numbers, every live figure equal to the one the add-in computed', async () => {
    const host = fromGrids([await sampleLedgerGrid()], { today: AS_OF });
    await setUpAndSummarise(host);
    const snap = host.inspect(SUMMARY_SHEET);
    const rows = await host.Excel.run(async (context) => {
      const used = context.workbook.worksheets.getItem(SUMMARY_SHEET).getUsedRange();
      used.load('values');
      await context.sync();
      return used.values;
    });
    const addresses = Object.keys(snap.formulas);
    expect(addresses.length).toBeGreaterThan(8);
    for (const address of addresses) {
      const row = Number(address.slice(1)) - 1;
      const col = address.charCodeAt(0) - 65;
      const value = rows[row]![col];
      expect(typeof value, `${address} ${snap.formulas[address]} → ${String(value)}`).toBe('number');
      // Where the row carries the add-in's own figure (column C beside B), the two agree.
      const cached = col === 1 ? rows[row]![2] : undefined;
      if (typeof cached === 'number') expect(value, `${address} ${snap.formulas[address]}`).toBeCloseTo(cached, 6);
    }
    expect(rows.flat()).not.toContain('#NAME?');
    expect(rows.flat()).not.toContain(UNSUPPORTED);
  });

  it('returns a formula’s result from Range.values in the batch that wrote it, and forgets it when the batch fails', async () => {
    const host = createSimHost({ grids: [{ sheet: 'S', cells: [[2, 3]] }] });
    const read = await host.Excel.run(async (context) => {
      const c1 = context.workbook.worksheets.getItem('S').getRange('C1');
      c1.values = [['=A1*B1']];
      c1.load('values, valueTypes');
      await context.sync();
      return [c1.values, c1.valueTypes];
    });
    expect(read).toEqual([[[6]], [['Double']]]);
    await expect(
      host.Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem('S');
        sheet.getRange('A1').values = [[10]];
        sheet.getRange('A1:B1').values = [[1]];
        await context.sync();
      }),
    ).rejects.toThrow();
    expect(host.inspect('S').grid.cells[0]).toEqual([2, 3, 6]);
  });

  it('recalculates when a cell the formulas read changes', async () => {
    const host = fromGrids([await sampleLedgerGrid()], { today: AS_OF });
    await setUpAndSummarise(host);
    const overdueRow = host.inspect(SUMMARY_SHEET).grid.cells.findIndex((r) => r[0] === '逾期');
    expect(host.inspect(SUMMARY_SHEET).grid.cells[overdueRow]?.[1]).toBe(1);
    await host.edit('整改台账', 'J8', [['已完成']]);
    expect(host.inspect(SUMMARY_SHEET).grid.cells[overdueRow]?.[1]).toBe(0);
  });

  it('colours the overdue row with the pane’s conditional format, and only while it is not done', async () => {
    const host = fromGrids([await sampleLedgerGrid()], { today: AS_OF });
    await setUpAndSummarise(host);
    const styles = host.conditionalStyles('整改台账');
    expect(styles.B8).toEqual({ fill: OVERDUE_STYLE.fill, fontColor: OVERDUE_STYLE.font });
    expect(Object.keys(styles).filter((a) => /^[A-L]\d+$/.test(a)).sort()).toEqual('ABCDEFGHIJKL'.split('').map((c) => `${c}8`).sort());
    await host.edit('整改台账', 'J8', [['已完成']]);
    expect(host.conditionalStyles('整改台账')).toEqual({});
  });

  it('loads the number formats an xlsx file gives its cells', () => {
    const host = createSimHost({ grids: [{ sheet: 'S', cells: [[43343]] }], numberFormats: { S: { A1: 'yyyy"年"m"月"d"日"' } } });
    expect(host.inspect('S').numberFormats).toEqual({ A1: 'yyyy"年"m"月"d"日"' });
  });
});
