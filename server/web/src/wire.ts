// The API's answers the page uses, checked before anything is shown. The shapes are the ones the
// service and the add-in use too: the rollup is the ledger's own, the rest the sync protocol's.
import * as z from 'zod';
import { ResolvedConflict, RowAnswer } from '../../../ledger/sync-protocol';

export { Rollup } from '../../../ledger/schema';
export {
  Activity,
  ApiError as ErrorBody,
  CampaignInfo as Campaign,
  CampaignList,
  ConflictList,
  Me,
  Progress,
  ResolvedConflict,
  RowAnswer,
  RowHistory,
  RowList,
} from '../../../ledger/sync-protocol';
export type { ChangeView, ConflictView, RowState } from '../../../ledger/sync-protocol';
export { EvidenceList, type EvidenceFile } from '../../../ledger/evidence';
export { ReminderDigest } from '../../../ledger/reminders';
export { SendReport } from '../../../ledger/reminder-settings';

/** What a queue's action answers. */
export const ActionAnswer = z.union([ResolvedConflict, RowAnswer]);
