// Inserting and deleting cells in the simulated host, by the add-in (Range.insert, Range.delete) or
// by a user: what moves with the cells, what inserted cells inherit, what Excel refuses, and the
// change events (with the direction only where ExcelApi 1.14 gives it); and how the pane's adapter
// reads those events.
import { describe, expect, it } from 'vitest';
import { fromGrids, SimApiError, type SimChangedEventArgs, type SimHost } from '../../addin/sim';
import { toSheetChange } from '../../addin/excel/adapter';
import { sampleGrid } from './fixtures';

const SHEET = '整改台账';

async function watched(host: SimHost): Promise<SimChangedEventArgs[]> {
  const seen: SimChangedEventArgs[] = [];
  await host.Excel.run(async (context) => {
    context.workbook.worksheets.getItem(SHEET).onChanged.add(async (args) => void seen.push(args));
    await context.sync();
  });
  return seen;
}

async function formatted(host: SimHost): Promise<void> {
  await host.Excel.run(async (context) => {
    const ws = context.workbook.worksheets.getItem(SHEET);
    ws.getRange('I5:I7').format.fill.color = '#FFC7CE';
    ws.getRange('H5').numberFormat = [['yyyy-mm-dd']];
    await context.sync();
  });
}

describe('rows inserted and deleted', () => {
  it('moves values, fills, number formats and merges down; the new row takes the formats of the row above', async () => {
    const host = fromGrids([sampleGrid()]);
    await formatted(host);
    const seen = await watched(host);
    await host.Excel.run(async (context) => {
      context.workbook.worksheets.getItem(SHEET).getRange('6:6').insert('Down');
      await context.sync();
    });
    await host.idle();
    const after = host.inspect(SHEET);
    expect(after.grid.cells[5]).toEqual([]);
    expect(after.grid.cells[6]![3]).toBe('建立学习台账，逐次登记');
    expect(after.fills).toEqual({ I5: '#FFC7CE', I6: '#FFC7CE', I7: '#FFC7CE', I8: '#FFC7CE' });
    expect(after.numberFormats).toMatchObject({ H5: 'yyyy-mm-dd', H6: 'yyyy-mm-dd' });
    // Inserted inside the merged 问题类别 B5:B7, the merge grows; the one below moves down.
    expect(after.grid.merges).toContainEqual({ top: 4, left: 1, bottom: 7, right: 1 });
    expect(after.grid.merges).toContainEqual({ top: 9, left: 1, bottom: 10, right: 1 });
    expect(seen.map((e) => [e.changeType, e.address, e.triggerSource, e.changeDirectionState])).toEqual([['RowInserted', '6:6', 'ThisLocalAddin', undefined]]);
  });

  it('deletes a merged area’s first row keeping its content in what is left of it', async () => {
    const host = fromGrids([sampleGrid()]);
    const seen = await watched(host);
    await host.deleteCells(SHEET, '5:5');
    const after = host.inspect(SHEET);
    expect(after.grid.cells[4]!.slice(0, 4)).toEqual([2, '一、党的政治建设方面', '理论学习中心组学习\n不够深入', '建立学习台账，逐次登记']);
    expect(after.grid.merges).toContainEqual({ top: 4, left: 1, bottom: 5, right: 1 });
    expect(seen.map((e) => [e.changeType, e.address, e.source, e.triggerSource])).toEqual([['RowDeleted', '5:5', 'Local', 'Unknown']]);
  });
});

describe('columns and cells', () => {
  it('moves columns, hidden ones included, and names a column change as such', async () => {
    const host = fromGrids([{ ...sampleGrid(), hiddenColumns: [11] }]);
    const seen = await watched(host);
    await host.insertCells(SHEET, 'B:C');
    const after = host.inspect(SHEET);
    expect(after.grid.cells[2]!.slice(0, 4)).toEqual(['序号', null, null, '问题类别']);
    expect(after.hiddenColumns).toEqual([13]);
    await host.deleteCells(SHEET, 'B:C');
    expect(host.inspect(SHEET).grid).toEqual({ ...sampleGrid(), hiddenColumns: [11] });
    expect(seen.map((e) => [e.changeType, e.address])).toEqual([
      ['ColumnInserted', 'B:C'],
      ['ColumnDeleted', 'B:C'],
    ]);
  });

  it('shifts cells within their columns, telling the direction from ExcelApi 1.14 only', async () => {
    for (const [version, direction] of [
      ['1.14', { insertShiftDirection: 'Down' }],
      ['1.7', undefined],
    ] as const) {
      const host = fromGrids([{ sheet: SHEET, cells: [['a', 'b', 'c'], ['d', 'e', 'f'], ['g', 'h', 'i']] }], { maxApiVersion: version });
      const seen = await watched(host);
      await host.insertCells(SHEET, 'B2:C2', 'Down');
      expect(host.inspect(SHEET).grid.cells).toEqual([['a', 'b', 'c'], ['d'], ['g', 'e', 'f'], [null, 'h', 'i']]);
      expect(seen.map((e) => [e.changeType, e.address, e.changeDirectionState])).toEqual([['CellInserted', 'B2:C2', direction]]);
    }
  });

  it('refuses to move part of a merged area (the full-width title rows below cells pushed down) and leaves the sheet as it was', async () => {
    const host = fromGrids([sampleGrid()]);
    const before = host.inspect(SHEET);
    const attempt = host.Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(SHEET);
      ws.getRange('A20').values = [['先写下的']];
      ws.getRange('I5:J5').insert('Down');
      await context.sync();
    });
    await expect(attempt).rejects.toBeInstanceOf(SimApiError);
    await expect(attempt).rejects.toMatchObject({ code: 'InvalidOperation' });
    expect(host.inspect(SHEET)).toEqual(before);
  });

  it('asks for a direction when cells (not whole rows or columns) are inserted', async () => {
    const host = fromGrids([sampleGrid()]);
    expect(() => host.insertCells(SHEET, 'I5:J5')).toThrow(SimApiError);
  });
});

describe('the pane reads the events', () => {
  it('as moves along rows or columns, whatever the event calls a whole column', () => {
    const args = { source: 'Local', triggerSource: 'Unknown' };
    expect(toSheetChange(SHEET, { ...args, address: `${SHEET}!3:4`, changeType: 'RowDeleted' })).toMatchObject({
      kind: 'moved',
      shift: { axis: 'rows', at: 2, count: -2, from: 0, to: 16_383 },
    });
    // Some builds call a first column inserted "RowInserted": the address says columns.
    expect(toSheetChange(SHEET, { ...args, address: 'A:A', changeType: 'RowInserted' })).toMatchObject({ kind: 'moved', shift: { axis: 'columns', at: 0, count: 1 } });
    expect(toSheetChange(SHEET, { ...args, address: 'I5:J6', changeType: 'CellDeleted', changeDirectionState: { deleteShiftDirection: 'Left' } })).toMatchObject({
      kind: 'moved',
      shift: { axis: 'columns', at: 8, count: -2, from: 4, to: 5 },
    });
    expect(toSheetChange(SHEET, { ...args, address: 'I5:J6', changeType: 'CellInserted' })).toMatchObject({ kind: 'unknown' });
    // A table's rows, named by the table's cells: the table's cells below move.
    expect(toSheetChange(SHEET, { ...args, address: 'A5:L5', changeType: 'RowInserted' })).toMatchObject({ kind: 'moved', shift: { axis: 'rows', at: 4, count: 1, from: 0, to: 11 } });
    expect(toSheetChange(SHEET, { ...args, address: 'I5', changeType: 'RangeEdited' })).toMatchObject({ kind: 'edit' });
  });
});
