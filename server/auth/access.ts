// What an authenticated caller may reach. Route code calls these; each refusal is a 403 JSON error
// thrown as an HTTPException, which Hono's default error handler answers with (an app with its own
// onError must pass `err.getResponse()` through for HTTPException).
import type { Context } from 'hono';
import { forbidden } from './errors';
import type { AuthEnv, OfficePrincipal, Principal } from './principal';

export function principalOf<E extends AuthEnv>(c: Context<E>): Principal {
  const principal: Principal | undefined = c.var.principal;
  if (principal === undefined) throw new Error('authMiddleware is not mounted on this route');
  return principal;
}

function refuseUnassigned(): never {
  throw forbidden({
    code: 'no_role',
    message: '已登录，但您的账号尚未被整改办分配到整改办或任何责任单位，请联系整改办',
    messageEn: 'Signed in, but the office has not assigned your account to the office or to any unit; ask the rectification office',
  });
}

/** The office principal, or a 403 for anyone else. */
export function requireOffice<E extends AuthEnv>(c: Context<E>): OfficePrincipal {
  const principal = principalOf(c);
  if (principal.kind === 'office') return principal;
  if (principal.kind === 'unassigned') refuseUnassigned();
  throw forbidden({
    code: 'office_only',
    message: `此操作仅限整改办；当前身份为责任单位「${principal.unit}」`,
    messageEn: `Only the rectification office may do this; you are signed in for the unit "${principal.unit}"`,
  });
}

export type Scope = { kind: 'all' } | { kind: 'unit'; unit: string };

/** Which rows the caller may read and write: all of them (office) or one unit's; 403 otherwise. */
export function scopeFor(principal: Principal): Scope {
  switch (principal.kind) {
    case 'office':
      return { kind: 'all' };
    case 'unit':
      return { kind: 'unit', unit: principal.unit };
    case 'unassigned':
      return refuseUnassigned();
  }
}

/** 403 unless the caller's credential may be used for this campaign. */
export function assertCampaign(principal: Principal, campaign: string): void {
  if (principal.campaign === null || principal.campaign === campaign) return;
  throw forbidden({
    code: 'campaign_forbidden',
    message: `此令牌仅限用于整改任务「${principal.campaign}」，不能用于「${campaign}」`,
    messageEn: `This token may only be used for the campaign "${principal.campaign}", not "${campaign}"`,
  });
}
