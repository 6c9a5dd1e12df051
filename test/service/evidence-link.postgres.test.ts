// Behind a load balancer the browser opening a link may reach another instance than the one that
// made it: the link and the file live in the shared database.
import { postgresServer } from '../server/backends';
import { missingSuite, NEEDS } from '../support/requires';
import { evidenceLinkSuite } from './evidence-link.suite';
import { postgresTwins } from './suite-services';

const server = postgresServer();
if (server.url) {
  evidenceLinkSuite('PostgreSQL, made on one instance, opened on another', async () => {
    const { first, second, close } = await postgresTwins(server.url!, 'evidence_links');
    return { making: first, answering: second, close };
  });
} else missingSuite('evidence download links on PostgreSQL', NEEDS.postgresql, server.missing);
