// Range, RangeAreas and RangeCollection of the simulated host.
import type { CellValue } from '../../ledger';
import { bounding, cellKey, contains, formatAddress, intersect, parseAddress, rectColumns, rectRows, type Rect } from './address';
import { SimObject, type Exec, type RangeAt, type SimProxy } from './batch';
import type { SimRequestContext } from './context';
import { valueType } from './core';
import { SimApiError, SimPropertyNotLoadedError } from './errors';
import { SimConditionalFormatCollection, SimDataValidation, SimRangeFormat } from './format';
import { recalculate } from './recalc';
import { shiftCells, type DeleteShiftDirection, type InsertShiftDirection } from './shift';
import type { SheetState } from './state';

/** Excel refuses get operations on ranges of more than five million cells, on every platform. */
const GET_CELL_LIMIT = 5_000_000;
/** Excel's documented limit for Range.getMergedAreasOrNullObject. */
const MERGED_AREAS_LIMIT = 512;

const SHAPE_MESSAGE = "The number of rows or columns in the input array doesn't match the size or dimensions of the range.";

interface RangeProps {
  address: string;
  rowIndex: number;
  columnIndex: number;
  rowCount: number;
  columnCount: number;
  cellCount: number;
  values: CellValue[][];
  valueTypes: string[][];
  numberFormat: (string | null)[][];
  columnHidden: boolean | null;
}

function checkGet(at: RangeAt, location: string): void {
  const cells = rectRows(at.rect) * rectColumns(at.rect);
  if (cells > GET_CELL_LIMIT) throw new SimApiError('GeneralException', location, `${cells} cells: get operations are limited to ${GET_CELL_LIMIT}`);
}

/** Checks a 2-D input against the range's shape; returns it typed. */
function grid2d(input: unknown, at: RangeAt, location: string): unknown[][] {
  const rows = rectRows(at.rect);
  const cols = rectColumns(at.rect);
  if (!Array.isArray(input) || input.length !== rows) throw new SimApiError('InvalidArgument', location, SHAPE_MESSAGE);
  const out: unknown[][] = [];
  for (const row of input) {
    if (!Array.isArray(row) || row.length !== cols) throw new SimApiError('InvalidArgument', location, SHAPE_MESSAGE);
    out.push(row);
  }
  return out;
}

function isCellInput(v: unknown): v is CellValue {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** Cells covered by a merged area but not its top-left: Excel refuses values there. */
function mergedTails(sheet: SheetState, rect: Rect): Set<number> {
  const tails = new Set<number>();
  for (const m of sheet.merges) {
    const o = intersect(m, rect);
    if (!o) continue;
    for (let r = o.top; r <= o.bottom; r++) {
      for (let c = o.left; c <= o.right; c++) if (r !== m.top || c !== m.left) tails.add(cellKey(r, c));
    }
  }
  return tails;
}

function writeValues(exec: Exec, at: RangeAt, input: unknown): void {
  const location = 'Range.values';
  const rows = grid2d(input, at, location);
  const tails = mergedTails(at.sheet, at.rect);
  let changed = 0;
  let single: { before: CellValue; after: CellValue } | undefined;
  rows.forEach((row, i) =>
    row.forEach((v, j) => {
      if (!isCellInput(v)) throw new SimApiError('InvalidArgument', location, `cell (${i}, ${j}) holds ${typeof v}`);
      if (v === null) return;
      const r = at.rect.top + i;
      const c = at.rect.left + j;
      if (v !== '' && tails.has(cellKey(r, c))) throw new SimApiError('InvalidOperation', location, 'Cannot change part of a merged cell.');
      const before = at.sheet.value(r, c);
      at.sheet.write(r, c, v, exec.journal);
      changed++;
      single = { before, after: at.sheet.value(r, c) };
    }),
  );
  if (changed > 0) exec.changes.push({ sheet: at.sheet, rect: at.rect, ...(changed === 1 && rectRows(at.rect) * rectColumns(at.rect) === 1 && single && { single }) });
}

function writeNumberFormat(exec: Exec, at: RangeAt, input: unknown): void {
  const location = 'Range.numberFormat';
  grid2d(input, at, location).forEach((row, i) =>
    row.forEach((f, j) => {
      if (f === null) return;
      if (typeof f !== 'string') throw new SimApiError('InvalidArgument', location, `cell (${i}, ${j}) holds ${typeof f}`);
      at.sheet.setNumberFormat(at.rect.top + i, at.rect.left + j, f, exec.journal);
    }),
  );
}

export class SimRange extends SimObject<RangeAt | null, RangeProps> {
  protected readonly typeName = 'Range';
  protected readonly loaders = {
    address: (_: Exec, at: RangeAt) => formatAddress(at.sheet.name, at.rect),
    rowIndex: (_: Exec, at: RangeAt) => at.rect.top,
    columnIndex: (_: Exec, at: RangeAt) => at.rect.left,
    rowCount: (_: Exec, at: RangeAt) => rectRows(at.rect),
    columnCount: (_: Exec, at: RangeAt) => rectColumns(at.rect),
    cellCount: (_: Exec, at: RangeAt) => rectRows(at.rect) * rectColumns(at.rect),
    values: (exec: Exec, at: RangeAt): CellValue[][] => {
      checkGet(at, 'Range.values');
      // Excel calculates as cells change; the simulator when a value is read.
      recalculate(exec.core.book);
      return at.sheet.valuesIn(at.rect);
    },
    valueTypes: (exec: Exec, at: RangeAt): string[][] => {
      checkGet(at, 'Range.valueTypes');
      recalculate(exec.core.book);
      return at.sheet.valuesIn(at.rect).map((row) => row.map(valueType));
    },
    numberFormat: (_: Exec, at: RangeAt): (string | null)[][] => {
      checkGet(at, 'Range.numberFormat');
      return at.sheet.formatsIn(at.rect);
    },
    columnHidden: (_: Exec, at: RangeAt): boolean | null => {
      let hidden = 0;
      for (let c = at.rect.left; c <= at.rect.right; c++) if (at.sheet.hiddenColumns.has(c)) hidden++;
      return hidden === 0 ? false : hidden === rectColumns(at.rect) ? true : null;
    },
  };
  #format: SimRangeFormat | undefined;
  #dataValidation: SimDataValidation | undefined;
  #conditionalFormats: SimConditionalFormatCollection | undefined;

  constructor(
    context: SimRequestContext,
    private readonly locator: (exec: Exec) => RangeAt | null,
  ) {
    super(context);
  }

  protected locate(exec: Exec): RangeAt | null {
    return this.locator(exec);
  }

  /** Where this range is, for the objects hanging off it. */
  at(exec: Exec, location: string): RangeAt {
    return this.need(exec, location);
  }

  protected override child(name: string): SimProxy | undefined {
    if (name === 'format') return this.format;
    if (name === 'dataValidation') return this.dataValidation;
    return undefined;
  }

  get address(): string {
    return this.read('address');
  }
  get rowIndex(): number {
    return this.read('rowIndex');
  }
  get columnIndex(): number {
    return this.read('columnIndex');
  }
  get rowCount(): number {
    return this.read('rowCount');
  }
  get columnCount(): number {
    return this.read('columnCount');
  }
  get cellCount(): number {
    return this.read('cellCount');
  }

  get values(): CellValue[][] {
    return this.read('values');
  }
  set values(input: CellValue[][]) {
    this.remember('values', input);
    this.enqueue('Range.values', (exec) => writeValues(exec, this.need(exec, 'Range.values'), input), input);
  }

  get valueTypes(): string[][] {
    return this.read('valueTypes');
  }

  get numberFormat(): (string | null)[][] {
    return this.read('numberFormat');
  }
  set numberFormat(input: (string | null)[][]) {
    this.remember('numberFormat', input);
    this.enqueue('Range.numberFormat', (exec) => writeNumberFormat(exec, this.need(exec, 'Range.numberFormat'), input), input);
  }

  get columnHidden(): boolean | null {
    return this.read('columnHidden');
  }
  set columnHidden(hidden: boolean) {
    this.remember('columnHidden', hidden);
    this.enqueue(
      'Range.columnHidden',
      (exec) => {
        if (typeof hidden !== 'boolean') throw new SimApiError('InvalidArgument', 'Range.columnHidden', 'expected true or false');
        const at = this.need(exec, 'Range.columnHidden');
        for (let c = at.rect.left; c <= at.rect.right; c++) exec.journal.setMember(at.sheet.hiddenColumns, c, hidden);
      },
      hidden,
      '1.2',
    );
  }

  get format(): SimRangeFormat {
    return (this.#format ??= new SimRangeFormat(this));
  }

  get dataValidation(): SimDataValidation {
    return (this.#dataValidation ??= new SimDataValidation(this));
  }

  get conditionalFormats(): SimConditionalFormatCollection {
    return (this.#conditionalFormats ??= new SimConditionalFormatCollection(this));
  }

  #derived(location: string, make: (at: RangeAt, other: Rect | undefined) => Rect | null, other?: SimRange | string, version?: string): SimRange {
    if (other instanceof SimRange) this.sameContext(other, location);
    const range = new SimRange(this.context, (exec) => {
      const at = this.need(exec, location);
      let rect: Rect | undefined;
      if (typeof other === 'string') {
        const parsed = parseAddress(other);
        if (!parsed || (parsed.sheet !== undefined && parsed.sheet.toLowerCase() !== at.sheet.name.toLowerCase())) {
          throw new SimApiError('InvalidArgument', location, `"${other}" is not an address on sheet "${at.sheet.name}"`);
        }
        rect = parsed.rect;
      } else if (other) {
        const o = other.need(exec, location);
        if (o.sheet !== at.sheet) throw new SimApiError('InvalidArgument', location, 'the ranges are on different sheets');
        rect = o.rect;
      }
      const made = make(at, rect);
      return made ? { sheet: at.sheet, rect: made } : null;
    });
    return this.spawn(range, location, version);
  }

  /**
   * Inserts cells here, moving the others down or right (whole rows down and whole columns right
   * whatever `shift` says); returns the inserted range. ExcelApi 1.1.
   */
  insert(shift: InsertShiftDirection): SimRange {
    const location = 'Range.insert';
    this.enqueue(location, (exec) => this.#shift(exec, 'insert', shift, location), shift);
    return new SimRange(this.context, (exec) => this.need(exec, location));
  }

  /** Deletes these cells, moving the others up or left (whole rows up, whole columns left). ExcelApi 1.1. */
  delete(shift: DeleteShiftDirection): void {
    const location = 'Range.delete';
    this.enqueue(location, (exec) => this.#shift(exec, 'delete', shift, location), shift);
  }

  #shift(exec: Exec, op: 'insert' | 'delete', shift: string, location: string): void {
    const at = this.need(exec, location);
    exec.changes.push(shiftCells(at.sheet, at.rect, op, shift, exec.journal, location));
  }

  /** Selects the range, activating its sheet, as Excel does. */
  select(): void {
    this.enqueue('Range.select', (exec) => {
      const at = this.need(exec, 'Range.select');
      exec.journal.assign(exec.core.book, 'activeSheet', at.sheet);
      exec.journal.assign(exec.core.book, 'selection', { sheet: at.sheet, rect: at.rect });
    });
  }

  getBoundingRect(anotherRange: SimRange | string): SimRange {
    return this.#derived('Range.getBoundingRect', (at, o) => bounding(at.rect, o ?? at.rect), anotherRange);
  }

  getIntersection(anotherRange: SimRange | string): SimRange {
    return this.#derived(
      'Range.getIntersection',
      (at, o) => {
        const r = intersect(at.rect, o ?? at.rect);
        if (!r) throw new SimApiError('ItemNotFound', 'Range.getIntersection', 'the ranges do not intersect');
        return r;
      },
      anotherRange,
    );
  }

  getIntersectionOrNullObject(anotherRange: SimRange | string): SimRange {
    return this.#derived('Range.getIntersectionOrNullObject', (at, o) => intersect(at.rect, o ?? at.rect), anotherRange, '1.4');
  }

  /**
   * Like Excel: the merged areas whose top-left cell lies in this range (a merge starting above or
   * left of it is not reported), a null object when there are none, and a failure past 512 areas.
   */
  getMergedAreasOrNullObject(): SimRangeAreas {
    const location = 'Range.getMergedAreasOrNullObject';
    const areas = new SimRangeAreas(this.context, (exec) => {
      const at = this.need(exec, location);
      const rects = at.sheet.merges.filter((m) => contains(at.rect, m.top, m.left));
      if (rects.length > MERGED_AREAS_LIMIT) {
        throw new SimApiError('GeneralException', location, `${rects.length} merged areas; Excel returns at most ${MERGED_AREAS_LIMIT}`);
      }
      return rects.length === 0 ? null : { sheet: at.sheet, rects };
    });
    return this.spawn(areas, location, '1.13');
  }
}

interface AreasAt {
  sheet: SheetState;
  rects: Rect[];
}

export class SimRangeAreas extends SimObject<AreasAt | null, { address: string; areaCount: number }> {
  protected readonly typeName = 'RangeAreas';
  protected readonly loaders = {
    address: (_: Exec, at: AreasAt) => at.rects.map((r) => formatAddress(at.sheet.name, r)).join(','),
    areaCount: (_: Exec, at: AreasAt) => at.rects.length,
  };
  readonly areas: SimRangeCollection;

  constructor(
    context: SimRequestContext,
    private readonly locator: (exec: Exec) => AreasAt | null,
  ) {
    super(context);
    this.areas = new SimRangeCollection(context, (exec) => {
      const at = this.resolveIn(exec);
      return at && at.rects.map((rect) => ({ sheet: at.sheet, rect }));
    });
  }

  protected locate(exec: Exec): AreasAt | null {
    return this.locator(exec);
  }

  get address(): string {
    return this.read('address');
  }

  get areaCount(): number {
    return this.read('areaCount');
  }
}

export class SimRangeCollection extends SimObject<RangeAt[] | null, Record<never, never>> {
  protected readonly typeName = 'RangeCollection';
  protected readonly loaders = {};
  #items: SimRange[] | undefined;

  constructor(
    context: SimRequestContext,
    private readonly locator: (exec: Exec) => RangeAt[] | null,
  ) {
    super(context);
  }

  protected locate(exec: Exec): RangeAt[] | null {
    return this.locator(exec);
  }

  /** Loads the items with the named properties ("address" or "items/address"; all when omitted). */
  override load(names?: string | string[]): this {
    const list = (names === undefined ? [] : typeof names === 'string' ? names.split(',') : names)
      .map((n) => n.trim().replace(/^items\/?/, ''))
      .filter((n) => n !== '');
    this.enqueue('RangeCollection.load', (exec) => {
      const at = this.resolveIn(exec);
      if (!at) return;
      const items = at.map((where) => {
        const item = new SimRange(this.context, () => where);
        item.bind(exec, where);
        item.fetch(exec, list.length > 0 ? list : undefined);
        return item;
      });
      exec.onCommit(() => {
        this.#items = items;
      });
    });
    return this;
  }

  get items(): SimRange[] {
    if (!this.#items) throw new SimPropertyNotLoadedError(this.typeName, 'items');
    return this.#items;
  }
}
