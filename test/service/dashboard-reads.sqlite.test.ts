import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../server/serve';
import { dashboardReadsSuite } from './dashboard-reads.suite';

dashboardReadsSuite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-reads-'));
  const server = await startServer({ port: 0, store: { kind: 'sqlite', file: join(dir, 'ledger.db') } });
  return {
    server,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
