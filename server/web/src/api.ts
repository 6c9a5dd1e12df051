// Calls to the service with the bearer token. Every failure becomes an ApiFailure that can say what
// went wrong in either language: the service's own words, or ours when it could not be reached or
// answered something the page does not understand.
import type * as z from 'zod';
import type { Lang } from '../../../ledger/schema';
import { STRINGS } from './strings';
import { ErrorBody } from './wire';

type Reason =
  | { kind: 'http'; status: number; code: string; zh: string; en: string }
  | { kind: 'network' }
  | { kind: 'shape'; detail: string };

export class ApiFailure extends Error {
  constructor(readonly reason: Reason) {
    super(reason.kind === 'http' ? `${reason.status} ${reason.code}` : reason.kind);
  }

  get unauthorized(): boolean {
    return this.reason.kind === 'http' && this.reason.status === 401;
  }

  text(lang: Lang): string {
    const r = this.reason;
    if (r.kind === 'network') return STRINGS[lang].networkError;
    if (r.kind === 'shape') return lang === 'zh' ? `${STRINGS.zh.badResponse}（${r.detail}）` : `${STRINGS.en.badResponse} (${r.detail})`;
    return lang === 'zh' ? r.zh : r.en;
  }
}

async function call(token: string, path: string, body?: unknown): Promise<Response> {
  let res: Response;
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    res = await fetch(path, { headers, cache: 'no-store', ...(body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }) });
  } catch {
    throw new ApiFailure({ kind: 'network' });
  }
  if (res.ok) return res;
  const refusal = ErrorBody.safeParse(await res.json().catch(() => null));
  if (refusal.success) {
    const { code, message, messageEn } = refusal.data.error;
    throw new ApiFailure({ kind: 'http', status: res.status, code, zh: message, en: messageEn });
  }
  throw new ApiFailure({
    kind: 'http',
    status: res.status,
    code: 'http_error',
    zh: STRINGS.zh.unknownError(res.status),
    en: STRINGS.en.unknownError(res.status),
  });
}

export function getJson<S extends z.ZodType>(token: string, path: string, schema: S): Promise<z.infer<S>> {
  return answer(call(token, path), path, schema);
}

/** A POST with a JSON body (an action on a queue), its answer checked like a read's. */
export function postJson<S extends z.ZodType>(token: string, path: string, body: unknown, schema: S): Promise<z.infer<S>> {
  return answer(call(token, path, body), path, schema);
}

async function answer<S extends z.ZodType>(response: Promise<Response>, path: string, schema: S): Promise<z.infer<S>> {
  const res = await response;
  const parsed = schema.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : '';
    throw new ApiFailure({ kind: 'shape', detail: `${path.split('?')[0]} ${where}` });
  }
  return parsed.data;
}

export async function getFile(token: string, path: string): Promise<{ blob: Blob; disposition: string | null }> {
  const res = await call(token, path);
  try {
    return { blob: await res.blob(), disposition: res.headers.get('content-disposition') };
  } catch {
    // The service streams the workbook and cuts the connection when writing it fails part-way.
    throw new ApiFailure({ kind: 'network' });
  }
}
