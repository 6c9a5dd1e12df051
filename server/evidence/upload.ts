// An upload as a browser page or the task pane sends it: multipart/form-data with the file in the
// field `file`. The body is read off the socket with a limit (app/body.ts), so a file past the limit
// is refused without being held whole; the file is found in it in place (multipart.ts) and checked by
// its content before anything is stored.
import type { Context } from 'hono';
import { EVIDENCE_FIELD, evidenceKindsText } from '../../ledger/evidence';
import { BodyTooLarge, readBody } from '../app/body';
import { StoreError } from '../store/errors';
import { evidenceType } from './content';
import { boundaryOf, fileParts } from './multipart';
import { sizeText } from './limits';
import type { Upload } from './files';

/** Room for the form's boundaries and part headers around the file. */
const FORM_OVERHEAD = 64 * 1024;
/** A file name longer than this is cut (keeping its extension): it is a label, not a document. */
const NAME_MAX = 200;

function tooLarge(limit: number, name?: string): StoreError {
  const what = name ? `文件“${name}”` : '上传的文件';
  const whatEn = name ? `The file "${name}"` : 'The upload';
  return new StoreError('file_too_large', {
    zh: `${what}超过大小上限 ${sizeText(limit)}，没有保存。请压缩或拆分后再上传`,
    en: `${whatEn} is over the size limit of ${sizeText(limit)} and was not stored. Compress or split it, then upload again`,
  });
}

function invalid(zh: string, en: string): StoreError {
  return new StoreError('invalid_request', { zh, en });
}

/** The name as people will see it: no folders (old browsers sent the whole path), no control characters. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\x00-\x1f\x7f]/g, '').trim();
  if (clean.length <= NAME_MAX) return clean;
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
  return clean.slice(0, NAME_MAX - ext.length) + ext;
}

/** The uploaded file, its name and what its content is; refuses (413, 415, 400) before anything is stored. */
export async function readUpload(c: Context, limit: number): Promise<Upload> {
  const type = c.req.header('content-type') ?? '';
  const boundary = /^multipart\/form-data\s*;/i.test(type) ? boundaryOf(type) : undefined;
  if (!boundary) {
    throw invalid(
      `请以 multipart/form-data 上传，文件放在字段“${EVIDENCE_FIELD}”中`,
      `upload as multipart/form-data with the file in the field "${EVIDENCE_FIELD}"`,
    );
  }
  let body: Uint8Array;
  try {
    body = await readBody(c, limit + FORM_OVERHEAD);
  } catch (e) {
    if (e instanceof BodyTooLarge) throw tooLarge(limit);
    throw e;
  }
  const parts = fileParts(body, boundary);
  if (!parts) throw invalid('上传内容不是有效的 multipart/form-data', 'the upload is not valid multipart/form-data');
  const files = parts.filter((p) => p.field === EVIDENCE_FIELD);
  if (files.length !== 1) {
    throw invalid(`请在字段“${EVIDENCE_FIELD}”中上传一个文件（收到 ${files.length} 个）`, `send exactly one file in the field "${EVIDENCE_FIELD}" (got ${files.length})`);
  }
  const file = files[0]!;
  const fileName = cleanName(file.fileName);
  if (!fileName) throw invalid('上传的文件没有文件名', 'the uploaded file has no name');
  const { bytes } = file;
  if (bytes.byteLength > limit) throw tooLarge(limit, fileName);
  if (bytes.byteLength === 0) throw invalid(`文件“${fileName}”是空的`, `the file "${fileName}" is empty`);
  const mime = await evidenceType(bytes);
  if (!mime) {
    throw new StoreError('unsupported_file_type', {
      zh: `文件“${fileName}”的内容不是可接受的佐证材料类型（按文件内容判断，与扩展名无关），没有保存。可接受：${evidenceKindsText('zh')}`,
      en: `The content of "${fileName}" is not a kind accepted as evidence (judged by the content, not the name) and was not stored. Accepted: ${evidenceKindsText('en')}`,
    });
  }
  return { fileName, mime, bytes };
}
