// Response shapes of the API that are not the sync engine's or the ledger's own.
import * as z from 'zod';
import { ChangeView, ConflictView, RowState } from '../../ledger/sync-protocol';
import { User } from '../store';

export { CampaignInfo as Campaign } from '../../ledger/sync-protocol';

export const ResolvedConflict = z.object({ conflict: ConflictView, row: RowState });
export const RowHistory = z.object({ changes: z.array(ChangeView) });
export const DeletedRow = z.object({ row: RowState });

export { User };
export const UserList = z.object({ users: z.array(User) });
export const RemovedUser = z.object({ removed: z.boolean() });
