// Dropdowns, status colours, cell marks, settings and change events on the simulated host.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  applyDropdowns,
  hostCapabilities,
  applyStatusFormats,
  clearMarks,
  LISTS_SHEET,
  applyMarks,
  queueBlockFills,
  queueSavedFills,
  marksSettingKey,
  readSetting,
  queueWatch,
  writeSettings,
  type CellMark,
  type SheetChange,
} from '../../addin/excel/adapter';
import { fromGrids, type SimHost } from '../../addin/sim';
import { DEFAULT_STATUS_LABELS } from '../../ledger';
import { sampleGrid } from './fixtures';

const SHEET = '整改台账';
const STATUS_LIST = Object.values(DEFAULT_STATUS_LABELS);

function requirements(host: SimHost) {
  return host.Office.context.requirements;
}

describe('hostCapabilities', () => {
  it('tells the pane what the running Excel can do', () => {
    expect(hostCapabilities(fromGrids([], { maxApiVersion: '1.7' }).Office.context.requirements)).toEqual({ statusFormats: true, dropdowns: false, mergedCells: false });
    expect(hostCapabilities(fromGrids([]).Office.context.requirements)).toEqual({ statusFormats: true, dropdowns: true, mergedCells: true });
  });
});

describe('applyDropdowns', () => {
  it('puts in-cell lists on the status, category and unit columns of the data rows, in one round trip', async () => {
    const host = fromGrids([sampleGrid()]);
    await host.Excel.run((context) =>
      applyDropdowns(context, requirements(host), SHEET, {
        firstRow: 4,
        lastRow: 10,
        statusCol: 8,
        categoryCol: 1,
        unitCol: 5,
        lists: { status: STATUS_LIST, category: ['一、党的政治建设方面', '二、全面从严治党方面'], unit: ['计算机学院', '财务处'] },
      }),
    );
    expect(host.inspect(SHEET).validations).toEqual([
      { address: 'I5:I11', rule: { list: { inCellDropDown: true, source: STATUS_LIST.join(',') } } },
      { address: 'B5:B11', rule: { list: { inCellDropDown: true, source: '一、党的政治建设方面,二、全面从严治党方面' } } },
      { address: 'F5:F11', rule: { list: { inCellDropDown: true, source: '计算机学院,财务处' } } },
    ]);
    expect(host.syncCount).toBe(1);
  });

  it('refuses on Office 2019 (ExcelApi 1.7) with a message in Chinese and English, changing nothing', async () => {
    const host = fromGrids([sampleGrid()], { maxApiVersion: '1.7' });
    const attempt = host.Excel.run((context) =>
      applyDropdowns(context, requirements(host), SHEET, { firstRow: 4, lastRow: 10, statusCol: 8, lists: { status: STATUS_LIST } }),
    );
    await expect(attempt).rejects.toMatchObject({ name: 'AdapterError', kind: 'unsupported_api' });
    await expect(attempt).rejects.toThrow(/当前 Excel 版本不支持下拉列表.*ExcelApi 1\.8.*This version of Excel cannot add drop-down lists/);
    expect(host.inspect(SHEET).validations).toEqual([]);
    expect(host.syncCount).toBe(0);
  });

  it('moves a list too long to type (over 255 characters) to a hidden sheet and refers to it', async () => {
    const host = fromGrids([sampleGrid()]);
    const units = Array.from({ length: 40 }, (_, i) => `第${i + 1}党支部委员会`);
    await host.Excel.run((context) =>
      applyDropdowns(context, requirements(host), SHEET, { firstRow: 4, lastRow: 10, statusCol: 8, unitCol: 5, lists: { status: STATUS_LIST, unit: units } }),
    );
    const lists = host.inspect(LISTS_SHEET);
    expect(lists.visibility).toBe('Hidden');
    expect(lists.grid.cells.map((r) => r[2])).toEqual(units);
    expect(host.inspect(SHEET).validations[1]).toEqual({
      address: 'F5:F11',
      rule: { list: { inCellDropDown: true, source: `='${LISTS_SHEET}'!$C$1:$C$40` } },
    });
  });

  it('replaces the lists on a second run instead of stacking rules', async () => {
    const host = fromGrids([sampleGrid()]);
    for (const status of [STATUS_LIST, ['未启动', '已完成']]) {
      await host.Excel.run((context) => applyDropdowns(context, requirements(host), SHEET, { firstRow: 4, lastRow: 10, statusCol: 8, lists: { status } }));
    }
    expect(host.inspect(SHEET).validations).toEqual([{ address: 'I5:I11', rule: { list: { inCellDropDown: true, source: '未启动,已完成' } } }]);
  });
});

describe('applyStatusFormats', () => {
  const spec = { firstRow: 4, lastRow: 10, firstCol: 0, lastCol: 11, deadlineCol: 7, statusCol: 8, doneWords: ['已完成', '已完成并长期坚持'] };

  it('adds overdue and due-soon conditional formats bounded to the data rows', async () => {
    const host = fromGrids([sampleGrid()]);
    await host.Excel.run((context) => applyStatusFormats(context, requirements(host), SHEET, spec));
    expect(host.inspect(SHEET).conditionalFormats).toEqual([
      {
        addresses: ['A5:L11'],
        formula: '=AND(AND(TRIM($I5)<>"已完成",TRIM($I5)<>"已完成并长期坚持"),OR(AND(ISNUMBER($H5),$H5<TODAY()),TRIM($H5)="立行立改"))',
        fill: '#FFC7CE',
        fontColor: '#9C0006',
        stopIfTrue: false,
      },
      {
        addresses: ['A5:L11'],
        formula: '=AND(AND(TRIM($I5)<>"已完成",TRIM($I5)<>"已完成并长期坚持"),ISNUMBER($H5),$H5>=TODAY(),$H5<=TODAY()+7)',
        fill: '#FFEB9C',
        fontColor: '#9C5700',
        stopIfTrue: false,
      },
    ]);
    expect(host.syncCount).toBe(1);
  });

  it('colours as of a given day, and replaces its formats when run again', async () => {
    const host = fromGrids([sampleGrid()]);
    await host.Excel.run((context) => applyStatusFormats(context, requirements(host), SHEET, spec));
    await host.Excel.run((context) => applyStatusFormats(context, requirements(host), SHEET, { ...spec, asOf: '2018-09-10', lastRow: 11 }));
    const cfs = host.inspect(SHEET).conditionalFormats;
    expect(cfs).toHaveLength(2);
    expect(cfs.every((cf) => cf.addresses.join() === 'A5:L12' && cf.formula.includes('DATE(2018,9,10)'))).toBe(true);
  });

  it('refuses below ExcelApi 1.6', async () => {
    const host = fromGrids([sampleGrid()], { maxApiVersion: '1.5' });
    await expect(host.Excel.run((context) => applyStatusFormats(context, requirements(host), SHEET, spec))).rejects.toMatchObject({ kind: 'unsupported_api' });
  });
});

describe('applyMarks and clearMarks', () => {
  /** Marks as the pane applies them: the saved marks read first, then the change. */
  const mark = (host: SimHost, cells: CellMark[]) =>
    host.Excel.run(async (context) => {
      const saved = queueSavedFills(context, SHEET);
      await context.sync();
      return applyMarks(context, SHEET, saved(), { mark: cells, clear: [] });
    });

  it('fills marked cells by severity and puts their own fills back afterwards', async () => {
    const host = fromGrids([sampleGrid()]);
    await host.Excel.run(async (context) => {
      context.workbook.worksheets.getItem(SHEET).getRange('H5').format.fill.color = '#DDEBF7';
      await context.sync();
    });
    await mark(host, [
      { row: 4, col: 7, severity: 'warning' },
      { row: 8, col: 8, severity: 'error' },
    ]);
    expect(host.inspect(SHEET).fills).toEqual({ H5: '#FFEB9C', I9: '#FFC7CE' });
    expect(host.settings()[marksSettingKey(SHEET)]).toEqual({ H5: '#DDEBF7', I9: null });

    // Marking again keeps the fill first replaced, not the mark's own colour.
    await mark(host, [{ row: 4, col: 7, severity: 'error' }]);
    expect(host.settings()[marksSettingKey(SHEET)]).toEqual({ H5: '#DDEBF7', I9: null });

    await host.Excel.run((context) => clearMarks(context, SHEET, [{ row: 8, col: 8 }]));
    expect(host.inspect(SHEET).fills).toEqual({ H5: '#FFC7CE' });
    await host.Excel.run((context) => clearMarks(context, SHEET));
    expect(host.inspect(SHEET).fills).toEqual({ H5: '#DDEBF7' });
    expect(host.settings()).toEqual({});
  });

  it('knows the own fill of a cell in a block of one colour without looking it up, and looks up a cell in a mixed block', async () => {
    const host = fromGrids([sampleGrid()]);
    await host.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(SHEET);
      sheet.getRange('H1:H12').format.fill.color = '#DDEBF7';
      sheet.getRange('I9').format.fill.color = '#FFFF00';
      await context.sync();
    });
    const before = host.syncCount;
    await host.Excel.run(async (context) => {
      const known = queueBlockFills(context, SHEET, [7, 8], 12);
      await context.sync();
      expect(known({ row: 4, col: 7 })).toBe('#DDEBF7');
      expect(known({ row: 8, col: 8 })).toBeUndefined();
      await applyMarks(context, SHEET, {}, { mark: [{ row: 4, col: 7, severity: 'warning' }], clear: [] }, undefined, known);
    });
    // The block read, then the mark written: no look-up of H5's own fill.
    expect(host.syncCount - before).toBe(2);
    expect(host.settings()[marksSettingKey(SHEET)]).toEqual({ H5: '#DDEBF7' });
  });

  it('clears nothing, in one round trip, when nothing is marked', async () => {
    const host = fromGrids([sampleGrid()]);
    await host.Excel.run((context) => clearMarks(context, SHEET));
    expect(host.syncCount).toBe(1);
  });
});

describe('settings', () => {
  it('writes, and reads back through a schema', async () => {
    const host = fromGrids([sampleGrid()]);
    const Server = z.object({ url: z.url(), campaign: z.string() });
    await host.Excel.run((context) => writeSettings(context, { 'ledger.server': { url: 'https://ledger.example.cn', campaign: 'default' } }));
    expect(await host.Excel.run((context) => readSetting(context, 'ledger.server', Server))).toEqual({ url: 'https://ledger.example.cn', campaign: 'default' });
    expect(await host.Excel.run((context) => readSetting(context, 'ledger.server', z.number()))).toBeUndefined();
  });
});

describe('watching changes', () => {
  it('tells the pane what a user, a co-author and the add-in itself changed', async () => {
    const host = fromGrids([sampleGrid()]);
    const seen: SheetChange[] = [];
    await host.Excel.run(async (context) => {
      queueWatch(context, SHEET, (change) => seen.push(change));
      await context.sync();
    });
    await host.edit(SHEET, 'I7', [['已完成']]);
    await host.edit(SHEET, 'J7:K7', [['已办结', '文件.pdf']], 'Remote');
    await host.Excel.run(async (context) => {
      context.workbook.worksheets.getItem(SHEET).getRange('L7').values = [['备注']];
      await context.sync();
    });
    await host.idle();
    expect(seen).toEqual([
      { sheet: SHEET, address: 'I7', range: { top: 6, left: 8, bottom: 6, right: 8 }, source: 'local', byThisAddin: false, single: { before: '正在推进', after: '已完成' }, kind: 'edit' },
      { sheet: SHEET, address: 'J7:K7', range: { top: 6, left: 9, bottom: 6, right: 10 }, source: 'remote', byThisAddin: false, kind: 'edit' },
      { sheet: SHEET, address: 'L7', range: { top: 6, left: 11, bottom: 6, right: 11 }, source: 'local', byThisAddin: true, single: { before: null, after: '备注' }, kind: 'edit' },
    ]);
  });
});
