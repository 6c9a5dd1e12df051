// What each endpoint under /api/v1 accepts and answers (BRIEF §5), as route definitions: the app
// validates requests with these schemas and the OpenAPI document is generated from them, so the
// two cannot disagree. The handlers are in api.ts.
import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as z from 'zod';
import { CampaignConfig, IsoDate, Rollup } from '../../ledger';
import { ApiError, CampaignList, ClosureAction, ConflictChoice, ConflictList, Me, PullResult, PushResult, RowList, WorkbookLink } from '../../ledger/sync-protocol';
import { PublishedFile } from '../auth/graph-publish';
import { CampaignName } from '../store';
import { RowId } from '../sync';
import { payloadTooLarge } from './errors';
import { Campaign, DeletedRow, RemovedUser, ResolvedConflict, RowHistory, User, UserList } from './schemas';

// zod-to-openapi 9.1 writes a regex that has flags as its source followed by "/u"; zod's own JSON
// Schema of the name has the pattern right, so the document takes it from there.
const CampaignInPath = CampaignName.meta({ pattern: z.toJSONSchema(CampaignName).pattern });

const CampaignParam = z.object({ campaign: CampaignInPath });
const RowParam = CampaignParam.extend({ id: RowId });
const ConflictParam = CampaignParam.extend({ id: z.string().min(1).max(64) });
const AsOfQuery = z.object({ asOf: IsoDate.optional(), lang: z.enum(['zh', 'en']).optional() });
const ChangesQuery = z.object({
  since: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().positive().max(10_000).optional(),
});
const ConflictsQuery = z.object({ state: z.enum(['open', 'resolved', 'all']).default('open') });
const CampaignBody = z.object({ config: CampaignConfig });
const ResolveBody = z.object({ choice: ConflictChoice });
const UserParam = z.object({ tid: z.string().min(1).max(64), oid: z.string().min(1).max(64) });
const UserBody = z.discriminatedUnion('role', [
  z.object({ role: z.literal('office'), displayName: z.string().default('') }),
  z.object({ role: z.literal('unit'), unit: z.string().min(1), displayName: z.string().default('') }),
]);

/** Everything but a push is small; pushes carry whole ledgers and have their own limit (api.ts). */
const BODY_LIMIT = 1024 * 1024;
const smallBody: MiddlewareHandler = bodyLimit({ maxSize: BODY_LIMIT, onError: (c) => payloadTooLarge(c, BODY_LIMIT) });

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const jsonBody = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const refused = (description: string) => json(ApiError, description);

/** The refusals every route may answer; `forbidden` says who may call it. */
const refusals = (forbidden = '无权访问 / not allowed for this token') => ({
  400: refused('请求不正确 / invalid request'),
  401: refused('未登录 / no or invalid token'),
  403: refused(forbidden),
  404: refused('不存在 / not found'),
});
const OFFICE_ONLY = '仅限整改办 / office only';
const tooLarge = { 413: refused('请求体过大 / request body too large') };

export const routes = {
  me: createRoute({
    method: 'get',
    path: '/me',
    tags: ['identity'],
    summary: '当前身份 / who the token belongs to',
    responses: { 200: json(Me, 'OK'), ...refusals() },
  }),
  campaigns: createRoute({
    method: 'get',
    path: '/campaigns',
    tags: ['campaigns'],
    summary: '整改任务列表 / campaigns',
    responses: { 200: json(CampaignList, 'OK'), ...refusals() },
  }),
  campaign: createRoute({
    method: 'get',
    path: '/campaigns/{campaign}',
    tags: ['campaigns'],
    summary: '整改任务及其配置 / a campaign and its configuration',
    request: { params: CampaignParam },
    responses: { 200: json(Campaign, 'OK'), ...refusals() },
  }),
  saveCampaign: createRoute({
    method: 'put',
    path: '/campaigns/{campaign}',
    tags: ['campaigns'],
    summary: '创建或修改整改任务（整改办）/ create or configure a campaign (office)',
    middleware: smallBody,
    request: { params: CampaignParam, body: jsonBody(CampaignBody) },
    responses: { 200: json(Campaign, '已修改 / updated'), 201: json(Campaign, '已创建 / created'), ...refusals(OFFICE_ONLY), ...tooLarge },
  }),
  rows: createRoute({
    method: 'get',
    path: '/campaigns/{campaign}/rows',
    tags: ['sync'],
    summary: '当前各行（责任单位只见本单位）/ current rows (a unit sees its own)',
    request: { params: CampaignParam },
    responses: { 200: json(RowList, 'OK'), ...refusals() },
  }),
  changes: createRoute({
    method: 'get',
    path: '/campaigns/{campaign}/changes',
    tags: ['sync'],
    summary: '游标之后的变更（含删除）/ changes since a cursor, tombstones included',
    request: { params: CampaignParam, query: ChangesQuery },
    responses: { 200: json(PullResult, 'OK'), ...refusals() },
  }),
  push: createRoute({
    method: 'post',
    path: '/campaigns/{campaign}/push',
    tags: ['sync'],
    summary: '推送一批行变更（原子、可重试）/ push a batch of row changes (atomic, retry-safe)',
    request: {
      params: CampaignParam,
      // A reference, not the zod schema: a push body is read off the socket and parsed on the writer
      // thread (api.ts), so the route's validator must not parse it here. The schema it names is
      // generated from PushRequest (openapi.ts).
      body: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/PushRequest' } } } },
    },
    responses: { 200: json(PushResult, 'OK'), ...refusals(), ...tooLarge },
  }),
  conflicts: createRoute({
    method: 'get',
    path: '/campaigns/{campaign}/conflicts',
    tags: ['sync'],
    summary: '冲突列表 / conflicts',
    request: { params: CampaignParam, query: ConflictsQuery },
    responses: { 200: json(ConflictList, 'OK'), ...refusals() },
  }),
  resolveConflict: createRoute({
    method: 'post',
    path: '/campaigns/{campaign}/conflicts/{id}/resolve',
    tags: ['sync'],
    summary: '处理冲突 / resolve a conflict',
    middleware: smallBody,
    request: { params: ConflictParam, body: jsonBody(ResolveBody) },
    responses: { 200: json(ResolvedConflict, 'OK'), ...refusals(), ...tooLarge },
  }),
  rowHistory: createRoute({
    method: 'get',
    path: '/campaigns/{campaign}/rows/{id}/history',
    tags: ['sync'],
    summary: '某行的修改记录 / the change history of a row',
    request: { params: RowParam },
    responses: { 200: json(RowHistory, 'OK'), ...refusals() },
  }),
  deleteRow: createRoute({
    method: 'delete',
    path: '/campaigns/{campaign}/rows/{id}',
    tags: ['sync'],
    summary: '删除一行（整改办，留墓碑）/ delete a row (office; leaves a tombstone)',
    request: { params: RowParam },
    responses: { 200: json(DeletedRow, 'OK'), ...refusals(OFFICE_ONLY) },
  }),
  closure: createRoute({
    method: 'post',
    path: '/campaigns/{campaign}/rows/{id}/closure',
    tags: ['sync'],
    summary: '销号：单位申请，整改办通过或退回 / closure: the unit requests, the office approves or returns',
    middleware: smallBody,
    request: { params: RowParam, body: jsonBody(ClosureAction) },
    responses: {
      200: json(DeletedRow, 'OK'),
      ...refusals('申请由该行的责任单位提出，审核由整改办进行 / the row’s unit requests, the office approves or returns'),
      409: refused('措施未完成、没有待审核的申请或已销号 / not completed, no request waiting, or already closed'),
      ...tooLarge,
    },
  }),
  rollup: createRoute({
    method: 'get',
    path: '/campaigns/{campaign}/rollup',
    tags: ['reports'],
    summary: '汇总统计 / the rollup',
    request: { params: CampaignParam, query: AsOfQuery },
    responses: { 200: json(Rollup, 'OK'), ...refusals() },
  }),
  workbook: createRoute({
    method: 'get',
    path: '/campaigns/{campaign}/workbook.xlsx',
    tags: ['reports'],
    summary: '汇总台账工作簿（责任单位得本单位各行）/ the consolidated workbook (a unit gets its own rows)',
    request: { params: CampaignParam, query: AsOfQuery },
    responses: {
      200: { description: 'xlsx', content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } } },
      ...refusals(),
    },
  }),
  workbookLink: createRoute({
    method: 'post',
    path: '/campaigns/{campaign}/workbook-link',
    tags: ['reports'],
    summary:
      '汇总台账的一次性下载链接（1 分钟内有效，内容同 workbook.xlsx，供 Office 之外的浏览器打开）/ a single-use link to the consolidated workbook (valid 1 minute, same content as workbook.xlsx, for a browser outside Office)',
    request: { params: CampaignParam, query: AsOfQuery },
    responses: { 200: json(WorkbookLink, 'OK'), ...refusals() },
  }),
  publish: createRoute({
    method: 'post',
    path: '/campaigns/{campaign}/publish',
    tags: ['reports'],
    summary: '把汇总台账发布到 SharePoint/OneDrive（整改办，Microsoft 登录）/ publish the consolidated workbook to SharePoint/OneDrive (office, Microsoft sign-in)',
    request: { params: CampaignParam, query: AsOfQuery },
    responses: {
      200: json(PublishedFile, 'OK'),
      ...refusals(OFFICE_ONLY),
      501: refused('未配置发布 / publishing not configured'),
      502: refused('Microsoft Graph 拒绝或不可达 / Microsoft Graph refused or unreachable'),
    },
  }),
  users: createRoute({
    method: 'get',
    path: '/users',
    tags: ['identity'],
    summary: 'Microsoft 账号与角色（整改办）/ Microsoft accounts and their roles (office)',
    responses: { 200: json(UserList, 'OK'), ...refusals(OFFICE_ONLY) },
  }),
  saveUser: createRoute({
    method: 'put',
    path: '/users/{tid}/{oid}',
    tags: ['identity'],
    summary: "设置账号的角色与单位（整改办）/ set an account's role and unit (office)",
    middleware: smallBody,
    request: { params: UserParam, body: jsonBody(UserBody) },
    responses: { 200: json(User, 'OK'), ...refusals(OFFICE_ONLY), ...tooLarge },
  }),
  removeUser: createRoute({
    method: 'delete',
    path: '/users/{tid}/{oid}',
    tags: ['identity'],
    summary: '移除账号（整改办）/ remove an account (office)',
    request: { params: UserParam },
    responses: { 200: json(RemovedUser, 'OK'), ...refusals(OFFICE_ONLY) },
  }),
};
