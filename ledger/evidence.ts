// Evidence files (佐证材料附件): files attached to a measure, as the service describes them to the task
// pane and the office page. What kinds are accepted is decided by a file's content on the service;
// the list here is what a file picker offers and what a refusal names.
import * as z from 'zod';

export const EvidenceFile = z.object({
  id: z.string().min(1),
  campaign: z.string().min(1),
  rowId: z.string().min(1),
  /** As uploaded (Chinese names kept). */
  fileName: z.string().min(1),
  /** What the content is, as checked by the service (never the name's or the upload's word for it). */
  mime: z.string().min(1),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  uploadedBy: z.string().min(1),
  uploaderKind: z.enum(['office', 'unit']),
  uploaderUnit: z.string().nullable(),
  uploadedAt: z.iso.datetime(),
});
export type EvidenceFile = z.infer<typeof EvidenceFile>;

export const EvidenceList = z.object({ files: z.array(EvidenceFile) });
export type EvidenceList = z.infer<typeof EvidenceList>;

/** The answer to an upload or a removal: the file concerned. */
export const EvidenceAnswer = z.object({ file: EvidenceFile });

/** The upload's form field holding the file (multipart/form-data). */
export const EVIDENCE_FIELD = 'file';

/** Per file, unless the service is configured otherwise (LEDGER_EVIDENCE_MAX_MB). */
export const DEFAULT_EVIDENCE_MAX_MB = 20;

/** The kinds accepted, with the names people know them by (a refusal lists them). */
const EVIDENCE_KINDS = [
  { zh: 'PDF', en: 'PDF', extensions: ['pdf'] },
  { zh: 'OFD', en: 'OFD', extensions: ['ofd'] },
  { zh: '图片', en: 'images', extensions: ['jpg', 'jpeg', 'png', 'gif', 'webp', 'bmp', 'tif', 'tiff'] },
  { zh: 'Word', en: 'Word', extensions: ['docx', 'doc'] },
  { zh: 'Excel', en: 'Excel', extensions: ['xlsx', 'xls'] },
  { zh: 'PowerPoint', en: 'PowerPoint', extensions: ['pptx', 'ppt'] },
  { zh: 'WPS', en: 'WPS', extensions: ['wps', 'et', 'dps'] },
] as const;

/** For a file picker's `accept` attribute. */
export const EVIDENCE_ACCEPT = EVIDENCE_KINDS.flatMap((k) => k.extensions.map((e) => `.${e}`)).join(',');

/** The accepted kinds in a sentence: "PDF（pdf）、OFD（ofd）、图片（jpg、…）…" or "PDF (pdf), OFD (ofd), images (jpg, …)…". */
export function evidenceKindsText(lang: 'zh' | 'en'): string {
  if (lang === 'en') return EVIDENCE_KINDS.map((k) => `${k.en} (${k.extensions.join(', ')})`).join(', ');
  return EVIDENCE_KINDS.map((k) => `${k.zh}（${k.extensions.join('、')}）`).join('、');
}

/**
 * Where the office page shows one measure and its files, relative to the service's origin. The
 * consolidated workbook links here: a browser opening it signs in, where an API link (which needs a
 * bearer token) would not open from Excel.
 */
export function rowPagePath(campaign: string, rowId: string): string {
  return `/#/campaigns/${encodeURIComponent(campaign)}/rows/${encodeURIComponent(rowId)}`;
}
