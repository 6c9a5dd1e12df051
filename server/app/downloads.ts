// /downloads/{secret}: what a single-use link was made for (the consolidated workbook, or one
// evidence file), once, within a minute; the secret is the only credential. Office on Mac and
// Windows will not save a file the pane makes itself, so the pane asks for a link and Office opens
// it in the person's browser, which saves what it is sent.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { downloadSecretHash } from '../auth/download-link';
import { findEvidence } from '../evidence/files';
import { getCampaign, type Store } from '../store';
import { StoreError } from '../store/errors';
import type { DownloadLink } from '../store/download-links';
import type { Work } from '../work/work';
import { evidenceFileResponse } from './evidence-file';
import { workbookResponse } from './workbook';

const GONE =
  '下载链接已失效：链接一分钟内有效，且只能用一次。请回到 Excel，在整改台账窗格中再点一次“下载”。\n' +
  'This download link has expired or was already used (a link works once, within a minute). In Excel, click "Download" in the ledger pane again.\n';

const gone = (c: Context) => c.text(GONE, 404, { 'cache-control': 'no-store' });

/** The evidence file a link names, under the access of whoever made it; undefined once removed or out of reach. */
async function linkedFile(store: Store, work: Work, link: DownloadLink, fileId: string): Promise<Response | undefined> {
  try {
    return await evidenceFileResponse(work, await findEvidence(store, link.campaign, fileId, link.scope));
  } catch (e) {
    if (e instanceof StoreError) return undefined;
    throw e;
  }
}

export function downloadRoutes(store: Store, work: Work) {
  const downloads = new Hono();
  downloads.get('/:secret', async (c) => {
    // Hono answers HEAD with the GET handler: a download manager's look before fetching must not use the link up.
    if (c.req.method === 'HEAD') return c.body(null, 204, { 'cache-control': 'no-store' });
    const hash = downloadSecretHash(c.req.param('secret'));
    const link = hash === undefined ? undefined : await work.write('takeDownloadLink', hash, new Date().toISOString());
    const campaign = link && (await getCampaign(store, link.campaign));
    if (!link || !campaign) return gone(c);
    if (link.evidenceFileId !== undefined) return (await linkedFile(store, work, link, link.evidenceFileId)) ?? gone(c);
    return workbookResponse(work, { campaign, scope: link.scope, asOf: link.asOf, lang: link.lang, origin: new URL(c.req.url).origin });
  });
  return downloads;
}
