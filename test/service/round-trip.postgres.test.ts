import { describe, it } from 'vitest';
import { postgresBackend, postgresServer } from '../server/backends';
import { roundTripSuite } from './round-trip.suite';

const server = postgresServer('round trips on PostgreSQL');
if ('url' in server) roundTripSuite(postgresBackend(server.url));
else describe.skip(`round trips on PostgreSQL (${server.skip})`, () => it('needs PostgreSQL', () => undefined));
