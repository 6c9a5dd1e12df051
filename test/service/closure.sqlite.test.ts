import { closureSuite } from './closure.suite';
import { sqliteService } from './suite-services';

closureSuite('SQLite', () => sqliteService('closure'));
