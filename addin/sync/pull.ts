// The service's side: the rows changed since the cursor (all rows when this browser has no snapshot
// for every id in the sheet) and the conflicts still open.
import type { Measure } from '../../ledger';
import type { ConflictView, RowState } from '../../ledger/sync-protocol';
import { OfflineError } from './api';
import { conflictCells } from './conflicts';
import { readBack } from './fields';
import type { SyncRound } from './round';

export interface Pulled {
  /** Rows changed on the service, by id (deleted ones included). */
  rows: Map<string, RowState>;
  /** Ids the service no longer shows this caller (deleted, or moved to another unit). */
  removed: Set<string>;
  /** The cursor to save once this sync's changes are written. */
  cursor: number;
  openConflicts: ConflictView[];
  /** Cells with an open conflict ("rowId|column"). */
  conflictCells: Set<string>;
  /** The pulled rows (not deleted) as this sheet's columns read them back. */
  reads: Map<string, Measure>;
}

/** Pulls the changes page by page; undefined when the service cannot be reached. */
export async function pullChanges(round: SyncRound): Promise<Pulled | undefined> {
  const { api } = round.deps;
  const { campaign } = round.target;
  round.progress('pull', 0.3);
  const rows = new Map<string, RowState>();
  const removed = new Set<string>();
  let cursor = fullPull(round) ? 0 : round.state.cursor;
  let openConflicts: ConflictView[];
  try {
    for (;;) {
      const page = await api.changes(campaign, cursor);
      if (page.reset) {
        rows.clear();
        removed.clear();
      }
      for (const r of page.rows) rows.set(r.id, r);
      for (const id of page.removed) removed.add(id);
      cursor = page.cursor;
      if (!page.more) break;
    }
    openConflicts = await api.openConflicts(campaign);
  } catch (e) {
    if (e instanceof OfflineError) return undefined;
    throw e;
  }
  return { rows, removed, cursor, openConflicts, conflictCells: conflictCells(round.columns, openConflicts), reads: readRows(round, rows) };
}

/**
 * Without a snapshot for every id in the sheet, everything: the service's values are then what
 * tells an edit here from a value the sheet has not caught up with.
 */
function fullPull({ stored, state, locals, snapshot }: SyncRound): boolean {
  return !stored || state.cursor === 0 || locals.some((l) => l.id !== undefined && !snapshot.get(l.id));
}

function readRows(round: SyncRound, rows: Map<string, RowState>): Map<string, Measure> {
  const live = [...rows.values()].filter((r) => !r.deleted);
  const reads = new Map<string, Measure>();
  readBack(round.columns, live.map((r) => r.measure), round.target.config).forEach((m, i) => reads.set(live[i]!.id, m));
  return reads;
}
