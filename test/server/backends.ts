// The two storage backends as the shared suites see them: open a fresh empty database, and make a
// write fail part-way through a batch (a trigger that refuses one marked history value), so
// atomicity is tested against the real database rather than a mock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { openStore, type Store } from '../../server/store';
import { createTestDatabase } from '../support/postgres';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty, migrated database. */
  open(): Promise<Store>;
  /** From now on, inserting a history record whose new value contains `marker` (plain letters) fails. */
  injectFailure(store: Store, marker: string): Promise<void>;
  removeFailure(store: Store): Promise<void>;
  /** Removes what open() left on disk. */
  cleanup(): void;
}

export function sqliteBackend(): Backend {
  const dirs: string[] = [];
  return {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-'));
      dirs.push(dir);
      return openStore({ kind: 'sqlite', file: join(dir, 'nested', 'ledger.db') });
    },
    async injectFailure(store, marker) {
      await sql
        .raw(
          `CREATE TRIGGER injected_failure BEFORE INSERT ON changes WHEN instr(NEW.new_value, '${marker}') > 0
           BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
        )
        .execute(store.db);
    },
    async removeFailure(store) {
      await sql.raw('DROP TRIGGER injected_failure').execute(store.db);
    },
    cleanup() {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** The PostgreSQL server URL from the globalSetup, or why there is none. */
export function postgresServer(): { url: string; missing?: undefined } | { url?: undefined; missing: string } {
  const url = inject('testDatabaseUrl') ?? process.env.TEST_DATABASE_URL ?? '';
  if (url) return { url };
  const missing =
    inject('testDatabaseProblem') ||
    'no test PostgreSQL server: add `globalSetup: [\'test/support/postgres.ts\']` to vitest.config.ts (test section)';
  return { missing };
}

export function postgresBackend(serverUrl: string): Backend & { openUrl(): Promise<string> } {
  return {
    name: 'postgres',
    openUrl: () => createTestDatabase(serverUrl),
    async open() {
      return openStore({ kind: 'postgres', url: await createTestDatabase(serverUrl) });
    },
    async injectFailure(store, marker) {
      await sql
        .raw(
          `CREATE FUNCTION injected_failure() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN
             IF position('${marker}' in NEW.new_value) > 0 THEN RAISE EXCEPTION 'injected failure'; END IF;
             RETURN NEW;
           END $$`,
        )
        .execute(store.db);
      await sql
        .raw('CREATE TRIGGER injected_failure BEFORE INSERT ON changes FOR EACH ROW EXECUTE FUNCTION injected_failure()')
        .execute(store.db);
    },
    async removeFailure(store) {
      await sql.raw('DROP TRIGGER injected_failure ON changes').execute(store.db);
      await sql.raw('DROP FUNCTION injected_failure()').execute(store.db);
    },
    cleanup() {},
  };
}
