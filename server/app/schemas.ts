// Response shapes of the API that are not the sync engine's or the ledger's own.
import * as z from 'zod';
import { User } from '../store';

export { CampaignInfo as Campaign, ResolvedConflict, RowAnswer, RowHistory } from '../../ledger/sync-protocol';

export { User };
export const UserList = z.object({ users: z.array(User) });
export const RemovedUser = z.object({ removed: z.boolean() });
