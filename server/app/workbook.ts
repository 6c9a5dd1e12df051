// The consolidated workbook as an HTTP answer, for the API's workbook.xlsx and for the single-use
// links the pane opens in a browser outside Office (downloads.ts).
import { PassThrough, Readable } from 'node:stream';
import contentDisposition from 'content-disposition';
import type { IsoDate, Lang } from '../../ledger';
import type { Campaign } from '../store';
import type { Scope } from '../sync';
import { masterTitle } from '../work/consolidated';
import type { Work } from '../work/work';
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
