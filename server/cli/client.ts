// The CLI's HTTP client for push and pull: bearer token, JSON parsed with the service's own schemas,
// and errors turned into a sentence naming the server and what it said.
import contentDisposition from 'content-disposition';
import * as z from 'zod';
import { ApiError } from '../../ledger/sync-protocol';
import { UsageError } from './args';

/** The service refused or could not be reached: exit 2 with this message. */
export class ServiceError extends Error {
  constructor(
    message: string,
    /** The HTTP status; undefined when no answer came (unreachable, connection closed). */
    readonly status?: number,
    /** How long the service asked to wait before trying again (Retry-After), in milliseconds. */
    readonly retryAfterMs?: number,
    /** The service's error code (`payload_too_large`, `stale_mutation`, …), when it said one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** Retry-After as milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface Client {
  getJson<T extends z.ZodType>(path: string, schema: T): Promise<z.infer<T>>;
  /** `body` is sent as JSON; a string is taken as JSON text already made. */
  postJson<T extends z.ZodType>(path: string, body: unknown, schema: T): Promise<z.infer<T>>;
  getBytes(path: string): Promise<Uint8Array>;
  /** A multipart/form-data upload (evidence files); `status` tells 201 created from 200 already there. */
  postForm<T extends z.ZodType>(path: string, form: FormData, schema: T): Promise<{ status: number; data: z.infer<T> }>;
  deleteJson<T extends z.ZodType>(path: string, schema: T): Promise<z.infer<T>>;
  /** A file and the name the service gives it (Content-Disposition, RFC 5987 names decoded). */
  getFile(path: string): Promise<{ bytes: Uint8Array; fileName: string | undefined }>;
}

export function serviceUrl(raw: string): URL {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    return url;
  } catch {
    throw new UsageError(`--server 应为服务地址，如 http://127.0.0.1:3000（收到“${raw}”）/ --server must be the service URL`);
  }
}

/** The service a client talks to, and the language its failures are told in. */
interface Service {
  server: URL;
  token: string;
  lang: 'zh' | 'en';
}

/** Why a request or its answer failed on the way, as the network layer says it. */
function reasonOf(e: unknown): string {
  return e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
}

/** A request with the bearer token; anything but 2xx becomes a ServiceError with what the service said. */
async function call({ server, token, lang }: Service, path: string, init: RequestInit = {}): Promise<Response> {
  const url = new URL(path, server);
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } });
  } catch (e) {
    const why = reasonOf(e);
    throw new ServiceError(lang === 'en' ? `Cannot reach the service at ${server.origin}: ${why}` : `无法连接服务 ${server.origin}：${why}`);
  }
  if (res.ok) return res;
  const body = ApiError.safeParse(await res.json().catch(() => null));
  const said = body.success ? (lang === 'en' ? body.data.error.messageEn : body.data.error.message) : res.statusText;
  throw new ServiceError(`${server.origin} ${res.status}: ${said}`, res.status, retryAfterMs(res.headers.get('retry-after')), body.success ? body.data.error.code : undefined);
}

/** The answer's JSON: a connection lost while it arrives is a failure to reach the service (worth a retry). */
async function readJson({ server, lang }: Service, res: Response): Promise<unknown> {
  const text = await res.text().catch((e: unknown) => {
    const why = reasonOf(e);
    throw new ServiceError(lang === 'en' ? `The answer of ${server.origin} was cut off: ${why}` : `服务 ${server.origin} 的应答中断：${why}`);
  });
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The answer read with the service's own schema for it. */
async function answer<T extends z.ZodType>(service: Service, res: Response, schema: T, path: string): Promise<z.infer<T>> {
  const r = schema.safeParse(await readJson(service, res));
  if (!r.success) throw new ServiceError(`${service.server.origin}${path}: 服务返回的内容无法识别 / unexpected response (${r.error.issues[0]?.message})`, res.status);
  return r.data;
}

/** The file name a Content-Disposition header gives (RFC 5987 names decoded), if it gives one that parses. */
function fileNameOf(header: string | null): string | undefined {
  try {
    return header ? contentDisposition.parse(header).parameters.filename : undefined;
  } catch {
    return undefined;
  }
}

export function client(server: URL, token: string, lang: 'zh' | 'en'): Client {
  const service: Service = { server, token, lang };
  return {
    async getJson(path, schema) {
      return answer(service, await call(service, path), schema, path);
    },
    async postJson(path, body, schema) {
      const res = await call(service, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
      return answer(service, res, schema, path);
    },
    async getBytes(path) {
      return new Uint8Array(await (await call(service, path)).arrayBuffer());
    },
    async postForm(path, form, schema) {
      const res = await call(service, path, { method: 'POST', body: form });
      return { status: res.status, data: await answer(service, res, schema, path) };
    },
    async deleteJson(path, schema) {
      return answer(service, await call(service, path, { method: 'DELETE' }), schema, path);
    },
    async getFile(path) {
      const res = await call(service, path);
      const fileName = fileNameOf(res.headers.get('content-disposition'));
      return { bytes: new Uint8Array(await res.arrayBuffer()), fileName };
    },
  };
}
