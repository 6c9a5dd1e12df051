// The store and sync engine suites against SQLite (a WAL database file, as the service runs it).
import { sqliteBackend } from './backends';
import { storeSuite } from './store.suite';
import { syncSuite } from './sync.suite';

storeSuite(sqliteBackend());
syncSuite(sqliteBackend());
