// Campaigns (one inspection's rectification each) and the per-campaign change sequence. The campaign
// row doubles as the campaign's write lock: every write transaction first bumps it, so on PostgreSQL
// concurrent writers queue on that row lock and seq order equals commit order (a pull cursor never
// passes a change that commits later); on SQLite it takes the database write lock up front.
import * as z from 'zod';
import { CampaignConfig, type CampaignConfigInput } from '../../ledger/schema';
import { CampaignInfo } from '../../ledger/sync-protocol';
import { StoreError, campaignNotFound, parseInput } from './errors';
import type { Store } from './store';
import type { Kysely, Transaction } from 'kysely';
import type { Tables } from './tables';

/** A short name usable in a URL path: letters, digits, `_`, `-`, `.`; 1–64 characters. */
export const CampaignName = z
  .string()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}_.-]{0,63}$/u, '整改任务名称须为 1–64 个字母、数字、_-. / campaign name: 1–64 letters, digits, _-.');

/** A campaign as the service lists it (the wire's CampaignInfo); read from the database through that schema. */
export type Campaign = CampaignInfo;

function toCampaign(row: { name: string; config: string; created_at: string }): Campaign {
  return CampaignInfo.parse({ name: row.name, config: JSON.parse(row.config), createdAt: row.created_at });
}

/** Creates the campaign unless it exists (safe when several processes do it at once). */
export async function ensureCampaign(db: Kysely<Tables>, name: string): Promise<void> {
  await db
    .insertInto('campaigns')
    .values({
      name,
      config: JSON.stringify(CampaignConfig.parse({ name })),
      created_at: new Date().toISOString(),
      last_seq: 0,
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

export async function createCampaign(
  store: Store,
  name: string,
  config: Omit<CampaignConfigInput, 'name'> = {},
): Promise<Campaign> {
  const validName = parseInput(CampaignName, name, '整改任务名称 / campaign name');
  const full = parseInput(CampaignConfig, { ...config, name: validName }, '整改任务配置 / campaign configuration');
  const inserted = await store.db
    .insertInto('campaigns')
    .values({ name: validName, config: JSON.stringify(full), created_at: new Date().toISOString(), last_seq: 0 })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning(['name', 'config', 'created_at'])
    .executeTakeFirst();
  if (!inserted) {
    throw new StoreError('campaign_exists', {
      zh: `整改任务“${validName}”已存在`,
      en: `campaign "${validName}" already exists`,
    });
  }
  return toCampaign(inserted);
}

/** The campaign, read through the store's handle or a transaction's. */
export async function getCampaign(store: Pick<Store, 'db'> | { db: Transaction<Tables> }, name: string): Promise<Campaign | undefined> {
  const row = await store.db
    .selectFrom('campaigns')
    .select(['name', 'config', 'created_at'])
    .where('name', '=', name)
    .executeTakeFirst();
  return row && toCampaign(row);
}

export async function listCampaigns(store: Store): Promise<Campaign[]> {
  const rows = await store.db.selectFrom('campaigns').select(['name', 'config', 'created_at']).orderBy('name').execute();
  return rows.map(toCampaign);
}

export async function updateCampaignConfig(
  store: Store,
  name: string,
  config: Omit<CampaignConfigInput, 'name'>,
): Promise<Campaign> {
  const full = parseInput(CampaignConfig, { ...config, name }, '整改任务配置 / campaign configuration');
  const updated = await store.db
    .updateTable('campaigns')
    .set({ config: JSON.stringify(full) })
    .where('name', '=', name)
    .returning(['name', 'config', 'created_at'])
    .executeTakeFirst();
  if (!updated) throw campaignNotFound(name);
  return toCampaign(updated);
}

/**
 * Takes the campaign's write lock for the rest of the transaction and returns its last seq.
 * Must be the transaction's first statement, so SQLite takes its write lock before reading anything.
 */
export async function lockCampaign(trx: Transaction<Tables>, name: string): Promise<number> {
  const row = await trx
    .updateTable('campaigns')
    .set((eb) => ({ last_seq: eb.ref('last_seq') }))
    .where('name', '=', name)
    .returning('last_seq')
    .executeTakeFirst();
  if (!row) throw campaignNotFound(name);
  return row.last_seq;
}

export async function setLastSeq(trx: Transaction<Tables>, name: string, seq: number): Promise<void> {
  await trx.updateTable('campaigns').set({ last_seq: seq }).where('name', '=', name).execute();
}

/** The campaign's newest seq, or throws when the campaign does not exist. */
export async function lastSeq(db: Kysely<Tables>, name: string): Promise<number> {
  const row = await db.selectFrom('campaigns').select('last_seq').where('name', '=', name).executeTakeFirst();
  if (!row) throw campaignNotFound(name);
  return row.last_seq;
}
