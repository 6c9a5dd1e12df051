// Response shapes of the API that are not the sync engine's or the ledger's own.
import * as z from 'zod';

export { CampaignInfo as Campaign } from '../../ledger/sync-protocol';

export const User = z.object({
  tid: z.string(),
  oid: z.string(),
  role: z.enum(['office', 'unit']),
  unit: z.string().nullable(),
  displayName: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
