// The same store and sync engine suites against a real PostgreSQL (test/support/postgres.ts).
import { missingSuite, NEEDS } from '../support/requires';
import { postgresBackend, postgresServer } from './backends';
import { storeSuite } from './store.suite';
import { syncSuite } from './sync.suite';

const server = postgresServer();
if (server.url) {
  storeSuite(postgresBackend(server.url));
  syncSuite(postgresBackend(server.url));
} else {
  missingSuite('store and sync engine on postgres', NEEDS.postgresql, server.missing);
}
