// The send log: one row per campaign, unit and day. Sending starts by claiming that row with an
// insert that conflicts when it exists, so however many instances run the schedule (PostgreSQL) or
// the office presses "send now" meanwhile, a unit gets one digest a day. A failed send, or a claim
// left by an instance that died mid-send, may be claimed again by a later run that day.
import * as z from 'zod';
import { Channel, type SendLogEntry } from '../../ledger/reminder-settings';
import type { IsoDate } from '../../ledger/schema';
import type { Store } from '../store';

/** A claim older than this is taken to be from an instance that died mid-send. */
const STALE_CLAIM_MS = 15 * 60_000;

const Delivered = z.array(Channel);
/** A server's answer quoted in an error can be long; the log keeps its start. */
const MAX_ERROR_CHARS = 2000;

export interface SendKey {
  campaign: string;
  unit: string;
  day: IsoDate;
}

export type Claim = { claimed: true; delivered: Channel[]; attempts: number } | { claimed: false; status: 'sending' | 'sent' };

/** Claims the unit's send for the day: the caller sends only when `claimed`. */
export async function claimSend(store: Store, key: SendKey, trigger: 'manual' | 'schedule', asOf: IsoDate, now: string): Promise<Claim> {
  const inserted = await store.db
    .insertInto('reminder_sends')
    .values({ ...key, status: 'sending', attempts: 0, delivered: '[]', last_error: null, trigger, as_of: asOf, claimed_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['campaign', 'unit', 'day']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { claimed: true, delivered: [], attempts: 0 };
  const stale = new Date(Date.parse(now) - STALE_CLAIM_MS).toISOString();
  // One statement decides: of two runs retrying the same failed send, one updates the row.
  const retaken = await store.db
    .updateTable('reminder_sends')
    .set({ status: 'sending', trigger, as_of: asOf, claimed_at: now, updated_at: now })
    .where('campaign', '=', key.campaign)
    .where('unit', '=', key.unit)
    .where('day', '=', key.day)
    .where((eb) => eb.or([eb('status', '=', 'failed'), eb.and([eb('status', '=', 'sending'), eb('claimed_at', '<', stale)])]))
    .returning(['delivered', 'attempts'])
    .executeTakeFirst();
  if (retaken) return { claimed: true, delivered: Delivered.parse(JSON.parse(retaken.delivered)), attempts: retaken.attempts };
  const row = await store.db.selectFrom('reminder_sends').select('status').where('campaign', '=', key.campaign).where('unit', '=', key.unit).where('day', '=', key.day).executeTakeFirst();
  return { claimed: false, status: row?.status === 'sent' ? 'sent' : 'sending' };
}

export interface SendResult {
  ok: boolean;
  attempts: number;
  delivered: Channel[];
  error: string | null;
}

/** Records how a claimed send ended. */
export async function finishSend(store: Store, key: SendKey, r: SendResult, now: string): Promise<void> {
  await store.db
    .updateTable('reminder_sends')
    .set({ status: r.ok ? 'sent' : 'failed', attempts: r.attempts, delivered: JSON.stringify(r.delivered), last_error: r.error === null ? null : r.error.slice(0, MAX_ERROR_CHARS), updated_at: now })
    .where('campaign', '=', key.campaign)
    .where('unit', '=', key.unit)
    .where('day', '=', key.day)
    .execute();
}

/** The newest entries of the campaign's send log (no secret is ever written to it). */
export async function sendLog(store: Store, campaign: string, limit = 500): Promise<SendLogEntry[]> {
  const rows = await store.db
    .selectFrom('reminder_sends')
    .selectAll()
    .where('campaign', '=', campaign)
    .orderBy('day', 'desc')
    .orderBy('unit')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    day: r.day,
    unit: r.unit,
    status: r.status,
    attempts: r.attempts,
    delivered: Delivered.parse(JSON.parse(r.delivered)),
    lastError: r.last_error,
    trigger: r.trigger,
    asOf: r.as_of,
    updatedAt: r.updated_at,
  }));
}
