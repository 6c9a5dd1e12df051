import { postgresBackend, postgresServer } from '../server/backends';
import { missingSuite, NEEDS } from '../support/requires';
import { abuseSuite } from './abuse.suite';

const server = postgresServer();
if (server.url) abuseSuite(postgresBackend(server.url));
else missingSuite('the service under load and abuse on PostgreSQL', NEEDS.postgresql, server.missing);
