// The simulated host must be as strict as Excel: code that passes here must not fail in Excel for
// batching, loading, payload size or API version.
import { describe, expect, it } from 'vitest';
import { compareVersions, createSimHost, fromGrids, SimApiError } from '../../addin/sim';
import { sampleGrid } from './fixtures';

const PROPERTY_NOT_LOADED =
  `The property 'values' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`;

describe('load and sync', () => {
  it('refuses to read a property that was not loaded and synced, with Excel’s message', async () => {
    const host = fromGrids([sampleGrid()]);
    await host.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getActiveWorksheet().getRange('A3:C3');
      expect(() => range.values).toThrow(PROPERTY_NOT_LOADED);
      range.load('values');
      expect(() => range.values).toThrow(PROPERTY_NOT_LOADED);
      await context.sync();
      expect(range.values).toEqual([['序号', '问题类别', '存在问题']]);
      expect(() => range.address).toThrow(/'address' is not available/);
    });
  });

  it('reports isNullObject only after a sync', async () => {
    const host = fromGrids([sampleGrid()]);
    await host.Excel.run(async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject('没有这个表');
      expect(() => missing.isNullObject).toThrow(/'isNullObject' is not available/);
      await context.sync();
      expect(missing.isNullObject).toBe(true);
    });
  });

  it('applies writes only at sync, and counts every sync', async () => {
    const host = fromGrids([sampleGrid()]);
    await host.Excel.run(async (context) => {
      const cell = context.workbook.worksheets.getItem('整改台账').getRange('M3');
      cell.values = [['新列']];
      expect(host.inspect('整改台账').grid.cells[2]).toHaveLength(12);
      await context.sync();
      expect(host.inspect('整改台账').grid.cells[2]?.[12]).toBe('新列');
      expect(context.syncCount).toBe(1);
    });
    expect(host.syncCount).toBe(1);
  });

  it('fails a batch as a whole: an error in one action undoes the others', async () => {
    const host = fromGrids([sampleGrid()]);
    const error = await host.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('整改台账');
      sheet.getRange('A20').values = [['写入']];
      sheet.getRange('A21:B21').values = [['只有一个值']];
      return context.sync().then(
        () => undefined,
        (e: unknown) => e,
      );
    });
    expect(error).toBeInstanceOf(SimApiError);
    expect(error).toMatchObject({ code: 'InvalidArgument', name: 'RichApi.Error' });
    expect(host.inspect('整改台账').grid.cells).toHaveLength(14);
  });

  it('refuses an Excel.run that leaves commands unsynced', async () => {
    const host = fromGrids([sampleGrid()]);
    await expect(
      host.Excel.run(async (context) => {
        context.workbook.worksheets.getActiveWorksheet().getRange('A1').load('values');
      }),
    ).rejects.toMatchObject({ code: 'InvalidOperation' });
  });

  it('refuses objects of a finished Excel.run', async () => {
    const host = fromGrids([sampleGrid()]);
    const range = await host.Excel.run(async (context) => {
      const a1 = context.workbook.worksheets.getActiveWorksheet().getRange('A1');
      await context.sync();
      return a1;
    });
    expect(() => range.load('values')).toThrow(/different request contexts/);
  });
});

describe('the 5 MB payload limit', () => {
  const big = Array.from({ length: 20_000 }, (_, i) => [`第${i}行：${'整改措施落实情况说明'.repeat(10)}`]);

  it('rejects a request over the limit and applies nothing', async () => {
    const host = createSimHost({ grids: [{ sheet: 'S', cells: [] }] });
    const error = await host.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('S');
      sheet.getRange('B1').values = [['small']];
      sheet.getRange(`A1:A${big.length}`).values = big;
      return context.sync().then(
        () => undefined,
        (e: unknown) => e,
      );
    });
    expect(error).toMatchObject({ code: 'RequestPayloadSizeLimitExceeded', message: expect.stringContaining('The request payload size has exceeded the limit') });
    expect(host.inspect('S').grid.cells).toEqual([]);
    expect(host.syncs[0]).toMatchObject({ error: 'RequestPayloadSizeLimitExceeded' });
    expect(host.syncs[0]!.requestBytes).toBeGreaterThan(5_000_000);
  });

  it('rejects a response over the limit and loads nothing', async () => {
    const host = createSimHost({ grids: [{ sheet: 'S', cells: big }] });
    await host.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem('S').getRange(`A1:A${big.length}`);
      range.load('values');
      await expect(context.sync()).rejects.toMatchObject({ code: 'ResponsePayloadSizeLimitExceeded' });
      expect(() => range.values).toThrow(/not available/);
    });
  });

  it('counts UTF-8 bytes: Chinese text weighs three bytes a character', async () => {
    const host = createSimHost({ grids: [{ sheet: 'S', cells: [['一二三']] }] });
    await host.Excel.run(async (context) => {
      context.workbook.worksheets.getItem('S').getRange('A1').load('values');
      await context.sync();
    });
    expect(host.syncs[0]!.responseBytes).toBe(JSON.stringify([['一二三']]).length + 6);
  });
});

describe('API versions', () => {
  it('compares requirement set versions as numbers', () => {
    expect(compareVersions('1.13', '1.7')).toBe(1);
    expect(compareVersions('1.7', '1.7')).toBe(0);
    const host = createSimHost({ maxApiVersion: '1.7' });
    expect(host.Office.context.requirements.isSetSupported('ExcelApi', '1.7')).toBe(true);
    expect(host.Office.context.requirements.isSetSupported('ExcelApi', '1.8')).toBe(false);
    expect(host.Office.context.requirements.isSetSupported('ExcelApi', '1.13')).toBe(false);
    expect(host.Office.context.requirements.isSetSupported('WordApi', '1.1')).toBe(false);
  });

  it('fails a sync that uses an API the host lacks (Office 2019: no data validation)', async () => {
    const host = fromGrids([sampleGrid()], { maxApiVersion: '1.7' });
    await host.Excel.run(async (context) => {
      context.workbook.worksheets.getItem('整改台账').getRange('I5:I10').dataValidation.rule = { list: { inCellDropDown: true, source: '已完成,正在推进' } };
      await expect(context.sync()).rejects.toMatchObject({ code: 'ApiNotFound' });
    });
    expect(host.inspect('整改台账').validations).toEqual([]);
  });
});

describe('merged areas', () => {
  it('returns the areas whose top-left cell lies in the range, as Excel does', async () => {
    const host = fromGrids([sampleGrid()]);
    await host.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('整改台账');
      const all = sheet.getRange('A1:L14').getMergedAreasOrNullObject();
      all.areas.load('address');
      const lower = sheet.getRange('A6:L8').getMergedAreasOrNullObject();
      lower.areas.load('items/address');
      const none = sheet.getRange('D5:L7').getMergedAreasOrNullObject();
      await context.sync();
      all.load('areaCount');
      await context.sync();
      expect(all.areaCount).toBe(9);
      expect(all.areas.items.map((r) => r.address)).toContain('整改台账!C5:C7');
      expect(all.areas.items).toHaveLength(9);
      expect(lower.areas.items.map((r) => r.address)).toEqual(['整改台账!A8:L8']);
      expect(none.isNullObject).toBe(true);
    });
  });

  it('fails past 512 areas in one query', async () => {
    const merges = Array.from({ length: 600 }, (_, i) => ({ top: i, left: 0, bottom: i, right: 1 }));
    const host = createSimHost({ grids: [{ sheet: 'S', cells: merges.map((_, i) => [i]), merges }] });
    await host.Excel.run(async (context) => {
      context.workbook.worksheets.getItem('S').getRange('A1:B600').getMergedAreasOrNullObject().areas.load('address');
      await expect(context.sync()).rejects.toMatchObject({ code: 'GeneralException' });
    });
  });

  it('needs ExcelApi 1.13', async () => {
    const host = fromGrids([sampleGrid()], { maxApiVersion: '1.12' });
    await host.Excel.run(async (context) => {
      context.workbook.worksheets.getItem('整改台账').getRange('A1:L14').getMergedAreasOrNullObject();
      await expect(context.sync()).rejects.toMatchObject({ code: 'ApiNotFound' });
    });
  });
});

describe('cells as Excel stores them', () => {
  it('parses strings written as values unless the cell is formatted as text', async () => {
    const host = createSimHost({ grids: [{ sheet: 'S', cells: [] }] });
    await host.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('S');
      sheet.getRange('A1:E1').values = [['001', '2018-12-31', '=SUM(A1:A2)', '-项目', "'007"]];
      const text = sheet.getRange('A2:C2');
      text.numberFormat = [['@', '@', '@']];
      text.values = [['001', '2018-12-31', '=SUM(A1:A2)']];
      await context.sync();
    });
    const s = host.inspect('S');
    // The formulas are calculated: SUM skips the text "001" below; "-项目" names nothing Excel knows.
    expect(s.grid.cells[0]).toEqual([1, 43465, 1, '#NAME?', '007']);
    expect(s.formulas).toEqual({ C1: '=SUM(A1:A2)', D1: '=-项目' });
    expect(s.grid.cells[1]).toEqual(['001', '2018-12-31', '=SUM(A1:A2)']);
  });

  it('leaves cells given null unchanged and clears cells given ""', async () => {
    const host = createSimHost({ grids: [{ sheet: 'S', cells: [['a', 'b', 'c']] }] });
    await host.Excel.run(async (context) => {
      context.workbook.worksheets.getItem('S').getRange('A1:C1').values = [[null, '', 'C']];
      await context.sync();
    });
    expect(host.inspect('S').grid.cells).toEqual([['a', null, 'C']]);
  });

  it('refuses a value in the covered part of a merged cell', async () => {
    const host = fromGrids([sampleGrid()]);
    await host.Excel.run(async (context) => {
      context.workbook.worksheets.getItem('整改台账').getRange('C6').values = [['x']];
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidOperation' });
    });
  });

  it('reports used ranges like Excel: A1 for a blank sheet, or a null object', async () => {
    const host = createSimHost({ grids: [{ sheet: 'S', cells: [] }, { sheet: 'T', cells: [[], [null, null, 'x']] }] });
    await host.Excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      const blank = sheets.getItem('S').getUsedRange(true).load('address');
      const blankOrNull = sheets.getItem('S').getUsedRangeOrNullObject(true);
      const t = sheets.getItem('T').getUsedRange(true).load('address, rowIndex, columnIndex, rowCount, columnCount');
      await context.sync();
      expect(blank.address).toBe('S!A1');
      expect(blankOrNull.isNullObject).toBe(true);
      expect([t.address, t.rowIndex, t.columnIndex, t.rowCount, t.columnCount]).toEqual(['T!C2', 1, 2, 1, 1]);
    });
  });
});

describe('formats, settings, freeze panes and events', () => {
  it('records fills, fonts, hidden columns, validations, conditional formats and frozen panes', async () => {
    const host = fromGrids([sampleGrid()]);
    await host.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('整改台账');
      const i5 = sheet.getRange('I5');
      i5.format.fill.color = '#ffc7ce';
      i5.format.font.color = '#9C0006';
      i5.format.font.bold = true;
      sheet.getRange('K1').columnHidden = true;
      sheet.getRange('I5:I11').dataValidation.rule = { list: { inCellDropDown: true, source: '未启动,正在推进,已完成' } };
      const cf = sheet.getRange('A5:L11').conditionalFormats.add('Custom');
      cf.custom.rule.formula = '=$H5<TODAY()';
      cf.custom.format.fill.color = '#FFC7CE';
      sheet.freezePanes.freezeRows(3);
      const fill = sheet.getRange('I5:I6').format.fill.load('color');
      const one = sheet.getRange('I6').format.fill.load('color');
      await context.sync();
      expect(fill.color).toBeNull();
      expect(one.color).toBe('#FFFFFF');
    });
    const s = host.inspect('整改台账');
    expect(s.fills).toEqual({ I5: '#FFC7CE' });
    expect(s.fontColors).toEqual({ I5: '#9C0006' });
    expect(s.bold).toEqual(['I5']);
    expect(s.hiddenColumns).toEqual([10]);
    expect(s.validations).toEqual([{ address: 'I5:I11', rule: { list: { inCellDropDown: true, source: '未启动,正在推进,已完成' } } }]);
    expect(s.conditionalFormats).toEqual([{ addresses: ['A5:L11'], formula: '=$H5<TODAY()', fill: '#FFC7CE', stopIfTrue: false }]);
    expect(s.freeze).toEqual({ rows: 3, columns: 0 });
  });

  it('freezes and unfreezes panes at sync, from ExcelApi 1.7', async () => {
    const host = fromGrids([sampleGrid()]);
    await host.Excel.run(async (context) => {
      const panes = context.workbook.worksheets.getItem('整改台账').freezePanes;
      panes.freezeColumns(2);
      expect(host.inspect('整改台账').freeze).toEqual({ rows: 0, columns: 0 });
      await context.sync();
      expect(host.inspect('整改台账').freeze).toEqual({ rows: 0, columns: 2 });
      panes.unfreeze();
      await context.sync();
    });
    expect(host.inspect('整改台账').freeze).toEqual({ rows: 0, columns: 0 });
    const old = fromGrids([sampleGrid()], { maxApiVersion: '1.6' });
    await old.Excel.run(async (context) => {
      context.workbook.worksheets.getItem('整改台账').freezePanes.freezeRows(3);
      await expect(context.sync()).rejects.toMatchObject({ code: 'ApiNotFound' });
    });
  });

  it('refuses a typed list longer than 255 characters', async () => {
    const host = fromGrids([sampleGrid()]);
    await host.Excel.run(async (context) => {
      const units = Array.from({ length: 40 }, (_, i) => `第${i + 1}党支部委员会`).join(',');
      context.workbook.worksheets.getItem('整改台账').getRange('F5:F11').dataValidation.rule = { list: { inCellDropDown: true, source: units } };
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidArgument' });
    });
  });

  it('keeps JSON-serialisable settings', async () => {
    const host = fromGrids([sampleGrid()]);
    await host.Excel.run(async (context) => {
      context.workbook.settings.add('ledger.server', { url: 'https://ledger.example.cn', campaign: 'default' });
      await context.sync();
      const read = context.workbook.settings.getItemOrNullObject('ledger.server').load('value');
      const missing = context.workbook.settings.getItemOrNullObject('nothing');
      await context.sync();
      expect(read.value).toEqual({ url: 'https://ledger.example.cn', campaign: 'default' });
      expect(missing.isNullObject).toBe(true);
      read.delete();
      await context.sync();
    });
    expect(host.settings()).toEqual({});
  });

  it('raises change events for user, co-author and add-in edits, with details for one cell only', async () => {
    const host = fromGrids([sampleGrid()]);
    const seen: { address: string; source: string; trigger: string; details?: unknown }[] = [];
    await host.Excel.run(async (context) => {
      context.workbook.worksheets.getItem('整改台账').onChanged.add(async (args) => {
        seen.push({ address: args.address, source: args.source, trigger: args.triggerSource, ...(args.details && { details: args.details }) });
      });
      await context.sync();
    });
    await host.edit('整改台账', 'I7', [['已完成']]);
    await host.edit('整改台账', 'J7:K7', [['已办结', '文件.pdf']], 'Remote');
    await host.Excel.run(async (context) => {
      context.workbook.worksheets.getItem('整改台账').getRange('L7').values = [['备注']];
      await context.sync();
    });
    await host.idle();
    expect(seen).toEqual([
      { address: 'I7', source: 'Local', trigger: 'Unknown', details: { valueBefore: '正在推进', valueAfter: '已完成', valueTypeBefore: 'String', valueTypeAfter: 'String' } },
      { address: 'J7:K7', source: 'Remote', trigger: 'Unknown' },
      { address: 'L7', source: 'Local', trigger: 'ThisLocalAddin', details: { valueBefore: '', valueAfter: '备注', valueTypeBefore: 'Empty', valueTypeAfter: 'String' } },
    ]);
  });
});

describe('removing a change handler', () => {
  it('stops the events once the removal is synced', async () => {
    const host = fromGrids([sampleGrid()]);
    let calls = 0;
    const result = await host.Excel.run(async (context) => {
      const added = context.workbook.worksheets.getItem('整改台账').onChanged.add(async () => {
        calls++;
      });
      await context.sync();
      await host.edit('整改台账', 'I7', [['已完成']]);
      added.remove();
      await host.edit('整改台账', 'I8', [['已完成']]);
      await context.sync();
      return added;
    });
    await host.edit('整改台账', 'I9', [['已完成']]);
    expect(calls).toBe(2);
    expect(result.context).toBeDefined();
  });
});

describe('grids in and out', () => {
  it('exports what it was given', () => {
    const grid = { ...sampleGrid(), hiddenColumns: [11] };
    const host = fromGrids([grid, { sheet: '封面', cells: [['封面']], hidden: true }]);
    expect(host.toGrids()).toEqual([grid, { sheet: '封面', cells: [['封面']], merges: [], hidden: true, hiddenColumns: [] }]);
  });
});
