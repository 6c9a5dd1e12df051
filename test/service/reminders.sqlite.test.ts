import { remindersSuite } from './reminders.suite';
import { sqliteService } from './suite-services';

remindersSuite('SQLite', () => sqliteService('reminders'));
