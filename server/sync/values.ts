// A row's values as the sync engine handles them: the Measure fields (without id, version, extras),
// each extra column as its own field `extras.<key>`, and the canonical JSON that is stored in the
// history (so {a,b} and {b,a}, or null and "", are one value). Values are compared by meaning
// (ledger/meaning): a field is one column of the ledger, a status with its words one field.
import * as z from 'zod';
import { canonicalFields, cellMeaning, COLUMN_FIELDS, fieldMeaning, fieldValue, measureKeys, type ColumnField } from '../../ledger/meaning';
import { CellValue, Measure } from '../../ledger/schema';
import { extrasKey, MeasureValues, stableStringify } from '../../ledger/sync-protocol';

export { MeasureValues };
export type ValueField = keyof MeasureValues;
const VALUE_FIELDS = Object.keys(MeasureValues.shape) as ValueField[];

export type Extras = Record<string, CellValue>;

/** Stored JSON text of a value; null for an empty one. */
export type Encoded = string | null;
export type JsonValue = z.infer<ReturnType<typeof z.json>>;

/**
 * The history's field name for a row's creation: one record whose new value is the whole row
 * ({...values, extras}), so importing a 100,000-row ledger writes 100,000 history records, not a million.
 */
export const CREATED = 'created';
// Other history field names: a value field, `extras.<key>`, or `deleted` (a tombstone).

/** The new value of a `created` history record. */
export const CreatedRow = Measure.omit({ id: true, version: true });

function isValueField(field: string): field is ValueField {
  return (VALUE_FIELDS as string[]).includes(field);
}

/** A field as versioned, conflicted and compared: a column of the ledger, or `extras.<key>`. */
function isColumnField(field: string): field is ColumnField {
  return (COLUMN_FIELDS as readonly string[]).includes(field);
}

/** A field's value in a row, as one value (a status's code, or its words when they name none). */
export function valueOf(row: RowContent, field: string): unknown {
  const key = extrasKey(field);
  if (key !== undefined) return row.extras[key];
  return isColumnField(field) ? fieldValue(field, row.values) : undefined;
}

/** A field's meaning in a row: equal for values that mean the same. */
export function meaningOf(row: RowContent, field: string): string {
  const key = extrasKey(field);
  if (key !== undefined) return cellMeaning(row.extras[key]);
  return isColumnField(field) ? fieldMeaning(field, row.values) : '';
}

/**
 * The stored keys and values that set `field` to `value` (already valid for the field): a status
 * given by its code or words, a completion date by its date or words.
 */
export function fieldEntries(field: string, value: unknown): [string, unknown][] {
  if (!isColumnField(field)) return [[field, value]];
  const keys = measureKeys(field);
  if (keys.length === 1) return [[field, value]];
  const [main, words] = keys as [keyof MeasureValues, keyof MeasureValues];
  const given = isEmpty(value) ? {} : MeasureValues.shape[main].safeParse(value).success ? { [main]: value } : { [words]: value };
  const canonical = canonicalFields(given as MeasureValues);
  return [
    [main, canonical[main]],
    [words, canonical[words]],
  ];
}

/** An empty cell, whether sent as null, "" or left out. */
export function isEmpty(v: unknown): v is null | undefined | '' {
  return v === null || v === undefined || v === '';
}

export function encode(v: unknown): Encoded {
  return isEmpty(v) ? null : stableStringify(v);
}

export function decode(text: Encoded): JsonValue {
  // Only text this module encoded is ever decoded, so it is JSON by construction.
  return text === null ? null : (JSON.parse(text) as JsonValue);
}

/**
 * The schema a value of this field must satisfy (used for values that do not arrive in a push row).
 * A status or completion date may be given by its words.
 */
export function fieldValueSchema(field: string): z.ZodType {
  if (extrasKey(field) !== undefined) return CellValue;
  if (field === 'status') return z.union([MeasureValues.shape.status, z.string().min(1)]).nullable();
  if (field === 'completedOn') return z.string().min(1).nullable();
  if (isValueField(field)) return MeasureValues.shape[field].nullable();
  throw new Error(`unknown field ${field}`);
}

/** A row's values and extras, as held in memory while a batch is applied. */
export interface RowContent {
  values: MeasureValues;
  extras: Extras;
}

export function getField(row: RowContent, field: string): unknown {
  const key = extrasKey(field);
  if (key !== undefined) return row.extras[key];
  return isValueField(field) ? row.values[field] : undefined;
}

/** Sets (or, for an empty value, removes) one field. The value must already be valid for the field. */
export function setField(row: RowContent, field: string, value: unknown): void {
  const key = extrasKey(field);
  if (key !== undefined) {
    if (isEmpty(value)) delete row.extras[key];
    else row.extras[key] = CellValue.parse(value);
    return;
  }
  if (!isValueField(field)) throw new Error(`unknown field ${field}`);
  if (isEmpty(value)) delete row.values[field];
  else Object.assign(row.values, { [field]: MeasureValues.shape[field].parse(value) });
}

// The row columns hold only what encodeValues/encodeExtras wrote, from values checked when they
// came in (push bodies, conflict choices are parsed with zod): reading them back is JSON.parse, not
// a second validation. That is what a 100,000-row export or rollup spends most of its time on.
// Their key order need not be canonical either: they are never compared as text.

/** JSON text of the values in VALUE_FIELDS order (the `data` column). */
export function encodeValues(values: MeasureValues): string {
  const ordered: Record<string, unknown> = {};
  for (const f of VALUE_FIELDS) if (!isEmpty(values[f])) ordered[f] = values[f];
  return JSON.stringify(ordered);
}

export function encodeExtras(extras: Extras): string {
  return JSON.stringify(Object.fromEntries(Object.entries(extras).filter(([, v]) => !isEmpty(v))));
}

export function decodeValues(text: string): MeasureValues {
  return canonicalFields(JSON.parse(text) as MeasureValues);
}

export function decodeExtras(text: string): Extras {
  return JSON.parse(text) as Extras;
}
