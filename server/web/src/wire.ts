// The API's answers the page uses, checked before anything is shown (http-api.md). The rollup's
// shape is the ledger's own; rows and conflicts are the sync protocol's (ledger/sync-protocol).
import { z } from 'zod';
import { CampaignConfig, Rollup } from '../../../ledger/schema';
import { ConflictView, RowState } from '../../../ledger/sync-protocol';

export { Rollup };

export const Me = z.object({
  kind: z.enum(['office', 'unit', 'unassigned']),
  unit: z.string().optional(),
  name: z.string(),
  campaign: z.string().nullable(),
});
export type Me = z.infer<typeof Me>;

export const Campaign = z.object({ name: z.string(), config: CampaignConfig, createdAt: z.string() });
export type Campaign = z.infer<typeof Campaign>;
export const CampaignList = z.object({ campaigns: z.array(Campaign) });

export const RowList = z.object({ rows: z.array(RowState), cursor: z.number().int().nonnegative() });

export const ConflictList = z.object({ conflicts: z.array(ConflictView) });

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), messageEn: z.string() }),
});
