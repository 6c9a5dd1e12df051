// The sync protocol: rows, changes, pushes, conflicts and a row's history, each narrowed to the
// caller's scope (the sync engine enforces field ownership row by row).
import type { Context, TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import type * as z from 'zod';
import type { PushResult, RowList } from '../../../ledger/sync-protocol';
import { principalOf } from '../../auth/access';
import { changesSince, listConflicts, rowHistory } from '../../sync';
import { BodyTooLarge, readBody } from '../body';
import { payloadTooLarge } from '../errors';
import { actorOf, senderOf, syncScope } from '../identity';
import { routes } from '../routes';
import { campaignFor, type Api, type ApiDeps } from './deps';

/** Pushes carry whole ledgers (10,000 rows is a few MB); everything else is small (routes.ts). */
export const PUSH_BODY_LIMIT = 64 * 1024 * 1024;

/**
 * JSON a work thread already encoded, answered as those bytes (this thread neither parses nor
 * re-encodes them), typed as what the route documents them to hold.
 */
function encodedJson<T>(c: Context, json: string | Uint8Array) {
  const res = c.body(json as string | Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/json; charset=utf-8' });
  return res as unknown as Response & TypedResponse<JSONParsed<T>, 200, 'json'>;
}

export function syncHandlers(api: Api, { store, work }: ApiDeps) {
  api.openapi(routes.rows, async (c) => {
    const { campaign } = c.req.valid('param');
    await campaignFor(store, c, campaign);
    return encodedJson<z.infer<typeof RowList>>(c, await work.read('rows', campaign, syncScope(principalOf(c))));
  });

  api.openapi(routes.changes, async (c) => {
    const { campaign } = c.req.valid('param');
    await campaignFor(store, c, campaign);
    const { since, limit } = c.req.valid('query');
    return c.json(await changesSince(store, campaign, since, syncScope(principalOf(c)), limit ? { limit } : {}), 200);
  });

  api.openapi(routes.push, async (c) => {
    const { campaign } = c.req.valid('param');
    await campaignFor(store, c, campaign);
    // The body is read here, then parsed, checked and applied on the writer thread, never on this one;
    // the answer comes back as bytes made there.
    let body: Uint8Array;
    try {
      body = await readBody(c, PUSH_BODY_LIMIT);
    } catch (e) {
      if (e instanceof BodyTooLarge) return payloadTooLarge(c, PUSH_BODY_LIMIT);
      throw e;
    }
    const p = principalOf(c);
    return encodedJson<PushResult>(c, await work.write('push', campaign, body, actorOf(p), senderOf(p)));
  });

  api.openapi(routes.conflicts, async (c) => {
    const { campaign } = c.req.valid('param');
    await campaignFor(store, c, campaign);
    return c.json({ conflicts: await listConflicts(store, campaign, syncScope(principalOf(c)), c.req.valid('query').state) }, 200);
  });

  api.openapi(routes.resolveConflict, async (c) => {
    const { campaign, id } = c.req.valid('param');
    await campaignFor(store, c, campaign);
    return c.json(await work.write('resolveConflict', id, c.req.valid('json').choice, actorOf(principalOf(c)), campaign), 200);
  });

  api.openapi(routes.rowHistory, async (c) => {
    const { campaign, id } = c.req.valid('param');
    await campaignFor(store, c, campaign);
    return c.json({ changes: await rowHistory(store, campaign, id, syncScope(principalOf(c))) }, 200);
  });
}
