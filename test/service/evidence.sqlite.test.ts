import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../server/serve';
import { evidenceSuite } from './evidence.suite';

evidenceSuite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-evidence-'));
  const server = await startServer({ port: 0, store: { kind: 'sqlite', file: join(dir, 'ledger.db') }, env: { LEDGER_EVIDENCE_MAX_MB: '1' } });
  return {
    server,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
