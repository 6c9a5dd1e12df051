// Checking the ledger sheet: read only what the rules need (two round trips for a sheet whose checked
// columns fit in one, with the saved marks and the cells' own fills alongside), run the ledger's
// rules, mark the cells that fail (one more). Edits are re-checked as they happen:
// the changed rows are read again (one round trip) into the last read, and the rules run over all
// of it (duplicates and categories are about the whole sheet).
import {
  checkLedgers,
  columnIndex,
  detectTable,
  headerDictionary,
  readLedger,
  rangeRef,
  type CampaignConfig,
  type CheckResult,
  type Field,
  type Finding,
  type Grid,
  type IsoDate,
  type Lang,
  type MergedRange,
  type ParsedLedger,
} from '../../ledger';
import {
  applyMarks,
  clearMarks,
  marksSettingKey,
  queueBlockFills,
  queueSavedFills,
  queueWatch,
  readColumnsForCheck,
  readRowsForCheck,
  readSetting,
  SavedFills,
  type CellMark,
  type CheckColumns,
  type KnownFills,
  type CheckGrid,
  type SheetChange,
} from '../excel/adapter';
import type { ExcelRunner } from '../sync/sheet';

/** Fields whose text the rules read. */
export const CHECK_VALUE_FIELDS: readonly Field[] = [
  'seq',
  'category',
  'problemNo',
  'problem',
  'measureNo',
  'measure',
  'unit',
  'deadline',
  'status',
  'completedOn',
  'id',
  'version',
];
/** Fields where only "filled or not" matters. */
export const CHECK_PRESENCE_FIELDS: readonly Field[] = ['evidence'];

/** The columns to read for checking, decided from the sheet's first rows. */
export function checkColumnsFor(config: CampaignConfig): (head: Grid) => CheckColumns {
  return (head) => {
    const layout = detectTable(head, headerDictionary(config));
    if (!layout) return { values: [], presence: [] };
    const values = layout.columns.filter((c) => CHECK_VALUE_FIELDS.includes(c.field)).map((c) => c.index);
    // Separator rows ("一、…") and notes below the table start in the table's first column.
    const first = Math.min(...layout.columns.map((c) => c.index), ...layout.extraColumns.map((e) => e.index));
    const presence = layout.columns.filter((c) => CHECK_PRESENCE_FIELDS.includes(c.field)).map((c) => c.index);
    return { values: [...new Set([...values, first])], presence };
  };
}

export interface CheckOutcome {
  sheet: string;
  ledger: ParsedLedger;
  result: CheckResult;
  /** What was read: the header rows in full, then the checked columns. */
  grid: Grid;
}

/** A finding's cell, 0-based, when it names one. */
export function findingCell(f: Finding): { row: number; col: number } | undefined {
  if (f.row <= 0 || !f.column) return undefined;
  return { row: f.row - 1, col: columnIndex(f.column) };
}

/** One mark per cell: an error wins over a warning. */
export function marksFor(findings: readonly Finding[]): CellMark[] {
  const byCell = new Map<string, CellMark>();
  for (const f of findings) {
    const cell = findingCell(f);
    if (!cell) continue;
    const key = `${cell.row}:${cell.col}`;
    const had = byCell.get(key);
    if (!had || (had.severity === 'warning' && f.severity === 'error')) byCell.set(key, { ...cell, severity: f.severity });
  }
  return [...byCell.values()];
}

export interface CheckerOptions {
  excel: ExcelRunner;
  config: () => CampaignConfig;
  /** The ledger sheet (undefined: the active sheet). */
  sheetName: () => string | undefined;
  asOf: () => IsoDate;
  lang: () => Lang;
  /** Called after every check, whole or partial. */
  onResult?: (outcome: CheckOutcome) => void;
  onError?: (error: unknown) => void;
  /** Quiet time after an edit before re-checking (Excel sends one event per edit). */
  debounceMs?: number;
  /** Whether edits are re-checked as they happen (the user may turn it off). */
  auto?: () => boolean;
}

interface Cache {
  read: CheckGrid;
  sheet: string;
  /** Last row (0-based) of the header as last read: edits at or above it change the layout. */
  headerEnd: number;
}

export class Checker {
  #cache: Cache | undefined;
  /** Address → severity of the marks this pane has put on the sheet. */
  #marked = new Map<string, CellMark['severity'] | undefined>();
  /** The marked cells' own fills, as saved in the workbook for the sheet last marked. */
  #saved: { sheet: string; fills: SavedFills } | undefined;
  #watching = new Set<string>();
  #pending: MergedRange[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> = Promise.resolve();
  #writing = 0;

  constructor(private readonly opts: CheckerOptions) {}

  /** Reads and checks the whole sheet, marks the cells, and starts watching it for edits. */
  check(): Promise<CheckOutcome> {
    const run = this.#running.then(() => this.#checkAll());
    this.#running = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  async #checkAll(): Promise<CheckOutcome> {
    const config = this.opts.config();
    // The sheet's saved marks travel with the read of its columns: no round trip of their own.
    // The sheet's saved marks and its cells' own fills travel with the read of its columns.
    const { read, fills, known } = await this.opts.excel.run(async (context) => {
      let saved: (() => SavedFills) | undefined;
      let known: KnownFills | undefined;
      const read = await readColumnsForCheck(context, this.opts.excel.requirements, checkColumnsFor(config), this.opts.sheetName(), (sheet) => {
        saved = queueSavedFills(context, sheet.name);
        known = queueBlockFills(context, sheet.name, sheet.columns, sheet.rows);
      });
      return { read, fills: saved?.() ?? {}, known };
    });
    this.#useSaved(read.grid.sheet, fills);
    const outcome = await this.#evaluate(read.grid, config, known);
    this.#cache = { read, sheet: read.grid.sheet, headerEnd: Math.max(-1, ...outcome.ledger.headerRows) };
    return outcome;
  }

  async #evaluate(grid: Grid, config: CampaignConfig, known?: KnownFills): Promise<CheckOutcome> {
    const lang = this.opts.lang();
    const ledger = readLedger({ file: grid.sheet, sheets: [grid] }, { config, lang });
    const result = checkLedgers([ledger], { asOf: this.opts.asOf(), config, lang });
    await this.#mark(grid.sheet, marksFor(result.findings), known);
    const outcome: CheckOutcome = { sheet: grid.sheet, ledger, result, grid };
    this.opts.onResult?.(outcome);
    return outcome;
  }

  /** The sheet's marks as saved in the workbook: which cells are marked (severities known only for this session's). */
  #useSaved(sheet: string, fills: SavedFills): void {
    const known = this.#saved?.sheet === sheet ? this.#marked : new Map<string, CellMark['severity'] | undefined>();
    this.#marked = new Map(Object.keys(fills).map((a) => [a, known.get(a)]));
    this.#saved = { sheet, fills };
  }

  /**
   * Marks what fails now, takes marks off what no longer fails, and leaves the rest alone; the first
   * time, starts watching the sheet for edits in the same round trip.
   */
  async #mark(sheet: string, marks: CellMark[], known?: KnownFills): Promise<void> {
    if (this.#saved?.sheet !== sheet) {
      this.#useSaved(sheet, (await this.opts.excel.run((context) => readSetting(context, marksSettingKey(sheet), SavedFills))) ?? {});
    }
    const address = (m: { row: number; col: number }) => rangeRef({ top: m.row, left: m.col, bottom: m.row, right: m.col });
    const wanted = new Map(marks.map((m) => [address(m), m]));
    const stale = [...this.#marked.keys()].filter((a) => !wanted.has(a));
    const fresh = marks.filter((m) => this.#marked.get(address(m)) !== m.severity);
    const watch = !this.#watching.has(sheet);
    if (stale.length === 0 && fresh.length === 0 && !watch) return;
    const fills = this.#saved!.fills;
    const now = await this.#asOwnWrite(() =>
      this.opts.excel.run((context) =>
        applyMarks(context, sheet, fills, { mark: fresh, clear: stale }, watch ? () => queueWatch(context, sheet, (change) => this.onChange(change)) : undefined, known),
      ),
    );
    if (watch) this.#watching.add(sheet);
    this.#saved = { sheet, fills: now };
    for (const a of stale) this.#marked.delete(a);
    for (const m of fresh) this.#marked.set(address(m), m.severity);
  }

  /** Takes every mark off the sheet. */
  async clearAllMarks(): Promise<void> {
    const sheet = this.#cache?.sheet ?? this.opts.sheetName();
    if (!sheet) return;
    await this.#asOwnWrite(() => this.opts.excel.run((context) => clearMarks(context, sheet)));
    this.#marked.clear();
    this.#saved = { sheet, fills: {} };
  }

  /** Runs `write` as the pane's own change: edit events it raises are not re-checked. */
  async #asOwnWrite<T>(write: () => Promise<T>): Promise<T> {
    this.#writing++;
    try {
      return await write();
    } finally {
      this.#writing--;
    }
  }

  /** For the pane's other writes (sync, setup): their edit events are the pane's own. */
  whileWriting<T>(write: () => Promise<T>): Promise<T> {
    return this.#asOwnWrite(write);
  }

  /** An edit on the watched sheet. Events may lack details (several cells) or name whole rows. */
  onChange(change: SheetChange): void {
    if (change.byThisAddin || this.#writing > 0 || this.opts.auto?.() === false) return;
    if (this.#cache && change.sheet !== this.#cache.sheet) return;
    this.#pending.push(change.range);
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const ranges = this.#pending;
      this.#pending = [];
      const run = this.#running.then(() => this.#recheck(ranges));
      this.#running = run.catch((e: unknown) => this.opts.onError?.(e));
    }, this.opts.debounceMs ?? 500);
  }

  /** Resolves once edits seen so far have been re-checked. */
  async settled(): Promise<void> {
    while (this.#timer !== undefined || this.#pending.length > 0) await new Promise((r) => setTimeout(r, (this.opts.debounceMs ?? 500) / 2 + 1));
    await this.#running;
  }

  async #recheck(ranges: MergedRange[]): Promise<void> {
    const cache = this.#cache;
    if (!cache || ranges.length === 0) {
      await this.#checkAll();
      return;
    }
    const { read } = cache;
    const top = Math.min(...ranges.map((r) => r.top));
    const bottom = Math.max(...ranges.map((r) => r.bottom));
    const wholeRows = ranges.some((r) => r.left === 0 && r.right >= 16_383);
    const rows = read.grid.cells.length;
    // Rows inserted or deleted move everything below; edits in the header change the layout; far
    // below the table is a new region. Those are read again in full.
    if (wholeRows || top <= cache.headerEnd || bottom > rows + 1000) {
      await this.#checkAll();
      return;
    }
    const count = bottom - top + 1;
    const { rows: fresh, merges } = await this.opts.excel.run((context) =>
      readRowsForCheck(context, this.opts.excel.requirements, cache.sheet, top, count, read.columns, read.width),
    );
    const cells = read.grid.cells.slice();
    while (cells.length < top + count) cells.push([]);
    fresh.forEach((row, i) => (cells[top + i] = row));
    while (cells.length > 0 && cells[cells.length - 1]!.length === 0) cells.pop();
    const kept = read.grid.merges.filter((m) => m.top < top || m.top > bottom);
    const grid: Grid = { ...read.grid, cells, merges: [...kept, ...merges].sort((a, b) => a.top - b.top || a.left - b.left) };
    this.#cache = { ...cache, read: { ...read, grid } };
    const outcome = await this.#evaluate(grid, this.opts.config());
    this.#cache.headerEnd = Math.max(-1, ...outcome.ledger.headerRows);
  }
}
