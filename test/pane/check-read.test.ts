// Reading for checking in a fixed plan: the same round trips for 100 rows as for 10,000, only the
// columns the rules need, and the same findings as reading everything.
import { describe, expect, it } from 'vitest';
import { checkLedgers, readLedger, type Grid } from '../../ledger';
import { PRESENCE_MARK, readColumnsForCheck, readSheetGrid, type CheckGrid } from '../../addin/excel/adapter';
import { fromGrids, type SimHost } from '../../addin/sim';
import { checkColumnsFor } from '../../addin/pane/check';
import { effectiveConfig } from '../../addin/pane/settings';
import { bigLedgerGrid, sampleGrid } from '../addin/fixtures';
import { AS_OF, sampleLedgerGrid } from './helpers';

const config = effectiveConfig(undefined, {});

function readForCheck(host: SimHost): Promise<CheckGrid> {
  return host.Excel.run((context) => readColumnsForCheck(context, host.Office.context.requirements, checkColumnsFor(config)));
}

function findings(grid: Grid) {
  const ledger = readLedger({ file: 'x.xlsx', sheets: [grid] }, { config });
  return checkLedgers([ledger], { asOf: AS_OF, config });
}

describe('reading a sheet for checking', () => {
  it('takes two round trips for 100 rows and for 10,000 rows of Chinese text', async () => {
    const small = fromGrids([bigLedgerGrid(100)]);
    const large = fromGrids([bigLedgerGrid(10_000)]);
    await readForCheck(small);
    const read = await readForCheck(large);
    expect(small.syncCount).toBe(2);
    expect(large.syncCount).toBe(small.syncCount);
    expect(large.syncs.every((s) => !s.error && s.responseBytes < large.payloadLimit)).toBe(true);
    expect(read.grid.cells).toHaveLength(10_001);

    // Reading everything would not fit in two: 10,000 such rows weigh about 5 MB.
    const full = fromGrids([bigLedgerGrid(10_000)]);
    await full.Excel.run((context) => readSheetGrid(context, full.Office.context.requirements));
    expect(full.syncCount).toBeGreaterThan(2);
  });

  it('leaves out the columns no rule reads, and reads evidence only as filled or empty', async () => {
    const source = bigLedgerGrid(100);
    const { grid, fullRows, columns } = await readForCheck(fromGrids([source]));
    const row = grid.cells[fullRows + 1]!;
    const original = source.cells[fullRows + 1]!;
    // progress (N, 13) and responsible leader (G, 6) are not read; the measure (F, 5) is.
    expect(row[13] ?? null).toBeNull();
    expect(row[6] ?? null).toBeNull();
    expect(row[5]).toBe(original[5]);
    expect(columns.presence).toEqual([15]);
    expect(row[15] ?? null).toBe(original[15] === null || original[15] === undefined ? null : PRESENCE_MARK);
  });

  it('gives the findings a full read gives', async () => {
    for (const source of [sampleGrid(), await sampleLedgerGrid(), bigLedgerGrid(600)]) {
      const { grid } = await readForCheck(fromGrids([source]));
      const partial = findings(grid);
      const whole = findings(source);
      expect(partial.findings).toEqual(whole.findings);
      expect(partial.rollup).toEqual(whole.rollup);
    }
  });

  it('reads 60,000 rows in blocks, never over the payload limit', async () => {
    const host = fromGrids([bigLedgerGrid(60_000)]);
    const { grid } = await readForCheck(host);
    expect(grid.cells).toHaveLength(60_001);
    expect(host.syncs.every((s) => !s.error && s.responseBytes <= host.payloadLimit && s.requestBytes <= host.payloadLimit)).toBe(true);
    expect(host.syncCount).toBeLessThanOrEqual(8);
  });

  it('reads a sheet shorter than the first block in one round trip', async () => {
    const host = fromGrids([sampleGrid()]);
    await readForCheck(host);
    expect(host.syncCount).toBe(1);
  });
});
