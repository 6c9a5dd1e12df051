// A strict in-memory Excel host for tests and the playground. See host.ts.
export { createSimHost, fromGrids, SimHost, type SheetSnapshot, type SimHostOptions, type SimRequirements } from './host';
export { SimRequestContext } from './context';
export { EXCEL_PAYLOAD_LIMIT, compareVersions, type SyncRecord } from './core';
export { SimApiError, SimPropertyNotLoadedError, type SimErrorCode } from './errors';
export type { SimChangedEventArgs } from './state';
export type { InsertShiftDirection, DeleteShiftDirection } from './shift';
export type { ConditionalStyle } from './conditional-styles';
export { displayText } from './number-formats';
export { UNSUPPORTED } from './formulas';
