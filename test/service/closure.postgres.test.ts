import { startServer } from '../../server/serve';
import { postgresServer } from '../server/backends';
import { createTestDatabase } from '../support/postgres';
import { missingSuite, NEEDS } from '../support/requires';
import { closureSuite } from './closure.suite';

const pg = postgresServer();
if (pg.url) {
  closureSuite('PostgreSQL', async () => {
    const server = await startServer({ port: 0, store: { kind: 'postgres', url: await createTestDatabase(pg.url!, 'closure') } });
    return { server, close: () => server.close() };
  });
} else missingSuite('closure requests on PostgreSQL', NEEDS.postgresql, pg.missing);
