import { startServer } from '../../server/serve';
import { postgresServer } from '../server/backends';
import { createTestDatabase } from '../support/postgres';
import { missingSuite, NEEDS } from '../support/requires';
import { evidenceSuite } from './evidence.suite';

const pg = postgresServer();
if (pg.url) {
  evidenceSuite(
    'PostgreSQL',
    async () => {
      const url = await createTestDatabase(pg.url!, 'evidence');
      const env = { LEDGER_EVIDENCE_MAX_MB: '1' };
      const server = await startServer({ port: 0, store: { kind: 'postgres', url }, env });
      return { server, another: () => startServer({ port: 0, store: { kind: 'postgres', url }, env }), close: () => server.close() };
    },
    true,
  );
} else missingSuite('evidence files on PostgreSQL', NEEDS.postgresql, pg.missing);
