// Writing values back into a sheet on the simulated host.
import { describe, expect, it } from 'vitest';
import { ensureHiddenIdColumns, readSheetGrid, writeRows } from '../../addin/excel/adapter';
import { createSimHost, fromGrids } from '../../addin/sim';
import type { CellValue } from '../../ledger';
import { bigLedgerGrid, gridPayloadBytes, sampleGrid } from './fixtures';

describe('writeRows', () => {
  it('keeps text as typed: leading zeros, date-like text and "=" stay text, never a formula', async () => {
    const host = createSimHost({ grids: [{ sheet: 'S', cells: [] }] });
    const rows: CellValue[][] = [
      ['001', '2018-12-31', '=SUM(A1:A9)', '-', '+86 10 1234'],
      [1, 43465, true, '已完成', null],
    ];
    await host.Excel.run((context) => writeRows(context, 'S', 0, rows));
    const s = host.inspect('S');
    expect(s.grid.cells).toEqual([rows[0], [1, 43465, true, '已完成']]);
    expect(s.formulas).toEqual({});
    expect(host.syncCount).toBe(1);
  });

  it('clears cells given null and leaves cells beyond a short row alone', async () => {
    const host = createSimHost({ grids: [{ sheet: 'S', cells: [['a', 'b', 'c'], ['d', 'e', 'f']] }] });
    await host.Excel.run((context) => writeRows(context, 'S', 0, [['A', null, 'C'], ['D']]));
    expect(host.inspect('S').grid.cells).toEqual([['A', null, 'C'], ['D', 'e', 'f']]);
  });

  it('writes past the 5 MB limit in as few syncs as the payload needs, none refused', async () => {
    const source = bigLedgerGrid(20_000);
    const host = createSimHost({ grids: [{ sheet: '台账', cells: [] }] });
    await host.Excel.run((context) => writeRows(context, '台账', 0, source.cells));
    expect(host.inspect('台账').grid.cells).toEqual(source.cells);
    expect(host.syncs.every((s) => !s.error && s.requestBytes <= host.payloadLimit)).toBe(true);
    // Values and their number formats: a little over one sync per 4 MB.
    expect(host.syncCount).toBeGreaterThanOrEqual(Math.ceil(gridPayloadBytes(source) / host.payloadLimit));
    expect(host.syncCount).toBeLessThanOrEqual(Math.ceil((gridPayloadBytes(source) * 1.3) / 4_000_000));
  });

  it('writes a column of values at an offset', async () => {
    const host = fromGrids([sampleGrid()]);
    await host.Excel.run((context) => writeRows(context, '整改台账', 4, [['id-1'], ['id-2'], [null]], 12));
    const cells = host.inspect('整改台账').grid.cells;
    expect([cells[4]?.[12], cells[5]?.[12], cells[6]?.[12]]).toEqual(['id-1', 'id-2', undefined]);
  });

  it('round-trips a sheet: what is written is what is read', async () => {
    const source = sampleGrid('S');
    const host = createSimHost({ grids: [{ sheet: 'S', cells: [], merges: source.merges }] });
    await host.Excel.run((context) => writeRows(context, 'S', 0, source.cells));
    const back = await host.Excel.run((context) => readSheetGrid(context, host.Office.context.requirements, 'S'));
    expect(back).toEqual(source);
  });
});

describe('ensureHiddenIdColumns', () => {
  it('adds __id and __version after the last used column, hidden, in two round trips', async () => {
    const host = fromGrids([sampleGrid()]);
    const cols = await host.Excel.run((context) => ensureHiddenIdColumns(context, '整改台账', 2));
    expect(cols).toEqual({ idCol: 12, versionCol: 13 });
    const s = host.inspect('整改台账');
    expect(s.grid.cells[2]?.slice(12)).toEqual(['__id', '__version']);
    expect(s.hiddenColumns).toEqual([12, 13]);
    expect(host.syncCount).toBe(2);
  });

  it('finds existing columns and hides them without adding more', async () => {
    const grid = bigLedgerGrid(10);
    const host = fromGrids([grid]);
    const cols = await host.Excel.run((context) => ensureHiddenIdColumns(context, '台账', 0));
    expect(cols).toEqual({ idCol: 18, versionCol: 19 });
    expect(host.inspect('台账').hiddenColumns).toEqual([18, 19]);
    expect(host.inspect('台账').grid.cells[0]).toHaveLength(20);
  });

  it('explains a header row outside the data', async () => {
    const host = fromGrids([sampleGrid()]);
    await expect(host.Excel.run((context) => ensureHiddenIdColumns(context, '整改台账', 40))).rejects.toMatchObject({
      kind: 'bad_input',
      message: expect.stringContaining('第 41 行'),
    });
  });
});
