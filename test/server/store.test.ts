// Choosing and opening the database: configuration from the environment, the SQLite file and its
// directory created on first start, migrations that run once however often the service starts.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createCampaign, listCampaigns, openStore, storeConfigFromEnv } from '../../server/store';

describe('store configuration', () => {
  it('uses SQLite at ./data/ledger.db unless LEDGER_DB or DATABASE_URL says otherwise', () => {
    expect(storeConfigFromEnv({})).toEqual({ kind: 'sqlite', file: './data/ledger.db' });
    expect(storeConfigFromEnv({ LEDGER_DB: '/srv/ledger.db' })).toEqual({ kind: 'sqlite', file: '/srv/ledger.db' });
    expect(storeConfigFromEnv({ DATABASE_URL: '', LEDGER_DB: 'x.db' })).toEqual({ kind: 'sqlite', file: 'x.db' });
    expect(storeConfigFromEnv({ DATABASE_URL: 'postgres://u@db:5432/ledger', LEDGER_DB: 'x.db' })).toEqual({
      kind: 'postgres',
      url: 'postgres://u@db:5432/ledger',
      maxConnections: 10,
    });
    expect(() => storeConfigFromEnv({ DATABASE_URL: 'mysql://db/ledger' })).toThrow(/DATABASE_URL.*postgres:\/\//);
  });
});

describe('SQLite store file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the directory on first start, uses WAL, and migrates only once across restarts', async () => {
    const file = join(dir, 'deep', 'er', 'ledger.db');
    const first = await openStore({ kind: 'sqlite', file });
    expect(existsSync(file)).toBe(true);
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(first.db);
    expect(mode.rows[0]?.journal_mode).toBe('wal');
    await createCampaign(first, 'kept');
    await first.close();

    const second = await openStore({ kind: 'sqlite', file });
    expect((await listCampaigns(second)).map((c) => c.name)).toEqual(['default', 'kept']);
    const migrations = await sql<{ name: string }>`select name from kysely_migration`.execute(second.db);
    expect(migrations.rows.map((r) => r.name)).toEqual(['0001_initial', '0002_identity', '0003_mutation_senders', '0004_download_links', '0005_reminders', '0006_evidence', '0007_evidence_links']);
    await second.close();
  });

  it('opens an in-memory database for tests', async () => {
    const store = await openStore({ kind: 'sqlite', file: ':memory:' });
    expect((await listCampaigns(store)).map((c) => c.name)).toEqual(['default']);
    await store.close();
  });
});
