// Rows the service has that this sheet does not: written below the table, ids and versions
// included, and remembered in the snapshot as they were written.
import type { RowState } from '../../ledger/sync-protocol';
import { cellFor, columnName, fieldHash, readBack, type CellOut } from './fields';
import type { Pulled } from './pull';
import type { SyncRound } from './round';
import type { LocalRow } from './rows';
import type { AppendedRows } from './writes';

/** The new rows' cells; `byId` holds the rows the sheet already has. */
export function appendRows(round: SyncRound, pulled: Pulled, byId: Map<string, LocalRow>): AppendedRows {
  const { sheet, columns, snapshot } = round;
  const { config } = round.target;
  const fresh = [...pulled.rows.values()].filter((r) => !r.deleted && !byId.has(r.id));
  round.report.pulled.newRows = fresh.length;
  if (fresh.length === 0) return { start: 0, rows: [] };
  const reads = readBack(columns, fresh.map((r) => r.measure), config);
  fresh.forEach((r, i) => snapshot.set(r.id, r.version, new Map(columns.map((c) => [columnName(c), fieldHash(c, reads[i]!)]))));
  const width = Math.max(...columns.map((c) => c.index), sheet.idCol ?? 0, sheet.versionCol ?? 0, sheet.seqCol ?? 0) + 1;
  let seq = lastSeq(round);
  const rows = fresh.map((r) => {
    const line: CellOut[] = Array.from({ length: width }, () => ({ value: null }));
    for (const c of columns) line[c.index] = cellFor(c, r.measure, config);
    if (sheet.idCol !== undefined) line[sheet.idCol] = { value: r.id };
    if (sheet.versionCol !== undefined) line[sheet.versionCol] = { value: r.version };
    if (sheet.seqCol !== undefined) line[sheet.seqCol] = { value: ++seq };
    return line;
  });
  return { start: firstFreeRow(round, fresh), rows };
}

/** Below the last data row when the rows there are empty; otherwise below everything. */
function firstFreeRow({ sheet, locals }: SyncRound, fresh: readonly RowState[]): number {
  const lastData = locals.reduce((m, l) => Math.max(m, l.row), sheet.ledger.headerRows.at(-1) ?? -1);
  const free = (r: number) => (sheet.grid.cells[r] ?? []).every((v) => v === null || v === '');
  let start = lastData + 1;
  for (let r = start; r < start + fresh.length; r++) if (!free(r)) start = sheet.grid.cells.length;
  return start;
}

/** The highest whole number in the sequence column, which new rows continue. */
function lastSeq({ sheet }: SyncRound): number {
  let seq = 0;
  if (sheet.seqCol === undefined) return seq;
  for (const row of sheet.grid.cells) {
    const v = row[sheet.seqCol];
    if (typeof v === 'number' && Number.isInteger(v)) seq = Math.max(seq, v);
  }
  return seq;
}
