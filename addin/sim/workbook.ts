// Workbook, worksheet collection, worksheet, freeze panes and change events of the simulated host.
import { MAX_COLUMNS, MAX_ROWS, parseAddress, type Rect } from './address';
import { SimObject, type Exec, type RangeAt } from './batch';
import type { SimRequestContext } from './context';
import { SimApiError } from './errors';
import { SimRange } from './range';
import { SimSettingCollection } from './settings';
import { SheetState, type ChangeHandler, type Visibility, type WorkbookState } from './state';

type NoProps = Record<never, never>;

export class SimWorkbook extends SimObject<WorkbookState, NoProps> {
  protected readonly typeName = 'Workbook';
  protected readonly loaders = {};
  readonly worksheets: SimWorksheetCollection;
  readonly settings: SimSettingCollection;

  constructor(context: SimRequestContext) {
    super(context);
    this.worksheets = new SimWorksheetCollection(context);
    this.settings = new SimSettingCollection(context);
  }

  protected locate(exec: Exec): WorkbookState {
    return exec.core.book;
  }

  /** The selected cells of the active sheet; A1 there until something was selected, as Excel opens a sheet. */
  getSelectedRange(): SimRange {
    const range = new SimRange(this.context, (exec): RangeAt | null => {
      const book = exec.core.book;
      const sheet = book.activeSheet;
      if (!sheet) throw new SimApiError('ItemNotFound', 'Workbook.getSelectedRange', 'the workbook has no sheets');
      const rect = book.selection?.sheet === sheet ? book.selection.rect : { top: 0, left: 0, bottom: 0, right: 0 };
      return { sheet, rect };
    });
    return this.spawn(range, 'Workbook.getSelectedRange');
  }
}

const BAD_SHEET_NAME = /[\\/?*[\]:]/;

export class SimWorksheetCollection extends SimObject<WorkbookState, NoProps> {
  protected readonly typeName = 'WorksheetCollection';
  protected readonly loaders = {};

  protected locate(exec: Exec): WorkbookState {
    return exec.core.book;
  }

  getActiveWorksheet(): SimWorksheet {
    return this.spawn(
      new SimWorksheet(this.context, (exec) => {
        const sheet = exec.core.book.activeSheet;
        if (!sheet) throw new SimApiError('ItemNotFound', 'WorksheetCollection.getActiveWorksheet', 'the workbook has no sheets');
        return sheet;
      }),
      'WorksheetCollection.getActiveWorksheet',
    );
  }

  getItem(key: string): SimWorksheet {
    return this.spawn(
      new SimWorksheet(this.context, (exec) => {
        const sheet = exec.core.book.sheetNamed(key);
        if (!sheet) throw new SimApiError('ItemNotFound', 'WorksheetCollection.getItem', `no sheet named "${key}"`);
        return sheet;
      }),
      'WorksheetCollection.getItem',
    );
  }

  getItemOrNullObject(key: string): SimWorksheet {
    return this.spawn(
      new SimWorksheet(this.context, (exec) => exec.core.book.sheetNamed(key) ?? null),
      'WorksheetCollection.getItemOrNullObject',
      '1.4',
    );
  }

  add(name?: string): SimWorksheet {
    return this.spawn(
      new SimWorksheet(this.context, (exec) => {
        const book = exec.core.book;
        let chosen = name;
        for (let n = book.sheets.length + 1; chosen === undefined; n++) {
          if (!book.sheetNamed(`Sheet${n}`)) chosen = `Sheet${n}`;
        }
        if (chosen === '' || chosen.length > 31 || BAD_SHEET_NAME.test(chosen) || chosen.startsWith("'") || chosen.endsWith("'")) {
          throw new SimApiError('InvalidArgument', 'WorksheetCollection.add', `"${chosen}" is not a valid sheet name`);
        }
        if (book.sheetNamed(chosen)) throw new SimApiError('ItemAlreadyExists', 'WorksheetCollection.add', `a sheet named "${chosen}" exists`);
        return addSheet(book, chosen, exec);
      }),
      'WorksheetCollection.add',
    );
  }
}

function addSheet(book: WorkbookState, name: string, exec: Exec): SheetState {
  const sheet = new SheetState(name);
  book.sheets.push(sheet);
  exec.journal.record(() => {
    book.sheets.splice(book.sheets.indexOf(sheet), 1);
  });
  return sheet;
}

interface WorksheetProps {
  name: string;
  id: string;
  visibility: Visibility;
  position: number;
}

const VISIBILITIES: readonly string[] = ['Visible', 'Hidden', 'VeryHidden'];

export class SimWorksheet extends SimObject<SheetState | null, WorksheetProps> {
  protected readonly typeName = 'Worksheet';
  protected readonly loaders = {
    name: (_: Exec, s: SheetState) => s.name,
    id: (_: Exec, s: SheetState) => s.id,
    visibility: (_: Exec, s: SheetState) => s.visibility,
    position: (exec: Exec, s: SheetState) => exec.core.book.sheets.indexOf(s),
  };
  readonly freezePanes: SimFreezePanes;
  readonly onChanged: SimEventHandlers;

  constructor(
    context: SimRequestContext,
    private readonly locator: (exec: Exec) => SheetState | null,
  ) {
    super(context);
    this.freezePanes = new SimFreezePanes(this);
    this.onChanged = new SimEventHandlers(this);
  }

  protected locate(exec: Exec): SheetState | null {
    return this.locator(exec);
  }

  get name(): string {
    return this.read('name');
  }

  get id(): string {
    return this.read('id');
  }

  get visibility(): Visibility {
    return this.read('visibility');
  }

  set visibility(value: Visibility) {
    this.remember('visibility', value);
    this.enqueue(
      'Worksheet.visibility',
      (exec) => {
        const sheet = this.need(exec, 'Worksheet.visibility');
        if (!VISIBILITIES.includes(value)) throw new SimApiError('InvalidArgument', 'Worksheet.visibility', `"${String(value)}" is not a visibility`);
        const othersVisible = exec.core.book.sheets.some((s) => s !== sheet && s.visibility === 'Visible');
        if (value !== 'Visible' && !othersVisible) {
          throw new SimApiError('InvalidOperation', 'Worksheet.visibility', 'a workbook must keep at least one visible sheet');
        }
        exec.journal.assign(sheet, 'visibility', value);
      },
      value,
    );
  }

  #range(location: string, find: (sheet: SheetState, exec: Exec) => Rect | null, version?: string): SimRange {
    const range = new SimRange(this.context, (exec): RangeAt | null => {
      const sheet = this.need(exec, location);
      const rect = find(sheet, exec);
      return rect ? { sheet, rect } : null;
    });
    return this.spawn(range, location, version);
  }

  getRange(address?: string): SimRange {
    return this.#range('Worksheet.getRange', (sheet) => {
      if (address === undefined || address === '') return { top: 0, left: 0, bottom: MAX_ROWS - 1, right: MAX_COLUMNS - 1 };
      const parsed = parseAddress(address);
      if (!parsed || (parsed.sheet !== undefined && parsed.sheet.toLowerCase() !== sheet.name.toLowerCase())) {
        throw new SimApiError('InvalidArgument', 'Worksheet.getRange', `"${address}" is not an address on sheet "${sheet.name}"`);
      }
      return parsed.rect;
    });
  }

  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): SimRange {
    return this.#range(
      'Worksheet.getRangeByIndexes',
      () => {
        const ints = [startRow, startColumn, rowCount, columnCount].every(Number.isInteger);
        const rect = { top: startRow, left: startColumn, bottom: startRow + rowCount - 1, right: startColumn + columnCount - 1 };
        if (!ints || startRow < 0 || startColumn < 0 || rowCount < 1 || columnCount < 1 || rect.bottom >= MAX_ROWS || rect.right >= MAX_COLUMNS) {
          throw new SimApiError('InvalidArgument', 'Worksheet.getRangeByIndexes', `(${startRow}, ${startColumn}, ${rowCount}, ${columnCount}) is outside the sheet`);
        }
        return rect;
      },
      '1.7',
    );
  }

  /** Like Excel: a blank sheet's used range is A1. */
  getUsedRange(valuesOnly?: boolean): SimRange {
    return this.#range(
      'Worksheet.getUsedRange',
      (sheet) => sheet.usedRect(valuesOnly === true) ?? { top: 0, left: 0, bottom: 0, right: 0 },
      valuesOnly === undefined ? undefined : '1.2',
    );
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): SimRange {
    return this.#range('Worksheet.getUsedRangeOrNullObject', (sheet) => sheet.usedRect(valuesOnly === true), '1.4');
  }

  activate(): void {
    this.enqueue('Worksheet.activate', (exec) => {
      const sheet = this.need(exec, 'Worksheet.activate');
      if (sheet.visibility !== 'Visible') throw new SimApiError('InvalidOperation', 'Worksheet.activate', `sheet "${sheet.name}" is hidden`);
      exec.journal.assign(exec.core.book, 'activeSheet', sheet);
    });
  }

  /** Queues the registration of a change handler; it takes effect at the next sync. */
  registerChangeHandler(handler: ChangeHandler, add: boolean): void {
    const location = add ? 'Worksheet.onChanged.add' : 'Worksheet.onChanged.remove';
    this.enqueue(
      location,
      (exec) => {
        const sheet = this.need(exec, location);
        exec.onCommit(() => (add ? sheet.changeHandlers.add(handler) : sheet.changeHandlers.delete(handler)));
      },
      undefined,
      '1.7',
    );
  }

  freeze(location: string, panes: { rows: number; columns: number }, count: number): void {
    this.enqueue(
      location,
      (exec) => {
        if (!Number.isInteger(count) || count < 0) throw new SimApiError('InvalidArgument', location, `cannot freeze ${count}`);
        exec.journal.assign(this.need(exec, location), 'freeze', panes);
      },
      count,
      '1.7',
    );
  }
}

export class SimFreezePanes {
  constructor(private readonly sheet: SimWorksheet) {}

  freezeRows(count = 1): void {
    this.sheet.freeze('WorksheetFreezePanes.freezeRows', { rows: count, columns: 0 }, count);
  }

  freezeColumns(count = 1): void {
    this.sheet.freeze('WorksheetFreezePanes.freezeColumns', { rows: 0, columns: count }, count);
  }

  unfreeze(): void {
    this.sheet.freeze('WorksheetFreezePanes.unfreeze', { rows: 0, columns: 0 }, 0);
  }
}

export class SimEventHandlerResult {
  readonly context: SimRequestContext;

  constructor(
    private readonly sheet: SimWorksheet,
    private readonly handler: ChangeHandler,
  ) {
    this.context = sheet.context;
  }

  /** Queues the removal; it takes effect at the next sync of this context. */
  remove(): void {
    this.sheet.registerChangeHandler(this.handler, false);
  }
}

export class SimEventHandlers {
  constructor(private readonly sheet: SimWorksheet) {}

  add(handler: ChangeHandler): SimEventHandlerResult {
    this.sheet.registerChangeHandler(handler, true);
    return new SimEventHandlerResult(this.sheet, handler);
  }

  remove(handler: ChangeHandler): void {
    this.sheet.registerChangeHandler(handler, false);
  }
}
