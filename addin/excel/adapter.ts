// The only code that touches Excel's API. Every function takes the request context it works in
// (from Excel.run, or the simulated host's) and, where a feature depends on the Excel version,
// Office.context.requirements. Rows and columns are 0-based, like the ledger's Grid. Each function
// leaves its work synced. The whole adapter needs ExcelApi 1.7 (Range by indexes, change events).
export type {
  HostContext,
  HostChangedEventArgs,
  Requirements,
} from './host';
export { AdapterError, type AdapterErrorKind } from './errors';
export { API_SETS, hostCapabilities, unsupportedMessage, type Capability } from './capabilities';
export { readSheetGrid } from './read';
export { readColumnsForCheck, readRowsForCheck, PRESENCE_MARK, type CheckColumns, type CheckGrid } from './check-read';
export { writeRows, writeBlocks, ensureHiddenIdColumns, ID_HEADER, VERSION_HEADER, type CellBlock, type CellFormats } from './write';
export { writeTableSheet, addUniqueSheet, type SheetCell, type TableSheetOptions } from './table-sheet';
export { readSelection, selectCell } from './select';
export { applyDropdowns, LISTS_SHEET, type DropdownSpec } from './dropdowns';
export { applyStatusFormats, OVERDUE_STYLE, DUE_SOON_STYLE, type StatusFormatSpec } from './status-formats';
export { clearMarks, applyMarks, queueSavedFills, queueBlockFills, type KnownFills, marksSettingKey, MARK_FILLS, SavedFills, type CellMark, type MarkSeverity } from './marks';
export { readSetting, readSettings, writeSettings } from './settings';
export { queueWatch, toSheetChange, type SheetChange } from './changes';
