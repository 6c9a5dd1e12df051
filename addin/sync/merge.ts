// Row by row, column by column, the sheet against the service: equal → nothing; edited here
// (differs from the snapshot) → push it; not edited here → take the service's value. Cells with an
// open conflict keep the sheet's value until the conflict is settled.
import { columnLetter, matchRows, type Measure } from '../../ledger';
import type { RowState } from '../../ledger/sync-protocol';
import { cellFor, columnName, fieldHash, unitMayChange } from './fields';
import { assignColumn } from './patch';
import type { Pulled } from './pull';
import type { SyncRound } from './round';
import { rowsById, type LocalRow } from './rows';

/**
 * Rows without an id that the service already has (a workbook handed out before syncing) take its
 * id. Returns the rows with ids, by id, these included.
 */
export function adoptServiceIds(round: SyncRound, pulled: Pulled): Map<string, LocalRow> {
  const byId = rowsById(round.locals);
  const unknown = [...pulled.rows.values()].filter((r) => !r.deleted && !byId.has(r.id));
  const idless = round.locals.filter((l) => l.id === undefined);
  if (unknown.length === 0 || idless.length === 0) return byId;
  const { pairs } = matchRows(
    unknown.map((r) => r.measure),
    idless.map((l) => round.identity(l.measure)),
  );
  for (const [b, i] of pairs) {
    const server = unknown[b]!;
    const local = idless[i]!;
    round.writes.idVersion(local, server.id, local.measure.version ?? 1);
    local.baseVersion = 1;
    byId.set(server.id, local);
  }
  return byId;
}

/** Takes the service's values for cells not edited here; rows gone from the service stop syncing. */
export function takeServiceValues(round: SyncRound, pulled: Pulled): void {
  const { report, snapshot } = round;
  for (const local of round.locals) {
    if (local.id === undefined) continue;
    const server = pulled.rows.get(local.id);
    if (server?.deleted || pulled.removed.has(local.id)) {
      local.gone = true;
      report.gone.push(local.row + 1);
      snapshot.delete(local.id);
      continue;
    }
    const read = server ? pulled.reads.get(local.id) : undefined;
    if (server && read && takeRow(round, pulled, local, server, read)) report.pulled.changedRows++;
  }
}

/** One row's part of `takeServiceValues`; true when a cell took the service's value. */
function takeRow(round: SyncRound, pulled: Pulled, local: LocalRow, server: RowState, read: Measure): boolean {
  const snap = round.snapshot.get(server.id);
  let changed = false;
  for (const c of round.columns) {
    const name = columnName(c);
    const mine = local.hashes.get(name)!;
    const theirs = fieldHash(c, read);
    if (mine === theirs) continue;
    if (pulled.conflictCells.has(`${server.id}|${name}`)) continue;
    // Not edited here (still as last synced; or, with no snapshot, a column only the office
    // may change): the service's value is the newer one.
    const unedited = snap ? snap.hashes.get(name) === mine : round.isUnit && !unitMayChange(c);
    if (!unedited) continue;
    round.writes.cell(local, c.index, cellFor(c, server.measure, round.target.config), c);
    assignColumn(c, local.measure, read);
    local.hashes.set(name, theirs);
    snap?.hashes.set(name, theirs);
    changed = true;
  }
  return changed;
}

/**
 * Marks each row's columns edited here (to push): differing from the snapshot, or from the service
 * when there is no snapshot. Office columns a unit changed are reported rather than sent.
 */
export function collectEdits(round: SyncRound, reads: Map<string, Measure>, conflictCells: Set<string>): void {
  const { snapshot, report } = round;
  for (const local of round.locals) {
    if (local.gone || local.id === undefined) continue;
    const snap = snapshot.get(local.id);
    const server = reads.get(local.id);
    local.edits = [];
    for (const c of round.columns) {
      const name = columnName(c);
      const mine = local.hashes.get(name)!;
      const edited = snap ? snap.hashes.get(name) !== mine : server ? fieldHash(c, server) !== mine : true;
      if (!edited || conflictCells.has(`${local.id}|${name}`)) continue;
      if (round.isUnit && !unitMayChange(c)) {
        if (snap || server) report.notSent.push({ row: local.row + 1, column: columnLetter(c.index) });
        continue;
      }
      local.edits.push(c);
    }
    if (snap) local.baseVersion = snap.version;
  }
}

/** A row the service has that nothing here changed is at the service's version now. */
export function settleUnchanged(round: SyncRound, pulled: Pulled): void {
  for (const local of round.locals) {
    const server = local.id ? pulled.rows.get(local.id) : undefined;
    if (local.id && server && !local.gone && local.edits.length === 0) {
      round.writes.idVersion(local, local.id, server.version);
      round.snapshot.set(local.id, server.version, new Map(local.hashes));
    }
  }
}
