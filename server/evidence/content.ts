// What an evidence file is, told by its content alone: the name and the type the browser declared
// are what an executable renamed 报告.pdf would lie with. The common formats by their signatures
// (file-type); the Office 97–2003 and WPS formats by the streams of their container (cfb.ts); OFD
// (the Chinese fixed-layout format, a zip) by its OFD.xml. Macro-enabled Office files, archives and
// anything else are refused.
import { fileTypeFromBuffer } from 'file-type';
import { ZipArchive } from '../xlsx/zip';
import { cfbStreamNames } from './cfb';

/** file-type's names of the formats taken as they are detected. */
const BY_SIGNATURE = new Set(['pdf', 'png', 'jpg', 'gif', 'webp', 'bmp', 'tif', 'docx', 'xlsx', 'pptx']);

/** The stream that makes a compound file a document, and the document's type. */
const CFB_DOCUMENTS: [stream: string, mime: string][] = [
  ['WordDocument', 'application/msword'],
  ['Workbook', 'application/vnd.ms-excel'],
  ['Book', 'application/vnd.ms-excel'],
  ['PowerPoint Document', 'application/vnd.ms-powerpoint'],
];

const OFD_TYPE = 'application/ofd';

/** An OFD package lists its documents in OFD.xml at its root; only the directory is read. */
async function isOfd(bytes: Uint8Array): Promise<boolean> {
  const limits = { maxEntries: 100_000, maxEntryBytes: 0, maxTotalBytes: 0, maxRatio: 0, ratioFloorBytes: 0 };
  try {
    const zip = await ZipArchive.open({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }, 'evidence', limits);
    const found = zip.has('OFD.xml');
    zip.close();
    return found;
  } catch {
    return false;
  }
}

/** The file's media type when it is a kind accepted as evidence; undefined otherwise. */
export async function evidenceType(bytes: Uint8Array): Promise<string | undefined> {
  const found = await fileTypeFromBuffer(bytes);
  if (!found) return undefined;
  if (BY_SIGNATURE.has(found.ext)) return found.mime;
  if (found.ext === 'cfb') {
    const streams = cfbStreamNames(bytes);
    return CFB_DOCUMENTS.find(([stream]) => streams?.has(stream))?.[1];
  }
  if (found.ext === 'zip') return (await isOfd(bytes)) ? OFD_TYPE : undefined;
  return undefined;
}
