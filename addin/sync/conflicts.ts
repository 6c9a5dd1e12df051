// Open conflicts against the sheet: which column shows a conflict's field, and the conflicts grouped
// per cell and placed in the sheet's rows.
import { columnFieldOf, columnLetter } from '../../ledger';
import type { ConflictView } from '../../ledger/sync-protocol';
import { columnName, type SyncColumn } from './fields';
import type { RowConflict } from './report';
import { rowsById, type LocalRow } from './rows';

/** Maps a conflict's field (status, statusText, extras.X …) to the sheet column that shows it. */
export function columnOfField(columns: readonly SyncColumn[], field: string): SyncColumn | undefined {
  const name = columnFieldOf(field);
  return columns.find((c) => columnName(c) === name);
}

/** "rowId|column": one cell, whichever of its fields is in conflict. */
function conflictKey(columns: readonly SyncColumn[], rowId: string, field: string): string {
  const c = columnOfField(columns, field);
  return `${rowId}|${c ? columnName(c) : field}`;
}

/** The cells with an open conflict, which keep the sheet's value until it is settled. */
export function conflictCells(columns: readonly SyncColumn[], open: readonly ConflictView[]): Set<string> {
  return new Set(open.map((c) => conflictKey(columns, c.rowId, c.field)));
}

/** One entry per cell, in sheet order (rows not in this sheet last). */
export function placeConflicts(conflicts: readonly ConflictView[], locals: readonly LocalRow[], columns: readonly SyncColumn[]): RowConflict[] {
  const byId = rowsById(locals);
  const groups = new Map<string, RowConflict>();
  for (const conflict of conflicts) {
    const key = conflictKey(columns, conflict.rowId, conflict.field);
    const group = groups.get(key);
    const c = columnOfField(columns, conflict.field);
    // The field the column is named for is the one shown (status rather than statusText).
    if (group) {
      group.ids.push(conflict.id);
      if (c && columnName(c) === conflict.field) group.conflict = conflict;
      continue;
    }
    const local = byId.get(conflict.rowId);
    groups.set(key, { conflict, ids: [conflict.id], ...(local ? { row: local.row + 1 } : {}), ...(c ? { column: columnLetter(c.index) } : {}) });
  }
  return [...groups.values()].sort((a, b) => (a.row ?? Infinity) - (b.row ?? Infinity));
}
