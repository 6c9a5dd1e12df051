// The HTTP API under /api/v1 (BRIEF §5): the handlers of the routes defined in routes.ts, which
// validate every input with zod and describe themselves in the OpenAPI document. Every call is
// authenticated, and what a caller may read or write is decided here from its principal: the
// office everything, a unit its own rows (the sync engine enforces field ownership row by row).
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import type * as z from 'zod';
import { todayIso, type IsoDate, type Lang } from '../../ledger';
import type { Me, PushResult, RowList } from '../../ledger/sync-protocol';
import { assertCampaign, principalOf, requireOffice, scopeFor } from '../auth/access';
import { GraphPublishError, graphPublisherFromEnv, type GraphPublishSetup } from '../auth/graph-publish';
import { DOWNLOAD_LINK_TTL_MS, createDownloadSecret } from '../auth/download-link';
import { parseAuthorization } from '../auth/middleware';
import type { AuthEnv } from '../auth/principal';
import { getCampaign, listCampaigns, listUsers, type Store, type UserGrant } from '../store';
import { campaignNotFound } from '../store/errors';
import { DEFAULT_EVIDENCE_MAX_MB } from '../../ledger/evidence';
import { checkRowAccess, findEvidence, listCampaignEvidence, listEvidence } from '../evidence/files';
import { readUpload } from '../evidence/upload';
import { reloadSchedule } from '../remind/schedule';
import { sendReminders, todayFor } from '../remind/send';
import { sendLog } from '../remind/sends';
import { loadSettings, settingsView } from '../remind/settings';
import { changesSince, listConflicts, rowHistory } from '../sync';
import type { Work } from '../work/work';
import { BodyTooLarge, readBody } from './body';
import { errorJson, payloadTooLarge, refuseInvalid } from './errors';
import { actorOf, senderOf, syncScope } from './identity';
import { routes, XLSX_TYPE } from './routes';
import { evidenceFileResponse } from './evidence-file';
import { streamWorkbook, workbookResponse, type WorkbookRequest } from './workbook';

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

export function apiRoutes(
  store: Store,
  work: Work,
  publishing: GraphPublishSetup = graphPublisherFromEnv({}),
  evidenceMaxBytes = DEFAULT_EVIDENCE_MAX_MB * 1024 * 1024,
) {
  const api = new OpenAPIHono<AuthEnv>({ defaultHook: refuseInvalid });

  /** The campaign named in the path, if the caller has a role, may use it, and it exists. */
  async function campaignFor(c: Context<AuthEnv>, name: string) {
    scopeFor(principalOf(c));
    assertCampaign(principalOf(c), name);
    const campaign = await getCampaign(store, name);
    if (!campaign) throw campaignNotFound(name);
    return campaign;
  }

  api.openapi(routes.me, (c) => {
    const p = principalOf(c);
    const me: Me = {
      kind: p.kind,
      ...(p.kind === 'unit' ? { unit: p.unit } : {}),
      name: p.subject.name ?? (p.subject.via === 'api_token' ? `token:${p.subject.tokenId}` : p.subject.oid),
      campaign: p.campaign,
    };
    return c.json(me, 200);
  });

  api.openapi(routes.campaigns, async (c) => {
    const p = principalOf(c);
    scopeFor(p);
    const all = await listCampaigns(store);
    return c.json({ campaigns: all.filter((x) => p.campaign === null || x.name === p.campaign) }, 200);
  });

  api.openapi(routes.campaign, async (c) => {
    return c.json(await campaignFor(c, c.req.valid('param').campaign), 200);
  });

  api.openapi(routes.saveCampaign, async (c) => {
    requireOffice(c);
    const { campaign } = c.req.valid('param');
    assertCampaign(principalOf(c), campaign);
    const { name: _name, ...config } = c.req.valid('json').config;
    const saved = await work.write('saveCampaign', campaign, config);
    return saved.created ? c.json(saved.campaign, 201) : c.json(saved.campaign, 200);
  });

  api.openapi(routes.rows, async (c) => {
    const { campaign } = c.req.valid('param');
    await campaignFor(c, campaign);
    return encodedJson<z.infer<typeof RowList>>(c, await work.read('rows', campaign, syncScope(principalOf(c))));
  });

  api.openapi(routes.changes, async (c) => {
    const { campaign } = c.req.valid('param');
    await campaignFor(c, campaign);
    const { since, limit } = c.req.valid('query');
    return c.json(await changesSince(store, campaign, since, syncScope(principalOf(c)), limit ? { limit } : {}), 200);
  });

  api.openapi(routes.push, async (c) => {
    const { campaign } = c.req.valid('param');
    await campaignFor(c, campaign);
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
    await campaignFor(c, campaign);
    return c.json({ conflicts: await listConflicts(store, campaign, syncScope(principalOf(c)), c.req.valid('query').state) }, 200);
  });

  api.openapi(routes.resolveConflict, async (c) => {
    const { campaign, id } = c.req.valid('param');
    await campaignFor(c, campaign);
    return c.json(await work.write('resolveConflict', id, c.req.valid('json').choice, actorOf(principalOf(c)), campaign), 200);
  });

  api.openapi(routes.rowHistory, async (c) => {
    const { campaign, id } = c.req.valid('param');
    await campaignFor(c, campaign);
    return c.json({ changes: await rowHistory(store, campaign, id, syncScope(principalOf(c))) }, 200);
  });

  api.openapi(routes.deleteRow, async (c) => {
    requireOffice(c);
    const { campaign, id } = c.req.valid('param');
    await campaignFor(c, campaign);
    return c.json({ row: await work.write('deleteRow', campaign, id, actorOf(principalOf(c))) }, 200);
  });

  api.openapi(routes.closure, async (c) => {
    const { campaign, id } = c.req.valid('param');
    await campaignFor(c, campaign);
    return c.json({ row: await work.write('closure', campaign, id, c.req.valid('json'), actorOf(principalOf(c))) }, 200);
  });

  api.openapi(routes.extension, async (c) => {
    const { campaign, id } = c.req.valid('param');
    await campaignFor(c, campaign);
    return c.json({ row: await work.write('extension', campaign, id, c.req.valid('json'), actorOf(principalOf(c))) }, 200);
  });

  api.openapi(routes.rollup, async (c) => {
    const { asOf = todayIso(), lang = 'zh' } = c.req.valid('query');
    const { campaign } = c.req.valid('param');
    await campaignFor(c, campaign);
    return c.json(await work.read('rollup', campaign, syncScope(principalOf(c)), asOf, lang), 200);
  });

  api.openapi(routes.progress, async (c) => {
    const { campaign } = c.req.valid('param');
    await campaignFor(c, campaign);
    return c.json(await work.read('progress', campaign, syncScope(principalOf(c))), 200);
  });

  api.openapi(routes.activity, async (c) => {
    requireOffice(c);
    const { campaign } = c.req.valid('param');
    const { config } = await campaignFor(c, campaign);
    return c.json(await work.read('activity', campaign, c.req.valid('query').since, config.units), 200);
  });

  /** The consolidated workbook the caller may have: the office every row, a unit its own. */
  async function workbookFor(c: Context<AuthEnv>, campaignName: string, asOf: IsoDate, lang: Lang): Promise<WorkbookRequest> {
    return { campaign: await campaignFor(c, campaignName), scope: syncScope(principalOf(c)), asOf, lang, origin: new URL(c.req.url).origin };
  }

  api.openapi(routes.workbook, async (c) => {
    const { asOf = todayIso(), lang = 'zh' } = c.req.valid('query');
    return workbookResponse(work, await workbookFor(c, c.req.valid('param').campaign, asOf, lang));
  });

  /** A link to the same workbook, for the browser Office opens: made under the caller's access, used once. */
  api.openapi(routes.workbookLink, async (c) => {
    const { asOf = todayIso(), lang = 'zh' } = c.req.valid('query');
    const r = await workbookFor(c, c.req.valid('param').campaign, asOf, lang);
    const { secret, hash } = createDownloadSecret();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + DOWNLOAD_LINK_TTL_MS).toISOString();
    await work.write('addDownloadLink', { tokenHash: hash, campaign: r.campaign.name, scope: r.scope, asOf, lang, expiresAt }, now.toISOString());
    return c.json({ path: `downloads/${secret}`, expiresAt }, 200);
  });

  /** Puts the consolidated workbook into the SharePoint/OneDrive folder the office configured, as the signed-in user. */
  api.openapi(routes.publish, async (c) => {
    const p = requireOffice(c);
    if (!publishing.configured) return errorJson(c, 501, publishing.problem.code, publishing.problem.message, publishing.problem.messageEn);
    const bearer = parseAuthorization(c.req.header('authorization'));
    if (p.subject.via !== 'entra' || !bearer.ok) {
      return errorJson(c, 400, 'entra_sign_in_required', '发布到 SharePoint/OneDrive 须用 Microsoft 账号登录（API 令牌不能代表您访问 Microsoft 365）', 'Publishing to SharePoint/OneDrive needs a Microsoft sign-in: an API token cannot act for you in Microsoft 365');
    }
    const { campaign } = c.req.valid('param');
    const { asOf = todayIso(), lang = 'zh' } = c.req.valid('query');
    const { body, fileName } = streamWorkbook(work, await workbookFor(c, campaign, asOf, lang));
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    try {
      const file = await publishing.publisher.publish({ userAssertion: bearer.credential, fileName, content: Buffer.concat(chunks), contentType: XLSX_TYPE });
      return c.json(file, 200);
    } catch (e) {
      if (!(e instanceof GraphPublishError)) throw e;
      return errorJson(c, 502, e.problem.code, e.problem.message, e.problem.messageEn);
    }
  });

  api.openapi(routes.uploadEvidence, async (c) => {
    const { campaign, id } = c.req.valid('param');
    await campaignFor(c, campaign);
    // Another unit's row is refused before its upload is read; the writer checks again as it stores.
    await checkRowAccess(store, campaign, id, syncScope(principalOf(c)));
    const upload = await readUpload(c, evidenceMaxBytes);
    const { file, created } = await work.write('addEvidence', campaign, id, upload.fileName, upload.mime, upload.bytes, actorOf(principalOf(c)));
    return created ? c.json({ file }, 201) : c.json({ file }, 200);
  });

  api.openapi(routes.evidence, async (c) => {
    const { campaign, id } = c.req.valid('param');
    await campaignFor(c, campaign);
    return c.json({ files: await listEvidence(store, campaign, id, syncScope(principalOf(c))) }, 200);
  });

  api.openapi(routes.campaignEvidence, async (c) => {
    const { campaign } = c.req.valid('param');
    await campaignFor(c, campaign);
    return c.json({ files: await listCampaignEvidence(store, campaign, syncScope(principalOf(c))) }, 200);
  });

  api.openapi(routes.evidenceFile, async (c) => {
    const { campaign, fileId } = c.req.valid('param');
    await campaignFor(c, campaign);
    return evidenceFileResponse(work, await findEvidence(store, campaign, fileId, syncScope(principalOf(c))));
  });

  /** A link to the same file, for the browser Office opens: made under the caller's access (the same refusals), used once. */
  api.openapi(routes.evidenceLink, async (c) => {
    const { campaign, fileId } = c.req.valid('param');
    await campaignFor(c, campaign);
    const scope = syncScope(principalOf(c));
    const file = await findEvidence(store, campaign, fileId, scope);
    const { secret, hash } = createDownloadSecret();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + DOWNLOAD_LINK_TTL_MS).toISOString();
    const link = { tokenHash: hash, campaign, scope, asOf: todayIso(), lang: 'zh' as const, expiresAt, evidenceFileId: file.id };
    await work.write('addDownloadLink', link, now.toISOString());
    return c.json({ path: `downloads/${secret}`, expiresAt }, 200);
  });

  api.openapi(routes.removeEvidence, async (c) => {
    const { campaign, fileId } = c.req.valid('param');
    await campaignFor(c, campaign);
    return c.json({ file: await work.write('removeEvidence', campaign, fileId, actorOf(principalOf(c))) }, 200);
  });

  /** The office's campaign for a reminders call: 403 for anyone else. */
  async function remindersOf(c: Context<AuthEnv>, campaign: string) {
    requireOffice(c);
    await campaignFor(c, campaign);
    return campaign;
  }

  api.openapi(routes.reminders, async (c) => {
    const campaign = await remindersOf(c, c.req.valid('param').campaign);
    return c.json(await work.read('reminders', campaign, c.req.valid('query').asOf ?? (await todayFor(store, campaign))), 200);
  });

  api.openapi(routes.reminderSettings, async (c) => {
    const campaign = await remindersOf(c, c.req.valid('param').campaign);
    return c.json(settingsView(await loadSettings(store.db, campaign), new Date()), 200);
  });

  api.openapi(routes.saveReminderSettings, async (c) => {
    const campaign = await remindersOf(c, c.req.valid('param').campaign);
    await work.write('saveReminderSettings', campaign, c.req.valid('json'), actorOf(principalOf(c)).name, new Date().toISOString());
    await reloadSchedule(store);
    return c.json(settingsView(await loadSettings(store.db, campaign), new Date()), 200);
  });

  api.openapi(routes.sendReminders, async (c) => {
    const campaign = await remindersOf(c, c.req.valid('param').campaign);
    const { asOf } = c.req.valid('query');
    return c.json(await sendReminders(store, work, campaign, { trigger: 'manual', ...(asOf ? { asOf } : {}) }), 200);
  });

  api.openapi(routes.reminderLog, async (c) => {
    const campaign = await remindersOf(c, c.req.valid('param').campaign);
    return c.json({ entries: await sendLog(store, campaign) }, 200);
  });

  api.openapi(routes.users, async (c) => {
    requireOffice(c);
    return c.json({ users: await listUsers(store) }, 200);
  });

  api.openapi(routes.saveUser, async (c) => {
    requireOffice(c);
    const { tid, oid } = c.req.valid('param');
    const body = c.req.valid('json');
    return c.json(await work.write('upsertUser', { ...body, tid, oid } as UserGrant), 200);
  });

  api.openapi(routes.removeUser, async (c) => {
    requireOffice(c);
    const { tid, oid } = c.req.valid('param');
    if (!(await work.write('removeUser', tid, oid))) return errorJson(c, 404, 'user_not_found', '没有这个用户', 'No such user');
    return c.json({ removed: true }, 200);
  });

  return api;
}
