import { generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEntraVerifier, type EntraCheck } from '../../server/auth/entra';
import { EntraConfigError, entraConfigFromEnv, paneAuthority } from '../../server/auth/entra-config';
import {
  CLIENT_ID,
  OTHER_TENANT,
  TENANT,
  UNIT_OID,
  claimsOf,
  hs256WithPublicKey,
  startLocalIssuer,
  unsignedToken,
  v2Issuer,
  type LocalIssuer,
} from './local-issuer';

let issuer: LocalIssuer;
beforeAll(async () => {
  issuer = await startLocalIssuer();
});
afterAll(async () => {
  await issuer.close();
});

const refusal = (check: EntraCheck) => (check.ok ? 'accepted' : check.reason);

describe('entraConfigFromEnv', () => {
  it('leaves Entra sign-in off when neither tenant nor client id is set', () => {
    expect(entraConfigFromEnv({})).toBeNull();
    expect(entraConfigFromEnv({ ENTRA_TENANT_ID: '', ENTRA_CLIENT_ID: '  ' })).toBeNull();
  });

  it('reads one tenant or a list, and accepts the client id and its api:// URI as audience', () => {
    const config = entraConfigFromEnv({
      ENTRA_TENANT_ID: `${TENANT.toUpperCase()}, ${OTHER_TENANT}`,
      ENTRA_CLIENT_ID: CLIENT_ID,
      ENTRA_AUDIENCE: 'api://ledger.example.edu.cn/zhenggai',
      ENTRA_JWKS_URL: 'http://127.0.0.1:9999/keys',
    });
    expect(config).toEqual({
      tenants: [TENANT, OTHER_TENANT],
      clientId: CLIENT_ID,
      audiences: [CLIENT_ID, `api://${CLIENT_ID}`, 'api://ledger.example.edu.cn/zhenggai'],
      acceptV1: false,
      jwksUrl: 'http://127.0.0.1:9999/keys',
      cloud: 'global',
      clockToleranceSeconds: 60,
    });
  });

  it('signs in through the global cloud by default, and through 21Vianet (世纪互联) when ENTRA_CLOUD says so', () => {
    const base = { ENTRA_TENANT_ID: TENANT, ENTRA_CLIENT_ID: CLIENT_ID };
    const global = entraConfigFromEnv(base)!;
    expect(global.cloud).toBe('global');
    expect(paneAuthority(global)).toBe(`https://login.microsoftonline.com/${TENANT}`);
    for (const written of ['china', '21Vianet', ' 21vianet ']) {
      const china = entraConfigFromEnv({ ...base, ENTRA_CLOUD: written })!;
      expect(china.cloud, written).toBe('china');
      expect(paneAuthority(china)).toBe(`https://login.partner.microsoftonline.cn/${TENANT}`);
    }
    // Several tenants: the pane lets any work account sign in and the service picks whom it accepts.
    expect(paneAuthority(entraConfigFromEnv({ ...base, ENTRA_TENANT_ID: `${TENANT},${OTHER_TENANT}`, ENTRA_CLOUD: 'china' })!)).toBe(
      'https://login.partner.microsoftonline.cn/organizations',
    );
    expect(() => entraConfigFromEnv({ ...base, ENTRA_CLOUD: 'azurechina' })).toThrow(/ENTRA_CLOUD: 应为 global.*expected global or china/);
  });

  it('names each bad variable, in Chinese and English', () => {
    const attempt = () =>
      entraConfigFromEnv({ ENTRA_TENANT_ID: 'contoso.onmicrosoft.com', ENTRA_JWKS_URL: 'http://keys.example.com/keys' });
    expect(attempt).toThrow(EntraConfigError);
    expect(attempt).toThrow(/ENTRA_TENANT_ID 第 1 项 \/ item 1: 应为租户 ID.*expected the tenant id as a GUID/);
    expect(attempt).toThrow(/ENTRA_CLIENT_ID/);
    expect(attempt).toThrow(/ENTRA_JWKS_URL: 签名密钥地址须为 https/);
  });
});

describe('Entra access token verification', () => {
  it('accepts a valid token and identifies the user by oid and tid', async () => {
    const verifier = createEntraVerifier(issuer.config());
    expect(await verifier.verify(await issuer.sign(UNIT_OID))).toEqual({
      ok: true,
      identity: { oid: UNIT_OID, tid: TENANT, name: '张三' },
    });
  });

  it('accepts the api:// audience and a token carrying more scopes than access_as_user', async () => {
    const verifier = createEntraVerifier(issuer.config());
    const token = await issuer.sign(UNIT_OID, { aud: `api://${CLIENT_ID}`, scp: 'User.Read access_as_user' });
    expect(refusal(await verifier.verify(token))).toBe('accepted');
  });

  it('tolerates a little clock skew but no more', async () => {
    const verifier = createEntraVerifier(issuer.config());
    const now = Math.floor(Date.now() / 1000);
    expect(refusal(await verifier.verify(await issuer.sign(UNIT_OID, { exp: now - 20 })))).toBe('accepted');
    expect(refusal(await verifier.verify(await issuer.sign(UNIT_OID, { nbf: now + 20 })))).toBe('accepted');
  });

  it('accepts v1.0 tokens (sts.windows.net issuer) only when configured to', async () => {
    const v1 = await issuer.sign(UNIT_OID, {
      iss: `https://sts.windows.net/${TENANT}/`,
      aud: `api://${CLIENT_ID}`,
      ver: '1.0',
      preferred_username: undefined,
      name: undefined,
      upn: 'lisi@example.edu.cn',
    });
    expect(refusal(await createEntraVerifier(issuer.config()).verify(v1))).toBe('wrong_issuer');
    expect(await createEntraVerifier(issuer.config({ acceptV1: true })).verify(v1)).toEqual({
      ok: true,
      identity: { oid: UNIT_OID, tid: TENANT, name: 'lisi@example.edu.cn' },
    });
  });

  it('checks issuers against the configured cloud: 21Vianet under either of its sign-in names, never the other cloud', async () => {
    const china = createEntraVerifier(issuer.config({ cloud: 'china' }));
    const global = createEntraVerifier(issuer.config());
    const partner = await issuer.sign(UNIT_OID, { iss: `https://login.partner.microsoftonline.cn/${TENANT}/v2.0` });
    const older = await issuer.sign(UNIT_OID, { iss: `https://login.chinacloudapi.cn/${TENANT}/v2.0` });
    expect(refusal(await china.verify(partner))).toBe('accepted');
    expect(refusal(await china.verify(older))).toBe('accepted');
    expect(refusal(await china.verify(await issuer.sign(UNIT_OID)))).toBe('wrong_issuer');
    expect(refusal(await global.verify(partner))).toBe('wrong_issuer');
  });

  it('accepts any tenant of a configured list, each with its own issuer', async () => {
    const verifier = createEntraVerifier(issuer.config({ tenants: [TENANT, OTHER_TENANT] }));
    const token = await issuer.sign(UNIT_OID, { tid: OTHER_TENANT, iss: v2Issuer(OTHER_TENANT) });
    expect(await verifier.verify(token)).toMatchObject({ ok: true, identity: { tid: OTHER_TENANT } });
  });

  describe('refuses', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const cases: [string, () => Promise<string>, string][] = [
      ['a token for another API (wrong audience)', () => issuer.sign(UNIT_OID, { aud: '00000003-0000-0000-c000-000000000000' }), 'wrong_audience'],
      ['a token from another issuer', () => issuer.sign(UNIT_OID, { iss: 'https://evil.example.com/v2.0' }), 'wrong_issuer'],
      ['a token whose issuer names another tenant than its tid', () => issuer.sign(UNIT_OID, { iss: v2Issuer(OTHER_TENANT) }), 'wrong_issuer'],
      ['a token from a tenant not allowed', () => issuer.sign(UNIT_OID, { tid: OTHER_TENANT, iss: v2Issuer(OTHER_TENANT) }), 'tenant_not_allowed'],
      ['an expired token', () => issuer.sign(UNIT_OID, { exp: now() - 600 }), 'expired'],
      ['a token not yet valid', () => issuer.sign(UNIT_OID, { nbf: now() + 600 }), 'not_yet_valid'],
      ['a token without exp', () => issuer.sign(UNIT_OID, { exp: undefined }), 'missing_claims'],
      ['a token without oid', () => issuer.sign(UNIT_OID, { oid: undefined }), 'missing_claims'],
      ['a token without the access_as_user scope', () => issuer.sign(UNIT_OID, { scp: 'User.Read' }), 'missing_scope'],
      ['an app-only token (roles, no scp)', () => issuer.sign(UNIT_OID, { scp: undefined, roles: ['access_as_user'] }), 'missing_scope'],
      ['an unsigned token (alg none)', async () => unsignedToken(claimsOf(await issuer.sign(UNIT_OID))), 'bad_algorithm'],
      [
        'an HS256 token keyed with the public key',
        async () => hs256WithPublicKey(claimsOf(await issuer.sign(UNIT_OID)), issuer.publicPem, issuer.kid),
        'bad_algorithm',
      ],
      [
        'a token signed by another key under the real key id',
        async () => issuer.sign(UNIT_OID, {}, { privateKey: (await generateKeyPair('RS256')).privateKey, kid: issuer.kid }),
        'bad_signature',
      ],
      [
        'a token signed by another key under an unknown key id',
        async () => issuer.sign(UNIT_OID, {}, { privateKey: (await generateKeyPair('RS256')).privateKey, kid: 'attacker' }),
        'bad_signature',
      ],
      ['a token with its signature cut off', async () => (await issuer.sign(UNIT_OID)).replace(/\.[^.]+$/, '.'), 'bad_signature'],
      ['a garbled token', async () => 'abc.def.ghi', 'malformed'],
    ];
    for (const [what, make, reason] of cases) {
      it(what, async () => {
        expect(refusal(await createEntraVerifier(issuer.config()).verify(await make()))).toBe(reason);
      });
    }
  });

  it('fetches keys only for tokens that could pass: not for unsigned ones or other tenants', async () => {
    const verifier = createEntraVerifier(issuer.config());
    const before = issuer.keyFetches();
    await verifier.verify(unsignedToken(claimsOf(await issuer.sign(UNIT_OID))));
    await verifier.verify(await issuer.sign(UNIT_OID, { tid: OTHER_TENANT, iss: v2Issuer(OTHER_TENANT) }));
    expect(issuer.keyFetches()).toBe(before);
  });

  it('says the keys are unavailable, not that the token is bad, when the key set cannot be fetched', async () => {
    const verifier = createEntraVerifier(issuer.config({ jwksUrl: 'http://127.0.0.1:1/discovery/v2.0/keys' }));
    expect(refusal(await verifier.verify(await issuer.sign(UNIT_OID)))).toBe('keys_unavailable');
  });
});
