// The 汇总 sheet: live COUNTIFS formulas over the ledger, each beside the figure the add-in computed;
// evaluated here, the formulas give those same figures.
import { describe, expect, it } from 'vitest';
import { fromGrids, type SimHost } from '../../addin/sim';
import { PaneController } from '../../addin/pane/controller';
import { SUMMARY_SHEET } from '../../addin/pane/summary';
import { bigLedgerGrid, sampleGrid } from '../addin/fixtures';
import { evaluate, type Sheets } from './formula';
import { AS_OF, paneEnv, sampleLedgerGrid } from './helpers';
import { columnLetter, type CellValue, type Grid } from '../../ledger';

/** Cell values, with formula cells (Excel would have computed them) evaluated on demand. */
function sheetsOf(host: SimHost): Sheets {
  const grids = new Map(host.toGrids().map((g) => [g.sheet, g]));
  const formulas = new Map(host.toGrids().map((g) => [g.sheet, host.inspect(g.sheet).formulas]));
  const sheets: Sheets = {
    value: (sheet, row, col) => {
      const formula = formulas.get(sheet)?.[`${columnLetter(col)}${row + 1}`];
      if (formula) return evaluate(formula, sheet, sheets, AS_OF) as CellValue;
      return grids.get(sheet)?.cells[row]?.[col] ?? null;
    },
  };
  return sheets;
}

/** Label → [live formula's value, cached value], for the summary's figure rows. */
function figures(host: SimHost): Map<string, [unknown, unknown]> {
  const snap = host.inspect(SUMMARY_SHEET);
  const out = new Map<string, [unknown, unknown]>();
  snap.grid.cells.forEach((row, r) => {
    const formula = snap.formulas[`B${r + 1}`];
    if (typeof row[0] === 'string' && formula) out.set(row[0], [evaluate(formula, SUMMARY_SHEET, sheetsOf(host), AS_OF), row[2]]);
  });
  return out;
}

async function written(grid: Grid) {
  const host = fromGrids([grid]);
  const pane = new PaneController(paneEnv(host));
  await pane.init();
  await pane.check();
  await pane.writeSummary();
  return { host, pane };
}

describe('the 汇总 sheet', () => {
  it('holds live formulas that give the figures the add-in computed', async () => {
    const { host } = await written(await sampleLedgerGrid());
    const snap = host.inspect(SUMMARY_SHEET);
    expect(snap.grid.cells[0]?.[0]).toBe('某学院巡视整改工作台账 整改情况汇总');
    expect(snap.grid.cells[2]?.[0]).toBe('共梳理形成2大类、3个问题，制定5项整改措施，已完成3项（含已完成并需长期坚持的措施1项），已启动1项，尚未启动1项');
    expect(snap.formulas.B6).toBe(`=COUNTIFS('整改台账'!$D$5:$D$10,"<>")`);
    const f = figures(host);
    for (const label of ['整改措施', '未启动', '正在推进', '已完成', '已完成并长期坚持', '已完成（含长期坚持）', '完成率', '逾期']) {
      const [live, cached] = f.get(label)!;
      expect(live, label).toBeCloseTo(Number(cached), 6);
    }
    expect(f.get('整改措施')).toEqual([5, 5]);
    expect(f.get('逾期')).toEqual([1, 1]);
    expect(snap.numberFormats.B12).toBe('0.0%');
    expect(snap.bold).toContain('A5');
  });

  it('counts the words a sheet uses for a status, not only the drop-down labels', async () => {
    const grid = await sampleLedgerGrid();
    grid.cells[4]![9] = '完成';
    const { host } = await written(grid);
    expect(figures(host).get('已完成')).toEqual([2, 2]);
  });

  it('gives categories as figures when they are merged cells a formula cannot count', async () => {
    const { host } = await written(sampleGrid());
    const cells = host.inspect(SUMMARY_SHEET).grid.cells;
    const note = cells.find((r) => typeof r[0] === 'string' && r[0].startsWith('问题类别是合并单元格'));
    expect(note).toBeDefined();
    const row = cells.find((r) => r[0] === '党的政治建设方面');
    expect(row?.slice(1, 5)).toEqual([3, 2, 0.6667, 0]);
  });

  it('replaces the sheet when written again, leaving nothing stale', async () => {
    const { host, pane } = await written(await sampleLedgerGrid());
    await host.edit('整改台账', 'J8', [['已完成']]);
    await pane.checker.settled();
    await pane.writeSummary();
    expect(host.toGrids().filter((g) => g.sheet === SUMMARY_SHEET)).toHaveLength(1);
    expect(figures(host).get('已完成')).toEqual([3, 3]);
  });

  it('counts each category live when every row names its own', async () => {
    const { host } = await written(bigLedgerGrid(60));
    const snap = host.inspect(SUMMARY_SHEET);
    const sheets = sheetsOf(host);
    const rows = snap.grid.cells.map((r, i) => ({ r, i })).filter(({ r }) => typeof r[0] === 'string' && /方面$/.test(r[0]));
    expect(rows.length).toBeGreaterThan(3);
    for (const { r, i } of rows) {
      const live = (col: string) => evaluate(snap.formulas[`${col}${i + 1}`]!, SUMMARY_SHEET, sheets, AS_OF);
      expect(live('B')).toBe(r[5]);
      expect(live('C')).toBe(r[6]);
    }
  });
});
