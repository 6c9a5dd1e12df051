import { sqliteBackend } from '../server/backends';
import { serviceSuite } from './service.suite';

serviceSuite(sqliteBackend());
