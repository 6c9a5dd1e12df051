// What each endpoint under /api/v1 accepts and answers (BRIEF §5), as route definitions: the app
// validates requests with these schemas and the OpenAPI document is generated from them, so the
// two cannot disagree. The handlers are in handlers/, put together in api.ts.
import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as z from 'zod';
import { CampaignConfig, IsoDate, Rollup } from '../../ledger';
import { Activity, ApiError, CampaignList, ClosureAction, ConflictChoice, ExtensionAction, ConflictList, Me, Progress, PullResult, PushResult, RowList, WorkbookLink } from '../../ledger/sync-protocol';
import { EVIDENCE_FIELD, EvidenceAnswer, EvidenceList, evidenceKindsText } from '../../ledger/evidence';
import { ReminderSettingsInput, ReminderSettingsView, SendLog, SendReport } from '../../ledger/reminder-settings';
import { ReminderDigest } from '../../ledger/reminders';
import { PublishedFile } from '../auth/graph-publish';
import { CampaignName } from '../store';
import { RowId } from '../sync';
import { payloadTooLarge } from './errors';
import { Campaign, RemovedUser, ResolvedConflict, RowAnswer, RowHistory, User, UserList } from './schemas';

// zod-to-openapi 9.1 writes a regex that has flags as its source followed by "/u"; zod's own JSON
// Schema of the name has the pattern right, so the document takes it from there.
const CampaignInPath = CampaignName.meta({ pattern: z.toJSONSchema(CampaignName).pattern });

const CampaignParam = z.object({ campaign: CampaignInPath });
const RowParam = CampaignParam.extend({ id: RowId });
const ConflictParam = CampaignParam.extend({ id: z.string().min(1).max(64) });
const EvidenceParam = CampaignParam.extend({ fileId: z.string().min(1).max(64) });
const AsOfQuery = z.object({ asOf: IsoDate.optional(), lang: z.enum(['zh', 'en']).optional() });
const ChangesQuery = z.object({
  since: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().positive().max(10_000).optional(),
});
const ConflictsQuery = z.object({ state: z.enum(['open', 'resolved', 'all']).default('open') });
const SinceQuery = z.object({ since: IsoDate });
const CampaignBody = z.object({ config: CampaignConfig });
const ResolveBody = z.object({ choice: ConflictChoice });
const UserParam = z.object({ tid: z.string().min(1).max(64), oid: z.string().min(1).max(64) });
const UserBody = z.discriminatedUnion('role', [
  z.object({ role: z.literal('office'), displayName: z.string().default('') }),
  z.object({ role: z.literal('unit'), unit: z.string().min(1), displayName: z.string().default('') }),
]);

/** Everything but a push is small; pushes carry whole ledgers and have their own limit (handlers/sync.ts). */
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
      // thread (handlers/sync.ts), so the route's validator must not parse it here. The schema it names is
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
    responses: { 200: json(RowAnswer, 'OK'), ...refusals(OFFICE_ONLY) },
  }),
  closure: createRoute({
    method: 'post',
    path: '/campaigns/{campaign}/rows/{id}/closure',
    tags: ['sync'],
    summary: '销号：单位申请，整改办通过或退回 / closure: the unit requests, the office approves or returns',
    middleware: smallBody,
    request: { params: RowParam, body: jsonBody(ClosureAction) },
    responses: {
      200: json(RowAnswer, 'OK'),
      ...refusals('申请由该行的责任单位提出，审核由整改办进行 / the row’s unit requests, the office approves or returns'),
      409: refused('措施未完成、没有待审核的申请或已销号 / not completed, no request waiting, or already closed'),
      ...tooLarge,
    },
  }),
  extension: createRoute({
    method: 'post',
    path: '/campaigns/{campaign}/rows/{id}/extension',
    tags: ['sync'],
    summary: '延期：单位申请新的完成时限，整改办批准或不批准 / extension: the unit asks for a later deadline, the office approves or rejects it',
    middleware: smallBody,
    request: { params: RowParam, body: jsonBody(ExtensionAction) },
    responses: {
      200: json(RowAnswer, 'OK'),
      ...refusals('申请由该行的责任单位提出，审核由整改办进行 / the row’s unit requests, the office approves or rejects'),
      409: refused('措施已完成或已销号、日期不晚于现行时限，或没有待审核的申请 / completed or closed, a date not later than the deadline, or no request waiting'),
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
  progress: createRoute({
    method: 'get',
    path: '/campaigns/{campaign}/progress',
    tags: ['reports'],
    summary: '按日累计完成的措施数（取自修改记录；责任单位只见本单位）/ measures completed by each day, from the history (a unit sees its own)',
    request: { params: CampaignParam },
    responses: { 200: json(Progress, 'OK'), ...refusals() },
  }),
  activity: createRoute({
    method: 'get',
    path: '/campaigns/{campaign}/activity',
    tags: ['reports'],
    summary: '各单位最近报送时间及某日以来更新的措施数（整改办）/ when each unit last reported, and the rows it changed since a date (office)',
    request: { params: CampaignParam, query: SinceQuery },
    responses: { 200: json(Activity, 'OK'), ...refusals(OFFICE_ONLY) },
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
  uploadEvidence: createRoute({
    method: 'post',
    path: '/campaigns/{campaign}/rows/{id}/evidence',
    tags: ['evidence'],
    summary: `上传佐证材料（整改办或该行的责任单位；类型按内容判断：${evidenceKindsText('zh')}）/ attach an evidence file (the office or the row's unit; the kind is judged by content: ${evidenceKindsText('en')})`,
    request: {
      params: RowParam,
      // A schema object, not zod: the body is read off the socket with the size limit (evidence/upload.ts),
      // never parsed whole by the route's validator.
      body: {
        required: true,
        content: { 'multipart/form-data': { schema: { type: 'object', required: [EVIDENCE_FIELD], properties: { [EVIDENCE_FIELD]: { type: 'string', format: 'binary' } } } } },
      },
    },
    responses: {
      200: json(EvidenceAnswer, '同名同内容的文件已在该行，未重复保存 / the same file under the same name is already attached: not stored twice'),
      201: json(EvidenceAnswer, '已保存 / stored'),
      ...refusals('只能为本单位的行上传 / a unit attaches files to its own rows only'),
      409: refused('该行已删除 / the row was deleted'),
      413: refused('文件超过大小上限（LEDGER_EVIDENCE_MAX_MB）/ the file is over the size limit (LEDGER_EVIDENCE_MAX_MB)'),
      415: refused('文件内容不是可接受的类型 / the content is not an accepted kind'),
    },
  }),
  evidence: createRoute({
    method: 'get',
    path: '/campaigns/{campaign}/rows/{id}/evidence',
    tags: ['evidence'],
    summary: '某行的佐证材料（整改办或该行的责任单位）/ the evidence files of a row (the office or the row’s unit)',
    request: { params: RowParam },
    responses: { 200: json(EvidenceList, 'OK'), ...refusals('只能查看本单位行的佐证材料 / a unit sees its own rows’ files only') },
  }),
  campaignEvidence: createRoute({
    method: 'get',
    path: '/campaigns/{campaign}/evidence',
    tags: ['evidence'],
    summary: '整改任务的全部佐证材料（责任单位只见本单位各行）/ every evidence file of the campaign (a unit sees its own rows’)',
    request: { params: CampaignParam },
    responses: { 200: json(EvidenceList, 'OK'), ...refusals() },
  }),
  evidenceFile: createRoute({
    method: 'get',
    path: '/campaigns/{campaign}/evidence/{fileId}',
    tags: ['evidence'],
    summary: '下载佐证材料（整改办或该行的责任单位）/ download an evidence file (the office or the row’s unit)',
    request: { params: EvidenceParam },
    responses: {
      200: { description: '文件内容，类型为保存时判断的类型 / the file, with the type its content was found to be', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
      ...refusals('只能下载本单位行的佐证材料 / a unit downloads its own rows’ files only'),
    },
  }),
  evidenceLink: createRoute({
    method: 'post',
    path: '/campaigns/{campaign}/evidence/{fileId}/link',
    tags: ['evidence'],
    summary:
      '佐证材料的一次性下载链接（1 分钟内有效，内容同下载该文件，供 Office 之外的浏览器打开；整改办或该行的责任单位）/ a single-use link to an evidence file (valid 1 minute, same as downloading it, for a browser outside Office; the office or the row’s unit)',
    request: { params: EvidenceParam },
    responses: { 200: json(WorkbookLink, 'OK'), ...refusals('只能下载本单位行的佐证材料 / a unit downloads its own rows’ files only') },
  }),
  removeEvidence: createRoute({
    method: 'delete',
    path: '/campaigns/{campaign}/evidence/{fileId}',
    tags: ['evidence'],
    summary: '删除佐证材料（整改办任意文件；责任单位仅本单位上传、未销号的）/ remove an evidence file (the office any; a unit only what it uploaded, before closure)',
    request: { params: EvidenceParam },
    responses: {
      200: json(EvidenceAnswer, '已删除 / removed'),
      ...refusals('责任单位只能删除本单位上传的文件 / a unit removes only files its unit uploaded'),
      409: refused('措施已销号，责任单位不能再删除 / the measure is closed: a unit can no longer remove its files'),
    },
  }),
  reminders: createRoute({
    method: 'get',
    path: '/campaigns/{campaign}/reminders',
    tags: ['reminders'],
    summary:
      '各单位的提醒摘要：即将到期（提醒）、已逾期（督办/告诫/问责）、被退回、待答复（整改办）/ each unit’s reminder digest: due soon, overdue with its escalation, returned, awaiting the office (office)',
    request: { params: CampaignParam, query: z.object({ asOf: IsoDate.optional() }) },
    responses: { 200: json(ReminderDigest, 'OK'), ...refusals(OFFICE_ONLY) },
  }),
  reminderSettings: createRoute({
    method: 'get',
    path: '/campaigns/{campaign}/reminders/settings',
    tags: ['reminders'],
    summary: '提醒设置（不含任何密码或密钥）（整改办）/ reminder settings, without any password or key (office)',
    request: { params: CampaignParam },
    responses: { 200: json(ReminderSettingsView, 'OK'), ...refusals(OFFICE_ONLY) },
  }),
  saveReminderSettings: createRoute({
    method: 'put',
    path: '/campaigns/{campaign}/reminders/settings',
    tags: ['reminders'],
    summary:
      '保存提醒设置；省略的密码、webhook 与签名密钥保持原值（整改办）/ save reminder settings; an omitted password, webhook or signing secret keeps the stored one (office)',
    middleware: smallBody,
    request: { params: CampaignParam, body: jsonBody(ReminderSettingsInput) },
    responses: { 200: json(ReminderSettingsView, 'OK'), ...refusals(OFFICE_ONLY), ...tooLarge },
  }),
  sendReminders: createRoute({
    method: 'post',
    path: '/campaigns/{campaign}/reminders/send',
    tags: ['reminders'],
    summary: '立即发送提醒（每单位每天一次）（整改办）/ send the reminders now (once per unit and day) (office)',
    request: { params: CampaignParam, query: z.object({ asOf: IsoDate.optional() }) },
    responses: { 200: json(SendReport, 'OK'), ...refusals(OFFICE_ONLY) },
  }),
  reminderLog: createRoute({
    method: 'get',
    path: '/campaigns/{campaign}/reminders/log',
    tags: ['reminders'],
    summary: '提醒发送记录：每单位每天的状态、尝试次数与最后的错误（整改办）/ the send log: status, attempts and last error per unit and day (office)',
    request: { params: CampaignParam },
    responses: { 200: json(SendLog, 'OK'), ...refusals(OFFICE_ONLY) },
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
