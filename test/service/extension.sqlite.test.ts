import { extensionSuite } from './extension.suite';
import { sqliteService } from './suite-services';

extensionSuite('SQLite', () => sqliteService('extension'));
