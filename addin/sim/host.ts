// The simulated host: `Excel.run`, `Office.context.requirements`, and what tests and the playground
// need around them (load grids, inspect what the add-in wrote, type into cells as a user would).
import type { CellValue, Grid, GridInput, IsoDate } from '../../ledger';
import { formatAddress, keyCell, localAddress, parseAddress, rectColumns, rectRows } from './address';
import { SimRequestContext } from './context';
import { EXCEL_PAYLOAD_LIMIT, SimCore, type SyncRecord } from './core';
import { SimApiError } from './errors';
import { fillWorkbook, sheetGrid } from './grids';
import { recalculate } from './recalc';
import { conditionalStyles, type ConditionalStyle } from './conditional-styles';
import { shiftCells, type DeleteShiftDirection, type InsertShiftDirection } from './shift';
import { Journal, type ListRule, type SheetState, type Visibility } from './state';

export interface SimHostOptions {
  /** Sheets in tab order; the first visible one is active. */
  grids?: readonly GridInput[];
  /** Highest ExcelApi requirement set: "1.7" is Office 2019; the default "1.17" a current Microsoft 365. */
  maxApiVersion?: string;
  /** Bytes a request or a response may carry (Excel on the web: 5 MB). */
  payloadLimit?: number;
  /** Number formats of the loaded sheets' cells: sheet name → A1 address → format code (as an xlsx file holds them). */
  numberFormats?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The day TODAY() gives in formulas and conditional formats (default: the computer's date). */
  today?: IsoDate;
}

export interface SimRequirements {
  isSetSupported(name: string, minVersion?: string): boolean;
}

/** Everything recorded on one sheet, with A1 addresses (no sheet name) as keys. */
export interface SheetSnapshot {
  name: string;
  visibility: Visibility;
  grid: Grid;
  numberFormats: Record<string, string>;
  fills: Record<string, string>;
  fontColors: Record<string, string>;
  bold: string[];
  formulas: Record<string, string>;
  validations: { address: string; rule: ListRule }[];
  conditionalFormats: { addresses: string[]; formula: string; fill?: string; fontColor?: string; stopIfTrue: boolean }[];
  hiddenColumns: number[];
  freeze: { rows: number; columns: number };
}

function addressOf(key: number): string {
  const { row, col } = keyCell(key);
  return localAddress({ top: row, left: col, bottom: row, right: col });
}

function byAddress<V>(map: ReadonlyMap<number, V>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [key, v] of [...map].sort((a, b) => a[0] - b[0])) out[addressOf(key)] = v;
  return out;
}

export class SimHost {
  readonly #core: SimCore;
  readonly Excel: { run<T>(batch: (context: SimRequestContext) => Promise<T>): Promise<T> };
  readonly Office: { context: { requirements: SimRequirements } };

  constructor(options: SimHostOptions = {}) {
    const core = new SimCore(options.maxApiVersion ?? '1.17', options.payloadLimit ?? EXCEL_PAYLOAD_LIMIT);
    this.#core = core;
    fillWorkbook(core.book, options.grids ?? [], options.numberFormats);
    const today = options.today;
    if (today) core.book.today = () => today;
    this.Excel = {
      /**
       * Unlike some Office builds, commands still queued when the batch returns are an error here,
       * not silently sent or dropped: the adapter must sync what it queues.
       */
      async run<T>(batch: (context: SimRequestContext) => Promise<T>): Promise<T> {
        const context = new SimRequestContext(core);
        try {
          const result = await batch(context);
          if (context.pending > 0) {
            throw new SimApiError('InvalidOperation', 'Excel.run', `${context.pending} queued command(s) were never sent with context.sync()`);
          }
          return result;
        } finally {
          context.close();
        }
      },
    };
    this.Office = { context: { requirements: { isSetSupported: (name, minVersion) => core.supports(name, minVersion) } } };
  }

  /** Round trips (`context.sync()` calls) made so far, refused ones included. */
  get syncCount(): number {
    return this.#core.syncCount;
  }

  /** Sizes of each sync's request and response, and the error when the host refused it. */
  get syncs(): readonly SyncRecord[] {
    return this.#core.syncs;
  }

  get payloadLimit(): number {
    return this.#core.payloadLimit;
  }

  /** Errors thrown by change handlers, which Excel would swallow. */
  get handlerErrors(): readonly unknown[] {
    return this.#core.handlerErrors;
  }

  toGrids(): Grid[] {
    recalculate(this.#core.book);
    return this.#core.book.sheets.map(sheetGrid);
  }

  #sheet(name: string): SheetState {
    const sheet = this.#core.book.sheetNamed(name);
    if (!sheet) throw new Error(`模拟工作簿中没有工作表“${name}”。/ The simulated workbook has no sheet "${name}".`);
    return sheet;
  }

  inspect(sheetName: string): SheetSnapshot {
    const sheet = this.#sheet(sheetName);
    recalculate(this.#core.book);
    const numberFormats: Record<string, string> = {};
    for (const { row, col, format } of sheet.formatEntries()) numberFormats[localAddress({ top: row, left: col, bottom: row, right: col })] = format;
    return {
      name: sheet.name,
      visibility: sheet.visibility,
      grid: sheetGrid(sheet),
      numberFormats,
      fills: byAddress(sheet.fills),
      fontColors: byAddress(sheet.fontColors),
      bold: Object.keys(byAddress(sheet.bold)),
      formulas: byAddress(sheet.formulas),
      validations: sheet.validations.map((v) => ({ address: localAddress(v.rect), rule: v.rule })),
      conditionalFormats: sheet.conditionalFormats.map((cf) => ({
        addresses: cf.rects.map(localAddress),
        formula: cf.formula,
        ...(cf.fill !== undefined && { fill: cf.fill }),
        ...(cf.fontColor !== undefined && { fontColor: cf.fontColor }),
        stopIfTrue: cf.stopIfTrue,
      })),
      hiddenColumns: [...sheet.hiddenColumns].sort((a, b) => a - b),
      freeze: { ...sheet.freeze },
    };
  }

  /** The fills and font colours the sheet's conditional formats give its cells (rows above `rowLimit`), by A1 address. */
  conditionalStyles(sheetName: string, rowLimit?: number): Record<string, ConditionalStyle> {
    return conditionalStyles(this.#core.book, this.#sheet(sheetName), rowLimit);
  }

  /** Workbook settings, values parsed back from their JSON. */
  settings(): Record<string, unknown> {
    return Object.fromEntries([...this.#core.book.settings].map(([k, text]): [string, unknown] => [k, JSON.parse(text)]));
  }

  /** The active sheet and the selected cells (A1 address), as the user would see them. */
  selection(): { sheet: string; address: string | undefined } {
    const book = this.#core.book;
    const selected = book.selection && book.selection.sheet === book.activeSheet ? localAddress(book.selection.rect) : undefined;
    return { sheet: book.activeSheet?.name ?? '', address: selected };
  }

  activate(sheetName: string): void {
    this.#core.book.activeSheet = this.#sheet(sheetName);
  }

  /** Selects cells as a user clicking in the sheet would (the sheet becomes the active one). */
  select(sheetName: string, address: string): void {
    const sheet = this.#sheet(sheetName);
    const parsed = parseAddress(address);
    if (!parsed || parsed.sheet !== undefined) throw new Error(`“${address}”不是单元格地址。/ "${address}" is not a cell address.`);
    this.#core.book.activeSheet = sheet;
    this.#core.book.selection = { sheet, rect: parsed.rect };
  }

  /**
   * Types values into cells as a user (source "Local") or a co-author (source "Remote") would,
   * then raises the sheet's change event. Null leaves a cell as it is. Resolves once the
   * handlers have finished.
   */
  edit(sheetName: string, address: string, values: CellValue[][], source: 'Local' | 'Remote' = 'Local'): Promise<void> {
    const sheet = this.#sheet(sheetName);
    const parsed = parseAddress(address);
    if (!parsed || parsed.sheet !== undefined) throw new Error(`“${address}”不是单元格地址。/ "${address}" is not a cell address.`);
    const rect = parsed.rect;
    if (values.length !== rectRows(rect) || values.some((row) => row.length !== rectColumns(rect))) {
      throw new Error(`值的行列数与 ${formatAddress(sheet.name, rect)} 不符。/ The values do not match the shape of ${formatAddress(sheet.name, rect)}.`);
    }
    const journal = new Journal();
    const single = rectRows(rect) * rectColumns(rect) === 1 ? { before: sheet.value(rect.top, rect.left), after: null as CellValue } : undefined;
    values.forEach((row, i) => row.forEach((v, j) => v !== null && sheet.write(rect.top + i, rect.left + j, v, journal)));
    if (single) single.after = sheet.value(rect.top, rect.left);
    return this.#core.dispatch([{ sheet, rect, ...(single && { single }) }], source, 'Unknown');
  }

  /**
   * Inserts cells as a user would, then raises the sheet's change event: whole rows ("5:6") push the
   * rows below down, whole columns ("C:C") push the columns right, other cells move `shift`-wards.
   * Resolves once the handlers have finished.
   */
  insertCells(sheetName: string, address: string, shift?: InsertShiftDirection, source: 'Local' | 'Remote' = 'Local'): Promise<void> {
    return this.#shiftCells(sheetName, address, 'insert', shift, source);
  }

  /** Deletes cells as a user would (whole rows up, whole columns left, other cells `shift`-wards), then raises the change event. */
  deleteCells(sheetName: string, address: string, shift?: DeleteShiftDirection, source: 'Local' | 'Remote' = 'Local'): Promise<void> {
    return this.#shiftCells(sheetName, address, 'delete', shift, source);
  }

  #shiftCells(sheetName: string, address: string, op: 'insert' | 'delete', shift: string | undefined, source: 'Local' | 'Remote'): Promise<void> {
    const sheet = this.#sheet(sheetName);
    const parsed = parseAddress(address);
    if (!parsed || parsed.sheet !== undefined) throw new Error(`“${address}”不是单元格地址。/ "${address}" is not a cell address.`);
    const change = shiftCells(sheet, parsed.rect, op, shift, new Journal(), op === 'insert' ? 'insertCells' : 'deleteCells');
    return this.#core.dispatch([change], source, 'Unknown');
  }

  /** Waits for change handlers still running. */
  idle(): Promise<void> {
    return this.#core.idle();
  }
}

export function createSimHost(options?: SimHostOptions): SimHost {
  return new SimHost(options);
}

/** A host whose workbook holds these sheets (e.g. an xlsx file read through the service). */
export function fromGrids(grids: readonly GridInput[], options: Omit<SimHostOptions, 'grids'> = {}): SimHost {
  return new SimHost({ ...options, grids });
}
