// Writing many records in one transaction. On SQLite, one prepared statement run per record on the
// connection the transaction holds (the same better-sqlite3 handle kysely uses): kysely would
// compile one statement of thousands of parameters per chunk, and that (with the garbage it makes)
// was most of a 10,000-row push. On PostgreSQL, multi-row inserts in chunks under its parameter limit.
import type Database from 'better-sqlite3';
import type { Transaction } from 'kysely';
import { chunksFor } from './chunks';
import type { Store } from './store';
import type { NewChangeRecord, NewConflictRecord, NewRowRecord, Tables } from './tables';

export interface BulkWriter {
  insertRows(records: NewRowRecord[]): Promise<void>;
  /** Rewrites existing rows of `campaign` (never a row of another campaign, whatever id was sent). */
  updateRows(records: NewRowRecord[], campaign: string): Promise<void>;
  insertChanges(records: NewChangeRecord[]): Promise<void>;
  insertConflicts(records: NewConflictRecord[]): Promise<void>;
}

/** The row columns a batch rewrites (the rest are fixed at creation). */
const UPDATED = ['unit', 'version', 'data', 'extras', 'updated_at', 'deleted', 'seq'] as const;

type Value = string | number | null;

function sqliteWriter(db: Database.Database): BulkWriter {
  const statements = new Map<string, Database.Statement>();
  const statement = (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const insert = (table: string, records: object[], suffix = '', extra: Value[] = []) => {
    if (records.length === 0) return;
    const columns = Object.keys(records[0]!);
    const run = statement(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})${suffix}`);
    for (const record of records) {
      const values = columns.map((c) => ((record as Record<string, Value | undefined>)[c] ?? null));
      run.run(...values, ...extra);
    }
  };
  return {
    insertRows: async (records) => insert('rows', records),
    updateRows: async (records, campaign) =>
      insert('rows', records, ` on conflict (id) do update set ${UPDATED.map((c) => `${c} = excluded.${c}`).join(', ')} where rows.campaign = ?`, [campaign]),
    insertChanges: async (records) => insert('changes', records),
    insertConflicts: async (records) => insert('conflicts', records),
  };
}

function kyselyWriter(trx: Transaction<Tables>): BulkWriter {
  const columns = (records: object[]) => Object.keys(records[0] ?? {}).length;
  return {
    async insertRows(records) {
      for (const chunk of chunksFor(records, columns(records))) await trx.insertInto('rows').values(chunk).execute();
    },
    async updateRows(records, campaign) {
      for (const chunk of chunksFor(records, columns(records))) {
        await trx
          .insertInto('rows')
          .values(chunk)
          .onConflict((oc) =>
            oc
              .column('id')
              .doUpdateSet((eb) => Object.fromEntries(UPDATED.map((c) => [c, eb.ref(`excluded.${c}`)])))
              .where('rows.campaign', '=', campaign),
          )
          .execute();
      }
    },
    async insertChanges(records) {
      for (const chunk of chunksFor(records, columns(records))) await trx.insertInto('changes').values(chunk).execute();
    },
    async insertConflicts(records) {
      for (const chunk of chunksFor(records, columns(records))) await trx.insertInto('conflicts').values(chunk).execute();
    },
  };
}

/** The bulk writer for a transaction of `store`. */
export function bulkWriter(store: Store, trx: Transaction<Tables>): BulkWriter {
  return store.sqlite ? sqliteWriter(store.sqlite) : kyselyWriter(trx);
}
