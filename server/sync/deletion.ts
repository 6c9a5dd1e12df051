// Deleting a row (office only). The row stays as a tombstone with a new version and seq so every
// client's next pull learns of the deletion; its history stays too.
import { lockCampaign } from '../store/campaigns';
import { StoreError, parseInput, rowNotFound } from '../store/errors';
import type { Store } from '../store/store';
import { Batch } from './batch';
import { Actor, type RowState } from './protocol';
import { loadRowsByIds, toRowState } from './working';
import { inTransaction } from '../store/transaction';

export async function deleteRow(store: Store, campaign: string, id: string, actor: Actor): Promise<RowState> {
  const who = parseInput(Actor, actor, '操作者 / actor');
  if (who.kind !== 'office') {
    throw new StoreError('forbidden', { zh: '只有整改办可以删除行', en: 'only the office may delete rows' });
  }
  return inTransaction(store.db, async (trx) => {
    const lastSeq = await lockCampaign(trx, campaign);
    const [row] = await loadRowsByIds(trx, [id]);
    if (!row || row.campaign !== campaign) throw rowNotFound(campaign, id);
    if (!row.deleted) {
      const batch = new Batch(store, trx, campaign, lastSeq, who, null);
      batch.tombstone(row);
      await batch.flush();
    }
    return toRowState(await trx.selectFrom('rows').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  });
}
