// Microsoft Entra ID sign-in through the real service: a local issuer stands in for Entra (its key
// set on 127.0.0.1), the office maps users to roles in the users table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiToken } from '../../server/app/identity';
import { upsertUser } from '../../server/store';
import { startServer, type RunningServer } from '../../server/serve';
import { CLIENT_ID, OFFICE_OID, STRANGER_OID, TENANT, UNIT_OID, startLocalIssuer, unsignedToken, type LocalIssuer } from '../auth/local-issuer';

const NEWCOMER_OID = '44444444-aaaa-4bbb-8ccc-000000000004';

describe('Entra ID sign-in on the service', () => {
  let issuer: LocalIssuer;
  let srv: RunningServer;
  const me = (token: string) => fetch(`${srv.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    issuer = await startLocalIssuer();
    srv = await startServer({
      port: 0,
      store: { kind: 'sqlite', file: ':memory:' },
      env: { ENTRA_TENANT_ID: TENANT, ENTRA_CLIENT_ID: CLIENT_ID, ENTRA_JWKS_URL: issuer.jwksUrl },
    });
    await upsertUser(srv.store, { tid: TENANT, oid: OFFICE_OID, role: 'office', displayName: '整改办 王老师' });
    await upsertUser(srv.store, { tid: TENANT, oid: UNIT_OID, role: 'unit', unit: '计算机学院', displayName: '计算机学院 李老师' });
  });
  afterAll(async () => {
    await srv?.close();
    await issuer?.close();
  });

  it('tells the pane, without a token, which app and authority to sign in with', async () => {
    const res = await fetch(`${srv.url}/api/sign-in`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ microsoft: { clientId: CLIENT_ID, authority: `https://login.microsoftonline.com/${TENANT}` } });
    const china = await startServer({ port: 0, store: { kind: 'sqlite', file: ':memory:' }, env: { ENTRA_TENANT_ID: TENANT, ENTRA_CLIENT_ID: CLIENT_ID, ENTRA_CLOUD: '21vianet' } });
    const tokensOnly = await startServer({ port: 0, store: { kind: 'sqlite', file: ':memory:' }, env: {} });
    try {
      expect((await (await fetch(`${china.url}/api/sign-in`)).json()).microsoft.authority).toBe(`https://login.partner.microsoftonline.cn/${TENANT}`);
      expect(await (await fetch(`${tokensOnly.url}/api/sign-in`)).json()).toEqual({ microsoft: null });
    } finally {
      await china.close();
      await tokensOnly.close();
    }
  });

  it('accepts a valid access token and maps the user to the office or a unit', async () => {
    const office = await me(await issuer.sign(OFFICE_OID));
    expect(office.status).toBe(200);
    expect(await office.json()).toMatchObject({ kind: 'office', name: '整改办 王老师' });
    const unit = await (await me(await issuer.sign(UNIT_OID))).json();
    expect(unit).toMatchObject({ kind: 'unit', unit: '计算机学院' });
    const rows = await fetch(`${srv.url}/api/v1/campaigns/default/rows`, { headers: { authorization: `Bearer ${await issuer.sign(UNIT_OID)}` } });
    expect(rows.status).toBe(200);
  });

  it('lets a signed-in user the office has not assigned in, but no further', async () => {
    const token = await issuer.sign(STRANGER_OID);
    expect((await me(token)).status).toBe(200);
    const rows = await fetch(`${srv.url}/api/v1/campaigns/default/rows`, { headers: { authorization: `Bearer ${token}` } });
    expect(rows.status).toBe(403);
  });

  it('lets the office assign a signed-in user to a unit, after which the user reads that unit’s rows', async () => {
    const { token: officeToken } = await issueApiToken(srv.store, { role: 'office' });
    const { token: unitToken } = await issueApiToken(srv.store, { role: 'unit', unit: '文学院' });
    const put = (token: string) =>
      fetch(`${srv.url}/api/v1/users/${TENANT}/${NEWCOMER_OID}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'unit', unit: '文学院', displayName: '文学院 赵老师' }),
      });
    expect((await put(unitToken)).status).toBe(403);
    expect((await put(officeToken)).status).toBe(200);
    const stranger = await issuer.sign(NEWCOMER_OID);
    expect(await (await me(stranger)).json()).toMatchObject({ kind: 'unit', unit: '文学院' });
    const rows = await fetch(`${srv.url}/api/v1/campaigns/default/rows`, { headers: { authorization: `Bearer ${stranger}` } });
    expect(rows.status).toBe(200);
  });

  it('says publishing to SharePoint is not configured rather than failing', async () => {
    const res = await fetch(`${srv.url}/api/v1/campaigns/default/publish`, { method: 'POST', headers: { authorization: `Bearer ${await issuer.sign(OFFICE_OID)}` } });
    expect(res.status).toBe(501);
    expect((await res.json()).error.message).toContain('GRAPH_PUBLISH_FOLDER');
  });

  it.each([
    ['wrong audience', { aud: 'api://someone-else' }],
    ['wrong issuer', { iss: 'https://login.microsoftonline.com/evil/v2.0' }],
    ['expired', { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 }],
    ['missing access_as_user', { scp: 'User.Read' }],
  ])('refuses a token with %s', async (_what, claims) => {
    const res = await me(await issuer.sign(OFFICE_OID, claims));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('refuses unsigned and forged tokens', async () => {
    expect((await me(unsignedToken({ tid: TENANT, oid: OFFICE_OID, aud: CLIENT_ID, scp: 'access_as_user' }))).status).toBe(401);
    const good = await issuer.sign(OFFICE_OID);
    const [h, p] = good.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), oid: UNIT_OID })).toString('base64url')}.${good.split('.')[2]}`;
    expect((await me(forged)).status).toBe(401);
  });
});
