// Checking the ledger sheet: read only what the rules need (two round trips for a sheet whose checked
// columns fit in one, with the saved marks and the cells' own fills alongside), run the ledger's
// rules, mark the cells that fail (one more). Edits are re-checked as they happen:
// the changed rows are read again (one round trip) into the last read, and the rules run over all
// of it (duplicates and categories are about the whole sheet). Rows, columns and cells inserted or
// deleted move the record of marks and the last read with them (follow.ts) as Excel moves the
// cells' fills and values; moved columns change the layout, and the sheet is checked again in full.
import {
  CHECKED_FIELDS,
  CHECKED_IF_FILLED,
  checkLedgers,
  columnIndex,
  detectTable,
  headerDictionary,
  readLedger,
  rangeRef,
  type CampaignConfig,
  type CheckResult,
  type Finding,
  type Grid,
  type IsoDate,
  type Lang,
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
import type { CellShift } from '../../ledger/shift';
import { followCells, followChanges } from './follow';

/** The columns to read for checking, decided from the sheet's first rows. */
export function checkColumnsFor(config: CampaignConfig): (head: Grid) => CheckColumns {
  return (head) => {
    const layout = detectTable(head, headerDictionary(config));
    if (!layout) return { values: [], presence: [] };
    const values = layout.columns.filter((c) => CHECKED_FIELDS.includes(c.field)).map((c) => c.index);
    // Separator rows ("一、…") and notes below the table start in the table's first column.
    const first = Math.min(...layout.columns.map((c) => c.index), ...layout.extraColumns.map((e) => e.index));
    const presence = layout.columns.filter((c) => CHECKED_IF_FILLED.includes(c.field)).map((c) => c.index);
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
  /**
   * Called when moved cells make the re-check read the whole sheet again: "columns" when columns (or
   * cells sideways) moved, so the header is read again; "unknown" when the host did not say which
   * way cells moved, so marks may have moved where the pane cannot follow.
   */
  onRelayout?: (why: 'columns' | 'unknown') => void;
  /** Cells of a watched sheet were inserted or deleted, moving others (whether or not re-checks are on). */
  onMoved?: (sheet: string, shift: CellShift) => void;
}

interface Cache {
  read: CheckGrid;
  sheet: string;
  /** Last row (0-based) of the header as last read: edits at or above it change the layout. */
  headerEnd: number;
  /** The changes seen up to this one (by `Checker.#seq`) are in the read. */
  seq: number;
}

/** A change as it waits for the re-check: `seq` counts the changes seen. */
interface Pending {
  seq: number;
  change: SheetChange;
}

export class Checker {
  #cache: Cache | undefined;
  /** Address → severity of the marks this pane has put on the sheet. */
  #marked = new Map<string, CellMark['severity'] | undefined>();
  /** The marked cells' own fills, as saved in the workbook for the sheet last marked. */
  #saved: { sheet: string; fills: SavedFills } | undefined;
  /** The saved fills were moved with inserted or deleted cells: the workbook's setting still names the old cells. */
  #ahead = false;
  /** Moves seen while marks are being written, to apply to what the writing leaves. */
  #movesWhileMarking: CellShift[] | undefined;
  #watching = new Set<string>();
  #pending: Pending[] = [];
  #seq = 0;
  /** `seq` of the last change that moved cells: a read made across it may mix rows from before and after. */
  #lastMove = 0;
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
    let seq = this.#seq;
    let got = await this.#readAll(config);
    // Cells moved while the sheet was read: read again (a few times at most) for one consistent read.
    for (let tries = 1; tries < 3 && this.#lastMove > seq; tries++) {
      seq = this.#seq;
      got = await this.#readAll(config);
    }
    const { read, fills, known } = got;
    // Marks this pane moved with inserted or deleted cells are where the setting does not yet say.
    if (!this.#ahead || this.#saved?.sheet !== read.grid.sheet) this.#useSaved(read.grid.sheet, fills);
    const outcome = await this.#evaluate(read.grid, config, known);
    this.#cache = { read, sheet: read.grid.sheet, headerEnd: Math.max(-1, ...outcome.ledger.headerRows), seq };
    return outcome;
  }

  /** The sheet's checked columns, with its saved marks and its cells' own fills alongside. */
  #readAll(config: CampaignConfig): Promise<{ read: CheckGrid; fills: SavedFills; known: KnownFills | undefined }> {
    return this.opts.excel.run(async (context) => {
      let saved: (() => SavedFills) | undefined;
      let known: KnownFills | undefined;
      const read = await readColumnsForCheck(context, this.opts.excel.requirements, checkColumnsFor(config), this.opts.sheetName(), (sheet) => {
        saved = queueSavedFills(context, sheet.name);
        known = queueBlockFills(context, sheet.name, sheet.columns, sheet.rows);
      });
      return { read, fills: saved?.() ?? {}, known };
    });
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
    const save = this.#ahead;
    if (stale.length === 0 && fresh.length === 0 && !watch && !save) return;
    const fills = this.#saved!.fills;
    const marked = new Map(this.#marked);
    const moves: CellShift[] = (this.#movesWhileMarking = []);
    this.#ahead = false;
    let now: SavedFills;
    try {
      now = await this.#asOwnWrite(() =>
        this.opts.excel.run((context) =>
          applyMarks(context, sheet, fills, { mark: fresh, clear: stale, save }, watch ? () => queueWatch(context, sheet, (change) => this.onChange(change)) : undefined, known),
        ),
      );
    } catch (e) {
      this.#ahead ||= save;
      throw e;
    } finally {
      this.#movesWhileMarking = undefined;
    }
    if (watch) this.#watching.add(sheet);
    for (const a of stale) marked.delete(a);
    for (const m of fresh) marked.set(address(m), m.severity);
    this.#marked = marked;
    this.#saved = { sheet, fills: now };
    // Cells moved while the marks were written (after them, as far as the pane can tell).
    for (const shift of moves) this.#move(shift);
  }

  /** Moves the record of marks with inserted or deleted cells. */
  #move(shift: CellShift): void {
    const saved = this.#saved!;
    // The last read's merged areas, as they were before the move (the re-check moves the read later).
    const merges = this.#cache?.sheet === saved.sheet ? this.#cache.read.grid.merges : [];
    this.#marked = followCells(this.#marked, shift, merges);
    this.#saved = { sheet: saved.sheet, fills: Object.fromEntries(followCells(new Map(Object.entries(saved.fills)), shift, merges)) };
    this.#ahead = true;
    this.#movesWhileMarking?.push(shift);
  }

  /**
   * Cells of a watched sheet were inserted or deleted: the record of marks moves with them at once
   * (a check started before the re-check must not use the old one). On a sheet other than the one
   * marked last, the workbook's setting is moved instead.
   */
  #follow(change: SheetChange): void {
    const shift = change.shift;
    if (!shift) return;
    if (this.#saved?.sheet === change.sheet) {
      this.#move(shift);
      return;
    }
    const run = this.#running.then(() =>
      this.opts.excel.run(async (context) => {
        const saved = queueSavedFills(context, change.sheet);
        await context.sync();
        const fills = Object.fromEntries(followCells(new Map(Object.entries(saved())), shift, []));
        await applyMarks(context, change.sheet, fills, { mark: [], clear: [], save: true });
      }),
    );
    this.#running = run.catch((e: unknown) => this.opts.onError?.(e));
  }

  /** With re-checks off, the moved record of marks is saved by itself. */
  #saveMoved(): void {
    const run = this.#running.then(async () => {
      const saved = this.#saved;
      if (!this.#ahead || !saved) return;
      this.#ahead = false;
      await this.opts.excel.run((context) => applyMarks(context, saved.sheet, saved.fills, { mark: [], clear: [], save: true }));
    });
    this.#running = run.catch((e: unknown) => {
      this.#ahead = true;
      this.opts.onError?.(e);
    });
  }

  /** Takes every mark off the sheet. */
  async clearAllMarks(): Promise<void> {
    const sheet = this.#cache?.sheet ?? this.opts.sheetName();
    if (!sheet) return;
    // Marks moved with inserted or deleted cells are where this pane says, not yet the workbook's setting.
    const moved = this.#ahead && this.#saved?.sheet === sheet ? this.#saved.fills : undefined;
    await this.#asOwnWrite(() =>
      this.opts.excel.run(async (context) => {
        if (moved) await applyMarks(context, sheet, moved, { mark: [], clear: Object.keys(moved), save: true });
        else await clearMarks(context, sheet);
      }),
    );
    this.#ahead = false;
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

  /**
   * A change on a watched sheet: cells edited (events may lack details or name whole rows), or
   * inserted or deleted, which the pane never does itself, so those are followed even while it writes.
   */
  onChange(change: SheetChange): void {
    if (change.byThisAddin) return;
    const seq = ++this.#seq;
    if (change.kind !== 'edit') {
      this.#lastMove = seq;
      this.#follow(change);
      if (change.shift) this.opts.onMoved?.(change.sheet, change.shift);
    } else if (this.#writing > 0) return;
    if (this.opts.auto?.() === false) {
      if (change.kind !== 'edit') this.#saveMoved();
      return;
    }
    if (this.#cache && change.sheet !== this.#cache.sheet) return;
    this.#pending.push({ seq, change });
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const pending = this.#pending;
      this.#pending = [];
      const run = this.#running.then(() => this.#recheck(pending));
      this.#running = run.catch((e: unknown) => this.opts.onError?.(e));
    }, this.opts.debounceMs ?? 500);
  }

  /** Resolves once edits seen so far have been re-checked. */
  async settled(): Promise<void> {
    while (this.#timer !== undefined || this.#pending.length > 0) await new Promise((r) => setTimeout(r, (this.opts.debounceMs ?? 500) / 2 + 1));
    await this.#running;
  }

  async #recheck(pending: Pending[]): Promise<void> {
    const cache = this.#cache;
    // A check that read the sheet after these changes already holds them.
    const changes = pending.filter((p) => !cache || p.seq > cache.seq).map((p) => p.change);
    if (cache && changes.length === 0) return;
    const seq = Math.max(...pending.map((p) => p.seq));
    const followed = cache && followChanges(cache.read.grid, cache.headerEnd, changes);
    if (!cache || !followed) {
      const moved = changes.filter((c) => c.kind !== 'edit');
      if (moved.some((c) => c.kind === 'unknown')) this.opts.onRelayout?.('unknown');
      else if (moved.some((c) => c.shift?.axis === 'columns')) this.opts.onRelayout?.('columns');
      await this.#checkAll();
      return;
    }
    const { read } = cache;
    let grid = followed.grid;
    if (followed.rows) {
      const { top, bottom } = followed.rows;
      const count = bottom - top + 1;
      const { rows: fresh, merges } = await this.opts.excel.run((context) =>
        readRowsForCheck(context, this.opts.excel.requirements, cache.sheet, top, count, read.columns, read.width),
      );
      // Cells moved while the rows were read: they may be other rows now.
      if (this.#lastMove > seq) {
        await this.#checkAll();
        return;
      }
      const cells = grid.cells.slice();
      while (cells.length < top + count) cells.push([]);
      fresh.forEach((row, i) => (cells[top + i] = row));
      while (cells.length > 0 && cells[cells.length - 1]!.length === 0) cells.pop();
      const kept = grid.merges.filter((m) => m.top < top || m.top > bottom);
      grid = { ...grid, cells, merges: [...kept, ...merges].sort((a, b) => a.top - b.top || a.left - b.left) };
    }
    this.#cache = { ...cache, read: { ...read, grid }, seq };
    const outcome = await this.#evaluate(grid, this.opts.config());
    this.#cache.headerEnd = Math.max(-1, ...outcome.ledger.headerRows);
  }
}
