// Download links: what a short-lived, single-use link may fetch (the workbook: whose rows, which
// date, which language; or one evidence file, under the access of whoever made the link), kept under the sha-256 of its secret so a copy of the database opens no link.
// Taking a link deletes it in the same statement, so of two instances answering the same link at
// once only one gets it.
import * as z from 'zod';
import { IsoDate, Lang } from '../../ledger';
import { parseInput } from './errors';
import type { Store } from './store';
import type { DownloadLinksTable } from './tables';

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected the lowercase hex sha-256 of the link');

export const DownloadLink = z.object({
  tokenHash: Sha256Hex,
  campaign: z.string().min(1),
  scope: z.discriminatedUnion('kind', [z.object({ kind: z.literal('office') }), z.object({ kind: z.literal('unit'), unit: z.string().min(1) })]),
  asOf: IsoDate,
  lang: Lang,
  expiresAt: z.iso.datetime(),
  /** The evidence file the link downloads instead of the workbook; asOf and lang, which the table requires, then only record the day it was made. */
  evidenceFileId: z.string().min(1).optional(),
});
export type DownloadLink = z.infer<typeof DownloadLink>;

function toLink(r: DownloadLinksTable): DownloadLink {
  return DownloadLink.parse({
    tokenHash: r.token_hash,
    campaign: r.campaign,
    scope: r.scope_kind === 'unit' ? { kind: 'unit', unit: r.scope_unit } : { kind: 'office' },
    asOf: r.as_of,
    lang: r.lang,
    expiresAt: r.expires_at,
    ...(r.evidence_file_id === null ? {} : { evidenceFileId: r.evidence_file_id }),
  });
}

/** Records a link, and forgets the links that expired unused (nobody else ever removes them). */
export async function addDownloadLink(store: Store, input: DownloadLink, now: Date): Promise<void> {
  const link = parseInput(DownloadLink, input, '下载链接 / download link');
  await store.db.deleteFrom('download_links').where('expires_at', '<', now.toISOString()).execute();
  await store.db
    .insertInto('download_links')
    .values({
      token_hash: link.tokenHash,
      campaign: link.campaign,
      scope_kind: link.scope.kind,
      scope_unit: link.scope.kind === 'unit' ? link.scope.unit : null,
      as_of: link.asOf,
      lang: link.lang,
      created_at: now.toISOString(),
      expires_at: link.expiresAt,
      evidence_file_id: link.evidenceFileId ?? null,
    })
    .execute();
}

/** The link with this hash, used up by asking: undefined when unknown, already used or expired. */
export async function takeDownloadLink(store: Store, tokenHash: string, now: Date): Promise<DownloadLink | undefined> {
  const row = await store.db.deleteFrom('download_links').where('token_hash', '=', tokenHash).returningAll().executeTakeFirst();
  if (!row || row.expires_at <= now.toISOString()) return undefined;
  return toLink(row);
}
