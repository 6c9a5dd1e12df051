// A workflow step on one row (closure, extension): the office's or a unit's decision, taken in turn
// with pushes (the campaign's lock) and stored as ordinary changes, so it is in the history with who
// and when, bumps the row's version and reaches every client's pull.
import type { Transaction } from 'kysely';
import type { Field } from '../../ledger/schema';
import { lockCampaign } from '../store/campaigns';
import { rowNotFound } from '../store/errors';
import type { Store } from '../store/store';
import type { Tables } from '../store/tables';
import { inTransaction } from '../store/transaction';
import { Batch } from './batch';
import { type Actor, type RowState } from './protocol';
import { loadRowsByIds, toRowState, type WorkingRow } from './working';

/** The fields a step changes, in the order they are recorded; or it throws the refusal, changing nothing. */
export type StepChanges = (row: WorkingRow) => Array<[Field, unknown]>;

export function rowStep(store: Store, campaign: string, id: string, who: Actor, changes: StepChanges): Promise<RowState> {
  return inTransaction(store.db, async (trx: Transaction<Tables>) => {
    const lastSeq = await lockCampaign(trx, campaign);
    const [row] = await loadRowsByIds(trx, [id]);
    if (!row || row.campaign !== campaign || row.deleted) throw rowNotFound(campaign, id);
    const batch = new Batch(store, trx, campaign, lastSeq, who, null);
    for (const [field, value] of changes(row)) batch.apply(row, field, value);
    await batch.flush();
    return toRowState(await trx.selectFrom('rows').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  });
}
