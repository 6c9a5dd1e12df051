// Response shapes of the API that are not the sync engine's or the ledger's own.
import * as z from 'zod';
import { ChangeView, ConflictView, RowState } from '../../ledger/sync-protocol';

export { CampaignInfo as Campaign } from '../../ledger/sync-protocol';

export const ResolvedConflict = z.object({ conflict: ConflictView, row: RowState });
export const RowHistory = z.object({ changes: z.array(ChangeView) });
export const DeletedRow = z.object({ row: RowState });

export const User = z.object({
  tid: z.string(),
  oid: z.string(),
  role: z.enum(['office', 'unit']),
  unit: z.string().nullable(),
  displayName: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const UserList = z.object({ users: z.array(User) });
export const RemovedUser = z.object({ removed: z.boolean() });
