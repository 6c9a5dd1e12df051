import { sqliteBackend } from '../server/backends';
import { abuseSuite } from './abuse.suite';

abuseSuite(sqliteBackend());
