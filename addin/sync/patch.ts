// Moving a row's column values: into a push's patch, and from one measure into another.
import { measureKeys, type Measure } from '../../ledger';
import type { FieldPatch, RowKey } from '../../ledger/sync-protocol';
import { fieldPatch, type SyncColumn } from './fields';

/** Copies one column's value from `from` into `to`. */
export function assignColumn(c: SyncColumn, to: Measure, from: Measure): void {
  if (c.kind === 'extra') {
    const v = from.extras[c.key];
    if (v === undefined || v === null) delete to.extras[c.key];
    else to.extras[c.key] = v;
    return;
  }
  for (const k of measureKeys(c.field)) {
    if (from[k] === undefined) delete to[k];
    else Object.assign(to, { [k]: from[k] });
  }
}

/** A push row's `fields` and `extras` for these columns of `m`. */
export function patchOf(columns: readonly SyncColumn[], m: Measure): { fields: FieldPatch; extras?: Record<string, Measure['extras'][string]> } {
  const fields: Record<string, unknown> = {};
  const extras: Record<string, Measure['extras'][string]> = {};
  for (const c of columns) {
    if (c.kind === 'extra') extras[c.key] = m.extras[c.key] ?? null;
    else Object.assign(fields, fieldPatch(c.field, m));
  }
  return { fields: fields as FieldPatch, ...(Object.keys(extras).length > 0 ? { extras } : {}) };
}

/** A new row's identity, by which the service matches it to a row it may already hold. */
export function keyOf(m: Measure): RowKey {
  const key: RowKey = {};
  for (const f of ['problem', 'measure', 'unit', 'problemNo', 'measureNo'] as const) if (m[f]) key[f] = m[f];
  return key;
}
