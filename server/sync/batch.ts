// The writes of one transaction (a push batch, a deletion, a conflict resolution): accepted field
// changes get the campaign's next seq numbers and a history record each (a new row: one `created`
// record holding all its values), a row's version goes up once however many of its fields change,
// and everything is written in bulk, inside the transaction that holds the campaign lock.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { setLastSeq } from '../store/campaigns';
import { bulkWriter, type BulkWriter } from '../store/bulk';
import type { Store } from '../store/store';
import type { NewChangeRecord, NewConflictRecord, NewRowRecord, Tables } from '../store/tables';
import type { Actor } from './protocol';
import { CREATED, encode, encodeExtras, encodeValues, getField, isEmpty, MeasureValues, setField, type Encoded, type RowContent } from './values';
import { toRecord, type WorkingRow } from './working';

const HISTORY_CHUNK = 2000;

/** The order encodeValues writes a row's values in. */
const VALUE_ORDER = new Map<string, number>(Object.keys(MeasureValues.shape).map((f, i) => [f, i]));

/**
 * A `created` record's value: the row's values and its extras, as plain JSON in the values' own key
 * order (only ever decoded, never compared as text, so no key sorting). A row's values usually come
 * in the order the `data` column keeps them, and then this is that text with the extras added,
 * instead of the row written out once more.
 */
export function createdText(content: RowContent, encoded: { data: string; extras: string }): string {
  const values = content.values as Record<string, unknown>;
  const keys = Object.keys(values);
  const at = keys.map((k) => VALUE_ORDER.get(k) ?? -1);
  const asStored = at.every((p, i) => p >= 0 && (i === 0 || at[i - 1]! < p)) && keys.every((k) => !isEmpty(values[k]));
  if (!asStored || encoded.extras !== JSON.stringify(content.extras)) return JSON.stringify({ ...content.values, extras: content.extras });
  return `${encoded.data.slice(0, -1)}${keys.length > 0 ? ',' : ''}"extras":${encoded.extras}}`;
}

export interface Origin {
  clientId: string;
  mutationId: number;
}

export class Batch {
  readonly at = new Date().toISOString();
  private readonly touched = new Map<string, WorkingRow>();
  private readonly changes: NewChangeRecord[] = [];
  private readonly conflicts: NewConflictRecord[] = [];

  private seq: number;

  private readonly bulk: BulkWriter;

  constructor(
    store: Store,
    private readonly trx: Transaction<Tables>,
    readonly campaign: string,
    private readonly firstSeq: number,
    readonly actor: Actor,
    private readonly origin: Origin | null,
  ) {
    this.seq = firstSeq;
    this.bulk = bulkWriter(store, trx);
  }

  /** Writes `value` (already valid for the field) to the row and records the change. */
  apply(row: WorkingRow, field: string, value: unknown): void {
    const old = encode(getField(row, field));
    setField(row, field, value);
    row.encoded = undefined;
    this.record(row, field, old, encode(value));
  }

  /** Gives a new row its first values (already valid), recorded as one `created` history record. */
  create(row: WorkingRow, content: RowContent): void {
    row.values = content.values;
    row.extras = content.extras;
    row.encoded = { data: encodeValues(content.values), extras: encodeExtras(content.extras) };
    // No in-memory history: a row made in this batch has no earlier value a later edit could conflict with.
    this.record(row, CREATED, null, createdText(content, row.encoded), []);
  }

  /** Marks the row deleted (a tombstone). */
  tombstone(row: WorkingRow): void {
    row.deleted = true;
    this.record(row, 'deleted', encode(false), encode(true));
  }

  /** `fields`: the fields the change sets, for the in-memory history the conflict checks read. */
  private record(row: WorkingRow, field: string, old: Encoded, value: Encoded, fields = [field]): void {
    if (!row.bumped) {
      row.version += 1;
      row.bumped = true;
    }
    this.seq += 1;
    row.seq = this.seq;
    if (row.isNew && row.pos === 0) row.pos = this.seq;
    row.updatedAt = this.at;
    for (const f of fields) row.history.push({ field: f, version: row.version, old, actor: this.actor.name, at: this.at, creation: field === CREATED });
    this.touched.set(row.id, row);
    this.changes.push({
      campaign: this.campaign,
      row_id: row.id,
      field,
      old_value: old,
      new_value: value,
      actor: this.actor.name,
      actor_kind: this.actor.kind,
      actor_unit: this.actor.kind === 'unit' ? this.actor.unit : null,
      client_id: this.origin?.clientId ?? null,
      mutation_id: this.origin?.mutationId ?? null,
      at: this.at,
      seq: this.seq,
      version: row.version,
    });
  }

  /**
   * Stores a conflict (the field is left as the server has it) and returns its id. `changed`: the
   * change that set the server's value; `baseVersion` null for a copy that named no version.
   */
  conflict(
    row: WorkingRow,
    field: string,
    values: { base: Encoded; server: Encoded; caller: Encoded },
    baseVersion: number | null,
    changed: { actor: string; at: string } | undefined,
  ): string {
    if (!this.origin) throw new Error('a conflict needs the push that caused it');
    const id = randomUUID();
    this.conflicts.push({
      id,
      campaign: this.campaign,
      row_id: row.id,
      field,
      base_value: values.base,
      server_value: values.server,
      caller_value: values.caller,
      base_version: baseVersion,
      changed_by: changed?.actor ?? null,
      changed_at: changed?.at ?? null,
      caller: this.actor.name,
      caller_kind: this.actor.kind,
      caller_unit: this.actor.kind === 'unit' ? this.actor.unit : null,
      client_id: this.origin.clientId,
      mutation_id: this.origin.mutationId,
      created_at: this.at,
      resolved_by: null,
      resolved_at: null,
      resolution: null,
    });
    return id;
  }

  /** Writes the history gathered so far once there is a chunk of it, so a huge batch holds little in memory. */
  async writeHistoryChunk(): Promise<void> {
    if (this.changes.length >= HISTORY_CHUNK) await this.writeHistory();
  }

  private async writeHistory(): Promise<void> {
    await this.bulk.insertChanges(this.changes);
    this.changes.length = 0;
  }

  /** Writes rows, the rest of the history and conflicts, and advances the campaign's sequence. */
  async flush(): Promise<void> {
    const created: NewRowRecord[] = [];
    const updated: NewRowRecord[] = [];
    for (const row of this.touched.values()) (row.isNew ? created : updated).push(toRecord(row));

    await this.bulk.insertRows(created);
    await this.bulk.updateRows(updated, this.campaign);
    await this.writeHistory();
    await this.bulk.insertConflicts(this.conflicts);
    if (this.seq > this.firstSeq) await setLastSeq(this.trx, this.campaign, this.seq);
  }
}
