import { postgresBackend, postgresServer } from '../server/backends';
import { missingSuite, NEEDS } from '../support/requires';
import { roundTripSuite } from './round-trip.suite';

const server = postgresServer();
if (server.url) roundTripSuite(postgresBackend(server.url));
else missingSuite('round trips on PostgreSQL', NEEDS.postgresql, server.missing);
