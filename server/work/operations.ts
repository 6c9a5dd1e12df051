// The service's data work that must not hold up the thread answering requests: every write (the
// database has one writer, and a 100,000-row push is seconds of work) and the heavy reads (rollups,
// whole row lists, the consolidated workbook). Each runs in a worker thread with a database
// connection of its own (work.ts); arguments and results cross threads as structured clones, so
// large answers travel as JSON text made where the work was done.
import type { IsoDate, Lang } from '../../ledger';
import type { CampaignConfigInput } from '../../ledger/schema';
import type { ClosureAction, ExtensionAction } from '../../ledger/sync-protocol';
import { createCampaign, getCampaign, removeUser, updateCampaignConfig, upsertUser, type Store, type UserGrant } from '../store';
import { lastSeq } from '../store/campaigns';
import { addDownloadLink, takeDownloadLink, type DownloadLink } from '../store/download-links';
import { StoreError } from '../store/errors';
import { addEvidence, evidenceContent, removeEvidence } from '../evidence/files';
import { closureStep, deleteRow, extensionStep, listRowStates, push, resolveConflict, type Actor, type ConflictChoice, type Scope } from '../sync';
import { completionByDay, unitActivity } from '../sync/activity';
import { readDigest } from '../remind/digest';
import { claimSend, finishSend, type SendKey, type SendResult } from '../remind/sends';
import { saveSettings } from '../remind/settings';
import { snapshotRollup, writeConsolidated } from './consolidated';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Operations run by the writer thread, one after another in arrival order. */
export const WRITES = {
  /** A push body as received (bytes): parsed and checked here, answered as the result's JSON (UTF-8 bytes). */
  async push(store: Store, campaign: string, body: Uint8Array, actor: Actor, sender: string): Promise<Uint8Array> {
    let request: unknown;
    try {
      request = JSON.parse(decoder.decode(body));
    } catch {
      throw new StoreError('invalid_request', { zh: '推送内容不是有效的 JSON', en: 'the push body is not valid JSON' });
    }
    return encoder.encode((await push(store, campaign, request as never, actor, sender)).json);
  },
  resolveConflict: (store: Store, id: string, choice: ConflictChoice, actor: Actor, campaign: string) => resolveConflict(store, id, choice, actor, campaign),
  deleteRow: (store: Store, campaign: string, id: string, actor: Actor) => deleteRow(store, campaign, id, actor),
  closure: (store: Store, campaign: string, id: string, action: ClosureAction, actor: Actor) => closureStep(store, campaign, id, action, actor),
  extension: (store: Store, campaign: string, id: string, action: ExtensionAction, actor: Actor) => extensionStep(store, campaign, id, action, actor),
  /** An evidence file, its bytes handed over (not copied) as an argument of their own. */
  addEvidence: (store: Store, campaign: string, rowId: string, fileName: string, mime: string, bytes: Uint8Array, actor: Actor) =>
    addEvidence(store, campaign, rowId, { fileName, mime, bytes }, actor),
  removeEvidence: (store: Store, campaign: string, id: string, actor: Actor) => removeEvidence(store, campaign, id, actor),
  /** Creates the campaign or replaces its configuration; `created` says which. */
  async saveCampaign(store: Store, name: string, config: Omit<CampaignConfigInput, 'name'>) {
    const existing = await getCampaign(store, name);
    const campaign = existing ? await updateCampaignConfig(store, name, config) : await createCampaign(store, name, config);
    return { campaign, created: !existing };
  },
  upsertUser: (store: Store, grant: UserGrant) => upsertUser(store, grant),
  removeUser: (store: Store, tid: string, oid: string) => removeUser(store, tid, oid),
  async markTokenUsed(store: Store, id: string, at: string): Promise<void> {
    await store.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  },
  addDownloadLink: (store: Store, link: DownloadLink, now: string) => addDownloadLink(store, link, new Date(now)),
  takeDownloadLink: (store: Store, tokenHash: string, now: string) => takeDownloadLink(store, tokenHash, new Date(now)),
  saveReminderSettings: (store: Store, campaign: string, body: unknown, actor: string, now: string) => saveSettings(store, campaign, body, actor, now),
  claimReminderSend: (store: Store, key: SendKey, trigger: 'manual' | 'schedule', asOf: IsoDate, now: string) => claimSend(store, key, trigger, asOf, now),
  finishReminderSend: (store: Store, key: SendKey, result: SendResult, now: string) => finishSend(store, key, result, now),
};

/** Operations run by the reader thread, beside the writes. */
export const READS = {
  reminders: (store: Store, campaign: string, asOf: IsoDate) => readDigest(store, campaign, asOf),
  rollup: (store: Store, campaign: string, scope: Scope, asOf: IsoDate, lang: Lang) => snapshotRollup(store, campaign, scope, asOf, lang),
  /** The scope's live rows and the cursor to pull from next, as JSON text. */
  async rows(store: Store, campaign: string, scope: Scope): Promise<string> {
    // The cursor is read before the rows: a change committed in between is pulled again, never missed.
    const cursor = await lastSeq(store.db, campaign);
    const rows = await listRowStates(store, campaign, scope);
    return JSON.stringify({ rows, cursor });
  },
  /** An evidence file's bytes (access is decided before, on the request thread). */
  evidenceContent: (store: Store, id: string) => evidenceContent(store, id),
  progress: (store: Store, campaign: string, scope: Scope) => completionByDay(store, campaign, scope),
  activity: (store: Store, campaign: string, since: IsoDate, units: string[]) => unitActivity(store, campaign, since, units),
};

export interface WorkbookRequest {
  campaign: string;
  scope: Scope;
  asOf: IsoDate;
  lang: Lang;
  /** The service's origin as the caller reached it ("https://host"): the evidence files' links point there. */
  origin?: string;
}

/** The consolidated workbook, written into `out` as it is made, from rows read a chunk at a time. */
export function workbook(store: Store, out: NodeJS.WritableStream, r: WorkbookRequest): Promise<void> {
  return writeConsolidated(store, out, r.campaign, r.scope, r.asOf, r.lang, r.origin);
}

type Operation = (store: Store, ...args: never[]) => Promise<unknown>;
export type Writes = typeof WRITES;
export type Reads = typeof READS;
export type OpArgs<T extends Operation> = T extends (store: Store, ...args: infer A) => Promise<unknown> ? A : never;
export type OpResult<T extends Operation> = Awaited<ReturnType<T>>;
