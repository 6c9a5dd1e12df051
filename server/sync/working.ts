// A row as a write transaction holds it in memory: decoded from its record, changed field by field,
// and encoded back once at the end of the batch.
import type { Kysely, Transaction } from 'kysely';
import { chunksFor } from '../store/chunks';
import type { NewRowRecord, RowRecord, Tables } from '../store/tables';
import type { RowState, Scope } from './protocol';
import { decodeExtras, decodeValues, encodeExtras, encodeValues, type Encoded, type RowContent } from './values';

/** One change of the row's history: enough to tell what a field held before a version, and who changed it when. */
export interface HistoryEntry {
  /** A stored key: a value field, `extras.<key>`. */
  field: string;
  version: number;
  old: Encoded;
  actor: string;
  at: string;
  /** Part of the row's creation: `old` is then no value the field held (the row did not exist). */
  creation: boolean;
}

export interface WorkingRow extends RowContent {
  id: string;
  campaign: string;
  version: number;
  deleted: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  seq: number;
  pos: number;
  /** Not yet in the database. */
  isNew: boolean;
  /** Its version was already incremented by this batch. */
  bumped: boolean;
  /**
   * Changes after the oldest baseVersion this batch refers to (all of them for a copy that names no
   * version), loaded on demand, then this batch's; oldest first.
   */
  history: HistoryEntry[];
  /** The stored text of a row created in this batch, while it holds the values it was created with. */
  encoded: { data: string; extras: string } | undefined;
}

function fromRecord(r: RowRecord): WorkingRow {
  return {
    id: r.id,
    campaign: r.campaign,
    version: r.version,
    deleted: r.deleted === 1,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    seq: r.seq,
    pos: r.pos,
    values: decodeValues(r.data),
    extras: decodeExtras(r.extras),
    isNew: false,
    bumped: false,
    history: [],
    encoded: undefined,
  };
}

export function newWorkingRow(id: string, campaign: string, createdBy: string, at: string): WorkingRow {
  return {
    id,
    campaign,
    version: 0,
    deleted: false,
    createdBy,
    createdAt: at,
    updatedAt: at,
    seq: 0,
    pos: 0,
    values: {},
    extras: {},
    isNew: true,
    bumped: false,
    history: [],
    encoded: undefined,
  };
}

export function toRecord(row: WorkingRow): NewRowRecord {
  return {
    id: row.id,
    campaign: row.campaign,
    unit: row.values.unit ?? null,
    version: row.version,
    data: row.encoded?.data ?? encodeValues(row.values),
    extras: row.encoded?.extras ?? encodeExtras(row.extras),
    created_by: row.createdBy,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    deleted: row.deleted ? 1 : 0,
    seq: row.seq,
    pos: row.pos,
  };
}

export function toRowState(r: RowRecord): RowState {
  return {
    id: r.id,
    version: r.version,
    seq: r.seq,
    deleted: r.deleted === 1,
    unit: r.unit,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    measure: { ...decodeValues(r.data), extras: decodeExtras(r.extras), id: r.id, version: r.version },
  };
}

type Db = Kysely<Tables> | Transaction<Tables>;

/** Rows with these ids, in any campaign (the caller checks the campaign). */
export async function loadRowsByIds(db: Db, ids: string[]): Promise<WorkingRow[]> {
  const out: WorkingRow[] = [];
  for (const chunk of chunksFor([...new Set(ids)], 1)) {
    const records = await db.selectFrom('rows').selectAll().where('id', 'in', chunk).execute();
    out.push(...records.map(fromRecord));
  }
  return out;
}

/**
 * Every row the scope can see, tombstones included, in ledger order; with `units`, only those units'
 * rows and the rows naming no unit.
 */
export async function loadScopeRows(db: Db, campaign: string, scope: Scope, units?: string[]): Promise<WorkingRow[]> {
  let q = db.selectFrom('rows').selectAll().where('campaign', '=', campaign);
  if (scope.kind === 'unit') q = q.where('unit', '=', scope.unit);
  if (units) q = q.where((eb) => (units.length > 0 ? eb.or([eb('unit', 'in', units), eb('unit', 'is', null)]) : eb('unit', 'is', null)));
  const records = await q.orderBy('pos').execute();
  return records.map(fromRecord);
}
