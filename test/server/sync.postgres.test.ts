// The same store and sync engine suites against a real PostgreSQL (test/support/postgres.ts).
import { describe, it } from 'vitest';
import { postgresBackend, postgresServer } from './backends';
import { storeSuite } from './store.suite';
import { syncSuite } from './sync.suite';

const server = postgresServer('store and sync engine suites');
if ('url' in server) {
  storeSuite(postgresBackend(server.url));
  syncSuite(postgresBackend(server.url));
} else {
  describe.skip(`store and sync engine on postgres: ${server.skip}`, () => it('needs PostgreSQL', () => {}));
}
