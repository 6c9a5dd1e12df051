// Response shapes of the API that are not the sync engine's or the ledger's own.
import { z } from 'zod';
import { CampaignConfig } from '../../ledger';

export const Campaign = z.object({ name: z.string(), config: CampaignConfig, createdAt: z.string() });
export type Campaign = z.infer<typeof Campaign>;

export const User = z.object({
  tid: z.string(),
  oid: z.string(),
  role: z.enum(['office', 'unit']),
  unit: z.string().nullable(),
  displayName: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
