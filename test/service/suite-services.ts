// The services a storage-parametrised suite runs against: one on a fresh SQLite file (removed when
// closed), or one or two on a fresh PostgreSQL database, so each suite's runner names only its backend.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type ServerOptions } from '../../server/serve';
import { createTestDatabase } from '../support/postgres';

export interface SuiteService {
  server: RunningServer;
  close(): Promise<void>;
}

export interface TwinServices {
  /** Two services on one database: what one of them does, the other must see. */
  first: RunningServer;
  second: RunningServer;
  close(): Promise<void>;
}

type Env = ServerOptions['env'];

export async function sqliteService(name: string, env?: Env): Promise<SuiteService> {
  const dir = mkdtempSync(join(tmpdir(), `ledger-${name}-`));
  const server = await startServer({ port: 0, store: { kind: 'sqlite', file: join(dir, 'ledger.db') }, ...(env ? { env } : {}) });
  return {
    server,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function postgresService(serverUrl: string, name: string): Promise<SuiteService> {
  const server = await startServer({ port: 0, store: { kind: 'postgres', url: await createTestDatabase(serverUrl, name) } });
  return { server, close: () => server.close() };
}

export async function postgresTwins(serverUrl: string, name: string): Promise<TwinServices> {
  const url = await createTestDatabase(serverUrl, name);
  const first = await startServer({ port: 0, store: { kind: 'postgres', url } });
  const second = await startServer({ port: 0, store: { kind: 'postgres', url } });
  return {
    first,
    second,
    async close() {
      await second.close();
      await first.close();
    },
  };
}
