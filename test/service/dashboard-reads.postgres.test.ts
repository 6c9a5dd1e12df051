import { postgresServer } from '../server/backends';
import { missingSuite, NEEDS } from '../support/requires';
import { postgresService } from './suite-services';
import { dashboardReadsSuite } from './dashboard-reads.suite';

const pg = postgresServer();
if (pg.url) {
  dashboardReadsSuite('PostgreSQL', () => postgresService(pg.url!, 'dashboard_reads'));
} else missingSuite('the office page’s history reads on PostgreSQL', NEEDS.postgresql, pg.missing);
