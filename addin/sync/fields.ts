// A ledger row's fields as sync sees them: what a sheet column contributes to a push, how a value
// the service holds is written back into a cell, and a comparison key that is equal exactly when
// two values would read the same from the sheet.
import {
  cellMeaning,
  COLUMN_FIELDS,
  closureText,
  extensionText,
  FIELD_LABELS,
  fieldMeaning,
  isoToSerial,
  measureKeys,
  parseDate,
  parseStatus,
  readLedger,
  statusWords,
  type CampaignConfig,
  type CellValue,
  type ColumnField,
  type ExtraColumn,
  type Field,
  type Grid,
  type Measure,
} from '../../ledger';
import { extrasField, unitMayChange as unitMayChangeField, type FieldPatch } from '../../ledger/sync-protocol';

/** Fields a sheet column can hold and sync carries (not 序号, not the bookkeeping columns). */
export type SheetField = ColumnField;
export const SHEET_FIELDS: readonly SheetField[] = COLUMN_FIELDS;

function isSheetField(f: string): f is SheetField {
  return (SHEET_FIELDS as readonly string[]).includes(f);
}

/** A synced column: a field, or an extra column kept as it is (by its key). */
export type SyncColumn = { kind: 'field'; field: SheetField; index: number } | { kind: 'extra'; key: string; label: string; index: number };

export function columnName(c: SyncColumn): string {
  return c.kind === 'field' ? c.field : extrasField(c.key);
}

/** What a unit may change on rows the office assigned (BRIEF §3); closure only to ask for it. */
export function unitMayChange(c: SyncColumn): boolean {
  return unitMayChangeField(columnName(c));
}

/** The columns of a read ledger that sync carries, in sheet order. */
export function syncColumns(ledger: { columns: { field: Field; index: number }[]; extraColumns: (ExtraColumn & { index: number })[] }): SyncColumn[] {
  const out: SyncColumn[] = [];
  for (const c of ledger.columns) if (isSheetField(c.field)) out.push({ kind: 'field', field: c.field, index: c.index });
  for (const e of ledger.extraColumns) out.push({ kind: 'extra', key: e.key, label: e.label, index: e.index });
  return out.sort((a, b) => a.index - b.index);
}

type PatchValue = FieldPatch[keyof FieldPatch];

/** What one column contributes to a push row's `fields` (null clears): a status with its words. */
export function fieldPatch(field: SheetField, m: Measure): Partial<Record<keyof FieldPatch, PatchValue>> {
  return Object.fromEntries(measureKeys(field).map((k) => [k, m[k] ?? null]));
}

/**
 * Equal keys mean equal values by meaning (ledger/meaning), as the service compares them: a status
 * by its code, a deadline by its date, text without its spacing, a closure by its state and date.
 */
function compareKey(c: SyncColumn, m: Measure): string {
  return c.kind === 'extra' ? cellMeaning(m.extras[c.key]) : fieldMeaning(c.field, m);
}

/** A short hash of a comparison key (FNV-1a, 32 bits, base 36): the snapshot stores these. */
function hashKey(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

export function fieldHash(c: SyncColumn, m: Measure): string {
  return hashKey(compareKey(c, m));
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;
export const DATE_FORMAT = 'yyyy-mm-dd';

export interface CellOut {
  value: CellValue;
  /** A number format the cell needs (dates), else undefined. */
  format?: string;
}

function dateCell(iso: string): CellOut {
  return { value: isoToSerial(iso), format: DATE_FORMAT };
}

/**
 * The cell that shows a value the service holds, written so the sheet reads it back as the same
 * value: a status as its words (or the campaign's label when the words say otherwise), a date
 * deadline written as a bare date as a real date, other deadlines in their own words.
 */
export function cellFor(c: SyncColumn, m: Measure, config?: CampaignConfig): CellOut {
  if (c.kind === 'extra') return { value: m.extras[c.key] ?? null };
  switch (c.field) {
    case 'deadline': {
      const d = m.deadline;
      if (!d) return { value: null };
      return d.kind === 'date' && ISO.test(d.text) && d.text === d.date ? dateCell(d.date) : { value: d.text };
    }
    case 'status': {
      if (m.statusText !== undefined && parseStatus(m.statusText).status === m.status) return { value: m.statusText };
      return { value: statusWords(m, config) ?? null };
    }
    case 'completedOn': {
      if (m.completedOnText !== undefined && parseDate(m.completedOnText)?.date === m.completedOn) return { value: m.completedOnText };
      return m.completedOn ? dateCell(m.completedOn) : { value: m.completedOnText ?? null };
    }
    case 'closure':
      return { value: m.closure ? closureText(m.closure) : null };
    case 'extension':
      return { value: m.extension ? extensionText(m.extension) : null };
    default: {
      const v = m[c.field];
      return { value: v === undefined ? null : v };
    }
  }
}

/** Placeholder measure text for rows read back without one: keeps the reader from taking them for separators. */
const FILLER = '\u0001';

/**
 * The measures these values become once written with `cellFor` and read back by the ledger's
 * reader: what the sheet will hold, in the shape a later read gives it.
 */
export function readBack(columns: readonly SyncColumn[], measures: readonly Measure[], config?: CampaignConfig): Measure[] {
  if (measures.length === 0) return [];
  const header: CellValue[] = [FIELD_LABELS.id.zh];
  const fields = columns.filter((c): c is Extract<SyncColumn, { kind: 'field' }> => c.kind === 'field');
  const extras = columns.filter((c): c is Extract<SyncColumn, { kind: 'extra' }> => c.kind === 'extra');
  const hasMeasure = fields.some((c) => c.field === 'measure');
  if (!hasMeasure) header.push(FIELD_LABELS.measure.zh);
  for (const c of fields) header.push(FIELD_LABELS[c.field].zh);
  // Extra columns go under a header the dictionary cannot read as a field, in a known position.
  const extraStart = header.length;
  extras.forEach((_, i) => header.push(`附加列${i + 1}（万元）`));
  const cells: CellValue[][] = [header];
  measures.forEach((m, i) => {
    const row: CellValue[] = [`r${i}`];
    if (!hasMeasure) row.push(FILLER);
    for (const c of fields) {
      const v = cellFor(c, m, config).value;
      row.push(c.field === 'measure' && (v === null || v === '') ? FILLER : v);
    }
    for (const c of extras) row.push(cellFor(c, m, config).value);
    cells.push(row);
  });
  const grid: Grid = { sheet: 'readBack', cells, merges: [], hidden: false, hiddenColumns: [] };
  const ledger = readLedger({ file: 'readBack', sheets: [grid] }, config ? { config } : {});
  const byRow = new Map(ledger.rows.map((r) => [r.source.row, r.measure]));
  return measures.map((_, i) => {
    const read = byRow.get(i + 2) ?? { extras: {} };
    const out: Measure = { ...read, extras: {} };
    delete out.id;
    if (out.measure === FILLER) delete out.measure;
    extras.forEach((c, j) => {
      const key = ledger.extraColumns.find((e) => e.index === extraStart + j)?.key;
      const v = key === undefined ? undefined : read.extras[key];
      if (v !== undefined) out.extras[c.key] = v;
    });
    return out;
  });
}
