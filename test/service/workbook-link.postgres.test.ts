// Behind a load balancer the browser opening a link may reach another instance than the one that
// made it: the link lives in the shared database.
import { startServer } from '../../server/serve';
import { postgresServer } from '../server/backends';
import { missingSuite, NEEDS } from '../support/requires';
import { createTestDatabase } from '../support/postgres';
import { workbookLinkSuite } from './workbook-link.suite';

const server = postgresServer();
if (server.url) {
  workbookLinkSuite('PostgreSQL, made on one instance, opened on another', async () => {
    const url = await createTestDatabase(server.url!, 'links');
    const making = await startServer({ port: 0, store: { kind: 'postgres', url } });
    const answering = await startServer({ port: 0, store: { kind: 'postgres', url } });
    return {
      making,
      answering,
      async close() {
        await making.close();
        await answering.close();
      },
    };
  });
} else missingSuite('workbook download links on PostgreSQL', NEEDS.postgresql, server.missing);
