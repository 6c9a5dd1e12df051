// The simulated workbook itself: what Excel holds on its side of the wire. Proxies never touch it
// directly; only actions executed inside `context.sync()` do, through a journal so a failed batch
// leaves nothing behind.
import { todayIso, type CellValue, type IsoDate } from '../../ledger';
import { cellKey, MAX_COLUMNS, type Rect } from './address';
import type { ChangeDirectionState, ShiftChangeType } from './shift';

export type Visibility = 'Visible' | 'Hidden' | 'VeryHidden';

export interface ListRule {
  list: { inCellDropDown: boolean; source: string };
}

export interface ValidationState {
  rect: Rect;
  rule: ListRule;
}

export interface ConditionalFormatState {
  id: string;
  rects: Rect[];
  type: 'Custom';
  formula: string;
  fill?: string;
  fontColor?: string;
  stopIfTrue: boolean;
}

/** The subset of Excel.WorksheetChangedEventArgs the simulator produces. */
export interface SimChangedEventArgs {
  type: 'WorksheetChanged';
  worksheetId: string;
  address: string;
  changeType: 'RangeEdited' | ShiftChangeType;
  /** Which way cells moved when cells (not whole rows or columns) were inserted or deleted; ExcelApi 1.14. */
  changeDirectionState?: ChangeDirectionState;
  source: 'Local' | 'Remote';
  /** Present only when one cell changed, as in Excel. */
  details?: { valueBefore: CellValue; valueAfter: CellValue; valueTypeBefore: string; valueTypeAfter: string };
  triggerSource: 'Unknown' | 'ThisLocalAddin';
}

export type ChangeHandler = (args: SimChangedEventArgs) => Promise<unknown>;

/** Changes to cell values and formulas so far, undone ones included: formulas are recalculated when it moves. */
let valueChanges = 0;

export function cellChanges(): number {
  return valueChanges;
}

function valuesChanged(j: Journal): void {
  valueChanges++;
  j.record(() => valueChanges++);
}

/** Undo steps of one batch, replayed backwards when the batch fails. */
export class Journal {
  #undo: (() => void)[] = [];

  record(undo: () => void): void {
    this.#undo.push(undo);
  }

  assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): void {
    const before = target[key];
    target[key] = value;
    this.record(() => {
      target[key] = before;
    });
  }

  mapSet<K, V>(map: Map<K, V>, key: K, value: V | undefined): void {
    const had = map.has(key);
    const before = map.get(key);
    if (value === undefined) map.delete(key);
    else map.set(key, value);
    this.record(() => {
      if (had) map.set(key, before as V);
      else map.delete(key);
    });
  }

  setMember<K>(set: Set<K>, key: K, present: boolean): void {
    const had = set.has(key);
    if (present) set.add(key);
    else set.delete(key);
    this.record(() => {
      if (had) set.add(key);
      else set.delete(key);
    });
  }

  rollback(): void {
    for (let i = this.#undo.length - 1; i >= 0; i--) this.#undo[i]!();
    this.#undo = [];
  }
}

/** What a value written through `range.values` becomes in the cell. */
export interface StoredInput {
  value: CellValue;
  formula?: string;
  numberFormat?: string;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const PERCENT = /^[+-]?(\d+\.?\d*|\.\d+)%$/;
const DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;

function dateSerial(text: string): number | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms / 86_400_000 + 25_569;
}

/**
 * Excel parses strings written through `range.values` the way it parses typing, unless the cell is
 * formatted as text ("@"): "001" becomes 1, "2018-12-31" a date, "TRUE" a boolean, and anything
 * starting with "=", "+" or "-" a formula. A leading apostrophe forces text.
 */
export function coerceInput(raw: CellValue, numberFormat: string): StoredInput {
  if (raw === '' || raw === null) return { value: null };
  if (typeof raw !== 'string' || numberFormat === '@') return { value: raw };
  const text = raw.trim();
  if (raw.startsWith("'")) return { value: raw.slice(1) };
  if (NUMBER.test(text)) return { value: Number(text) };
  if (PERCENT.test(text)) return { value: Number(text.slice(0, -1)) / 100, numberFormat: '0%' };
  if (/^(true|false)$/i.test(text)) return { value: text.toLowerCase() === 'true' };
  const serial = dateSerial(text);
  if (serial !== undefined) return { value: serial, numberFormat: 'yyyy-mm-dd' };
  if (/^[=+-]./s.test(raw)) {
    const formula = raw.startsWith('=') ? raw : `=${raw}`;
    const body = formula.slice(1).trim();
    return { value: NUMBER.test(body) ? Number(body) : '#NAME?', formula };
  }
  return { value: raw };
}

let sheetIds = 0;

export class SheetState {
  readonly id = `{sim-sheet-${++sheetIds}}`;
  name: string;
  visibility: Visibility = 'Visible';
  readonly #values: (CellValue[] | undefined)[] = [];
  readonly #formats: ((string | undefined)[] | undefined)[] = [];
  readonly formulas = new Map<number, string>();
  readonly fills = new Map<number, string>();
  readonly fontColors = new Map<number, string>();
  readonly bold = new Map<number, boolean>();
  merges: Rect[] = [];
  readonly hiddenColumns = new Set<number>();
  validations: ValidationState[] = [];
  conditionalFormats: ConditionalFormatState[] = [];
  freeze = { rows: 0, columns: 0 };
  readonly changeHandlers = new Set<ChangeHandler>();

  constructor(name: string) {
    this.name = name;
  }

  value(row: number, col: number): CellValue {
    return this.#values[row]?.[col] ?? null;
  }

  numberFormat(row: number, col: number): string {
    return this.#formats[row]?.[col] ?? 'General';
  }

  /** Writes one cell as Excel would store `raw`; returns whether the value changed. */
  write(row: number, col: number, raw: CellValue, j: Journal): boolean {
    valuesChanged(j);
    const before = this.value(row, col);
    const stored = coerceInput(raw, this.numberFormat(row, col));
    this.#put(this.#values, row, col, stored.value, j);
    j.mapSet(this.formulas, cellKey(row, col), stored.formula);
    if (stored.numberFormat && this.numberFormat(row, col) === 'General') this.setNumberFormat(row, col, stored.numberFormat, j);
    return before !== stored.value;
  }

  /**
   * Moves every value and number format to where `to` sends it (null: deleted with its cell), as
   * inserting or deleting cells does.
   */
  relocate(to: (row: number, col: number) => { row: number; col: number } | null, j: Journal): void {
    valuesChanged(j);
    for (const rows of [this.#values, this.#formats] as (unknown[] | undefined)[][]) {
      const before = rows.slice();
      const next: (unknown[] | undefined)[] = [];
      before.forEach((line, r) =>
        line?.forEach((v, c) => {
          const at = v === undefined ? null : to(r, c);
          if (at) (next[at.row] ??= [])[at.col] = v;
        }),
      );
      rows.length = 0;
      next.forEach((line, r) => (rows[r] = line));
      j.record(() => {
        rows.length = 0;
        before.forEach((line, r) => (rows[r] = line));
      });
    }
  }

  /** Loads a value as it is, outside any batch (building a workbook from a grid: no parsing, no undo). */
  put(row: number, col: number, value: CellValue): void {
    (this.#values[row] ??= [])[col] = value;
  }

  setNumberFormat(row: number, col: number, format: string, j: Journal): void {
    this.#put(this.#formats, row, col, format === '' || format === 'General' ? undefined : format, j);
  }

  #put<T>(rows: (T[] | undefined)[], row: number, col: number, value: T, j: Journal): void {
    const line = (rows[row] ??= []);
    const length = line.length;
    const before = line[col];
    line[col] = value;
    j.record(() => {
      if (col < length) line[col] = before as T;
      else line.length = length;
    });
  }

  /** The smallest rectangle holding every value (and, unless `valuesOnly`, every format and merge). */
  usedRect(valuesOnly: boolean): Rect | null {
    let top = Infinity;
    let left = Infinity;
    let bottom = -1;
    let right = -1;
    const take = (r: number, c: number) => {
      if (r < top) top = r;
      if (r > bottom) bottom = r;
      if (c < left) left = c;
      if (c > right) right = c;
    };
    this.#values.forEach((line, r) => line?.forEach((v, c) => v !== null && v !== undefined && take(r, c)));
    if (!valuesOnly) {
      this.#formats.forEach((line, r) => line?.forEach((f, c) => f !== undefined && take(r, c)));
      for (const map of [this.fills, this.fontColors, this.bold]) {
        for (const key of map.keys()) take(Math.floor(key / MAX_COLUMNS), key % MAX_COLUMNS);
      }
      for (const m of this.merges) {
        take(m.top, m.left);
        take(m.bottom, m.right);
      }
    }
    return bottom < 0 ? null : { top, left, bottom, right };
  }

  /** Values as Office.js returns them: every cell of the rectangle, "" when empty. */
  valuesIn(r: Rect): CellValue[][] {
    const out: CellValue[][] = [];
    for (let row = r.top; row <= r.bottom; row++) {
      const line = this.#values[row];
      const cells: CellValue[] = [];
      for (let col = r.left; col <= r.right; col++) cells.push(line?.[col] ?? '');
      out.push(cells);
    }
    return out;
  }

  formatsIn(r: Rect): string[][] {
    const out: string[][] = [];
    for (let row = r.top; row <= r.bottom; row++) {
      const cells: string[] = [];
      for (let col = r.left; col <= r.right; col++) cells.push(this.numberFormat(row, col));
      out.push(cells);
    }
    return out;
  }

  /** Every cell with a number format other than General. */
  *formatEntries(): Generator<{ row: number; col: number; format: string }> {
    for (let row = 0; row < this.#formats.length; row++) {
      const line = this.#formats[row];
      if (!line) continue;
      for (let col = 0; col < line.length; col++) {
        const format = line[col];
        if (format !== undefined) yield { row, col, format };
      }
    }
  }

  /** Row arrays as stored, for exporting. */
  rows(): readonly (readonly CellValue[] | undefined)[] {
    return this.#values;
  }
}

export class WorkbookState {
  readonly sheets: SheetState[] = [];
  activeSheet: SheetState | undefined;
  /** The selected cells, once something selected them. */
  selection: { sheet: SheetState; rect: Rect } | undefined;
  /** Setting values as JSON text, like the document stores them. */
  readonly settings = new Map<string, string>();
  /** The day TODAY() gives in formulas and conditional formats. */
  today: () => IsoDate = todayIso;

  sheetNamed(name: string): SheetState | undefined {
    const key = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === key);
  }
}
