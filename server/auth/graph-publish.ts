// Publishes a file (the consolidated workbook, a report) into the SharePoint or OneDrive folder the
// office names, as the signed-in user: the service trades the user's access token for a Microsoft
// Graph token (on-behalf-of flow), so SharePoint records the person, and the user's own permissions
// on the folder apply. Optional: without its settings the service simply offers no publishing.
import type { ConfidentialClientApplication } from '@azure/msal-node';
import * as z from 'zod';
import { describeEnvIssues, ENTRA_CLOUDS, EntraCloud, EntraConfigError, presentEnv } from './entra-config';
import type { AuthProblem } from './errors';

/** Graph takes files under 4 MiB in one PUT; larger ones go through an upload session. */
const SIMPLE_UPLOAD_LIMIT = 4 * 1024 * 1024;
/** Upload-session chunks must be multiples of 320 KiB; 16 of them is 5 MiB. */
export const UPLOAD_CHUNK = 16 * 320 * 1024;
const REQUEST_TIMEOUT_MS = 120_000;

// Characters OneDrive and SharePoint refuse in a file or folder name.
const BAD_NAME = /["*:<>?/\\|\u0000-\u001f]/;
const isDriveName = (name: string) => name.trim() === name && name !== '' && !name.endsWith('.') && !BAD_NAME.test(name) && name.length <= 255;

const DRIVE_NAME_RULE = {
  error: '文件夹路径含 OneDrive/SharePoint 不允许的字符（" * : < > ? \\ |）或首尾空格 / the folder path holds characters OneDrive/SharePoint refuse (" * : < > ? \\ |) or leading/trailing spaces',
};
const FolderParts = z.array(z.string().refine(isDriveName, DRIVE_NAME_RULE));

export const GraphPublishConfig = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** Sign-in authority of the tenant that owns the drive, e.g. https://login.microsoftonline.com/{tid}. */
  authority: z.url({ protocol: /^https$/ }),
  /** The authority's OpenID metadata as JSON, so msal skips discovery (private or test authorities). */
  authorityMetadata: z.string().nullable(),
  /** Graph root including the version, e.g. https://graph.microsoft.com/v1.0. */
  graphBaseUrl: z.url(),
  graphScope: z.string().min(1),
  /** A SharePoint document library's drive id; null means the signed-in user's own OneDrive. */
  driveId: z.string().min(1).nullable(),
  /** Folder inside the drive, split into its parts. */
  folder: FolderParts,
});
export type GraphPublishConfig = z.infer<typeof GraphPublishConfig>;

export const PublishedFile = z.object({
  id: z.string(),
  name: z.string(),
  webUrl: z.string(),
  size: z.number(),
});
export type PublishedFile = z.infer<typeof PublishedFile>;

export interface PublishRequest {
  /** The user's Entra ID access token for our API, exactly as the middleware accepted it. */
  userAssertion: string;
  fileName: string;
  content: Uint8Array;
  contentType: string;
}

export interface GraphPublisher {
  publish(request: PublishRequest): Promise<PublishedFile>;
}

export class GraphPublishError extends Error {
  override name = 'GraphPublishError';
  constructor(
    readonly problem: AuthProblem,
    /** Graph's HTTP status when Graph refused, for the app to relay. */
    readonly status: number | null,
  ) {
    super(problem.messageEn);
  }
}

const GraphError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const UploadSession = z.object({ uploadUrl: z.url() });
const UploadProgress = z.object({ nextExpectedRanges: z.array(z.string()).min(1) });

const MsalFailure = z.object({ errorCode: z.string(), errorMessage: z.string() });

async function graphFailure(what: string, whatEn: string, response: Response): Promise<GraphPublishError> {
  const text = await response.text();
  let parsed: z.infer<typeof GraphError> | undefined;
  try {
    parsed = GraphError.parse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  const reason = parsed === undefined ? text.slice(0, 300) : `${parsed.error.code}: ${parsed.error.message}`;
  return new GraphPublishError(
    {
      code: 'graph_request_failed',
      message: `${what}失败（Microsoft Graph 返回 HTTP ${response.status}：${reason}）`,
      messageEn: `${whatEn} failed (Microsoft Graph answered HTTP ${response.status}: ${reason})`,
    },
    response.status,
  );
}

async function driveItem(response: Response): Promise<PublishedFile> {
  return PublishedFile.parse(await response.json());
}

/** A lazily made msal client: msal-node (about 20 MB once loaded) is loaded on the first publish, not by every service at start. */
function msalLoader(config: GraphPublishConfig): () => Promise<ConfidentialClientApplication> {
  let client: Promise<ConfidentialClientApplication> | undefined;
  return () =>
    (client ??= import('@azure/msal-node').then(
      ({ ConfidentialClientApplication }) =>
        new ConfidentialClientApplication({
          auth: {
            clientId: config.clientId,
            clientSecret: config.clientSecret,
            authority: config.authority,
            ...(config.authorityMetadata === null
              ? {}
              : { authorityMetadata: config.authorityMetadata, knownAuthorities: [new URL(config.authority).host] }),
          },
        }),
    ));
}

/** A Graph token for the user whose access token this is (on-behalf-of). */
async function graphToken(msal: () => Promise<ConfidentialClientApplication>, config: GraphPublishConfig, userAssertion: string): Promise<string> {
  let failure: string;
  try {
    const result = await (await msal()).acquireTokenOnBehalfOf({ oboAssertion: userAssertion, scopes: [config.graphScope] });
    if (result !== null && result.accessToken !== '') return result.accessToken;
    failure = 'no token returned';
  } catch (error) {
    const known = MsalFailure.safeParse(error);
    failure = known.success ? `${known.data.errorCode}: ${known.data.errorMessage}` : String(error);
  }
  throw new GraphPublishError(
    {
      code: 'graph_token_failed',
      message: `无法代表当前用户获取 Microsoft Graph 访问令牌（需管理员为本应用授予 Graph 文件写入权限并同意）：${failure}`,
      messageEn: `Could not get a Microsoft Graph token on behalf of the user (an administrator must grant and consent to Graph file write permission for this app): ${failure}`,
    },
    null,
  );
}

/** Where the session continues after a 202: the first range Graph still expects, if it lies ahead. */
async function nextOffset(response: Response, offset: number, length: number): Promise<number> {
  const { nextExpectedRanges } = UploadProgress.parse(await response.json());
  const next = Number.parseInt(nextExpectedRanges[0] ?? '', 10);
  if (next > offset && next <= length) return next;
  throw new GraphPublishError(
    {
      code: 'graph_request_failed',
      message: `上传会话要求的下一段（${nextExpectedRanges.join(',')}）不合理，已放弃上传`,
      messageEn: `The upload session asked for an unexpected next range (${nextExpectedRanges.join(',')}); upload abandoned`,
    },
    null,
  );
}

/** Sends the content in chunks to an upload session until Graph answers with the finished item. */
async function uploadChunks(uploadUrl: string, content: Uint8Array<ArrayBuffer>): Promise<PublishedFile> {
  let offset = 0;
  for (;;) {
    const end = Math.min(offset + UPLOAD_CHUNK, content.length);
    // The upload URL is pre-authorised; Graph refuses it with an Authorization header.
    const response = await fetch(uploadUrl, {
      method: 'PUT',
      headers: { 'Content-Range': `bytes ${offset}-${end - 1}/${content.length}` },
      body: content.subarray(offset, end),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (response.status === 200 || response.status === 201) return await driveItem(response);
    if (response.status !== 202) throw await graphFailure('上传文件分块', 'Uploading a file chunk', response);
    offset = await nextOffset(response, offset, content.length);
  }
}

/** A large file: an upload session replacing any file of that name, cancelled if the upload fails. */
async function uploadInSession(itemUrl: string, token: string, content: Uint8Array<ArrayBuffer>): Promise<PublishedFile> {
  const created = await fetch(`${itemUrl}:/createUploadSession`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ item: { '@microsoft.graph.conflictBehavior': 'replace' } }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!created.ok) throw await graphFailure('创建上传会话', 'Creating the upload session', created);
  const { uploadUrl } = UploadSession.parse(await created.json());
  try {
    return await uploadChunks(uploadUrl, content);
  } catch (error) {
    // Leave no half-written session holding the file name; failure to cancel changes nothing for the caller.
    await fetch(uploadUrl, { method: 'DELETE', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).catch(() => undefined);
    throw error;
  }
}

/** A small file: one PUT. */
async function uploadSimple(itemUrl: string, token: string, content: Uint8Array<ArrayBuffer>, contentType: string): Promise<PublishedFile> {
  const response = await fetch(`${itemUrl}:/content`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType },
    body: content,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!response.ok) throw await graphFailure('上传文件', 'Uploading the file', response);
  return driveItem(response);
}

function badFileName(fileName: string): GraphPublishError {
  return new GraphPublishError(
    {
      code: 'bad_file_name',
      message: `文件名「${fileName}」不能用于 OneDrive/SharePoint：不能为空、不能以空格或句点结尾，不能含 " * : < > ? / \\ |`,
      messageEn: `The file name "${fileName}" cannot be used in OneDrive/SharePoint: it must not be empty, end with a space or dot, or hold " * : < > ? / \\ |`,
    },
    null,
  );
}

export function createGraphPublisher(settings: GraphPublishConfig): GraphPublisher {
  const config = GraphPublishConfig.parse(settings);
  const msal = msalLoader(config);
  const drive = config.driveId === null ? '/me/drive' : `/drives/${encodeURIComponent(config.driveId)}`;
  return {
    async publish(request) {
      if (!isDriveName(request.fileName)) throw badFileName(request.fileName);
      const token = await graphToken(msal, config, request.userAssertion);
      const itemPath = [...config.folder, request.fileName].map(encodeURIComponent).join('/');
      const itemUrl = `${config.graphBaseUrl}${drive}/root:/${itemPath}`;
      // fetch takes only ArrayBuffer-backed bytes; a Buffer from a pool or a SharedArrayBuffer is copied.
      const content = new Uint8Array(request.content);
      if (content.length >= SIMPLE_UPLOAD_LIMIT) return uploadInSession(itemUrl, token, content);
      return uploadSimple(itemUrl, token, content, request.contentType);
    },
  };
}

const GraphEnv = z.object({
  ENTRA_TENANT_ID: z
    .string()
    .transform((text) => text.split(/[\s,;]+/).filter((part) => part !== ''))
    .pipe(z.array(z.guid({ error: '应为租户 ID（GUID） / expected a tenant id GUID' })).min(1)),
  ENTRA_CLIENT_ID: z.guid({ error: '应为客户端 ID（GUID） / expected a client id GUID' }),
  ENTRA_CLIENT_SECRET: z.string().min(1),
  GRAPH_PUBLISH_FOLDER: z
    .string()
    .transform((path) => path.split('/').filter((part) => part !== ''))
    .pipe(FolderParts),
  GRAPH_DRIVE_ID: z.string().min(1).optional(),
  ENTRA_CLOUD: EntraCloud.default('global'),
});

const REQUIRED = ['ENTRA_TENANT_ID', 'ENTRA_CLIENT_ID', 'ENTRA_CLIENT_SECRET', 'GRAPH_PUBLISH_FOLDER'] as const;

export type GraphPublishSetup =
  | { configured: true; publisher: GraphPublisher }
  | { configured: false; missing: string[]; problem: AuthProblem };

/**
 * The publisher the environment configures, or why there is none. The drive belongs to the first
 * tenant in ENTRA_TENANT_ID, so that is the authority tokens are asked from.
 */
export function graphPublisherFromEnv(env: Record<string, string | undefined> = process.env): GraphPublishSetup {
  const vars = presentEnv(env);
  const missing = REQUIRED.filter((name) => vars[name] === undefined);
  if (missing.length > 0) {
    return {
      configured: false,
      missing,
      problem: {
        code: 'graph_publish_not_configured',
        message: `未配置发布到 SharePoint/OneDrive：缺少环境变量 ${missing.join('、')}`,
        messageEn: `Publishing to SharePoint/OneDrive is not configured: missing ${missing.join(', ')}`,
      },
    };
  }
  const parsed = GraphEnv.safeParse(vars);
  if (!parsed.success) {
    throw new EntraConfigError(
      `发布到 SharePoint/OneDrive 的配置有误 / Invalid SharePoint/OneDrive publishing settings:\n${describeEnvIssues(parsed.error)}`,
    );
  }
  const e = parsed.data;
  const cloud = ENTRA_CLOUDS[e.ENTRA_CLOUD];
  const tenant = e.ENTRA_TENANT_ID[0] ?? '';
  return {
    configured: true,
    publisher: createGraphPublisher({
      clientId: e.ENTRA_CLIENT_ID,
      clientSecret: e.ENTRA_CLIENT_SECRET,
      authority: `${cloud.login}/${tenant}`,
      authorityMetadata: null,
      graphBaseUrl: cloud.graph,
      graphScope: `${new URL(cloud.graph).origin}/.default`,
      driveId: e.GRAPH_DRIVE_ID ?? null,
      folder: e.GRAPH_PUBLISH_FOLDER,
    }),
  };
}
