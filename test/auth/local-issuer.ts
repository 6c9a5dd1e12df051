// A stand-in for Microsoft Entra ID: an RSA key pair, its key set served on 127.0.0.1, and a signer
// producing access tokens shaped like Entra's (v2.0 unless told otherwise).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import * as z from 'zod';
import type { EntraConfig } from '../../server/auth/entra-config';

export const TENANT = '7c1b6a52-3f0e-4d7a-9a55-0f3f1d2c8e11';
export const OTHER_TENANT = '0d9e8f7a-6b5c-4d3e-8f21-a0b1c2d3e4f5';
export const CLIENT_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
export const OFFICE_OID = '11111111-aaaa-4bbb-8ccc-000000000001';
export const UNIT_OID = '22222222-aaaa-4bbb-8ccc-000000000002';
export const STRANGER_OID = '33333333-aaaa-4bbb-8ccc-000000000003';

export interface LocalIssuer {
  jwksUrl: string;
  /** Requests the key set endpoint has answered. */
  keyFetches: () => number;
  privateKey: CryptoKey;
  publicPem: string;
  kid: string;
  config(overrides?: Partial<EntraConfig>): EntraConfig;
  /** A valid access token for `oid`, with `claims` overriding or (set to undefined) removing defaults. */
  sign(oid: string, claims?: Record<string, unknown>, key?: { privateKey: CryptoKey; kid: string }): Promise<string>;
  close(): Promise<void>;
}

export function v2Issuer(tid: string): string {
  return `https://login.microsoftonline.com/${tid}/v2.0`;
}

export async function startLocalIssuer(): Promise<LocalIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'test-key-1';
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  let fetches = 0;
  const server: Server = createServer((req, res) => {
    fetches += 1;
    if (req.url !== '/discovery/v2.0/keys') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const jwksUrl = `http://127.0.0.1:${port}/discovery/v2.0/keys`;

  return {
    jwksUrl,
    keyFetches: () => fetches,
    privateKey,
    publicPem: await exportSPKI(publicKey),
    kid,
    config: (overrides = {}) => ({
      tenants: [TENANT],
      clientId: CLIENT_ID,
      audiences: [CLIENT_ID, `api://${CLIENT_ID}`],
      acceptV1: false,
      jwksUrl,
      cloud: 'global',
      clockToleranceSeconds: 60,
      ...overrides,
    }),
    async sign(oid, claims = {}, key = { privateKey, kid }) {
      const now = Math.floor(Date.now() / 1000);
      const payload: Record<string, unknown> = {
        iss: v2Issuer(TENANT),
        aud: CLIENT_ID,
        tid: TENANT,
        oid,
        sub: `sub-${oid}`,
        scp: 'access_as_user',
        name: '张三',
        preferred_username: 'zhangsan@example.edu.cn',
        ver: '2.0',
        iat: now - 10,
        nbf: now - 10,
        exp: now + 3600,
        ...claims,
      };
      for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
      return new SignJWT(payload as JWTPayload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid }).sign(key.privateKey);
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** An unsigned token ("alg": "none") carrying the given claims. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

/** The classic forgery: HS256 with the issuer's public key (PEM text) as the HMAC secret. */
export async function hs256WithPublicKey(claims: Record<string, unknown>, publicPem: string, kid: string): Promise<string> {
  return new SignJWT(claims as JWTPayload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid })
    .sign(new TextEncoder().encode(publicPem));
}

/** The claims of a token, decoded without checking (to build forgeries from a valid token's body). */
export function claimsOf(token: string): Record<string, unknown> {
  const body = token.split('.')[1] ?? '';
  return z.record(z.string(), z.unknown()).parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
}
