// The consolidated workbook as an HTTP answer, for the API's workbook.xlsx and for the single-use
// links the pane opens in a browser outside Office (/downloads/{secret}): Office on Mac and Windows
// will not save a file the pane makes itself, so the pane asks for a link and Office opens it in the
// person's browser, which saves what it is sent.
import { PassThrough, Readable } from 'node:stream';
import { Hono } from 'hono';
import contentDisposition from 'content-disposition';
import type { IsoDate, Lang } from '../../ledger';
import { getCampaign, type Campaign, type Store } from '../store';
import type { Scope } from '../sync';
import { masterTitle } from '../work/consolidated';
import type { Work } from '../work/work';
import { downloadSecretHash } from '../auth/download-link';
import { XLSX_TYPE } from './routes';

/** A file name in plain ASCII, for clients that cannot read an RFC 5987 name. */
export function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
}

export interface WorkbookRequest {
  campaign: Campaign;
  scope: Scope;
  asOf: IsoDate;
  lang: Lang;
  /** Where the caller reached the service: the evidence files' links in the workbook point there. */
  origin: string;
}

/**
 * The workbook, written on the reader thread and passed on as it is made: a 100,000-row master
 * never sits whole in memory, and the request thread only moves bytes.
 */
export function streamWorkbook(work: Work, r: WorkbookRequest): { body: PassThrough; fileName: string } {
  const body = new PassThrough();
  work.workbook({ campaign: r.campaign.name, scope: r.scope, asOf: r.asOf, lang: r.lang, origin: r.origin }, body).then(
    () => body.end(),
    (e: unknown) => body.destroy(e as Error),
  );
  return { body, fileName: `${masterTitle(r.campaign.config, r.scope)}-${r.asOf}.xlsx` };
}

export function workbookResponse(work: Work, r: WorkbookRequest): Response {
  const { body, fileName } = streamWorkbook(work, r);
  return new Response(Readable.toWeb(body) as ReadableStream, {
    headers: {
      'content-type': XLSX_TYPE,
      // RFC 6266 with an RFC 5987 UTF-8 name (title and campaign may be Chinese) and an ASCII fallback.
      'content-disposition': contentDisposition(fileName, { fallback: asciiName(`ledger-${r.campaign.name}-${r.asOf}.xlsx`) }),
      'cache-control': 'no-store',
    },
  });
}

const GONE =
  '下载链接已失效：链接一分钟内有效，且只能用一次。请回到 Excel，在整改台账窗格中再点一次“下载汇总工作簿”。\n' +
  'This download link has expired or was already used (a link works once, within a minute). In Excel, click "Download the consolidated workbook" in the ledger pane again.\n';

/** GET /downloads/{secret}: the workbook a link was made for, once; the secret is the only credential. */
export function downloadRoutes(store: Store, work: Work) {
  const downloads = new Hono();
  downloads.get('/:secret', async (c) => {
    // Hono answers HEAD with the GET handler: a download manager's look before fetching must not use the link up.
    if (c.req.method === 'HEAD') return c.body(null, 204, { 'cache-control': 'no-store' });
    const hash = downloadSecretHash(c.req.param('secret'));
    const link = hash === undefined ? undefined : await work.write('takeDownloadLink', hash, new Date().toISOString());
    const campaign = link && (await getCampaign(store, link.campaign));
    if (!link || !campaign) return c.text(GONE, 404, { 'cache-control': 'no-store' });
    return workbookResponse(work, { campaign, scope: link.scope, asOf: link.asOf, lang: link.lang, origin: new URL(c.req.url).origin });
  });
  return downloads;
}
