// Reading a sheet into a Grid on the simulated host: exact content, and how many round trips.
import { describe, expect, it } from 'vitest';
import { readSheetGrid } from '../../addin/excel/adapter';
import { createSimHost, fromGrids, type SimHost } from '../../addin/sim';
import { readLedger, type Grid } from '../../ledger';
import { bigLedgerGrid, gridPayloadBytes, sampleGrid } from './fixtures';

function read(host: SimHost, sheet?: string): Promise<Grid> {
  return host.Excel.run((context) => readSheetGrid(context, host.Office.context.requirements, sheet));
}

describe('readSheetGrid', () => {
  it('reads a ledger laid out as units keep them exactly as it is, in one round trip', async () => {
    const source = sampleGrid();
    const host = fromGrids([{ sheet: '封面', cells: [['2018年巡视整改']] }, source]);
    host.activate('整改台账');
    const grid = await read(host);
    expect(grid).toEqual(source);
    expect(host.syncCount).toBe(1);

    const ledger = readLedger({ file: 'unit.xlsx', sheets: [grid] });
    expect(ledger.rows).toHaveLength(6);
    expect(ledger.rows[2]?.measure.problem).toBe(ledger.rows[0]?.measure.problem);
  });

  it('reads a named sheet, and says so when it does not exist', async () => {
    const host = fromGrids([{ sheet: '封面', cells: [['封面']] }, { ...sampleGrid('隐藏'), hidden: true }]);
    const grid = await read(host, '隐藏');
    expect(grid).toEqual({ ...sampleGrid('隐藏'), hidden: true });
    await expect(read(host, '台账2')).rejects.toMatchObject({ kind: 'missing_sheet', message: expect.stringContaining('找不到工作表“台账2”') });
  });

  it('reads a blank sheet as an empty grid', async () => {
    const host = createSimHost({ grids: [{ sheet: '空表', cells: [] }] });
    expect(await read(host)).toEqual({ sheet: '空表', cells: [], merges: [], hidden: false, hiddenColumns: [] });
  });

  it('reads values without merged cells on a host older than ExcelApi 1.13', async () => {
    const host = fromGrids([sampleGrid()], { maxApiVersion: '1.7' });
    const grid = await read(host);
    expect(grid).toEqual({ ...sampleGrid(), merges: [] });
    expect(host.syncs.every((s) => !s.error)).toBe(true);
  });

  it('takes the same few round trips for 100 rows and for 10,000 rows of Chinese text', async () => {
    const small = bigLedgerGrid(100);
    const large = bigLedgerGrid(10_000);
    const smallHost = fromGrids([small]);
    const largeHost = fromGrids([large]);
    expect(await read(smallHost)).toEqual(small);
    expect(await read(largeHost)).toEqual(large);
    // 10,000 rows × 20 columns weigh about 5 MB as JSON: one sync could not carry them.
    expect(gridPayloadBytes(large)).toBeGreaterThan(largeHost.payloadLimit * 0.95);
    expect(smallHost.syncCount).toBe(1);
    expect(largeHost.syncCount).toBeLessThanOrEqual(3);
    expect(largeHost.syncs.every((s) => !s.error)).toBe(true);
  });

  it('reads 60,000 rows in blocks, no sync ever over the 5 MB limit', async () => {
    const source = bigLedgerGrid(60_000);
    const host = fromGrids([source]);
    const grid = await read(host);
    expect(grid.cells).toHaveLength(source.cells.length);
    expect(grid).toEqual(source);
    // Every block fitted the first time (a refused sync would be recorded with its error).
    expect(host.syncs.every((s) => !s.error && s.responseBytes <= host.payloadLimit && s.requestBytes <= host.payloadLimit)).toBe(true);
    // About one sync per 3 MB: ceil(payload / limit) plus a few, never one per row or per chunk.
    const floor = Math.ceil(gridPayloadBytes(source) / host.payloadLimit);
    expect(host.syncCount).toBeGreaterThanOrEqual(floor);
    expect(host.syncCount).toBeLessThanOrEqual(floor + 5);
  });

  it('still reads everything from a host with a much lower limit, in smaller blocks', async () => {
    const source = bigLedgerGrid(3_000);
    const host = fromGrids([source], { payloadLimit: 300_000 });
    expect(await read(host)).toEqual(source);
    expect(host.syncs.some((s) => s.error)).toBe(true);
    expect(host.syncs.filter((s) => !s.error).every((s) => s.responseBytes <= 300_000)).toBe(true);
  });

  it('splits merged-area queries that would return more than 512 areas', async () => {
    const merges = Array.from({ length: 2_000 }, (_, i) => [
      { top: i + 1, left: 0, bottom: i + 1, right: 1 },
      { top: i + 1, left: 2, bottom: i + 1, right: 3 },
      { top: i + 1, left: 4, bottom: i + 1, right: 5 },
    ]).flat();
    const source: Grid = {
      sheet: 'S',
      cells: [['序号', null, '整改措施', null, '备注'], ...Array.from({ length: 2_000 }, (_, i) => [i + 1, null, `措施${i + 1}`, null, '无'])],
      merges,
      hidden: false,
      hiddenColumns: [],
    };
    const host = fromGrids([source]);
    expect(await read(host)).toEqual(source);
  });
});
