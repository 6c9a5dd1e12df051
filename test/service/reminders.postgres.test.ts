// On PostgreSQL two instances share the database, and the concurrent sends go one to each: the send
// log's claim, not one process's memory, keeps a unit to one digest a day.
import { startServer } from '../../server/serve';
import { postgresServer } from '../server/backends';
import { createTestDatabase } from '../support/postgres';
import { missingSuite, NEEDS } from '../support/requires';
import { remindersSuite } from './reminders.suite';

const pg = postgresServer();
if (pg.url) {
  remindersSuite('PostgreSQL, two instances', async () => {
    const url = await createTestDatabase(pg.url!, 'reminders');
    const server = await startServer({ port: 0, store: { kind: 'postgres', url } });
    const twin = await startServer({ port: 0, store: { kind: 'postgres', url } });
    return {
      server,
      twin,
      async close() {
        await twin.close();
        await server.close();
      },
    };
  });
} else missingSuite('reminders on PostgreSQL', NEEDS.postgresql, pg.missing);
