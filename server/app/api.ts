// The HTTP API under /api/v1 (BRIEF §5). Every route validates its inputs with zod, every call is
// authenticated, and what a caller may read or write is decided here from its principal: the
// office everything, a unit its own rows (the sync engine enforces field ownership row by row).
import { Readable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { zValidator } from '@hono/zod-validator';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as z from 'zod';
import { CampaignConfig, IsoDate, masterOf, todayIso, type Lang } from '../../ledger';
import { assertCampaign, principalOf, requireOffice, scopeFor } from '../auth/access';
import { GraphPublishError, graphPublisherFromEnv, type GraphPublishSetup } from '../auth/graph-publish';
import { parseAuthorization } from '../auth/middleware';
import type { AuthEnv } from '../auth/principal';
import { CampaignName, getCampaign, listCampaigns, updateCampaignConfig, createCampaign, listUsers, removeUser, upsertUser, UserGrant, type Store } from '../store';
import { lastSeq } from '../store/campaigns';
import { campaignNotFound } from '../store/errors';
import {
  changesSince,
  ConflictChoice,
  deleteRow,
  listConflicts,
  listRows,
  listRowStates,
  push,
  PushRequest,
  resolveConflict,
  rowHistory,
  RowId,
} from '../sync';
import { learnedCategories } from '../sync/categories';
import { writeMasterWorkbook } from '../xlsx/write-master';
import type { Me } from '../../ledger/sync-protocol';
import { errorJson, invalidRequest } from './errors';
import { actorOf, syncScope } from './identity';

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


export function apiRoutes(store: Store, publishing: GraphPublishSetup = graphPublisherFromEnv({})) {
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
    const config = { ...c.req.valid('json').config, name: campaign };
    const existing = await getCampaign(store, campaign);
    const saved = existing ? await updateCampaignConfig(store, campaign, config) : await createCampaign(store, campaign, config);
    return c.json(saved, existing ? 200 : 201);
  });

  api.get('/campaigns/:campaign/rows', valid('param', CampaignParam), async (c) => {
    const { campaign } = c.req.valid('param');
    await campaignFor(c, campaign);
    // The cursor is read before the rows: a change committed in between is pulled again, never missed.
    const cursor = await lastSeq(store.db, campaign);
    const rows = (await listRowStates(store, campaign, syncScope(principalOf(c)))).filter((r) => !r.deleted);
    return c.json({ rows, cursor });
  });

  api.get('/campaigns/:campaign/changes', valid('param', CampaignParam), valid('query', ChangesQuery), async (c) => {
    const { campaign } = c.req.valid('param');
    await campaignFor(c, campaign);
    const { since, limit } = c.req.valid('query');
    return c.json(await changesSince(store, campaign, since, syncScope(principalOf(c)), limit ? { limit } : {}));
  });

  api.post(
    '/campaigns/:campaign/push',
    bodyLimit({ maxSize: PUSH_BODY_LIMIT, onError: tooLarge(PUSH_BODY_LIMIT) }),
    valid('param', CampaignParam),
    valid('json', PushRequest),
    async (c) => {
      const { campaign } = c.req.valid('param');
      await campaignFor(c, campaign);
      const outcome = await store.inTurn(() => push(store, campaign, c.req.valid('json'), actorOf(principalOf(c))));
      return c.json(outcome.result);
    },
  );

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
      return c.json(await store.inTurn(() => resolveConflict(store, id, c.req.valid('json').choice, actorOf(principalOf(c)), campaign)));
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
    return c.json({ row: await store.inTurn(() => deleteRow(store, campaign, id, actorOf(principalOf(c)))) });
  });

  /** The caller's rows as a master ledger: everything for the office, a unit's own rows for a unit. */
  async function consolidated(c: Context<AuthEnv>, campaignName: string, asOf: string, lang: Lang) {
    const campaign = await campaignFor(c, campaignName);
    const p = principalOf(c);
    const rows = await listRows(store, campaignName, syncScope(p));
    const title = campaign.config.title ?? (p.kind === 'unit' ? `${p.unit}整改工作台账` : '整改工作台账（汇总）');
    const learned = await learnedCategories(store.db, campaignName);
    const built = masterOf(rows, { asOf, config: campaign.config, lang, title, learned, source: { file: campaignName, sheet: '整改台账' } });
    return { ...built, config: campaign.config };
  }

  api.get('/campaigns/:campaign/rollup', valid('param', CampaignParam), valid('query', AsOfQuery), async (c) => {
    const { asOf = todayIso(), lang = 'zh' } = c.req.valid('query');
    const { rollup } = await consolidated(c, c.req.valid('param').campaign, asOf, lang);
    return c.json(rollup);
  });

  /** The consolidated workbook as a stream: a 100,000-row master never sits whole in memory. */
  async function workbookStream(c: Context<AuthEnv>, campaign: string, asOf: string, lang: Lang) {
    const { master, rollup, config } = await consolidated(c, campaign, asOf, lang);
    const body = new PassThrough();
    writeMasterWorkbook(master, rollup, body, { config, lang }).catch((e: unknown) => body.destroy(e as Error));
    return { body, fileName: `${master.title}-${asOf}.xlsx` };
  }

  api.get('/campaigns/:campaign/workbook.xlsx', valid('param', CampaignParam), valid('query', AsOfQuery), async (c) => {
    const { campaign } = c.req.valid('param');
    const { asOf = todayIso(), lang = 'zh' } = c.req.valid('query');
    const { body, fileName } = await workbookStream(c, campaign, asOf, lang);
    return new Response(Readable.toWeb(body) as ReadableStream, {
      headers: {
        'content-type': XLSX_TYPE,
        'content-disposition': `attachment; filename="ledger-${campaign}-${asOf}.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
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
    return c.json(await upsertUser(store, { ...body, tid, oid } as UserGrant));
  });

  api.delete('/users/:tid/:oid', valid('param', UserParam), async (c) => {
    requireOffice(c);
    const { tid, oid } = c.req.valid('param');
    if (!(await removeUser(store, tid, oid))) return errorJson(c, 404, 'user_not_found', '没有这个用户', 'No such user');
    return c.json({ removed: true });
  });

  return api;
}
