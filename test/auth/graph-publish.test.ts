import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createGraphPublisher,
  graphPublisherFromEnv,
  GraphPublishError,
  UPLOAD_CHUNK,
  type GraphPublishConfig,
} from '../../server/auth/graph-publish';
import { EntraConfigError } from '../../server/auth/entra-config';
import { CLIENT_ID, TENANT } from './local-issuer';

// A fake Entra token endpoint and a fake Graph on one 127.0.0.1 server. msal-node is pointed at it
// through authorityMetadata (so it skips discovery) with the token endpoint on 127.0.0.1.
interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

let server: Server;
let base: string;
let requests: Recorded[] = [];
let stored = new Map<string, Buffer>();
let tokenFailure: string | null = null;
let graphRefuses = false;
let failChunkAt: number | null = null;
let session: { path: string; parts: Buffer[]; received: number } | null = null;

const driveItem = (path: string, size: number) => ({
  id: `item-${stored.size}`,
  name: decodeURIComponent(path.split('/').pop() ?? ''),
  webUrl: `https://contoso.sharepoint.com/${path}`,
  size,
});

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
      requests.push({ method: req.method ?? '', path, headers: req.headers, body });
      const json = (status: number, value: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));

      if (path === `/${TENANT}/oauth2/v2.0/token`) {
        if (tokenFailure !== null) {
          json(400, { error: 'invalid_grant', error_description: tokenFailure, error_codes: [65001] });
          return;
        }
        json(200, { token_type: 'Bearer', access_token: 'graph-token', expires_in: 3600, ext_expires_in: 3600, scope: 'https://graph.microsoft.com/.default' });
        return;
      }
      if (graphRefuses && path.startsWith('/v1.0/')) {
        json(403, { error: { code: 'accessDenied', message: 'Access denied to the folder' } });
        return;
      }
      const simple = /^\/v1\.0\/drives\/drive-1\/root:\/(.+):\/content$/.exec(path);
      if (req.method === 'PUT' && simple?.[1] !== undefined) {
        stored.set(simple[1], body);
        json(201, driveItem(simple[1], body.length));
        return;
      }
      const created = /^\/v1\.0\/drives\/drive-1\/root:\/(.+):\/createUploadSession$/.exec(path);
      if (req.method === 'POST' && created?.[1] !== undefined) {
        session = { path: created[1], parts: [], received: 0 };
        json(200, { uploadUrl: `${base}/upload/session-1?sig=abc`, expirationDateTime: '2030-01-01T00:00:00Z' });
        return;
      }
      if (path === '/upload/session-1' && session !== null) {
        if (req.method === 'DELETE') {
          res.writeHead(204).end();
          return;
        }
        const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(req.headers['content-range'] ?? '');
        if (range === null || Number(range[1]) !== session.received || Number(range[2]) - Number(range[1]) + 1 !== body.length) {
          json(416, { error: { code: 'invalidRange', message: 'bad Content-Range' } });
          return;
        }
        if (failChunkAt === session.parts.length) {
          json(500, { error: { code: 'generalException', message: 'storage hiccup' } });
          return;
        }
        session.parts.push(body);
        session.received += body.length;
        const total = Number(range[3]);
        if (session.received < total) {
          json(202, { expirationDateTime: '2030-01-01T00:00:00Z', nextExpectedRanges: [`${session.received}-`] });
          return;
        }
        stored.set(session.path, Buffer.concat(session.parts));
        json(201, driveItem(session.path, total));
        return;
      }
      json(404, { error: { code: 'itemNotFound', message: `no route for ${req.method} ${path}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  requests = [];
  stored = new Map();
  tokenFailure = null;
  graphRefuses = false;
  failChunkAt = null;
  session = null;
});

function config(): GraphPublishConfig {
  const host = 'https://login.fake.test';
  return {
    clientId: CLIENT_ID,
    clientSecret: 'app-secret',
    authority: `${host}/${TENANT}`,
    authorityMetadata: JSON.stringify({
      token_endpoint: `${base}/${TENANT}/oauth2/v2.0/token`,
      authorization_endpoint: `${host}/${TENANT}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${host}/${TENANT}/oauth2/v2.0/logout`,
      issuer: `${host}/${TENANT}/v2.0`,
      jwks_uri: `${host}/${TENANT}/discovery/v2.0/keys`,
    }),
    graphBaseUrl: `${base}/v1.0`,
    graphScope: 'https://graph.microsoft.com/.default',
    driveId: 'drive-1',
    folder: ['整改台账', '2018巡视'],
  };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const USER_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiJ1c2VyLTEifQ.c2lnbmF0dXJl';

describe('publishing to SharePoint through Graph on behalf of the user', () => {
  it('trades the user token for a Graph token and PUTs a small file into the office folder', async () => {
    const content = Buffer.from('PK\u0003\u0004 small workbook');
    const published = await createGraphPublisher(config()).publish({
      userAssertion: USER_TOKEN,
      fileName: '整改台账汇总 2018-09-10.xlsx',
      content,
      contentType: XLSX,
    });
    expect(published).toMatchObject({ name: '整改台账汇总 2018-09-10.xlsx', size: content.length });

    const [token, upload] = requests;
    const form = new URLSearchParams(token?.body.toString('utf8'));
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(form.get('requested_token_use')).toBe('on_behalf_of');
    expect(form.get('assertion')).toBe(USER_TOKEN);
    expect(form.get('client_id')).toBe(CLIENT_ID);
    expect(form.get('client_secret')).toBe('app-secret');
    expect(form.get('scope')).toContain('https://graph.microsoft.com/.default');

    expect(upload?.method).toBe('PUT');
    expect(upload?.path).toBe('/v1.0/drives/drive-1/root:/整改台账/2018巡视/整改台账汇总 2018-09-10.xlsx:/content');
    expect(upload?.headers.authorization).toBe('Bearer graph-token');
    expect(upload?.headers['content-type']).toBe(XLSX);
    expect(stored.get('整改台账/2018巡视/整改台账汇总 2018-09-10.xlsx')).toEqual(content);
  });

  it('reuses the Graph token for the same user instead of asking again', async () => {
    const publisher = createGraphPublisher(config());
    const file = { userAssertion: USER_TOKEN, content: Buffer.from('x'), contentType: 'text/plain' };
    await publisher.publish({ ...file, fileName: 'a.txt' });
    await publisher.publish({ ...file, fileName: 'b.txt' });
    expect(requests.filter((r) => r.path.endsWith('/token'))).toHaveLength(1);
    expect([...stored.keys()]).toEqual(['整改台账/2018巡视/a.txt', '整改台账/2018巡视/b.txt']);
  });

  it('sends a file of 4 MB or more through an upload session, in 320 KiB-multiple chunks, without the token', async () => {
    const content = Buffer.alloc(UPLOAD_CHUNK + 1_000_123);
    for (let i = 0; i < content.length; i += 1) content[i] = (i * 31) % 251;
    const published = await createGraphPublisher(config()).publish({
      userAssertion: USER_TOKEN,
      fileName: 'master.xlsx',
      content,
      contentType: XLSX,
    });
    expect(published.size).toBe(content.length);
    expect(stored.get('整改台账/2018巡视/master.xlsx')?.equals(content)).toBe(true);

    const create = requests.find((r) => r.path.endsWith(':/createUploadSession'));
    expect(create?.headers.authorization).toBe('Bearer graph-token');
    expect(JSON.parse(create?.body.toString('utf8') ?? '')).toEqual({ item: { '@microsoft.graph.conflictBehavior': 'replace' } });
    const chunks = requests.filter((r) => r.path === '/upload/session-1');
    expect(chunks.map((r) => r.body.length)).toEqual([UPLOAD_CHUNK, 1_000_123]);
    expect(UPLOAD_CHUNK % (320 * 1024)).toBe(0);
    expect(chunks.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('cancels the upload session and reports Graph’s reason when a chunk fails', async () => {
    failChunkAt = 1;
    const attempt = createGraphPublisher(config()).publish({
      userAssertion: USER_TOKEN,
      fileName: 'master.xlsx',
      content: Buffer.alloc(UPLOAD_CHUNK * 2),
      contentType: XLSX,
    });
    await expect(attempt).rejects.toMatchObject({
      status: 500,
      problem: { code: 'graph_request_failed', message: expect.stringMatching(/上传文件分块失败.*generalException: storage hiccup/) },
    });
    expect(requests.at(-1)?.method).toBe('DELETE');
    expect(stored.size).toBe(0);
  });

  it('relays Graph refusing the folder, with status and reason', async () => {
    graphRefuses = true;
    const attempt = createGraphPublisher(config()).publish({ userAssertion: USER_TOKEN, fileName: 'a.xlsx', content: Buffer.from('x'), contentType: XLSX });
    await expect(attempt).rejects.toBeInstanceOf(GraphPublishError);
    await expect(attempt).rejects.toMatchObject({ status: 403, problem: { messageEn: expect.stringMatching(/HTTP 403: accessDenied: Access denied to the folder/) } });
  });

  it('explains a failed on-behalf-of exchange (consent missing) in Chinese and English', async () => {
    tokenFailure = 'AADSTS65001: The user or administrator has not consented to use the application.';
    const attempt = createGraphPublisher(config()).publish({ userAssertion: USER_TOKEN, fileName: 'a.xlsx', content: Buffer.from('x'), contentType: XLSX });
    await expect(attempt).rejects.toMatchObject({
      problem: {
        code: 'graph_token_failed',
        message: expect.stringMatching(/无法代表当前用户获取 Microsoft Graph 访问令牌.*AADSTS65001/),
        messageEn: expect.stringMatching(/consent/),
      },
    });
    expect(requests.some((r) => r.path.startsWith('/v1.0/'))).toBe(false);
  });

  it('refuses a file name OneDrive would refuse, before asking for any token', async () => {
    const attempt = createGraphPublisher(config()).publish({ userAssertion: USER_TOKEN, fileName: '汇总:最终?.xlsx', content: Buffer.from('x'), contentType: XLSX });
    await expect(attempt).rejects.toMatchObject({ problem: { code: 'bad_file_name' } });
    expect(requests).toHaveLength(0);
  });
});

describe('graphPublisherFromEnv', () => {
  const full = {
    ENTRA_TENANT_ID: TENANT,
    ENTRA_CLIENT_ID: CLIENT_ID,
    ENTRA_CLIENT_SECRET: 'app-secret',
    GRAPH_PUBLISH_FOLDER: '/整改台账/汇总/',
    GRAPH_DRIVE_ID: 'b!abc',
  };

  it('says publishing is not configured and which variables are missing', () => {
    const setup = graphPublisherFromEnv({ ENTRA_TENANT_ID: TENANT, ENTRA_CLIENT_ID: CLIENT_ID });
    expect(setup).toEqual({
      configured: false,
      missing: ['ENTRA_CLIENT_SECRET', 'GRAPH_PUBLISH_FOLDER'],
      problem: {
        code: 'graph_publish_not_configured',
        message: '未配置发布到 SharePoint/OneDrive：缺少环境变量 ENTRA_CLIENT_SECRET、GRAPH_PUBLISH_FOLDER',
        messageEn: 'Publishing to SharePoint/OneDrive is not configured: missing ENTRA_CLIENT_SECRET, GRAPH_PUBLISH_FOLDER',
      },
    });
  });

  it('builds a publisher when everything is set, the drive id being optional', () => {
    expect(graphPublisherFromEnv(full).configured).toBe(true);
    expect(graphPublisherFromEnv({ ...full, GRAPH_DRIVE_ID: '' }).configured).toBe(true);
  });

  it('names a folder OneDrive would refuse', () => {
    expect(() => graphPublisherFromEnv({ ...full, GRAPH_PUBLISH_FOLDER: '整改|台账' })).toThrow(EntraConfigError);
    expect(() => graphPublisherFromEnv({ ...full, GRAPH_PUBLISH_FOLDER: '整改|台账' })).toThrow(/GRAPH_PUBLISH_FOLDER 第 1 项 \/ item 1: 文件夹路径含/);
  });
});
