// The consolidated workbook: downloaded, as a single-use link for the browser Office opens, or
// published into the office's SharePoint/OneDrive folder.
import type { Context } from 'hono';
import { todayIso, type IsoDate, type Lang } from '../../../ledger';
import { principalOf, requireOffice } from '../../auth/access';
import { DOWNLOAD_LINK_TTL_MS, createDownloadSecret } from '../../auth/download-link';
import { GraphPublishError, type GraphPublishSetup } from '../../auth/graph-publish';
import { parseAuthorization } from '../../auth/middleware';
import type { AuthEnv } from '../../auth/principal';
import type { Store } from '../../store';
import { errorJson } from '../errors';
import { syncScope } from '../identity';
import { routes, XLSX_TYPE } from '../routes';
import { streamWorkbook, workbookResponse, type WorkbookRequest } from '../workbook';
import { campaignFor, type Api, type ApiDeps } from './deps';

/** The consolidated workbook the caller may have: the office every row, a unit its own. */
async function workbookFor(store: Store, c: Context<AuthEnv>, campaignName: string, asOf: IsoDate, lang: Lang): Promise<WorkbookRequest> {
  return { campaign: await campaignFor(store, c, campaignName), scope: syncScope(principalOf(c)), asOf, lang, origin: new URL(c.req.url).origin };
}

export function workbookHandlers(api: Api, { store, work }: ApiDeps, publishing: GraphPublishSetup) {
  api.openapi(routes.workbook, async (c) => {
    const { asOf = todayIso(), lang = 'zh' } = c.req.valid('query');
    return workbookResponse(work, await workbookFor(store, c, c.req.valid('param').campaign, asOf, lang));
  });

  /** A link to the same workbook, for the browser Office opens: made under the caller's access, used once. */
  api.openapi(routes.workbookLink, async (c) => {
    const { asOf = todayIso(), lang = 'zh' } = c.req.valid('query');
    const r = await workbookFor(store, c, c.req.valid('param').campaign, asOf, lang);
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
    const { body, fileName } = streamWorkbook(work, await workbookFor(store, c, campaign, asOf, lang));
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
}
