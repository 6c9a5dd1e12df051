import { startServer } from '../../server/serve';
import { postgresServer } from '../server/backends';
import { createTestDatabase } from '../support/postgres';
import { missingSuite, NEEDS } from '../support/requires';
import { extensionSuite } from './extension.suite';

const pg = postgresServer();
if (pg.url) {
  extensionSuite('PostgreSQL', async () => {
    const server = await startServer({ port: 0, store: { kind: 'postgres', url: await createTestDatabase(pg.url!, 'extension') } });
    return { server, close: () => server.close() };
  });
} else missingSuite('extension requests on PostgreSQL', NEEDS.postgresql, pg.missing);
