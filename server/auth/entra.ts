// Validates Microsoft Entra ID access tokens the add-in sends (obtained for our API with the
// `access_as_user` scope). Every check Entra's own guidance asks of a resource API is made here:
// signature by the tenant's published keys, RS256 only, issuer of an allowed tenant, audience,
// lifetime, and the delegated scope.
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import * as z from 'zod';
import { ENTRA_CLOUDS, EntraConfig, REQUIRED_SCOPE } from './entra-config';

export const EntraIdentity = z.object({
  oid: z.string().min(1),
  tid: z.string().min(1),
  name: z.string().nullable(),
});
export type EntraIdentity = z.infer<typeof EntraIdentity>;

export type EntraRefusal =
  | 'malformed'
  | 'bad_algorithm'
  | 'missing_claims'
  | 'tenant_not_allowed'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'expired'
  | 'not_yet_valid'
  | 'missing_scope'
  | 'bad_signature'
  | 'keys_unavailable';

export type EntraCheck =
  | { ok: true; identity: EntraIdentity }
  | { ok: false; reason: EntraRefusal; detail: string };

export interface EntraVerifier {
  verify(token: string): Promise<EntraCheck>;
}

const VerifiedClaims = z.object({
  tid: z.string().min(1),
  oid: z.string().min(1),
  scp: z.string().optional(),
  name: z.string().optional(),
  preferred_username: z.string().optional(),
  upn: z.string().optional(),
});

const refuse = (reason: EntraRefusal, detail: string): EntraCheck => ({ ok: false, reason, detail });

function refusalFor(error: unknown): EntraCheck {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof errors.JWTExpired) return refuse('expired', detail);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return refuse('not_yet_valid', detail);
    if (error.claim === 'iss') return refuse('wrong_issuer', detail);
    if (error.claim === 'aud') return refuse('wrong_audience', detail);
    if (error.reason === 'missing') return refuse('missing_claims', detail);
    return refuse('malformed', detail);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return refuse('bad_algorithm', detail);
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return refuse('bad_signature', detail);
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return refuse('malformed', detail);
  // What is left comes from fetching the key set (timeout, HTTP error, bad JSON, network down): the
  // token may be fine, our side could not check it.
  return refuse('keys_unavailable', detail);
}

export function createEntraVerifier(settings: EntraConfig): EntraVerifier {
  const config = EntraConfig.parse(settings);
  const cloud = ENTRA_CLOUDS[config.cloud];
  const keySets = new Map<string, JWTVerifyGetKey>();

  // Only allowed tenants reach here, so this holds at most one key set per configured tenant.
  const keysFor = (tid: string): JWTVerifyGetKey => {
    const url = config.jwksUrl ?? `${cloud.login}/${tid}/discovery/v2.0/keys`;
    let keys = keySets.get(url);
    if (keys === undefined) {
      keys = createRemoteJWKSet(new URL(url));
      keySets.set(url, keys);
    }
    return keys;
  };

  const issuersFor = (tid: string): string[] => {
    const v2 = [cloud.login, ...cloud.loginAliases].map((host) => `${host}/${tid}/v2.0`);
    return config.acceptV1 ? [...v2, `${cloud.sts}/${tid}/`] : v2;
  };

  return {
    async verify(token) {
      let alg: unknown;
      let unverifiedTid: unknown;
      try {
        alg = decodeProtectedHeader(token).alg;
        unverifiedTid = decodeJwt(token).tid;
      } catch (error) {
        return refuse('malformed', error instanceof Error ? error.message : String(error));
      }
      // jwtVerify would refuse these too; refusing first spares a key-set fetch for a token that can
      // never pass (unsigned, or HS256 "signed" with our public key).
      if (alg !== 'RS256') return refuse('bad_algorithm', `alg ${String(alg)} is not RS256`);
      if (typeof unverifiedTid !== 'string') return refuse('missing_claims', 'no tid claim');
      const tid = unverifiedTid.toLowerCase();
      if (!config.tenants.includes(tid)) return refuse('tenant_not_allowed', `tenant ${tid} is not allowed`);

      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, keysFor(tid), {
          algorithms: ['RS256'],
          issuer: issuersFor(unverifiedTid),
          audience: config.audiences,
          clockTolerance: config.clockToleranceSeconds,
          requiredClaims: ['exp', 'iss', 'aud', 'tid', 'oid'],
        }));
      } catch (error) {
        return refusalFor(error);
      }
      const claims = VerifiedClaims.safeParse(payload);
      if (!claims.success) return refuse('missing_claims', claims.error.message);
      const scopes = (claims.data.scp ?? '').split(' ');
      if (!scopes.includes(REQUIRED_SCOPE)) {
        return refuse('missing_scope', `scp "${claims.data.scp ?? ''}" lacks ${REQUIRED_SCOPE}`);
      }
      return {
        ok: true,
        identity: {
          oid: claims.data.oid.toLowerCase(),
          tid,
          name: claims.data.name ?? claims.data.preferred_username ?? claims.data.upn ?? null,
        },
      };
    },
  };
}
