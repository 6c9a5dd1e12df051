// The OpenAPI 3.1 document at /api/openapi.json, built from the same zod schemas the routes validate
// with, so the description cannot drift from what the service accepts. A test checks that every
// route the app serves is described here.
import * as z from 'zod';
import { Rollup } from '../../ledger';
import { ChangeView, ConflictView, Me, PullResult, PushRequest, PushResult, RowState } from '../../ledger/sync-protocol';
import { Campaign, User } from './schemas';
import {
  AsOfQuery,
  CampaignBody,
  CampaignParam,
  ChangesQuery,
  ConflictParam,
  ConflictsQuery,
  ResolveBody,
  RowParam,
  UserBody,
  UserParam,
} from './api';
import { PublishedFile } from '../auth/graph-publish';
import { ErrorBody } from './errors';

type Method = 'get' | 'post' | 'put' | 'delete';

interface RouteDoc {
  method: Method;
  /** Hono path, e.g. /api/v1/campaigns/:campaign */
  path: string;
  summary: string;
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response?: z.ZodType;
  xlsx?: true;
  office?: true;
}

const V1 = '/api/v1';

export const ROUTE_DOCS: RouteDoc[] = [
  { method: 'get', path: `${V1}/me`, summary: '当前身份 / who the token belongs to', tag: 'identity', response: Me },
  { method: 'get', path: `${V1}/campaigns`, summary: '整改任务列表 / campaigns', tag: 'campaigns', response: z.object({ campaigns: z.array(Campaign) }) },
  { method: 'get', path: `${V1}/campaigns/:campaign`, summary: '整改任务及其配置 / a campaign and its configuration', tag: 'campaigns', params: CampaignParam, response: Campaign },
  { method: 'put', path: `${V1}/campaigns/:campaign`, summary: '创建或修改整改任务（整改办）/ create or configure a campaign (office)', tag: 'campaigns', params: CampaignParam, body: CampaignBody, response: Campaign, office: true },
  { method: 'get', path: `${V1}/campaigns/:campaign/rows`, summary: '当前各行（责任单位只见本单位）/ current rows (a unit sees its own)', tag: 'sync', params: CampaignParam, response: z.object({ rows: z.array(RowState), cursor: z.number() }) },
  { method: 'get', path: `${V1}/campaigns/:campaign/changes`, summary: '游标之后的变更（含删除）/ changes since a cursor, tombstones included', tag: 'sync', params: CampaignParam, query: ChangesQuery, response: PullResult },
  { method: 'post', path: `${V1}/campaigns/:campaign/push`, summary: '推送一批行变更（原子、可重试）/ push a batch of row changes (atomic, retry-safe)', tag: 'sync', params: CampaignParam, body: PushRequest, response: PushResult },
  { method: 'get', path: `${V1}/campaigns/:campaign/conflicts`, summary: '冲突列表 / conflicts', tag: 'sync', params: CampaignParam, query: ConflictsQuery, response: z.object({ conflicts: z.array(ConflictView) }) },
  { method: 'post', path: `${V1}/campaigns/:campaign/conflicts/:id/resolve`, summary: '处理冲突 / resolve a conflict', tag: 'sync', params: ConflictParam, body: ResolveBody, response: z.object({ conflict: ConflictView, row: RowState }) },
  { method: 'get', path: `${V1}/campaigns/:campaign/rows/:id/history`, summary: '某行的修改记录 / the change history of a row', tag: 'sync', params: RowParam, response: z.object({ changes: z.array(ChangeView) }) },
  { method: 'delete', path: `${V1}/campaigns/:campaign/rows/:id`, summary: '删除一行（整改办，留墓碑）/ delete a row (office; leaves a tombstone)', tag: 'sync', params: RowParam, response: z.object({ row: RowState }), office: true },
  { method: 'get', path: `${V1}/campaigns/:campaign/rollup`, summary: '汇总统计 / the rollup', tag: 'reports', params: CampaignParam, query: AsOfQuery, response: Rollup },
  { method: 'post', path: `${V1}/campaigns/:campaign/publish`, summary: '把汇总台账发布到 SharePoint/OneDrive（整改办，Microsoft 登录）/ publish the consolidated workbook to SharePoint/OneDrive (office, Microsoft sign-in)', tag: 'reports', params: CampaignParam, query: AsOfQuery, response: PublishedFile, office: true },
  { method: 'get', path: `${V1}/users`, summary: 'Microsoft 账号与角色（整改办）/ Microsoft accounts and their roles (office)', tag: 'identity', response: z.object({ users: z.array(User) }), office: true },
  { method: 'put', path: `${V1}/users/:tid/:oid`, summary: '设置账号的角色与单位（整改办）/ set an account\'s role and unit (office)', tag: 'identity', params: UserParam, body: UserBody, response: User, office: true },
  { method: 'delete', path: `${V1}/users/:tid/:oid`, summary: '移除账号（整改办）/ remove an account (office)', tag: 'identity', params: UserParam, response: z.object({ removed: z.boolean() }), office: true },
  { method: 'get', path: `${V1}/campaigns/:campaign/workbook.xlsx`, summary: '汇总台账工作簿（责任单位得本单位各行）/ the consolidated workbook (a unit gets its own rows)', tag: 'reports', params: CampaignParam, query: AsOfQuery, xlsx: true },
];

/** `:campaign` → `{campaign}` */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, '{$1}');
}

function schema(s: z.ZodType): unknown {
  return z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
}

function parameters(where: 'path' | 'query', obj: z.ZodObject | undefined) {
  if (!obj) return [];
  return Object.entries(obj.shape).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || !(s as z.ZodType).safeParse(undefined).success,
    schema: schema(s as z.ZodType),
  }));
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: schema(ErrorBody) } } });

export function openApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTE_DOCS) {
    const ok = r.xlsx
      ? { description: 'xlsx', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } } }
      : { description: 'OK', content: { 'application/json': { schema: r.response ? schema(r.response) : {} } } };
    (paths[openApiPath(r.path)] ??= {})[r.method] = {
      summary: r.summary,
      tags: [r.tag],
      parameters: [...parameters('path', r.params), ...parameters('query', r.query)],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(r.body) } } } } : {}),
      responses: {
        200: ok,
        400: errorResponse('请求不正确 / invalid request'),
        401: errorResponse('未登录 / no or invalid token'),
        403: errorResponse(r.office ? '仅限整改办 / office only' : '无权访问 / not allowed for this token'),
        404: errorResponse('不存在 / not found'),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '整改台账 Rectification Ledger API',
      version,
      description:
        '整改台账同步服务。所有调用须携带 Authorization: Bearer <令牌>（ledger token create 生成的 API 令牌，或 Microsoft Entra ID 访问令牌）。/ The rectification ledger sync service. Every call carries Authorization: Bearer <token>.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
