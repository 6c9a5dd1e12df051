// Checking: findings grouped by severity with their cells, marks on the sheet, a click that selects
// the cell, and re-checking as the user types (the add-in's own writes are not re-checked).
import { describe, expect, it } from 'vitest';
import { fromGrids } from '../../addin/sim';
import { PaneController } from '../../addin/pane/controller';
import { marksFor } from '../../addin/pane/check';
import { bigLedgerGrid } from '../addin/fixtures';
import { SAMPLE_FIGURES } from '../support/sample';
import { fillAsUser, paneEnv, sampleLedgerGrid, USER_BLUE, USER_YELLOW } from './helpers';

const AMBER = '#FFEB9C';
const RED = '#FFC7CE';
const BLUE = USER_BLUE;
const YELLOW = USER_YELLOW;

async function samplePane() {
  const grid = await sampleLedgerGrid();
  const host = fromGrids([grid]);
  const pane = new PaneController(paneEnv(host));
  await pane.init();
  return { host, pane, sheet: grid.sheet };
}

describe('checking the sheet', () => {
  it('finds the overdue measure, marks its cell and selects it when clicked', async () => {
    const { host, pane, sheet } = await samplePane();
    const outcome = await pane.check();
    const found = outcome!.result.findings.map((f) => [f.code, f.row, f.column, f.severity]);
    expect(found).toEqual([['overdue', 8, 'I', 'warning']]);
    expect(outcome!.result.findings[0]!.message).toBe('已逾期10天：完成时限为2018年8月31日，尚未完成');
    expect(outcome!.result.rollup).toMatchObject(SAMPLE_FIGURES);
    expect(host.inspect(sheet).fills).toEqual({ I8: AMBER });

    await pane.goTo(outcome!.result.findings[0]!);
    expect(host.selection()).toEqual({ sheet, address: 'I8' });
  });

  it('lists errors before warnings and marks errors red', async () => {
    const grid = await sampleLedgerGrid();
    grid.cells[8]![9] = '差不多了';
    const host = fromGrids([grid]);
    const pane = new PaneController(paneEnv(host));
    await pane.init();
    const outcome = await pane.check();
    const marks = marksFor(outcome!.result.findings);
    expect(marks).toContainEqual({ row: 8, col: 9, severity: 'error' });
    expect(host.inspect(grid.sheet).fills).toMatchObject({ J9: RED, I8: AMBER });
  });

  it('re-checks an edited row: the fixed cell loses its mark, a new problem gains one', async () => {
    const { host, pane, sheet } = await samplePane();
    await pane.check();
    const before = host.syncCount;
    // 第8行 marked done: no longer overdue, but done without evidence.
    await host.edit(sheet, 'J8', [['已完成']]);
    await pane.checker.settled();
    const codes = pane.state.check!.result.findings.map((f) => `${f.code}@${f.column}${f.row}`);
    expect(codes).toEqual(['done_without_evidence@K8']);
    expect(host.inspect(sheet).fills).toEqual({ K8: AMBER });
    // The edited row read again, the newly marked cell's own fill looked up, the marks changed.
    expect(host.syncCount - before).toBe(3);

    // Several cells at once arrive without details: still re-checked.
    await host.edit(sheet, 'J8:K8', [['正在推进', '检查记录']]);
    await pane.checker.settled();
    expect(pane.state.check!.result.findings.map((f) => f.code)).toEqual(['overdue']);
    expect(host.inspect(sheet).fills).toEqual({ I8: AMBER });
  });

  it('puts back the fills a user gave the cells it marks, a whole column or a single cell', async () => {
    const grid = await sampleLedgerGrid();
    const host = fromGrids([grid]);
    const sheet = grid.sheet;
    await fillAsUser(host, sheet);
    const pane = new PaneController(paneEnv(host));
    await pane.init();
    await pane.check();
    expect(host.inspect(sheet).fills.I8).toBe(AMBER);

    await host.edit(sheet, 'J8', [['已完成']]);
    await pane.checker.settled();
    expect(host.inspect(sheet).fills).toMatchObject({ I8: BLUE, K8: AMBER });

    await host.edit(sheet, 'K8', [['检查记录']]);
    await pane.checker.settled();
    expect(host.inspect(sheet).fills).toMatchObject({ I8: BLUE, K8: YELLOW });
  });

  it('does not re-check its own writes', async () => {
    const { pane } = await samplePane();
    let results = 0;
    let seen: unknown;
    pane.subscribe((s) => {
      if (s.check && s.check !== seen) results++;
      seen = s.check;
    });
    await pane.check();
    const after = results;
    await pane.setUp();
    await pane.checker.settled();
    // setUp writes the id columns' headers and re-checks once itself; the change events it raised add none.
    expect(results - after).toBe(1);
    const count = results;
    await pane.checker.settled();
    expect(results).toBe(count);
  });

  it('checks and marks 100 rows in three round trips to Excel and 20,000 rows in four', async () => {
    const counts: number[] = [];
    for (const rows of [100, 20_000]) {
      const host = fromGrids([bigLedgerGrid(rows)]);
      // As of a day before the first deadline, so the marks stay within one batch for both.
      const pane = new PaneController({ ...paneEnv(host), today: () => '2017-01-01' });
      await pane.init();
      const before = host.syncCount;
      await pane.check();
      counts.push(host.syncCount - before);
    }
    // Size and header; the checked columns, with the saved marks and the cells' own fills alongside;
    // the marks, saved, with the edit watch registered. The checked columns of 20,000 rows are more
    // than Excel takes in one request (5 MB): one more round trip for the second half.
    expect(counts).toEqual([3, 4]);
  });

  it('leaves edits alone when re-checking after edits is turned off', async () => {
    const { host, pane, sheet } = await samplePane();
    await pane.check();
    await pane.setAutoCheck(false);
    const before = pane.state.check;
    await host.edit(sheet, 'J8', [['已完成']]);
    await pane.checker.settled();
    expect(pane.state.check).toBe(before);
    expect(host.settings()['ledger.preferences']).toEqual({ lang: 'zh', autoCheck: false });
  });

  it('checks a workbook whose ledger sheet it knows as soon as the pane opens', async () => {
    const { host, pane } = await samplePane();
    await pane.detect();
    const reopened = new PaneController(paneEnv(host));
    await reopened.init();
    expect(reopened.state.check?.result.findings.map((f) => f.code)).toEqual(['overdue']);
    expect(pane.state.check).toBeUndefined();
  });
});
