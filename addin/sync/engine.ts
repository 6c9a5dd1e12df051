// One click of "同步": send this workbook's edits to the service and take the office's updates.
//
//  1. Read the sheet in full (constant round trips), and the workbook's sync state (round.ts).
//  2. Send any push still queued from an offline moment, with its original client and mutation id (flush.ts).
//  3. Pull the rows changed since the cursor (all rows when this browser has no snapshot) (pull.ts).
//  4. Per row and column: equal to the service → nothing; edited here (differs from the snapshot)
//     → push it; not edited here → take the service's value. Fields with an open conflict keep the
//     sheet's value until the conflict is resolved (merge.ts).
//  5. Push the edits (queued first, so a lost answer is retried with the same ids), and rows without
//     an id as new rows (the service matches them by identity) (push.ts).
//  6. Write the changed cells, the new rows (append.ts) and the ids/versions in a few batched round
//     trips (writes.ts), then save the cursor, the mutation id and the snapshot.
import type { ConflictChoice } from '../../ledger/sync-protocol';
import { writeBlocks, type CellBlock } from '../excel/adapter';
import { appendRows } from './append';
import { columnOfField, placeConflicts } from './conflicts';
import { cellFor, columnName, fieldHash, readBack, type CellOut } from './fields';
import { flushQueue } from './flush';
import { adoptServiceIds, collectEdits, settleUnchanged, takeServiceValues } from './merge';
import { pullChanges } from './pull';
import { pushEdits, queueEdits } from './push';
import type { SyncReport } from './report';
import { persist, snapshotKeyOf, SyncRound, type SyncDeps, type SyncTarget } from './round';
import { readLedgerSheet } from './sheet';
import { loadSnapshot, Snapshot } from './snapshot';
import { unwritableCells, writeToSheet } from './writes';

export class SyncEngine {
  constructor(
    private readonly deps: SyncDeps,
    private readonly target: SyncTarget,
  ) {}

  async sync(): Promise<SyncReport> {
    const round = await SyncRound.open(this.deps, this.target);
    if ((await flushQueue(round)) === 'offline') return round.offline();
    const pulled = await pullChanges(round);
    if (!pulled) {
      queueEdits(round);
      return round.offline();
    }
    const byId = adoptServiceIds(round, pulled);
    takeServiceValues(round, pulled);
    collectEdits(round, pulled.reads, pulled.conflictCells);
    settleUnchanged(round, pulled);
    const openConflicts = (await pushEdits(round, pulled)) ?? pulled.openConflicts;
    const appended = appendRows(round, pulled, byId);

    round.progress('write', 0.8);
    await writeToSheet(this.deps.excel, round.sheet, round.writes, appended);
    round.state.cursor = pulled.cursor;
    await round.persist();
    const { report } = round;
    report.conflicts = placeConflicts(openConflicts, round.locals, round.columns);
    report.queued = round.state.queue.length;
    round.progress('done', 1);
    return report;
  }

  /**
   * Settles a conflict with the person's choice and puts the chosen value into the sheet. Returns
   * the Excel row it landed in, when the row is in this sheet.
   */
  async resolve(conflictId: string, choice: ConflictChoice): Promise<{ row?: number }> {
    const { deps, target } = this;
    const { conflict, row } = await deps.api.resolveConflict(target.campaign, conflictId, choice);
    const sheet = await readLedgerSheet(deps.excel, target.config, target.sheetName);
    const state = await deps.loadState();
    const snapshot = loadSnapshot(deps.store, snapshotKeyOf(deps, target, state), state.snapshotTag) ?? new Snapshot();
    const found = sheet.ledger.rows.find((r) => r.measure.id === row.id);
    const column = columnOfField(sheet.columns, conflict.field);
    if (!found || !column) return {};
    const r = found.source.row - 1;
    const read = readBack(sheet.columns, [row.measure], target.config)[0]!;
    const blocks: CellBlock[] = [];
    const blocked = unwritableCells(sheet);
    const put = (col: number, out: CellOut) => {
      if (!blocked.has(`${r}:${col}`)) blocks.push({ row: r, col, values: [[out.value]], formats: [[out.format ?? null]] });
    };
    if (fieldHash(column, read) !== fieldHash(column, found.measure)) put(column.index, cellFor(column, row.measure, target.config));
    const snap = snapshot.get(row.id);
    const hashes = new Map(snap?.hashes ?? sheet.columns.map((c) => [columnName(c), fieldHash(c, found.measure)]));
    hashes.set(columnName(column), fieldHash(column, read));
    // Other edits of this row still waiting to be pushed keep the version they started from.
    const pending = snap !== undefined && sheet.columns.some((c) => c !== column && snap.hashes.get(columnName(c)) !== fieldHash(c, found.measure));
    const version = pending && snap ? snap.version : row.version;
    if (!pending && sheet.versionCol !== undefined) put(sheet.versionCol, { value: row.version });
    if (blocks.length > 0) await deps.excel.run((context) => writeBlocks(context, sheet.grid.sheet, blocks));
    snapshot.set(row.id, version, hashes);
    await persist(deps, target, state, snapshot);
    return { row: found.source.row };
  }
}
