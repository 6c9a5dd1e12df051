// The cells a sync changes, gathered as it goes and written at the end in a few batched round trips.
// Cells a merge covers are not written: an update there is reported instead.
import { columnLetter } from '../../ledger';
import { writeBlocks, writeRows, type CellBlock } from '../excel/adapter';
import type { CellOut, SyncColumn } from './fields';
import type { SyncReport } from './report';
import type { LocalRow } from './rows';
import type { ExcelRunner, LedgerSheet } from './sheet';

/** Cells covered by a merge other than its top-left, and top-left cells of merges over several rows. */
export function unwritableCells(sheet: LedgerSheet): Set<string> {
  const out = new Set<string>();
  for (const m of sheet.grid.merges) {
    for (let r = m.top; r <= m.bottom; r++) {
      for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left || m.bottom > m.top) out.add(`${r}:${c}`);
    }
  }
  return out;
}

/** Rows written below the table: the first sheet row and each row's cells. */
export interface AppendedRows {
  start: number;
  rows: CellOut[][];
}

export class SheetWrites {
  readonly #cells = new Map<number, Map<number, CellOut>>();
  readonly #blocked: Set<string>;

  constructor(
    private readonly sheet: LedgerSheet,
    private readonly report: SyncReport,
  ) {
    this.#blocked = unwritableCells(sheet);
  }

  /** A cell of `local` to write; one a merge covers is skipped (and reported, unless bookkeeping). */
  cell(local: LocalRow, col: number, out: CellOut, label: SyncColumn | 'bookkeeping'): void {
    if (this.#blocked.has(`${local.row}:${col}`)) {
      if (label !== 'bookkeeping') this.report.mergedSkipped.push({ row: local.row + 1, column: columnLetter(col) });
      return;
    }
    let line = this.#cells.get(local.row);
    if (!line) this.#cells.set(local.row, (line = new Map()));
    line.set(col, out);
  }

  /** The row's id and version as the service now has them, into its hidden cells and into `local`. */
  idVersion(local: LocalRow, id: string, version: number): void {
    const { idCol, versionCol } = this.sheet;
    if (idCol !== undefined && local.measure.id !== id) this.cell(local, idCol, { value: id }, 'bookkeeping');
    if (versionCol !== undefined && local.measure.version !== version) this.cell(local, versionCol, { value: version }, 'bookkeeping');
    local.id = id;
    local.measure = { ...local.measure, id, version };
  }

  get size(): number {
    return this.#cells.size;
  }

  /** Each row's runs of adjacent cells as one block. */
  blocks(): CellBlock[] {
    const out: CellBlock[] = [];
    for (const [row, line] of [...this.#cells].sort((a, b) => a[0] - b[0])) {
      const cols = [...line.keys()].sort((a, b) => a - b);
      let i = 0;
      while (i < cols.length) {
        let j = i;
        while (j + 1 < cols.length && cols[j + 1] === cols[j]! + 1) j++;
        const run = cols.slice(i, j + 1).map((c) => line.get(c)!);
        out.push({ row, col: cols[i]!, values: [run.map((o) => o.value)], formats: [run.map((o) => o.format ?? null)] });
        i = j + 1;
      }
    }
    return out;
  }
}

/** One round trip for the changed cells, one for the appended rows (each only when there are any). */
export async function writeToSheet(excel: ExcelRunner, sheet: LedgerSheet, writes: SheetWrites, appended: AppendedRows): Promise<void> {
  const name = sheet.grid.sheet;
  const blocks = writes.blocks();
  if (blocks.length > 0) await excel.run((context) => writeBlocks(context, name, blocks));
  if (appended.rows.length === 0) return;
  const values = appended.rows.map((r) => r.map((o) => o.value));
  const formats = appended.rows.map((r) => r.map((o) => o.format ?? null));
  await excel.run((context) => writeRows(context, name, appended.start, values, 0, formats));
}
