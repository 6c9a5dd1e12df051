import { startServer } from '../../server/serve';
import { postgresServer } from '../server/backends';
import { createTestDatabase } from '../support/postgres';
import { missingSuite, NEEDS } from '../support/requires';
import { dashboardReadsSuite } from './dashboard-reads.suite';

const pg = postgresServer();
if (pg.url) {
  dashboardReadsSuite('PostgreSQL', async () => {
    const server = await startServer({ port: 0, store: { kind: 'postgres', url: await createTestDatabase(pg.url!, 'dashboard_reads') } });
    return { server, close: () => server.close() };
  });
} else missingSuite('the office page’s history reads on PostgreSQL', NEEDS.postgresql, pg.missing);
