// API tokens for the CLI and scripts (`ledger token create`). Only the sha-256 of a token is kept,
// so a leaked database does not leak working credentials; the prefix lets people and secret
// scanners recognise one in a log or a pasted command.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import type { Principal } from './principal';

const API_TOKEN_PREFIX = 'lgr_';
const TOKEN_SHAPE = /^lgr_[A-Za-z0-9_-]{43}$/;

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex sha-256');

const tokenFields = {
  id: z.string().min(1),
  hash: Sha256Hex,
  campaign: z.string().min(1).nullable(),
  /** Who or what the token was issued to, shown in the change history. */
  name: z.string().nullable(),
  revoked: z.boolean(),
};

/** A stored token as the store hands it back; the store maps its columns to this. */
export const TokenRecord = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('office'), ...tokenFields }),
  z.object({ kind: z.literal('unit'), unit: z.string().min(1), ...tokenFields }),
]);
export type TokenRecord = z.infer<typeof TokenRecord>;

/** What auth needs from token storage; `server/store` implements it over the api_tokens table. */
export interface TokenStore {
  findTokenByHash(hash: string): Promise<TokenRecord | undefined>;
  markTokenUsed(id: string, at: Date): Promise<void>;
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A fresh token: show `token` once to whoever asked for it, store only `hash`. */
export function createApiToken(): { token: string; hash: string } {
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashApiToken(token) };
}

export function looksLikeApiToken(credential: string): boolean {
  return credential.startsWith(API_TOKEN_PREFIX);
}

export type ApiTokenCheck =
  | { ok: true; principal: Principal }
  | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' };

export async function checkApiToken(token: string, store: TokenStore): Promise<ApiTokenCheck> {
  if (!TOKEN_SHAPE.test(token)) return { ok: false, reason: 'malformed' };
  const hash = hashApiToken(token);
  const found = await store.findTokenByHash(hash);
  if (found === undefined) return { ok: false, reason: 'unknown' };
  const record = TokenRecord.parse(found);
  // The store's lookup may be looser than byte equality (collation, prefix index); confirm here
  // without leaking through timing how much of the hash matched.
  if (!timingSafeEqual(Buffer.from(record.hash, 'hex'), Buffer.from(hash, 'hex'))) {
    return { ok: false, reason: 'unknown' };
  }
  if (record.revoked) return { ok: false, reason: 'revoked' };
  await store.markTokenUsed(record.id, new Date());
  const subject = { via: 'api_token' as const, tokenId: record.id, name: record.name };
  const principal: Principal =
    record.kind === 'office'
      ? { kind: 'office', subject, campaign: record.campaign }
      : { kind: 'unit', unit: record.unit, subject, campaign: record.campaign };
  return { ok: true, principal };
}
