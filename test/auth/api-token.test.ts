import { describe, expect, it } from 'vitest';
import {
  checkApiToken,
  createApiToken,
  hashApiToken,
  type TokenRecord,
  type TokenStore,
} from '../../server/auth/api-token';
import { MemoryTokenStore } from '../support/memory-auth';

function storeWith(...records: TokenRecord[]): MemoryTokenStore {
  const store = new MemoryTokenStore();
  for (const record of records) store.add(record);
  return store;
}

describe('createApiToken', () => {
  it('makes a recognisable token with 32 random bytes and gives only its sha-256 to store', () => {
    const { token, hash } = createApiToken();
    expect(token).toMatch(/^lgr_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashApiToken(token));
    expect(hash).not.toContain(token.slice(4));
  });

  it('never hands out the same token twice', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => createApiToken().token));
    expect(tokens.size).toBe(200);
  });
});

describe('checkApiToken', () => {
  it('turns an office token into the office principal and records when it was used', async () => {
    const { token, hash } = createApiToken();
    const store = storeWith({ id: 't1', hash, kind: 'office', campaign: null, name: '整改办 王老师', revoked: false });
    const before = new Date();
    expect(await checkApiToken(token, store)).toEqual({
      ok: true,
      principal: { kind: 'office', campaign: null, subject: { via: 'api_token', tokenId: 't1', name: '整改办 王老师' } },
    });
    expect(store.lastUsed('t1')?.getTime()).toBeGreaterThanOrEqual(before.getTime());
  });

  it('turns a unit token bound to a campaign into that unit, limited to that campaign', async () => {
    const { token, hash } = createApiToken();
    const store = storeWith({ id: 't2', hash, kind: 'unit', unit: '计算机学院', campaign: '2018巡视', name: null, revoked: false });
    expect(await checkApiToken(token, store)).toEqual({
      ok: true,
      principal: { kind: 'unit', unit: '计算机学院', campaign: '2018巡视', subject: { via: 'api_token', tokenId: 't2', name: null } },
    });
  });

  it('refuses a token once it is revoked', async () => {
    const { token, hash } = createApiToken();
    const store = storeWith({ id: 't3', hash, kind: 'unit', unit: '财务处', campaign: null, name: null, revoked: false });
    expect(await checkApiToken(token, store)).toMatchObject({ ok: true });
    store.revoke('t3');
    expect(await checkApiToken(token, store)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('refuses a well-formed token the service never issued, and one cut short when copied', async () => {
    const issued = createApiToken();
    const store = storeWith({ id: 't4', hash: issued.hash, kind: 'office', campaign: null, name: null, revoked: false });
    expect(await checkApiToken(createApiToken().token, store)).toEqual({ ok: false, reason: 'unknown' });
    expect(await checkApiToken(issued.token.slice(0, -1), store)).toEqual({ ok: false, reason: 'malformed' });
    expect(await checkApiToken(`${issued.token} `, store)).toEqual({ ok: false, reason: 'malformed' });
    expect(store.lastUsed('t4')).toBeUndefined();
  });

  it('does not trust a store whose lookup matches a different hash', async () => {
    const { token } = createApiToken();
    const other = createApiToken();
    const loose: TokenStore = {
      findTokenByHash: async () => ({ id: 't5', hash: other.hash, kind: 'office', campaign: null, name: null, revoked: false }),
      markTokenUsed: async () => undefined,
    };
    expect(await checkApiToken(token, loose)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('treats a stored unit token without its unit as a fault, not as an office token', async () => {
    const { token, hash } = createApiToken();
    const broken = {
      findTokenByHash: async () => ({ id: 't6', hash, kind: 'unit', unit: null, campaign: null, name: null, revoked: false }),
      markTokenUsed: async () => undefined,
    } as unknown as TokenStore;
    await expect(checkApiToken(token, broken)).rejects.toThrow(/unit/);
  });
});
