import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../server/serve';
import { evidenceLinkSuite } from './evidence-link.suite';

evidenceLinkSuite('SQLite, one service', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-evidence-link-'));
  const srv = await startServer({ port: 0, store: { kind: 'sqlite', file: join(dir, 'ledger.db') } });
  return {
    making: srv,
    answering: srv,
    async close() {
      await srv.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
