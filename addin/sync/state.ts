// What a workbook remembers about its syncing, in its own settings so it travels with the file: the
// id this workbook pushes under, the pull cursor, the last mutation id, and the pushes not yet
// answered. A queued push is sent again with the same client id and mutation id, so the service
// applies it once however often it is retried.
import * as z from 'zod';
import { PushRequest } from '../../ledger/sync-protocol';

export const SYNC_SETTING = 'ledger.sync';

export const QueuedPush = z.object({
  campaign: z.string(),
  request: PushRequest,
  queuedAt: z.string(),
});
export type QueuedPush = z.infer<typeof QueuedPush>;

export const SyncState = z.object({
  clientId: z.string().min(1).max(128),
  cursor: z.number().int().nonnegative().default(0),
  lastMutationId: z.number().int().nonnegative().default(0),
  queue: z.array(QueuedPush).default([]),
  /** Names the snapshot (in the browser) that describes this workbook as it is. */
  snapshotTag: z.string().optional(),
});
export type SyncState = z.infer<typeof SyncState>;

function randomId(prefix: string, length: number, random: () => number): string {
  let s = prefix;
  for (let i = 0; i < length; i++) s += Math.floor(random() * 36).toString(36);
  return s;
}

/** A fresh id for a workbook that has never synced: "xl-" and 20 random base-36 characters. */
export function newClientId(random: () => number = Math.random): string {
  return randomId('xl-', 20, random);
}

/** A new row's id, made here: "xr-" and 22 random base-36 characters (the service's RowId allows it). */
export function newRowId(random: () => number = Math.random): string {
  return randomId('xr-', 22, random);
}

export function freshSyncState(random?: () => number): SyncState {
  return { clientId: newClientId(random), cursor: 0, lastMutationId: 0, queue: [] };
}
