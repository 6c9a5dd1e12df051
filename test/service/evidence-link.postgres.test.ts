// Behind a load balancer the browser opening a link may reach another instance than the one that
// made it: the link and the file live in the shared database.
import { startServer } from '../../server/serve';
import { postgresServer } from '../server/backends';
import { missingSuite, NEEDS } from '../support/requires';
import { createTestDatabase } from '../support/postgres';
import { evidenceLinkSuite } from './evidence-link.suite';

const server = postgresServer();
if (server.url) {
  evidenceLinkSuite('PostgreSQL, made on one instance, opened on another', async () => {
    const url = await createTestDatabase(server.url!, 'evidence_links');
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
} else missingSuite('evidence download links on PostgreSQL', NEEDS.postgresql, server.missing);
