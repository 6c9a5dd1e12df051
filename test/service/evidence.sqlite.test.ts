import { evidenceSuite } from './evidence.suite';
import { sqliteService } from './suite-services';

evidenceSuite('SQLite', () => sqliteService('evidence', { LEDGER_EVIDENCE_MAX_MB: '1' }));
