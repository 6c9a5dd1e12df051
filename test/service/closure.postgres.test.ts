import { postgresServer } from '../server/backends';
import { missingSuite, NEEDS } from '../support/requires';
import { postgresService } from './suite-services';
import { closureSuite } from './closure.suite';

const pg = postgresServer();
if (pg.url) {
  closureSuite('PostgreSQL', () => postgresService(pg.url!, 'closure'));
} else missingSuite('closure requests on PostgreSQL', NEEDS.postgresql, pg.missing);
