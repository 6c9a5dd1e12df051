import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../server/serve';
import { workbookLinkSuite } from './workbook-link.suite';

workbookLinkSuite('SQLite, one service', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-link-'));
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
