// API tokens (`ledger token create`). The token itself is made and checked by server/auth; the store
// keeps only its sha-256, so a copy of the database hands out no working tokens.
import * as z from 'zod';
import { randomBytes } from 'node:crypto';
import { parseInput } from './errors';
import type { Store } from './store';
import type { ApiTokenRecord } from './tables';

const TokenHash = z.string().regex(/^[0-9a-f]{64}$/, 'expected the lowercase hex sha-256 of the token');
const scope = {
  tokenHash: TokenHash,
  /** Null or absent: valid for every campaign. */
  campaign: z.string().min(1).nullable().default(null),
  label: z.string().default(''),
};

export const NewApiToken = z.discriminatedUnion('role', [
  z.object({ role: z.literal('office'), ...scope }),
  z.object({ role: z.literal('unit'), unit: z.string().min(1), ...scope }),
]);
export type NewApiToken = z.input<typeof NewApiToken>;

/** A recorded token; read from the database through this schema. */
export const ApiToken = z.object({
  id: z.string(),
  tokenHash: TokenHash,
  role: z.enum(['office', 'unit']),
  /** Set for role 'unit'. */
  unit: z.string().nullable(),
  /** Null: valid for every campaign. */
  campaign: z.string().nullable(),
  label: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;

function toApiToken(r: ApiTokenRecord): ApiToken {
  return ApiToken.parse({
    id: r.id,
    tokenHash: r.token_hash,
    role: r.role,
    unit: r.unit,
    campaign: r.campaign,
    label: r.label,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  });
}

/** Records a token by its hash. The label defaults to the unit's name, or "office". */
export async function addApiToken(store: Store, input: NewApiToken): Promise<ApiToken> {
  const spec = parseInput(NewApiToken, input, '令牌参数 / token settings');
  const record: ApiTokenRecord = {
    id: randomBytes(8).toString('hex'),
    token_hash: spec.tokenHash,
    role: spec.role,
    unit: spec.role === 'unit' ? spec.unit : null,
    campaign: spec.campaign,
    label: spec.label || (spec.role === 'unit' ? spec.unit : 'office'),
    created_at: new Date().toISOString(),
    revoked_at: null,
    last_used_at: null,
  };
  await store.db.insertInto('api_tokens').values(record).execute();
  return toApiToken(record);
}

/** The token with this hash, revoked or not (the caller tells the two apart). */
export async function findApiTokenByHash(store: Store, tokenHash: string): Promise<ApiToken | undefined> {
  const row = await store.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return row && toApiToken(row);
}

export async function listApiTokens(store: Store): Promise<ApiToken[]> {
  const rows = await store.db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(toApiToken);
}

/** Returns false when no live token has this id. */
export async function revokeApiToken(store: Store, id: string): Promise<boolean> {
  const result = await store.db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
