import { sqliteBackend } from '../server/backends';
import { roundTripSuite } from './round-trip.suite';

roundTripSuite(sqliteBackend());
