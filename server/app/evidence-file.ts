// An evidence file (佐证材料) as an HTTP answer, for the API's download and for the single-use links
// the pane opens in a browser outside Office: the type its content was found to be, saved as an
// attachment under its own name, never shown inline or guessed at by the browser, never cached.
import contentDisposition from 'content-disposition';
import type { EvidenceFile } from '../../ledger/evidence';
import { evidenceNotFound } from '../evidence/files';
import type { Work } from '../work/work';
import { asciiName } from './workbook';

/** The file's bytes with its headers; 404 when it was removed since its metadata was read. */
export async function evidenceFileResponse(work: Work, file: EvidenceFile): Promise<Response> {
  const bytes = await work.read('evidenceContent', file.id);
  if (!bytes) throw evidenceNotFound(file.campaign, file.id);
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      'content-type': file.mime,
      // RFC 6266 with an RFC 5987 UTF-8 name (files are mostly named in Chinese) and an ASCII fallback.
      'content-disposition': contentDisposition(file.fileName, { fallback: asciiName(file.fileName) }),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    },
  });
}
