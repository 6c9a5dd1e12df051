// The campaign's reminder digest as of a date, read on the reader thread: the live rows and the
// escalation days the office set, read in one snapshot, judged by ledger/reminders.
import { reminderDigest, type ReminderDigest } from '../../ledger/reminders';
import type { IsoDate } from '../../ledger/schema';
import { getCampaign, type Store } from '../store';
import { campaignNotFound } from '../store/errors';
import { listRows } from '../sync';
import { loadEscalation } from './settings';

export async function readDigest(store: Store, campaign: string, asOf: IsoDate): Promise<ReminderDigest> {
  return store.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const snapshot: Store = { ...store, db: trx };
      const found = await getCampaign(snapshot, campaign);
      if (!found) throw campaignNotFound(campaign);
      const measures = await listRows(snapshot, campaign, { kind: 'office' });
      return reminderDigest(measures, asOf, await loadEscalation(trx, campaign), found.config.units);
    });
}
