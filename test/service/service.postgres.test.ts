import { postgresBackend, postgresServer } from '../server/backends';
import { missingSuite, NEEDS } from '../support/requires';
import { serviceSuite } from './service.suite';

const server = postgresServer();
if (server.url) serviceSuite(postgresBackend(server.url));
else missingSuite('the service on PostgreSQL', NEEDS.postgresql, server.missing);
