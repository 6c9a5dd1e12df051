// Behind a load balancer the browser opening a link may reach another instance than the one that
// made it: the link lives in the shared database.
import { postgresServer } from '../server/backends';
import { missingSuite, NEEDS } from '../support/requires';
import { workbookLinkSuite } from './workbook-link.suite';
import { postgresTwins } from './suite-services';

const server = postgresServer();
if (server.url) {
  workbookLinkSuite('PostgreSQL, made on one instance, opened on another', async () => {
    const { first, second, close } = await postgresTwins(server.url!, 'links');
    return { making: first, answering: second, close };
  });
} else missingSuite('workbook download links on PostgreSQL', NEEDS.postgresql, server.missing);
