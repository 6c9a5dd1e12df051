// Rows, columns and cells inserted or deleted in a checked ledger: Excel moves the marks' fills with
// their cells, and the pane must follow, so that afterwards the sheet's fills are exactly the marks of
// the current findings over the user's own fills, the findings name the rows as they now are, and the
// workbook's record of marks names the cells where the marks are.
import { describe, expect, it } from 'vitest';
import { rangeRef } from '../../ledger';
import { fromGrids, type SimHost } from '../../addin/sim';
import { PaneController } from '../../addin/pane/controller';
import { marksFor } from '../../addin/pane/check';
import { marksSettingKey } from '../../addin/excel/adapter';
import { fillAsUser, paneEnv, sampleLedgerGrid, USER_BLUE, USER_YELLOW } from './helpers';

const AMBER = '#FFEB9C';
const RED = '#FFC7CE';
const BLUE = USER_BLUE;
const YELLOW = USER_YELLOW;

/** The user's own fills: a blue column (rows 1..`last`) and one yellow cell. */
function ownFills(column: string, last: number, yellow: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (let row = 1; row <= last; row++) out[`${column}${row}`] = BLUE;
  if (yellow) out[yellow] = YELLOW;
  return out;
}

/**
 * The sample ledger with three findings (J5 and J9: a status the ledger does not know, errors; I8:
 * overdue, a warning), column I filled blue and K8 yellow by the user, checked once.
 */
async function checkedLedger(options: { maxApiVersion?: string; debounceMs?: number } = {}) {
  const grid = await sampleLedgerGrid();
  grid.cells[4]![9] = '差不多了';
  grid.cells[8]![9] = '差不多了';
  const host = fromGrids([grid], options.maxApiVersion ? { maxApiVersion: options.maxApiVersion } : {});
  const sheet = grid.sheet;
  await fillAsUser(host, sheet);
  const pane = new PaneController(paneEnv(host, undefined, options.debounceMs ? { debounceMs: options.debounceMs } : {}));
  await pane.init();
  await pane.check();
  return { host, pane, sheet };
}

function findingsAt(pane: PaneController): string[] {
  return pane.state.check!.result.findings.map((f) => `${f.code}@${f.column}${f.row}`);
}

/** The sheet shows the current findings' marks over the user's fills, and nothing else; the setting names exactly the marked cells with their own fills. */
function expectMarksMatchFindings(host: SimHost, pane: PaneController, sheet: string, own: Record<string, string>): void {
  const expected: Record<string, string> = { ...own };
  const saved: Record<string, string | null> = {};
  for (const m of marksFor(pane.state.check!.result.findings)) {
    const address = rangeRef({ top: m.row, left: m.col, bottom: m.row, right: m.col });
    saved[address] = own[address] ?? null;
    expected[address] = m.severity === 'error' ? RED : AMBER;
  }
  const sorted = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
  expect(sorted(host.inspect(sheet).fills)).toEqual(sorted(expected));
  expect(host.settings()[marksSettingKey(sheet)]).toEqual(saved);
}

async function settle(host: SimHost, pane: PaneController): Promise<void> {
  await host.idle();
  await pane.checker.settled();
}

describe('marks follow inserted and deleted rows', () => {
  it('starts from three marks over the user fills', async () => {
    const { host, pane, sheet } = await checkedLedger();
    expect(findingsAt(pane)).toEqual(['unknown_status@J5', 'overdue@I8', 'unknown_status@J9']);
    expectMarksMatchFindings(host, pane, sheet, ownFills('I', 40, 'K8'));
  });

  it('moves the marks below a row inserted above them, reading only the new row', async () => {
    const { host, pane, sheet } = await checkedLedger();
    const before = host.syncCount;
    await host.insertCells(sheet, '7:7');
    await settle(host, pane);
    expect(findingsAt(pane)).toEqual(['unknown_status@J5', 'overdue@I9', 'unknown_status@J10']);
    // The inserted I7 took I6's blue, as Excel's "format same as above" gives it.
    expectMarksMatchFindings(host, pane, sheet, ownFills('I', 41, 'K9'));
    // The new row read; the record of marks saved where the marks now are.
    expect(host.syncCount - before).toBe(2);
  });

  it('takes the copied mark off a row inserted just below a marked one, giving it the fill the row above has of its own', async () => {
    const { host, pane, sheet } = await checkedLedger();
    await host.insertCells(sheet, '9:10');
    await settle(host, pane);
    expect(findingsAt(pane)).toEqual(['unknown_status@J5', 'overdue@I8', 'unknown_status@J11']);
    // I9 and I10 came with I8's amber mark; they are blue like the rest of column I now (and yellow
    // like K8 in column K, which is the user's fill, copied as Excel copies it).
    expectMarksMatchFindings(host, pane, sheet, { ...ownFills('I', 42, 'K8'), K9: YELLOW, K10: YELLOW });
  });

  it('drops the mark of a deleted row and moves those below it up, in one round trip', async () => {
    const { host, pane, sheet } = await checkedLedger();
    const before = host.syncCount;
    await host.deleteCells(sheet, '8:8');
    await settle(host, pane);
    expect(findingsAt(pane)).toEqual(['unknown_status@J5', 'unknown_status@J8']);
    // The yellow K8 went with its row.
    expectMarksMatchFindings(host, pane, sheet, ownFills('I', 39, undefined));
    expect(host.syncCount - before).toBe(1);
  });

  it('moves the marks below a deleted row up, and leaves those above alone', async () => {
    const { host, pane, sheet } = await checkedLedger();
    await host.deleteCells(sheet, '6:6');
    await settle(host, pane);
    expect(findingsAt(pane)).toEqual(['unknown_status@J5', 'overdue@I7', 'unknown_status@J8']);
    expectMarksMatchFindings(host, pane, sheet, ownFills('I', 39, 'K7'));
  });

  it('follows rows inserted and deleted in quick succession, edits between them included', async () => {
    const { host, pane, sheet } = await checkedLedger();
    await host.insertCells(sheet, '4:5');
    await host.edit(sheet, 'J11', [['已完成']]);
    await host.deleteCells(sheet, '7:7');
    await settle(host, pane);
    // Row 9 became 11 (fixed: done without evidence now), then 10; row 8 became 10, then 9; row 5 became 7, then was deleted.
    expect(findingsAt(pane)).toEqual(['overdue@I9', 'done_without_evidence@K10']);
    expectMarksMatchFindings(host, pane, sheet, ownFills('I', 41, 'K9'));
  });

  it('does not move the rows twice when a check reads the sheet before the re-check runs', async () => {
    const { host, pane, sheet } = await checkedLedger();
    await host.insertCells(sheet, '7:7');
    // Checked at once (as a sync ends with a check), before the debounced re-check of the insertion.
    await pane.check();
    await settle(host, pane);
    expect(findingsAt(pane)).toEqual(['unknown_status@J5', 'overdue@I9', 'unknown_status@J10']);
    expectMarksMatchFindings(host, pane, sheet, ownFills('I', 41, 'K9'));
    await host.edit(sheet, 'J10', [['未启动']]);
    await settle(host, pane);
    expect(findingsAt(pane)).toEqual(['unknown_status@J5', 'overdue@I9']);
    expectMarksMatchFindings(host, pane, sheet, ownFills('I', 41, 'K9'));
  });

  it('clears the marks where they moved when asked before the re-check', async () => {
    const { host, pane, sheet } = await checkedLedger({ debounceMs: 2_000 });
    await host.deleteCells(sheet, '6:6');
    await pane.clearMarks();
    expect(host.inspect(sheet).fills).toEqual(ownFills('I', 39, 'K7'));
    expect(host.settings()[marksSettingKey(sheet)]).toBeUndefined();
    await settle(host, pane);
    expectMarksMatchFindings(host, pane, sheet, ownFills('I', 39, 'K7'));
  });

  it('follows a deletion made while re-checks are off, and marks right when checked again', async () => {
    const { host, pane, sheet } = await checkedLedger();
    await pane.setAutoCheck(false);
    await host.deleteCells(sheet, '2:2');
    await settle(host, pane);
    expect(host.settings()[marksSettingKey(sheet)]).toEqual({ J4: null, J8: null, I7: BLUE });
    await pane.check();
    expect(findingsAt(pane)).toEqual(['unknown_status@J4', 'overdue@I7', 'unknown_status@J8']);
    expectMarksMatchFindings(host, pane, sheet, ownFills('I', 39, 'K7'));
  });
});

describe('a sheet checked before another', () => {
  it('has its saved marks moved when its rows move while the pane marks the other', async () => {
    const grid = await sampleLedgerGrid();
    grid.cells[4]![9] = '差不多了';
    const host = fromGrids([{ ...grid, sheet: '台账甲' }, { ...structuredClone(grid), sheet: '台账乙' }]);
    const pane = new PaneController(paneEnv(host));
    await pane.init();
    await pane.check();
    expect(host.settings()[marksSettingKey('台账甲')]).toEqual({ J5: null, I8: null });
    host.activate('台账乙');
    await pane.detect();
    await pane.check();
    await host.insertCells('台账甲', '2:3');
    await settle(host, pane);
    expect(host.settings()[marksSettingKey('台账甲')]).toEqual({ J7: null, I10: null });
    expect(host.inspect('台账甲').fills).toEqual({ J7: RED, I10: AMBER });
    // Back on the first sheet, a check finds its marks where they are: nothing stale, nothing twice.
    host.activate('台账甲');
    await pane.detect();
    await pane.check();
    expect(findingsAt(pane)).toEqual(['unknown_status@J7', 'overdue@I10']);
    expect(host.inspect('台账甲').fills).toEqual({ J7: RED, I10: AMBER });
  });
});

describe('marks follow inserted and deleted columns', () => {
  it('re-reads the header after a column is inserted inside the ledger, and says so', async () => {
    const { host, pane, sheet } = await checkedLedger();
    const before = host.syncCount;
    await host.insertCells(sheet, 'E:E');
    await settle(host, pane);
    expect(findingsAt(pane)).toEqual(['unknown_status@K5', 'overdue@J8', 'unknown_status@K9']);
    expectMarksMatchFindings(host, pane, sheet, ownFills('J', 40, 'L8'));
    expect(pane.state.notices.check).toEqual([{ kind: 'info', key: 'check.columnsMoved' }]);
    // The whole check: size and header, the checked columns, the record of marks saved.
    expect(host.syncCount - before).toBe(3);
  });

  it('names the header, rows and columns where they moved in the sheet section', async () => {
    const { host, pane, sheet } = await checkedLedger();
    await pane.detect();
    expect(pane.state.sheet).toMatchObject({ headerRow: 3, firstRow: 5, lastRow: 10 });
    expect(pane.state.sheet!.mapping.find((m) => m.field === 'deadline')?.letter).toBe('I');
    await host.insertCells(sheet, 'A:A');
    await host.insertCells(sheet, '1:2');
    await settle(host, pane);
    expect(pane.state.sheet).toMatchObject({ headerRow: 5, firstRow: 7, lastRow: 12 });
    expect(pane.state.sheet!.mapping.find((m) => m.field === 'deadline')?.letter).toBe('J');
    expect(findingsAt(pane)).toEqual(['unknown_status@K7', 'overdue@J10', 'unknown_status@K11']);
  });

  it('re-reads the header after a column is deleted, the marks of the deleted column going with it', async () => {
    const { host, pane, sheet } = await checkedLedger();
    await host.deleteCells(sheet, 'I:I');
    await settle(host, pane);
    const found = findingsAt(pane);
    // Without its deadline column the ledger has no overdue rows; the status findings moved left.
    expect(found).toContain('unknown_status@I5');
    expect(found).toContain('unknown_status@I9');
    expect(found.some((f) => f.startsWith('overdue'))).toBe(false);
    expectMarksMatchFindings(host, pane, sheet, { J8: YELLOW });
  });
});

describe('marks follow cells inserted or deleted within some columns', () => {
  it('moves the marks of the shifted cells only, when Excel says which way they moved (ExcelApi 1.14)', async () => {
    const { host, pane, sheet } = await checkedLedger();
    // Cells I8:J8 pushed down: I8's mark moves to I9 with its deadline, J9's to J10.
    await host.insertCells(sheet, 'I8:J8', 'Down');
    await settle(host, pane);
    const marks = Object.entries(host.inspect(sheet).fills).filter(([, fill]) => fill === RED || fill === AMBER);
    for (const [address] of marks) {
      const cell = { row: Number(address.slice(1)), column: address[0]! };
      expect(pane.state.check!.result.findings.some((f) => f.row === cell.row && f.column === cell.column)).toBe(true);
    }
    expectMarksMatchFindings(host, pane, sheet, ownFills('I', 41, 'K8'));
  });

  it('checks the whole sheet again and says marks may be left behind when the host does not say the direction (ExcelApi 1.7)', async () => {
    const { host, pane, sheet } = await checkedLedger({ maxApiVersion: '1.7' });
    const before = findingsAt(pane);
    // The note below the table, deleted with the cells below it moving up.
    await host.deleteCells(sheet, 'A12:L12', 'Up');
    await settle(host, pane);
    expect(pane.state.notices.check).toEqual([{ kind: 'warn', key: 'check.movedUnknown' }]);
    expect(findingsAt(pane)).toEqual(before);
  });
});

describe('a mark the pane could not follow', () => {
  it('is not taken for a cell’s own fill (a marked row copied in, a deletion undone)', async () => {
    const { host, pane, sheet } = await checkedLedger();
    // A mark's amber brought to K9 with its cell, as a copied row or an undone deletion brings it.
    await host.Excel.run(async (context) => {
      context.workbook.worksheets.getItem(sheet).getRange('K9').format.fill.color = AMBER;
      await context.sync();
    });
    await host.edit(sheet, 'J9', [['已完成']]);
    await settle(host, pane);
    expect(findingsAt(pane)).toEqual(['unknown_status@J5', 'overdue@I8', 'done_without_evidence@K9']);
    expectMarksMatchFindings(host, pane, sheet, ownFills('I', 40, 'K8'));
    await host.edit(sheet, 'K9', [['验收记录']]);
    await settle(host, pane);
    // Its mark gone, K9 has no fill: not the amber it showed before it was marked.
    expectMarksMatchFindings(host, pane, sheet, ownFills('I', 40, 'K8'));
  });
});

describe('edits', () => {
  it('re-checks an edited row as before: its row read again, the marks changed', async () => {
    const { host, pane, sheet } = await checkedLedger();
    const before = host.syncCount;
    await host.edit(sheet, 'J9', [['未启动']]);
    await settle(host, pane);
    expect(findingsAt(pane)).toEqual(['unknown_status@J5', 'overdue@I8']);
    expectMarksMatchFindings(host, pane, sheet, ownFills('I', 40, 'K8'));
    expect(host.syncCount - before).toBe(2);
  });
});
