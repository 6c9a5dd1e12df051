// The HTTP API under /api/v1 (BRIEF §5). Every route validates its inputs with zod, every call is
// authenticated, and what a caller may read or write is decided here from its principal: the
// office everything, a unit its own rows (the sync engine enforces field ownership row by row).
import { PassThrough, Readable } from 'node:stream';
import { zValidator } from '@hono/zod-validator';
import contentDisposition from 'content-disposition';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as z from 'zod';
import { CampaignConfig, IsoDate, todayIso, type Lang } from '../../ledger';
import type { Me } from '../../ledger/sync-protocol';
import { assertCampaign, principalOf, requireOffice, scopeFor } from '../auth/access';
import { GraphPublishError, graphPublisherFromEnv, type GraphPublishSetup } from '../auth/graph-publish';
import { parseAuthorization } from '../auth/middleware';
import type { AuthEnv } from '../auth/principal';
import { CampaignName, getCampaign, listCampaigns, listUsers, UserGrant, type Store } from '../store';
import { campaignNotFound } from '../store/errors';
import { changesSince, ConflictChoice, listConflicts, rowHistory, RowId } from '../sync';
import { masterTitle } from '../work/consolidated';
import type { Work } from '../work/work';
import { BodyTooLarge, readBody } from './body';
import { errorJson, invalidRequest } from './errors';
import { actorOf, senderOf, syncScope } from './identity';

/** Pushes carry whole ledgers (10,000 rows is a few MB); everything else is small. */
export const PUSH_BODY_LIMIT = 64 * 1024 * 1024;
export const BODY_LIMIT = 1024 * 1024;

const tooLarge = (limit: number) => (c: Context) =>
  errorJson(
    c,
    413,
    'payload_too_large',
    `请求体过大（上限 ${Math.round(limit / 1024 / 1024)} MB），请分批推送`,
    `Request body too large (limit ${Math.round(limit / 1024 / 1024)} MB); push in smaller batches`,
  );

// Validation failures answer with our JSON error naming the offending path.
function valid<T extends z.ZodType, W extends 'json' | 'query' | 'param'>(where: W, schema: T) {
  const label = { json: '内容 / body', query: '参数 / query', param: '路径 / path' }[where];
  return zValidator(where, schema, (result, c) => {
    if (!result.success) return invalidRequest(c, label, result.error as unknown as z.ZodError);
  });
}

export const CampaignParam = z.object({ campaign: CampaignName });
export const RowParam = CampaignParam.extend({ id: RowId });
export const ConflictParam = CampaignParam.extend({ id: z.string().min(1).max(64) });
export const AsOfQuery = z.object({ asOf: IsoDate.optional(), lang: z.enum(['zh', 'en']).optional() });
export const ChangesQuery = z.object({
  since: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().positive().max(10_000).optional(),
});
export const ConflictsQuery = z.object({ state: z.enum(['open', 'resolved', 'all']).default('open') });
export const CampaignBody = z.object({ config: CampaignConfig });
export const ResolveBody = z.object({ choice: ConflictChoice });

export const UserParam = z.object({ tid: z.string().min(1).max(64), oid: z.string().min(1).max(64) });
export const UserBody = z.discriminatedUnion('role', [
  z.object({ role: z.literal('office'), displayName: z.string().default('') }),
  z.object({ role: z.literal('unit'), unit: z.string().min(1), displayName: z.string().default('') }),
]);
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file name in plain ASCII, for clients that cannot read an RFC 5987 name. */
function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
}


export function apiRoutes(store: Store, work: Work, publishing: GraphPublishSetup = graphPublisherFromEnv({})) {
  const api = new Hono<AuthEnv>();

  /** The campaign named in the path, if the caller has a role, may use it, and it exists. */
  async function campaignFor(c: Context<AuthEnv>, name: string) {
    scopeFor(principalOf(c));
    assertCampaign(principalOf(c), name);
    const campaign = await getCampaign(store, name);
    if (!campaign) throw campaignNotFound(name);
    return campaign;
  }

  api.get('/me', (c) => {
    const p = principalOf(c);
    const me: Me = {
      kind: p.kind,
      ...(p.kind === 'unit' ? { unit: p.unit } : {}),
      name: p.subject.name ?? (p.subject.via === 'api_token' ? `token:${p.subject.tokenId}` : p.subject.oid),
      campaign: p.campaign,
    };
    return c.json(me);
  });

  api.get('/campaigns', async (c) => {
    const p = principalOf(c);
    scopeFor(p);
    const all = await listCampaigns(store);
    return c.json({ campaigns: all.filter((x) => p.campaign === null || x.name === p.campaign) });
  });

  api.get('/campaigns/:campaign', valid('param', CampaignParam), async (c) => {
    return c.json(await campaignFor(c, c.req.valid('param').campaign));
  });

  api.put('/campaigns/:campaign', bodyLimit({ maxSize: BODY_LIMIT, onError: tooLarge(BODY_LIMIT) }), valid('param', CampaignParam), valid('json', CampaignBody), async (c) => {
    requireOffice(c);
    const { campaign } = c.req.valid('param');
    assertCampaign(principalOf(c), campaign);
    const { name: _name, ...config } = c.req.valid('json').config;
    const saved = await work.write('saveCampaign', campaign, config);
    return c.json(saved.campaign, saved.created ? 201 : 200);
  });

  api.get('/campaigns/:campaign/rows', valid('param', CampaignParam), async (c) => {
    const { campaign } = c.req.valid('param');
    await campaignFor(c, campaign);
    return c.body(await work.read('rows', campaign, syncScope(principalOf(c))), 200, { 'content-type': 'application/json; charset=utf-8' });
  });

  api.get('/campaigns/:campaign/changes', valid('param', CampaignParam), valid('query', ChangesQuery), async (c) => {
    const { campaign } = c.req.valid('param');
    await campaignFor(c, campaign);
    const { since, limit } = c.req.valid('query');
    return c.json(await changesSince(store, campaign, since, syncScope(principalOf(c)), limit ? { limit } : {}));
  });

  api.post('/campaigns/:campaign/push', valid('param', CampaignParam), async (c) => {
    const { campaign } = c.req.valid('param');
    await campaignFor(c, campaign);
    // The body is read here, then parsed, checked and applied on the writer thread, never on this one;
    // the answer comes back as bytes made there.
    let body: Uint8Array;
    try {
      body = await readBody(c, PUSH_BODY_LIMIT);
    } catch (e) {
      if (e instanceof BodyTooLarge) return tooLarge(PUSH_BODY_LIMIT)(c);
      throw e;
    }
    const p = principalOf(c);
    const result = await work.write('push', campaign, body, actorOf(p), senderOf(p));
    return c.body(result as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/json; charset=utf-8' });
  });

  api.get('/campaigns/:campaign/conflicts', valid('param', CampaignParam), valid('query', ConflictsQuery), async (c) => {
    const { campaign } = c.req.valid('param');
    await campaignFor(c, campaign);
    return c.json({ conflicts: await listConflicts(store, campaign, syncScope(principalOf(c)), c.req.valid('query').state) });
  });

  api.post(
    '/campaigns/:campaign/conflicts/:id/resolve',
    bodyLimit({ maxSize: BODY_LIMIT, onError: tooLarge(BODY_LIMIT) }),
    valid('param', ConflictParam),
    valid('json', ResolveBody),
    async (c) => {
      const { campaign, id } = c.req.valid('param');
      await campaignFor(c, campaign);
      return c.json(await work.write('resolveConflict', id, c.req.valid('json').choice, actorOf(principalOf(c)), campaign));
    },
  );

  api.get('/campaigns/:campaign/rows/:id/history', valid('param', RowParam), async (c) => {
    const { campaign, id } = c.req.valid('param');
    await campaignFor(c, campaign);
    return c.json({ changes: await rowHistory(store, campaign, id, syncScope(principalOf(c))) });
  });

  api.delete('/campaigns/:campaign/rows/:id', valid('param', RowParam), async (c) => {
    requireOffice(c);
    const { campaign, id } = c.req.valid('param');
    await campaignFor(c, campaign);
    return c.json({ row: await work.write('deleteRow', campaign, id, actorOf(principalOf(c))) });
  });

  api.get('/campaigns/:campaign/rollup', valid('param', CampaignParam), valid('query', AsOfQuery), async (c) => {
    const { asOf = todayIso(), lang = 'zh' } = c.req.valid('query');
    const { campaign } = c.req.valid('param');
    await campaignFor(c, campaign);
    return c.json(await work.read('rollup', campaign, syncScope(principalOf(c)), asOf, lang));
  });

  /**
   * The consolidated workbook, written on the reader thread and sent as it is made: a 100,000-row
   * master never sits whole in memory, and this thread only passes the bytes on.
   */
  async function workbookStream(c: Context<AuthEnv>, campaignName: string, asOf: IsoDate, lang: Lang) {
    const campaign = await campaignFor(c, campaignName);
    const scope = syncScope(principalOf(c));
    const body = new PassThrough();
    work.workbook({ campaign: campaignName, scope, asOf, lang }, body).then(
      () => body.end(),
      (e: unknown) => body.destroy(e as Error),
    );
    return { body, fileName: `${masterTitle(campaign.config, scope)}-${asOf}.xlsx` };
  }

  api.get('/campaigns/:campaign/workbook.xlsx', valid('param', CampaignParam), valid('query', AsOfQuery), async (c) => {
    const { campaign } = c.req.valid('param');
    const { asOf = todayIso(), lang = 'zh' } = c.req.valid('query');
    const { body, fileName } = await workbookStream(c, campaign, asOf, lang);
    return new Response(Readable.toWeb(body) as ReadableStream, {
      headers: {
        'content-type': XLSX_TYPE,
        // RFC 6266 with an RFC 5987 UTF-8 name (title and campaign may be Chinese) and an ASCII fallback.
        'content-disposition': contentDisposition(fileName, { fallback: asciiName(`ledger-${campaign}-${asOf}.xlsx`) }),
        'cache-control': 'no-store',
      },
    });
  });

  /** Puts the consolidated workbook into the SharePoint/OneDrive folder the office configured, as the signed-in user. */
  api.post('/campaigns/:campaign/publish', valid('param', CampaignParam), valid('query', AsOfQuery), async (c) => {
    const p = requireOffice(c);
    if (!publishing.configured) return errorJson(c, 501, publishing.problem.code, publishing.problem.message, publishing.problem.messageEn);
    const bearer = parseAuthorization(c.req.header('authorization'));
    if (p.subject.via !== 'entra' || !bearer.ok) {
      return errorJson(c, 400, 'entra_sign_in_required', '发布到 SharePoint/OneDrive 须用 Microsoft 账号登录（API 令牌不能代表您访问 Microsoft 365）', 'Publishing to SharePoint/OneDrive needs a Microsoft sign-in: an API token cannot act for you in Microsoft 365');
    }
    const { campaign } = c.req.valid('param');
    const { asOf = todayIso(), lang = 'zh' } = c.req.valid('query');
    const { body, fileName } = await workbookStream(c, campaign, asOf, lang);
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    try {
      const file = await publishing.publisher.publish({ userAssertion: bearer.credential, fileName, content: Buffer.concat(chunks), contentType: XLSX_TYPE });
      return c.json(file);
    } catch (e) {
      if (!(e instanceof GraphPublishError)) throw e;
      return errorJson(c, 502, e.problem.code, e.problem.message, e.problem.messageEn);
    }
  });

  api.get('/users', async (c) => {
    requireOffice(c);
    return c.json({ users: await listUsers(store) });
  });

  api.put('/users/:tid/:oid', bodyLimit({ maxSize: BODY_LIMIT, onError: tooLarge(BODY_LIMIT) }), valid('param', UserParam), valid('json', UserBody), async (c) => {
    requireOffice(c);
    const { tid, oid } = c.req.valid('param');
    const body = c.req.valid('json');
    return c.json(await work.write('upsertUser', { ...body, tid, oid } as UserGrant));
  });

  api.delete('/users/:tid/:oid', valid('param', UserParam), async (c) => {
    requireOffice(c);
    const { tid, oid } = c.req.valid('param');
    if (!(await work.write('removeUser', tid, oid))) return errorJson(c, 404, 'user_not_found', '没有这个用户', 'No such user');
    return c.json({ removed: true });
  });

  return api;
}
