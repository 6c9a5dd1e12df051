// Setting up the sheet: the column mapping (and corrections), drop-downs, status colouring and the
// hidden id columns, all written into the workbook.
import { describe, expect, it } from 'vitest';
import { fromGrids } from '../../addin/sim';
import { PaneController } from '../../addin/pane/controller';
import { paneEnv, sampleLedgerGrid } from './helpers';

async function setUpSample(maxApiVersion?: string) {
  const grid = await sampleLedgerGrid();
  const host = fromGrids([grid], maxApiVersion ? { maxApiVersion } : {});
  const pane = new PaneController(paneEnv(host));
  await pane.init();
  return { host, pane, sheet: grid.sheet };
}

describe('setting up the ledger sheet', () => {
  it('finds the table and shows which column holds which field', async () => {
    const { pane } = await setUpSample();
    const info = await pane.detect();
    expect(info).toMatchObject({ name: '整改台账', headerRow: 3, firstRow: 5, lastRow: 10, count: 5 });
    const fields = Object.fromEntries(info!.mapping.map((m) => [m.letter, m.field]));
    expect(fields).toMatchObject({ A: 'seq', B: 'category', C: 'problem', D: 'measure', G: 'unit', I: 'deadline', J: 'status', K: 'evidence', L: 'remarks' });
    expect(pane.state.notices.sheet?.[0]).toMatchObject({ key: 'sheet.found' });
  });

  it('remembers a corrected column in the workbook and reads the sheet with it', async () => {
    const { host, pane } = await setUpSample();
    await pane.detect();
    // 备注 (L) holds what this unit calls its progress notes.
    await pane.correctMapping('备注', 'progress');
    expect(pane.state.sheet?.mapping.find((m) => m.letter === 'L')?.field).toBe('progress');
    expect(host.settings()['ledger.sheet']).toEqual({ sheet: '整改台账', aliases: { progress: ['备注'] } });

    // A new pane on the same workbook (reopened) reads it the same way.
    const again = new PaneController(paneEnv(host));
    await again.init();
    expect((await again.detect())?.mapping.find((m) => m.letter === 'L')?.field).toBe('progress');
  });

  it('adds drop-downs, overdue colouring and hidden id columns to the workbook', async () => {
    const { host, pane, sheet } = await setUpSample();
    await pane.detect();
    const report = await pane.setUp();
    expect(report).toMatchObject({ dropdowns: 'applied', formats: 'applied', idColumns: { idCol: 12, versionCol: 13 } });
    const snap = host.inspect(sheet);
    const rules = Object.fromEntries(snap.validations.map((v) => [v.address, v.rule.list.source]));
    expect(rules['J5:J10']).toBe('未启动,正在推进,已完成,已完成并长期坚持');
    expect(rules['B5:B10']).toBe('理论学习不深入,基层组织建设薄弱');
    expect(rules['G5:G10']).toBe('某学院');
    expect(snap.conditionalFormats).toHaveLength(2);
    expect(snap.conditionalFormats[0]).toMatchObject({ addresses: ['A5:L10'], fill: '#FFC7CE' });
    expect(snap.conditionalFormats[0]!.formula).toContain('TODAY()');
    expect(snap.conditionalFormats[0]!.formula).toContain('"已完成并长期坚持"');
    expect(snap.conditionalFormats[1]).toMatchObject({ fill: '#FFEB9C' });
    expect(snap.hiddenColumns).toEqual([12, 13]);
    expect(snap.grid.cells[2]?.slice(12)).toEqual(['__id', '__version']);
    const keys = (pane.state.notices.sheet ?? []).map((n) => ('key' in n ? n.key : 'text'));
    expect(keys).toEqual(expect.arrayContaining(['sheet.applied.dropdowns', 'sheet.applied.formats', 'sheet.applied.ids', 'sheet.textDeadlines', 'sheet.survives']));
  });

  it('on Excel 2019 (ExcelApi 1.7) says drop-downs need a newer Excel and does the rest', async () => {
    const { host, pane, sheet } = await setUpSample('1.7');
    await pane.detect();
    const report = await pane.setUp();
    expect(report).toMatchObject({ dropdowns: 'unsupported', formats: 'applied' });
    expect(report?.messages[0]).toMatch(/ExcelApi 1\.8.*Microsoft 365/s);
    const snap = host.inspect(sheet);
    expect(snap.validations).toEqual([]);
    expect(snap.conditionalFormats).toHaveLength(2);
    expect(snap.hiddenColumns).toEqual([12, 13]);
    expect(host.syncs.every((s) => !s.error)).toBe(true);
    expect(pane.state.notices.sheet?.some((n) => 'text' in n && n.text.en.includes('ExcelApi 1.8'))).toBe(true);
  });

  it('says so when the active sheet holds no ledger', async () => {
    const host = fromGrids([{ sheet: '封面', cells: [['2018年巡视整改工作'], ['某学院']] }]);
    const pane = new PaneController(paneEnv(host));
    await pane.init();
    expect((await pane.detect())?.headerRow).toBeUndefined();
    expect(pane.state.notices.sheet?.[0]).toMatchObject({ kind: 'warn', key: 'sheet.notFound' });
  });
});
