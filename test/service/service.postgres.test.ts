import { describe, it } from 'vitest';
import { postgresBackend, postgresServer } from '../server/backends';
import { serviceSuite } from './service.suite';

const server = postgresServer('the service on PostgreSQL');
if ('url' in server) serviceSuite(postgresBackend(server.url));
else describe.skip(`the service on PostgreSQL (${server.skip})`, () => it('needs PostgreSQL', () => undefined));
