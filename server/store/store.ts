// The store: one kysely handle over SQLite or PostgreSQL, chosen by configuration. Everything above
// it (sync engine, tokens, campaigns) writes portable kysely queries against `Tables`, so the two
// backends behave alike; the few differences (pragmas, int8 parsing) are settled here.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { ensureCampaign } from './campaigns';
import { StoreConfig, storeConfigFromEnv, type StoreConfigInput } from './config';
import { migrateToLatest } from './migrations';
import type { Tables } from './tables';

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Where it is: another thread opens the same database with it (':memory:' cannot be shared). */
  readonly config: StoreConfig;
  readonly db: Kysely<Tables>;
  /** SQLite's own handle, the connection kysely uses: bulk writes run prepared statements on it. */
  readonly sqlite?: Database.Database;
  /**
   * Runs writes one after another in arrival order. SQLite has one writer anyway, and kysely's
   * connection lock lets a late request overtake earlier ones (seen: 7 s waits among 50 clients);
   * PostgreSQL queues on its own row locks, so there this runs `fn` at once.
   */
  inTurn<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A first-come, first-served queue of async jobs. */
function fifo(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (fn) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** Opens (creating if need be) the configured database, migrates it and makes sure `default` exists. */
export async function openStore(config: StoreConfigInput = storeConfigFromEnv()): Promise<Store> {
  const parsed = StoreConfig.parse(config);
  if (parsed.kind === 'postgres') return openPostgresStore(parsed.url, parsed.maxConnections);
  if (parsed.file !== ':memory:') mkdirSync(dirname(resolve(parsed.file)), { recursive: true });
  return openSqliteStore(new Database(parsed.file));
}

/**
 * Wraps an open better-sqlite3 handle (the store takes ownership and closes it). Kysely runs every
 * query of the process through this one connection, one transaction at a time.
 */
export async function openSqliteStore(database: Database.Database): Promise<Store> {
  // WAL lets readers in other processes (a backup, the CLI) read while the service writes; FULL
  // makes an acknowledged push survive a power cut, not only a crash.
  if (database.name !== ':memory:') database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 10000');
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database }) });
  return ready({ kind: 'sqlite', config: { kind: 'sqlite', file: database.name }, db, sqlite: database, inTurn: fifo(), close: () => db.destroy() });
}

async function openPostgresStore(url: string, max: number): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // Sequence numbers and counts are int8; as JS numbers they stay exact up to 2^53.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === pg.types.builtins.INT8
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', (err) => console.error(`PostgreSQL 连接中断 / connection lost: ${err.message}`));
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return ready({ kind: 'postgres', config: { kind: 'postgres', url, maxConnections: max }, db, inTurn: (fn) => fn(), close: () => db.destroy() });
}

async function ready(store: Store): Promise<Store> {
  try {
    await migrateToLatest(store.db);
    await ensureCampaign(store.db, 'default');
    return store;
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** A primary-key or unique-index violation, on either backend. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  const { code } = err;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
