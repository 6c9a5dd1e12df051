// What one sync tells the pane: its progress as it runs, and afterwards what went where, what was
// refused or left out, and the conflicts still open.
import type { ConflictView, PushCounts, RejectReason } from '../../ledger/sync-protocol';

export type SyncStep = 'read' | 'flush' | 'pull' | 'push' | 'write' | 'done';

export interface SyncProgress {
  step: SyncStep;
  /** 0–1, for a progress bar. */
  fraction: number;
}

/** A cell as Excel shows it: row number and column letters. */
export interface CellRef {
  row: number;
  column: string;
}

/**
 * The conflicts of one cell: a status cell holds two fields (the code and the words), so one edit
 * can conflict twice. `conflict` is the one to show; all of `ids` are settled together.
 */
export interface RowConflict {
  conflict: ConflictView;
  ids: string[];
  /** Excel row number of the row in this sheet, when it is here. */
  row?: number;
  column?: string;
}

export interface SyncReport {
  /** The service could not be reached: edits wait in the workbook's queue. */
  offline: boolean;
  queued: number;
  pushed: PushCounts;
  pulled: { changedRows: number; newRows: number };
  /** Rows the office deleted or moved to another unit: left in the sheet, no longer synced. */
  gone: number[];
  rejected: { row: number | undefined; reason: RejectReason }[];
  /** Office columns a unit changed here: not sent (only the office may change them). */
  notSent: CellRef[];
  /** Updates not written because the cell is merged over several rows. */
  mergedSkipped: CellRef[];
  conflicts: RowConflict[];
  errors: { zh: string; en: string }[];
}

export function emptyReport(): SyncReport {
  return {
    offline: false,
    queued: 0,
    pushed: { created: 0, updated: 0, unchanged: 0, conflicts: 0, rejected: 0 },
    pulled: { changedRows: 0, newRows: 0 },
    gone: [],
    rejected: [],
    notSent: [],
    mergedSkipped: [],
    conflicts: [],
    errors: [],
  };
}

export function addCounts(a: PushCounts, b: PushCounts): PushCounts {
  return {
    created: a.created + b.created,
    updated: a.updated + b.updated,
    unchanged: a.unchanged + b.unchanged,
    conflicts: a.conflicts + b.conflicts,
    rejected: a.rejected + b.rejected,
  };
}

/** How a row the service refused is reported when the service gave no reason. */
export const REFUSED: RejectReason = { code: 'empty_row', zh: '被拒绝', en: 'refused' };
