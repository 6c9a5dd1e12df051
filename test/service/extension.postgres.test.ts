import { postgresServer } from '../server/backends';
import { missingSuite, NEEDS } from '../support/requires';
import { postgresService } from './suite-services';
import { extensionSuite } from './extension.suite';

const pg = postgresServer();
if (pg.url) {
  extensionSuite('PostgreSQL', () => postgresService(pg.url!, 'extension'));
} else missingSuite('extension requests on PostgreSQL', NEEDS.postgresql, pg.missing);
