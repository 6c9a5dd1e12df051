// A row's evidence files: uploaded, listed (per row or for the campaign), downloaded, linked and removed.
import { todayIso } from '../../../ledger';
import { principalOf } from '../../auth/access';
import { DOWNLOAD_LINK_TTL_MS, createDownloadSecret } from '../../auth/download-link';
import { checkRowAccess, findEvidence, listCampaignEvidence, listEvidence } from '../../evidence/files';
import { readUpload } from '../../evidence/upload';
import { evidenceFileResponse } from '../evidence-file';
import { actorOf, syncScope } from '../identity';
import { routes } from '../routes';
import { campaignFor, type Api, type ApiDeps } from './deps';

export function evidenceHandlers(api: Api, { store, work }: ApiDeps, evidenceMaxBytes: number) {
  api.openapi(routes.uploadEvidence, async (c) => {
    const { campaign, id } = c.req.valid('param');
    await campaignFor(store, c, campaign);
    // Another unit's row is refused before its upload is read; the writer checks again as it stores.
    await checkRowAccess(store, campaign, id, syncScope(principalOf(c)));
    const upload = await readUpload(c, evidenceMaxBytes);
    const { file, created } = await work.write('addEvidence', campaign, id, upload.fileName, upload.mime, upload.bytes, actorOf(principalOf(c)));
    return created ? c.json({ file }, 201) : c.json({ file }, 200);
  });

  api.openapi(routes.evidence, async (c) => {
    const { campaign, id } = c.req.valid('param');
    await campaignFor(store, c, campaign);
    return c.json({ files: await listEvidence(store, campaign, id, syncScope(principalOf(c))) }, 200);
  });

  api.openapi(routes.campaignEvidence, async (c) => {
    const { campaign } = c.req.valid('param');
    await campaignFor(store, c, campaign);
    return c.json({ files: await listCampaignEvidence(store, campaign, syncScope(principalOf(c))) }, 200);
  });

  api.openapi(routes.evidenceFile, async (c) => {
    const { campaign, fileId } = c.req.valid('param');
    await campaignFor(store, c, campaign);
    return evidenceFileResponse(work, await findEvidence(store, campaign, fileId, syncScope(principalOf(c))));
  });

  /** A link to the same file, for the browser Office opens: made under the caller's access (the same refusals), used once. */
  api.openapi(routes.evidenceLink, async (c) => {
    const { campaign, fileId } = c.req.valid('param');
    await campaignFor(store, c, campaign);
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
    await campaignFor(store, c, campaign);
    return c.json({ file: await work.write('removeEvidence', campaign, fileId, actorOf(principalOf(c))) }, 200);
  });
}
