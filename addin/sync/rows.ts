// The sheet's rows as one sync works on them: where each is, its id, what was edited here and the
// hashes of its columns as they will stand after this sync.
import type { Measure } from '../../ledger';
import { columnName, fieldHash, type SyncColumn } from './fields';
import type { LedgerSheet } from './sheet';
import { newRowId } from './state';

export interface LocalRow {
  /** 0-based sheet row. */
  row: number;
  measure: Measure;
  id: string | undefined;
  /**
   * A row copied in Excel carries its original's hidden id: it is a new row, sent under this new id
   * (so the service cannot take it for its original) and written into its id cell.
   */
  freshId?: string;
  /** Columns edited here, to push. */
  edits: SyncColumn[];
  baseVersion: number | undefined;
  /** Columns whose value was taken from the service this time (written to the sheet). */
  hashes: Map<string, string>;
  gone: boolean;
}

/** The sheet's rows; a second row with an id already seen is a copy, and new. */
export function localRows(sheet: LedgerSheet): LocalRow[] {
  const ids = new Set<string>();
  return sheet.ledger.rows.map((r) => {
    const copied = r.measure.id !== undefined && ids.has(r.measure.id);
    if (r.measure.id !== undefined) ids.add(r.measure.id);
    return {
      row: r.source.row - 1,
      measure: r.measure,
      id: copied ? undefined : r.measure.id,
      ...(copied ? { freshId: newRowId() } : {}),
      edits: [],
      baseVersion: copied ? undefined : r.measure.version,
      hashes: new Map(sheet.columns.map((c) => [columnName(c), fieldHash(c, r.measure)])),
      gone: false,
    };
  });
}

/** The rows that have an id, by id. */
export function rowsById(locals: readonly LocalRow[]): Map<string, LocalRow> {
  return new Map(locals.filter((l) => l.id).map((l) => [l.id!, l]));
}
