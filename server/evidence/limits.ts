// How big an evidence file may be: LEDGER_EVIDENCE_MAX_MB (default DEFAULT_EVIDENCE_MAX_MB), read
// once at start so a malformed value stops the service there, not at someone's upload.
import * as z from 'zod';
import { DEFAULT_EVIDENCE_MAX_MB } from '../../ledger/evidence';

/** Past this the database's single value gets unwieldy (PostgreSQL's bytea tops out at 1 GB). */
const MOST_MB = 200;

const EvidenceEnv = z.object({
  LEDGER_EVIDENCE_MAX_MB: z
    .string()
    .trim()
    .optional()
    // Unset or blank: the default.
    .transform((s) => (s ? Number(s) : DEFAULT_EVIDENCE_MAX_MB))
    .pipe(z.number().positive(`须为正数 / must be a positive number`).max(MOST_MB, `不能超过 ${MOST_MB} / at most ${MOST_MB}`)),
});

/** The most bytes one evidence file may have. */
export function evidenceMaxBytesFromEnv(env: Record<string, string | undefined> = process.env): number {
  const parsed = EvidenceEnv.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`佐证材料大小上限配置无效 / invalid evidence size limit: ${detail}`);
  }
  return Math.floor(parsed.data.LEDGER_EVIDENCE_MAX_MB * 1024 * 1024);
}

/** A size for people: "20 MB", "1.5 MB", "800 KB". */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
