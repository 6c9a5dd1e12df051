// Wiring sign-in to storage: the store's api_tokens and users tables behind the interfaces auth
// asks for, and a principal turned into the actor and scope the sync engine works with.
import type { TokenRecord, TokenStore } from '../auth/api-token';
import type { Principal } from '../auth/principal';
import type { DirectoryEntry, UserDirectory } from '../auth/users';
import { createApiToken } from '../auth/api-token';
import { addApiToken, findApiTokenByHash, findUser, type ApiToken, type NewApiToken, type Store } from '../store';
import type { Actor, Scope } from '../sync';
import type { Work } from '../work/work';

// Recording last use on every request would make each read a write; once a minute is enough to
// tell a live token from a forgotten one.
const LAST_USED_RESOLUTION_MS = 60_000;

export function tokenStore(store: Store, work: Work): TokenStore {
  const lastMarked = new Map<string, number>();
  return {
    async findTokenByHash(hash) {
      const r = await findApiTokenByHash(store, hash);
      if (!r) return undefined;
      const common = { id: r.id, hash: r.tokenHash, campaign: r.campaign, name: r.label || null, revoked: r.revokedAt !== null };
      const record: TokenRecord = r.role === 'unit' && r.unit ? { kind: 'unit', unit: r.unit, ...common } : { kind: 'office', ...common };
      return record;
    },
    async markTokenUsed(id, at) {
      const now = at.getTime();
      if (now - (lastMarked.get(id) ?? 0) < LAST_USED_RESOLUTION_MS) return;
      lastMarked.set(id, now);
      // A write, so the writer's; nobody waits for it (a request must not queue behind a big push).
      work.write('markTokenUsed', id, at.toISOString()).catch((e: unknown) => console.error(`记录令牌使用时间失败 / could not record token use: ${String(e)}`));
    },
  };
}

export function userDirectory(store: Store): UserDirectory {
  return {
    async findUser(tid, oid): Promise<DirectoryEntry | undefined> {
      const u = await findUser(store, tid, oid);
      if (!u) return undefined;
      const name = u.displayName || null;
      return u.role === 'unit' && u.unit ? { kind: 'unit', unit: u.unit, name } : { kind: 'office', name };
    },
  };
}

function nameOf(p: Principal): string {
  const s = p.subject;
  if (s.name) return s.name;
  return s.via === 'api_token' ? `token:${s.tokenId}` : `entra:${s.oid}`;
}

/** Who sent a push, for its mutation ids: the token or the Microsoft account, never just a name. */
export function senderOf(p: Principal): string {
  const s = p.subject;
  return s.via === 'api_token' ? `token:${s.tokenId}` : `entra:${s.tid}:${s.oid}`;
}

/** The actor the history records; call only after scopeFor/requireOffice refused the unassigned. */
export function actorOf(p: Principal): Actor {
  if (p.kind === 'unit') return { kind: 'unit', unit: p.unit, name: nameOf(p) };
  return { kind: 'office', name: nameOf(p) };
}

export function syncScope(p: Principal): Scope {
  return p.kind === 'unit' ? { kind: 'unit', unit: p.unit } : { kind: 'office' };
}

/** A new API token: the secret to hand over once, and the stored record (which keeps only its hash). */
export async function issueApiToken(
  store: Store,
  spec: { role: 'office'; campaign?: string | null; label?: string } | { role: 'unit'; unit: string; campaign?: string | null; label?: string },
): Promise<{ token: string; record: ApiToken }> {
  const { token, hash } = createApiToken();
  const input: NewApiToken = { ...spec, tokenHash: hash };
  return { token, record: await addApiToken(store, input) };
}
