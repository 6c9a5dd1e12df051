import { evidenceLinkSuite } from './evidence-link.suite';
import { sqliteService } from './suite-services';

evidenceLinkSuite('SQLite, one service', async () => {
  const { server, close } = await sqliteService('evidence-link');
  return { making: server, answering: server, close };
});
