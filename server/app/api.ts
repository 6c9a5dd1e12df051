// The HTTP API under /api/v1 (BRIEF §5): the handlers of the routes defined in routes.ts, which
// validate every input with zod and describe themselves in the OpenAPI document. Every call is
// authenticated, and what a caller may read or write is decided in the handlers (handlers/) from its
// principal: the office everything, a unit its own rows (the sync engine enforces field ownership row by row).
import { OpenAPIHono } from '@hono/zod-openapi';
import { DEFAULT_EVIDENCE_MAX_MB } from '../../ledger/evidence';
import { graphPublisherFromEnv, type GraphPublishSetup } from '../auth/graph-publish';
import type { AuthEnv } from '../auth/principal';
import type { Store } from '../store';
import type { Work } from '../work/work';
import { refuseInvalid } from './errors';
import { campaignHandlers } from './handlers/campaigns';
import { evidenceHandlers } from './handlers/evidence';
import { reminderHandlers } from './handlers/reminders';
import { reportHandlers } from './handlers/reports';
import { rowStepHandlers } from './handlers/row-steps';
import { syncHandlers } from './handlers/sync';
import { userHandlers } from './handlers/users';
import { workbookHandlers } from './handlers/workbooks';

export { PUSH_BODY_LIMIT } from './handlers/sync';

export function apiRoutes(
  store: Store,
  work: Work,
  publishing: GraphPublishSetup = graphPublisherFromEnv({}),
  evidenceMaxBytes = DEFAULT_EVIDENCE_MAX_MB * 1024 * 1024,
) {
  const api = new OpenAPIHono<AuthEnv>({ defaultHook: refuseInvalid });
  const deps = { store, work };
  // In this order: it is the order of the routes in the OpenAPI document.
  campaignHandlers(api, deps);
  syncHandlers(api, deps);
  rowStepHandlers(api, deps);
  reportHandlers(api, deps);
  workbookHandlers(api, deps, publishing);
  evidenceHandlers(api, deps, evidenceMaxBytes);
  reminderHandlers(api, deps);
  userHandlers(api, deps);
  return api;
}
