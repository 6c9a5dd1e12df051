import { describe, it } from 'vitest';
import { postgresBackend, postgresServer } from '../server/backends';
import { abuseSuite } from './abuse.suite';

const server = postgresServer('the service under load and abuse on PostgreSQL');
if ('url' in server) abuseSuite(postgresBackend(server.url));
else describe.skip(`the service under load and abuse on PostgreSQL (${server.skip})`, () => it('needs PostgreSQL', () => undefined));
