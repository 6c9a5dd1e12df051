// On PostgreSQL two instances share the database, and the concurrent sends go one to each: the send
// log's claim, not one process's memory, keeps a unit to one digest a day.
import { postgresServer } from '../server/backends';
import { missingSuite, NEEDS } from '../support/requires';
import { remindersSuite } from './reminders.suite';
import { postgresTwins } from './suite-services';

const pg = postgresServer();
if (pg.url) {
  remindersSuite('PostgreSQL, two instances', async () => {
    const { first, second, close } = await postgresTwins(pg.url!, 'reminders');
    return { server: first, twin: second, close };
  });
} else missingSuite('reminders on PostgreSQL', NEEDS.postgresql, pg.missing);
