// Microsoft Entra ID settings read from the environment. Sign-in with Entra is optional: without
// ENTRA_TENANT_ID and ENTRA_CLIENT_ID the service accepts API tokens only.
import * as z from 'zod';

/**
 * Where a tenant signs in. Many of our users' organisations run Microsoft 365 operated by 21Vianet
 * (世纪互联), whose sign-in, token issuer and Graph hosts differ from the global cloud's. Microsoft's
 * "National clouds" page (learn.microsoft.com/entra/identity-platform/authentication-national-cloud)
 * gives login.partner.microsoftonline.cn as 21Vianet's Microsoft Entra endpoint; login.chinacloudapi.cn
 * is its older name, still answering (MSAL treats the two as one), so tokens naming either as
 * issuer are accepted.
 */
export const ENTRA_CLOUDS = {
  global: {
    login: 'https://login.microsoftonline.com',
    loginAliases: [],
    sts: 'https://sts.windows.net',
    graph: 'https://graph.microsoft.com/v1.0',
  },
  china: {
    login: 'https://login.partner.microsoftonline.cn',
    loginAliases: ['https://login.chinacloudapi.cn'],
    sts: 'https://sts.chinacloudapi.cn',
    graph: 'https://microsoftgraph.chinacloudapi.cn/v1.0',
  },
} as const;
const CLOUD_ERROR = '应为 global（全球版）或 china（世纪互联运营的中国版，也可写 21vianet） / expected global or china (operated by 21Vianet; 21vianet also accepted)';
/** ENTRA_CLOUD: `global`, or `china` (also written `21vianet`) for Microsoft 365 operated by 21Vianet. */
export const EntraCloud = z.preprocess(
  (value) => (typeof value === 'string' && value.trim().toLowerCase() === '21vianet' ? 'china' : value),
  z.enum(['global', 'china'], { error: CLOUD_ERROR }),
);
export type EntraCloud = z.infer<typeof EntraCloud>;

/** The delegated scope the add-in asks for; a token without it was not issued for calling us. */
export const REQUIRED_SCOPE = 'access_as_user';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

const list = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');

const Guid = (what: string, whatEn: string) =>
  z.guid({ error: `应为${what}（GUID，形如 xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx） / expected the ${whatEn} as a GUID` });

const Flag = z.enum(['true', 'false', '1', '0', 'yes', 'no'], {
  error: '应为 true 或 false / expected true or false',
});

export const EntraEnv = z.object({
  ENTRA_TENANT_ID: z
    .string()
    .transform(list)
    .pipe(z.array(Guid('租户 ID', 'tenant id')).min(1, { error: '至少填写一个租户 ID / expected at least one tenant id' })),
  ENTRA_CLIENT_ID: Guid('本服务 API 应用的客户端 ID', "API app registration's client id"),
  /** Extra accepted audiences, e.g. the App ID URI `api://ledger.example.edu.cn/…`. */
  ENTRA_AUDIENCE: z.string().transform(list).optional(),
  ENTRA_JWKS_URL: z
    .url({ error: '应为网址 / expected a URL' })
    .refine((href) => {
      const url = new URL(href);
      return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
    }, { error: '签名密钥地址须为 https（本机测试可用 http://127.0.0.1） / the key set URL must be https (http only on 127.0.0.1 for tests)' })
    .optional(),
  /** Accept v1.0 access tokens (issuer https://sts.windows.net/{tid}/), for apps whose manifest keeps accessTokenAcceptedVersion at 1. */
  ENTRA_ACCEPT_V1: Flag.optional(),
  ENTRA_CLOUD: EntraCloud.default('global'),
});

export const EntraConfig = z.object({
  /** Allowed tenant ids, lower case. */
  tenants: z.array(z.string()).min(1),
  clientId: z.string(),
  audiences: z.array(z.string()).min(1),
  acceptV1: z.boolean(),
  /** Overrides the tenant's published key set (tests serve one on 127.0.0.1). */
  jwksUrl: z.string().nullable(),
  cloud: EntraCloud,
  clockToleranceSeconds: z.number().int().nonnegative(),
});
export type EntraConfig = z.infer<typeof EntraConfig>;

export class EntraConfigError extends Error {
  override name = 'EntraConfigError';
}

/** Variables set to an empty string count as not set, as `FOO= ledger serve` means. */
export function presentEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') out[key] = value.trim();
  }
  return out;
}

export function describeEnvIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const [variable, item] = issue.path;
      const where = typeof item === 'number' ? `${String(variable)} 第 ${item + 1} 项 / item ${item + 1}` : String(variable);
      return `  ${where}: ${issue.message}`;
    })
    .join('\n');
}

/** Entra sign-in settings, or null when the environment turns Entra sign-in off. */
export function entraConfigFromEnv(env: Record<string, string | undefined> = process.env): EntraConfig | null {
  const vars = presentEnv(env);
  if (vars.ENTRA_TENANT_ID === undefined && vars.ENTRA_CLIENT_ID === undefined) return null;
  const parsed = EntraEnv.safeParse(vars);
  if (!parsed.success) {
    throw new EntraConfigError(
      `Microsoft Entra ID 登录配置有误 / Invalid Microsoft Entra ID sign-in settings:\n${describeEnvIssues(parsed.error)}`,
    );
  }
  const e = parsed.data;
  const clientId = e.ENTRA_CLIENT_ID.toLowerCase();
  return {
    tenants: e.ENTRA_TENANT_ID.map((tid) => tid.toLowerCase()),
    clientId,
    audiences: [...new Set([clientId, `api://${clientId}`, ...(e.ENTRA_AUDIENCE ?? [])])],
    acceptV1: e.ENTRA_ACCEPT_V1 === 'true' || e.ENTRA_ACCEPT_V1 === '1' || e.ENTRA_ACCEPT_V1 === 'yes',
    jwksUrl: e.ENTRA_JWKS_URL ?? null,
    cloud: e.ENTRA_CLOUD,
    clockToleranceSeconds: 60,
  };
}

/**
 * Where the task pane signs people in: the configured cloud's sign-in host, and the one tenant the
 * service accepts (or any work account, `organizations`, when it accepts several).
 */
export function paneAuthority(config: EntraConfig): string {
  const tenant = config.tenants.length === 1 ? config.tenants[0]! : 'organizations';
  return `${ENTRA_CLOUDS[config.cloud].login}/${tenant}`;
}
