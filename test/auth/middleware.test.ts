import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCampaign, principalOf, requireOffice, scopeFor } from '../../server/auth/access';
import { createApiToken } from '../../server/auth/api-token';
import { createEntraVerifier } from '../../server/auth/entra';
import { AuthErrorBody } from '../../server/auth/errors';
import { MemoryTokenStore, MemoryUserDirectory } from '../support/memory-auth';
import { authMiddleware, type AuthOptions } from '../../server/auth/middleware';
import type { AuthEnv } from '../../server/auth/principal';
import { OFFICE_OID, STRANGER_OID, TENANT, UNIT_OID, claimsOf, startLocalIssuer, unsignedToken, type LocalIssuer } from './local-issuer';

let issuer: LocalIssuer;
const tokens = new MemoryTokenStore();
const users = new MemoryUserDirectory();
const office = createApiToken();
const unit = createApiToken();
const bound = createApiToken();
const revoked = createApiToken();

beforeAll(async () => {
  issuer = await startLocalIssuer();
  tokens.add({ id: 'office-1', hash: office.hash, kind: 'office', campaign: null, name: '整改办', revoked: false });
  tokens.add({ id: 'unit-1', hash: unit.hash, kind: 'unit', unit: '计算机学院', campaign: null, name: null, revoked: false });
  tokens.add({ id: 'unit-2', hash: bound.hash, kind: 'unit', unit: '财务处', campaign: '2018巡视', name: null, revoked: false });
  tokens.add({ id: 'old', hash: revoked.hash, kind: 'office', campaign: null, name: null, revoked: true });
  users.add(TENANT, OFFICE_OID, { kind: 'office', name: '王主任' });
  users.add(TENANT, UNIT_OID, { kind: 'unit', unit: '计算机学院', name: null });
});
afterAll(async () => {
  await issuer.close();
});

function appWith(options: Partial<AuthOptions> = {}) {
  const app = new Hono<AuthEnv>();
  app.use('/api/*', authMiddleware({ tokens, users, entra: createEntraVerifier(issuer.config()), ...options }));
  app.get('/api/me', (c) => c.json(principalOf(c)));
  app.get('/api/campaigns/:campaign/rows', (c) => {
    const principal = principalOf(c);
    assertCampaign(principal, c.req.param('campaign'));
    return c.json(scopeFor(principal));
  });
  app.post('/api/close-off', (c) => c.json({ approvedBy: requireOffice(c).subject }));
  return app;
}

const get = (path: string, authorization?: string) =>
  appWith().request(path, authorization === undefined ? {} : { headers: { Authorization: authorization } });

async function errorOf(response: Response) {
  return AuthErrorBody.parse(await response.json()).error;
}

describe('authMiddleware refuses with 401', () => {
  it('when no Authorization header is sent', async () => {
    const response = await get('/api/me');
    expect(response.status).toBe(401);
    expect(response.headers.get('WWW-Authenticate')).toBe('Bearer realm="ledger"');
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const error = await errorOf(response);
    expect(error.code).toBe('unauthenticated');
    expect(error.message).toMatch(/未登录/);
    expect(error.messageEn).toMatch(/Not signed in/);
  });

  for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer two words', `Token ${'x'.repeat(10)}`]) {
    it(`when the header is malformed: "${header}"`, async () => {
      const response = await get('/api/me', header);
      expect(response.status).toBe(401);
      expect(response.headers.get('WWW-Authenticate')).toMatch(/^Bearer realm="ledger", error="invalid_request"/);
      expect((await errorOf(response)).code).toBe('malformed_authorization');
    });
  }

  const badTokens: [string, () => Promise<string>, string, RegExp][] = [
    ['an API token never issued', async () => createApiToken().token, 'invalid_token', /没有发放过/],
    ['a revoked API token', async () => revoked.token, 'token_revoked', /已被吊销/],
    ['a truncated API token', async () => office.token.slice(0, 20), 'invalid_token', /格式不正确/],
    ['something neither an API token nor a JWT', async () => 'hello', 'invalid_token', /无法识别/],
    ['an unsigned JWT', async () => unsignedToken(claimsOf(await issuer.sign(OFFICE_OID))), 'invalid_token', /RS256/],
    ['an expired Entra token', async () => issuer.sign(OFFICE_OID, { exp: 1_500_000_000 }), 'invalid_token', /已过期/],
  ];
  for (const [what, make, code, message] of badTokens) {
    it(`for ${what}`, async () => {
      const response = await get('/api/me', `Bearer ${await make()}`);
      expect(response.status).toBe(401);
      expect(response.headers.get('WWW-Authenticate')).toMatch(/^Bearer realm="ledger", error="invalid_token", error_description="[^"]+"$/);
      const error = await errorOf(response);
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
    });
  }

  it('for an Entra token when Entra sign-in is not configured, saying so', async () => {
    const app = new Hono<AuthEnv>();
    app.use('*', authMiddleware({ tokens, users }));
    app.get('/api/me', (c) => c.json(principalOf(c)));
    const response = await app.request('/api/me', { headers: { Authorization: `Bearer ${await issuer.sign(OFFICE_OID)}` } });
    expect(response.status).toBe(401);
    expect((await errorOf(response)).code).toBe('entra_not_configured');
  });
});

describe('authMiddleware sets the principal', () => {
  it('for an office API token, any scheme capitalisation', async () => {
    const response = await get('/api/me', `bearer ${office.token}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      kind: 'office',
      campaign: null,
      subject: { via: 'api_token', tokenId: 'office-1', name: '整改办' },
    });
  });

  it('for an Entra user the office listed, by tenant and object id', async () => {
    const response = await get('/api/me', `Bearer ${await issuer.sign(OFFICE_OID)}`);
    expect(await response.json()).toEqual({
      kind: 'office',
      campaign: null,
      subject: { via: 'entra', oid: OFFICE_OID, tid: TENANT, name: '王主任' },
    });
  });

  it('for an Entra user of a unit, with the name from the token', async () => {
    const response = await get('/api/me', `Bearer ${await issuer.sign(UNIT_OID)}`);
    expect(await response.json()).toEqual({
      kind: 'unit',
      unit: '计算机学院',
      campaign: null,
      subject: { via: 'entra', oid: UNIT_OID, tid: TENANT, name: '张三' },
    });
  });

  it('for a signed-in Entra user nobody assigned: authenticated, no role', async () => {
    const response = await get('/api/me', `Bearer ${await issuer.sign(STRANGER_OID)}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ kind: 'unassigned', subject: { oid: STRANGER_OID } });
  });
});

describe('access helpers answer 403', () => {
  it('scopeFor gives the office every row and a unit its own', async () => {
    expect(await (await get('/api/campaigns/default/rows', `Bearer ${office.token}`)).json()).toEqual({ kind: 'all' });
    expect(await (await get('/api/campaigns/default/rows', `Bearer ${unit.token}`)).json()).toEqual({ kind: 'unit', unit: '计算机学院' });
  });

  it('scopeFor refuses a user with no role, telling them to ask the office', async () => {
    const response = await get('/api/campaigns/default/rows', `Bearer ${await issuer.sign(STRANGER_OID)}`);
    expect(response.status).toBe(403);
    const error = await errorOf(response);
    expect(error.code).toBe('no_role');
    expect(error.message).toMatch(/联系整改办/);
  });

  it('requireOffice lets the office through and refuses a unit, naming it', async () => {
    const app = appWith();
    const ok = await app.request('/api/close-off', { method: 'POST', headers: { Authorization: `Bearer ${office.token}` } });
    expect(ok.status).toBe(200);
    const refused = await app.request('/api/close-off', { method: 'POST', headers: { Authorization: `Bearer ${await issuer.sign(UNIT_OID)}` } });
    expect(refused.status).toBe(403);
    const error = await errorOf(refused);
    expect(error.code).toBe('office_only');
    expect(error.message).toMatch(/仅限整改办.*计算机学院/);
  });

  it('assertCampaign keeps a campaign-bound token to its campaign', async () => {
    expect((await get('/api/campaigns/2018巡视/rows', `Bearer ${bound.token}`)).status).toBe(200);
    const refused = await get('/api/campaigns/default/rows', `Bearer ${bound.token}`);
    expect(refused.status).toBe(403);
    const error = await errorOf(refused);
    expect(error.code).toBe('campaign_forbidden');
    expect(error.message).toBe('此令牌仅限用于整改任务「2018巡视」，不能用于「default」');
  });
});

it('answers 503, not 401, when the Entra key set cannot be fetched', async () => {
  const app = new Hono<AuthEnv>();
  app.use('*', authMiddleware({ tokens, users, entra: createEntraVerifier(issuer.config({ jwksUrl: 'http://127.0.0.1:1/keys' })) }));
  app.get('/api/me', (c) => c.json(principalOf(c)));
  const response = await app.request('/api/me', { headers: { Authorization: `Bearer ${await issuer.sign(OFFICE_OID)}` } });
  expect(response.status).toBe(503);
  expect((await errorOf(response)).code).toBe('entra_keys_unavailable');
});
