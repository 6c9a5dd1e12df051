import { sqliteService } from './suite-services';
import { workbookLinkSuite } from './workbook-link.suite';

workbookLinkSuite('SQLite, one service', async () => {
  const { server, close } = await sqliteService('link');
  return { making: server, answering: server, close };
});
