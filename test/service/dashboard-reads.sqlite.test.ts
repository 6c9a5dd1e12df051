import { dashboardReadsSuite } from './dashboard-reads.suite';
import { sqliteService } from './suite-services';

dashboardReadsSuite('SQLite', () => sqliteService('reads'));
