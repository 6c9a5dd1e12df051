// Authenticates every API call (BRIEF §5): `Authorization: Bearer <token>` holding either an API
// token (`lgr_…`) or a Microsoft Entra ID access token. Refusals are 401 JSON errors with
// `WWW-Authenticate: Bearer`, as RFC 6750 asks.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { checkApiToken, looksLikeApiToken, type TokenStore } from './api-token';
import type { EntraRefusal, EntraVerifier } from './entra';
import { authErrorResponse, type AuthProblem } from './errors';
import type { AuthEnv, Principal } from './principal';
import { DirectoryEntry, type UserDirectory } from './users';

export interface AuthOptions {
  tokens: TokenStore;
  users: UserDirectory;
  /** Omitted when Entra sign-in is not configured: JWTs are then refused with a message saying so. */
  entra?: EntraVerifier;
  /** Slows down guessing: how many refused credentials one address may present, and for how long it then waits. */
  failures?: { allowed: number; perSeconds: number };
}

/** By default 20 refused credentials a minute from one address; then a minute's wait. */
const DEFAULT_FAILURES = { allowed: 20, perSeconds: 60 };

const REALM = 'ledger';
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

export type BearerCredential =
  | { ok: true; credential: string }
  | { ok: false; problem: 'missing' | 'malformed' };

export function parseAuthorization(header: string | undefined): BearerCredential {
  if (header === undefined || header.trim() === '') return { ok: false, problem: 'missing' };
  const match = BEARER.exec(header);
  return match?.[1] === undefined ? { ok: false, problem: 'malformed' } : { ok: true, credential: match[1] };
}

const MISSING: AuthProblem = {
  code: 'unauthenticated',
  message: '未登录：请求须携带 Authorization: Bearer <令牌>（API 令牌或 Microsoft Entra ID 访问令牌）',
  messageEn: 'Not signed in: send Authorization: Bearer <token> (an API token or a Microsoft Entra ID access token)',
};

const MALFORMED_HEADER: AuthProblem = {
  code: 'malformed_authorization',
  message: 'Authorization 请求头格式不正确，应为 "Bearer <令牌>"',
  messageEn: 'The Authorization header is malformed; expected "Bearer <token>"',
};

const UNRECOGNISED: AuthProblem = {
  code: 'invalid_token',
  message: '无法识别的令牌：既不是本系统的 API 令牌（lgr_ 开头），也不是 Microsoft Entra ID 访问令牌',
  messageEn: 'Unrecognised token: neither an API token of this service (lgr_...) nor a Microsoft Entra ID access token',
};

const ENTRA_OFF: AuthProblem = {
  code: 'entra_not_configured',
  message: '本服务未启用 Microsoft Entra ID 登录，请使用整改办发放的 API 令牌',
  messageEn: 'Microsoft Entra ID sign-in is not enabled on this service; use an API token issued by the office',
};

const API_TOKEN_PROBLEMS: Record<'malformed' | 'unknown' | 'revoked', AuthProblem> = {
  malformed: {
    code: 'invalid_token',
    message: 'API 令牌格式不正确（可能复制不完整），请重新复制 ledger token create 输出的整行',
    messageEn: 'The API token is malformed (perhaps cut short when copied); copy the whole line `ledger token create` printed',
  },
  unknown: {
    code: 'invalid_token',
    message: 'API 令牌无效：本服务没有发放过这个令牌',
    messageEn: 'Invalid API token: this service never issued it',
  },
  revoked: {
    code: 'token_revoked',
    message: '该 API 令牌已被吊销，请向整改办申请新令牌',
    messageEn: 'This API token has been revoked; ask the office for a new one',
  },
};

const ENTRA_PROBLEMS: Record<Exclude<EntraRefusal, 'keys_unavailable'>, [string, string]> = {
  malformed: ['访问令牌格式不正确', 'The access token is malformed'],
  bad_algorithm: ['访问令牌的签名算法不被接受（只接受 RS256）', 'The access token is not signed with RS256, the only algorithm accepted'],
  missing_claims: ['访问令牌缺少必需的声明（tid、oid、exp 等）', 'The access token lacks required claims (tid, oid, exp, …)'],
  tenant_not_allowed: ['该组织（租户）未获准使用本服务', "The token's organisation (tenant) is not allowed to use this service"],
  wrong_issuer: ['访问令牌的签发者不是 Microsoft Entra ID 的该租户', 'The access token was not issued by Microsoft Entra ID for its tenant'],
  wrong_audience: ['访问令牌不是为本服务签发的（aud 不符）', 'The access token was not issued for this service (aud mismatch)'],
  expired: ['访问令牌已过期，请重新登录', 'The access token has expired; sign in again'],
  not_yet_valid: ['访问令牌尚未生效（请检查本机时间）', 'The access token is not valid yet (check the clock)'],
  missing_scope: ['访问令牌缺少 access_as_user 权限范围', 'The access token lacks the access_as_user scope'],
  bad_signature: ['访问令牌签名无效', "The access token's signature is invalid"],
};

// RFC 6750 allows only printable ASCII without " and \ in error_description, and a header with
// anything else would make the Response constructor throw.
function unauthorized(problem: AuthProblem, error?: 'invalid_request' | 'invalid_token'): Response {
  const challenge =
    error === undefined
      ? `Bearer realm="${REALM}"`
      : `Bearer realm="${REALM}", error="${error}", error_description="${problem.messageEn.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '?')}"`;
  return authErrorResponse(401, problem, { 'WWW-Authenticate': challenge });
}

type Authentication = { ok: true; principal: Principal } | { ok: false; response: Response };

async function authenticateEntra(token: string, entra: EntraVerifier, users: UserDirectory): Promise<Authentication> {
  const check = await entra.verify(token);
  if (!check.ok) {
    if (check.reason === 'keys_unavailable') {
      const response = authErrorResponse(503, {
        code: 'entra_keys_unavailable',
        message: '暂时无法从 Microsoft Entra ID 获取签名密钥，无法核验登录，请稍后重试',
        messageEn: `Could not fetch Microsoft Entra ID signing keys to check the sign-in; try again later (${check.detail})`,
      });
      return { ok: false, response };
    }
    const [message, messageEn] = ENTRA_PROBLEMS[check.reason];
    return { ok: false, response: unauthorized({ code: 'invalid_token', message, messageEn }, 'invalid_token') };
  }
  const { oid, tid, name } = check.identity;
  const found = await users.findUser(tid, oid);
  const entry = found === undefined ? undefined : DirectoryEntry.parse(found);
  const subject = { via: 'entra' as const, oid, tid, name: entry?.name ?? name };
  const principal: Principal =
    entry === undefined
      ? { kind: 'unassigned', subject, campaign: null }
      : entry.kind === 'office'
        ? { kind: 'office', subject, campaign: null }
        : { kind: 'unit', unit: entry.unit, subject, campaign: null };
  return { ok: true, principal };
}

/** The address a request came from (the socket's peer; '' where there is no socket, in tests). */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? '';
  } catch {
    return '';
  }
}

function tooManyFailures(retryAfterMs: number): Response {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return authErrorResponse(
    429,
    {
      code: 'too_many_failures',
      message: `该地址提交的无效令牌过多，请 ${seconds} 秒后再试（请核对令牌是否复制完整）`,
      messageEn: `Too many invalid credentials from this address; try again in ${seconds} s (check the token was copied whole)`,
    },
    { 'Retry-After': String(seconds) },
  );
}

export function authMiddleware(options: AuthOptions) {
  const policy = options.failures ?? DEFAULT_FAILURES;
  // Counted per address, in memory: each service process slows the guesses it sees.
  const failures = new RateLimiterMemory({ points: policy.allowed, duration: policy.perSeconds, blockDuration: policy.perSeconds });
  return createMiddleware<AuthEnv>(async (c, next) => {
    const bearer = parseAuthorization(c.req.header('Authorization'));
    if (!bearer.ok) {
      return bearer.problem === 'missing' ? unauthorized(MISSING) : unauthorized(MALFORMED_HEADER, 'invalid_request');
    }
    const token = bearer.credential;
    let outcome: Authentication;
    if (looksLikeApiToken(token)) {
      const check = await checkApiToken(token, options.tokens);
      outcome = check.ok
        ? check
        : { ok: false, response: unauthorized(API_TOKEN_PROBLEMS[check.reason], 'invalid_token') };
    } else if (!JWT_SHAPE.test(token)) {
      outcome = { ok: false, response: unauthorized(UNRECOGNISED, 'invalid_token') };
    } else if (options.entra === undefined) {
      outcome = { ok: false, response: unauthorized(ENTRA_OFF, 'invalid_token') };
    } else {
      outcome = await authenticateEntra(token, options.entra, options.users);
    }
    if (!outcome.ok) {
      // A refused credential counts against its address; past the allowance the answer is to wait.
      // A right token is never held up: many people share one address behind a campus NAT, and a
      // token cannot be guessed, only mistyped.
      if (outcome.response.status === 401) {
        const refused = await failures.consume(clientAddress(c)).catch((r: unknown) => r);
        if (refused instanceof RateLimiterRes && refused.consumedPoints > policy.allowed) return tooManyFailures(refused.msBeforeNext);
      }
      return outcome.response;
    }
    c.set('principal', outcome.principal);
    await next();
  });
}
