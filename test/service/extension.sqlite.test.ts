import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../server/serve';
import { extensionSuite } from './extension.suite';

extensionSuite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-extension-'));
  const server = await startServer({ port: 0, store: { kind: 'sqlite', file: join(dir, 'ledger.db') } });
  return {
    server,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
