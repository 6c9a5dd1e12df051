// The slice of the Excel JavaScript API the adapter uses, as structural interfaces. Excel's own
// classes (@types/office-js) satisfy them, and so does the simulated host: the adapter takes the
// objects it works on from the context it is given, never from a global `Excel`.
//
// Where Excel's property type is wider than what we write (an enum besides string literals, a
// Range besides a string), the interface declares a getter and a setter separately: reading gets
// Excel's type, writing accepts only what we send.
import type { CellValue } from '../../ledger';

export interface HostContext {
  readonly workbook: HostWorkbook;
  sync(): Promise<unknown>;
}

export interface HostWorkbook {
  readonly worksheets: HostWorksheetCollection;
  readonly settings: HostSettingCollection;
  /** The cells the user selected (ExcelApi 1.1). */
  getSelectedRange(): HostRange;
}

export interface HostWorksheetCollection {
  getActiveWorksheet(): HostWorksheet;
  getItem(key: string): HostWorksheet;
  getItemOrNullObject(key: string): HostWorksheet;
  add(name?: string): HostWorksheet;
}

export type SheetVisibility = 'Visible' | 'Hidden' | 'VeryHidden';

export interface HostWorksheet {
  readonly isNullObject: boolean;
  readonly name: string;
  get visibility(): string;
  set visibility(value: SheetVisibility);
  load(propertyNames: string): HostWorksheet;
  /** Makes this the sheet the user sees. */
  activate(): void;
  getRange(address?: string): HostRange;
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): HostRange;
  getUsedRange(valuesOnly?: boolean): HostRange;
  readonly onChanged: HostEventHandlers<HostChangedEventArgs>;
}

export interface HostRange {
  readonly isNullObject: boolean;
  readonly address: string;
  readonly rowIndex: number;
  readonly columnIndex: number;
  readonly rowCount: number;
  readonly columnCount: number;
  /** Written with null meaning "leave this cell as it is", "" meaning "clear it". */
  values: CellValue[][];
  /** "Empty", "String", "Double", "Boolean", "Error": a few bytes a cell, for when only emptiness matters. */
  readonly valueTypes: string[][];
  numberFormat: (string | null)[][];
  get columnHidden(): boolean | null;
  set columnHidden(value: boolean);
  readonly format: HostRangeFormat;
  readonly dataValidation: HostDataValidation;
  readonly conditionalFormats: HostConditionalFormatCollection;
  load(propertyNames: string): HostRange;
  getBoundingRect(anotherRange: HostRange | string): HostRange;
  getIntersection(anotherRange: HostRange | string): HostRange;
  getMergedAreasOrNullObject(): HostRangeAreas;
  /** Selects the range in the Excel UI. */
  select(): void;
}

export interface HostRangeAreas {
  readonly isNullObject: boolean;
  readonly areas: HostRangeCollection;
}

export interface HostRangeCollection {
  readonly items: HostRange[];
  load(propertyNames: string): HostRangeCollection;
}

export interface HostRangeFormat {
  readonly fill: HostRangeFill;
  readonly font: HostRangeFont;
}

export interface HostRangeFill {
  get color(): string | null;
  set color(value: string);
  clear(): void;
  load(propertyNames: string): HostRangeFill;
}

export interface HostRangeFont {
  get color(): string | null;
  set color(value: string);
  get bold(): boolean | null;
  set bold(value: boolean);
}

/** A drop-down list rule: a typed list ("a,b,c", at most 255 characters) or a reference ("=Sheet!$A$1:$A$9"). */
export interface HostListRule {
  list: { inCellDropDown: boolean; source: string };
}

export interface HostDataValidation {
  get rule(): unknown;
  set rule(value: HostListRule);
  clear(): void;
}

export interface HostConditionalFormatCollection {
  add(type: 'Custom'): HostConditionalFormat;
  clearAll(): void;
}

export interface HostConditionalFormat {
  get stopIfTrue(): boolean | null;
  set stopIfTrue(value: boolean);
  readonly custom: {
    readonly rule: { formula: string };
    readonly format: {
      readonly fill: { get color(): string | null; set color(value: string) };
      readonly font: { get color(): string | null; set color(value: string) };
    };
  };
}

export interface HostSettingCollection {
  add(key: string, value: unknown): HostSetting;
  getItemOrNullObject(key: string): HostSetting;
}

export interface HostSetting {
  readonly isNullObject: boolean;
  readonly value: unknown;
  load(propertyNames: string): HostSetting;
  delete(): void;
}

export interface HostChangedEventArgs {
  readonly address: string;
  readonly changeType: string;
  readonly source: string;
  /** Only when a single cell changed. */
  readonly details?: { readonly valueBefore: unknown; readonly valueAfter: unknown };
  /** ExcelApi 1.14; tells the add-in's own writes from the user's. */
  readonly triggerSource?: string;
  /** ExcelApi 1.14; which way cells moved when cells (not whole rows or columns) were inserted or deleted. */
  readonly changeDirectionState?: { readonly insertShiftDirection?: string; readonly deleteShiftDirection?: string };
}

export interface HostEventHandlers<T> {
  add(handler: (args: T) => Promise<unknown>): unknown;
}

/** `Office.context.requirements`. */
export interface Requirements {
  isSetSupported(name: string, minVersion?: string): boolean;
}
