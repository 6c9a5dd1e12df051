// Every error the API answers is JSON with a code and a message in Chinese and English, so the
// add-in, the CLI and scripts can show people the words and branch on the code.
import type { Context, ErrorHandler, ValidationTargets } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import type { ApiError } from '../../ledger/sync-protocol';
import { StoreError, storageProblem } from '../store/errors';

export function errorJson<S extends ContentfulStatusCode>(c: Context, status: S, code: string, message: string, messageEn: string) {
  return c.json({ error: { code, message, messageEn } } satisfies ApiError, status);
}

export function payloadTooLarge(c: Context, limit: number) {
  const mb = Math.round(limit / 1024 / 1024);
  return errorJson(c, 413, 'payload_too_large', `请求体过大（上限 ${mb} MB），请分批推送`, `Request body too large (limit ${mb} MB); push in smaller batches`);
}

/** A zod failure on a request part, naming each offending path. */
function invalidRequest(c: Context, where: string, error: z.ZodError) {
  const issues = error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return errorJson(c, 400, 'invalid_request', `请求${where}不正确：${issues.join('；')}`, `invalid request ${where}: ${issues.join('; ')}`);
}

const REQUEST_PART: Partial<Record<keyof ValidationTargets, string>> = { json: '内容 / body', query: '参数 / query', param: '路径 / path' };

type Validated = { target: keyof ValidationTargets } & ({ success: true } | { success: false; error: z.ZodError });

/** What the routes do when a request part fails its schema (OpenAPIHono's defaultHook). */
export function refuseInvalid(result: Validated, c: Context) {
  return result.success ? undefined : invalidRequest(c, REQUEST_PART[result.target] ?? result.target, result.error);
}

export const onError: ErrorHandler = (err, c) => {
  if (err instanceof HTTPException) {
    // Auth refusals carry their own JSON response; others (body limit) get ours.
    if (err.res) return err.getResponse();
    // The route definitions refuse a body declared as JSON but sent as something else with 415; the
    // API has always answered such a body like any other that does not fit, and clients branch on that.
    if (err.status === 415) {
      return errorJson(c, 400, 'invalid_request', '请求内容须为 JSON（Content-Type: application/json）', 'invalid request body: it must be JSON (Content-Type: application/json)');
    }
    return errorJson(c, err.status as ContentfulStatusCode, 'http_error', err.message, err.message);
  }
  if (err instanceof StoreError) {
    return errorJson(c, err.status as ContentfulStatusCode, err.code, err.text.zh, err.text.en);
  }
  const storage = storageProblem(err);
  if (storage) {
    console.error(`[${new Date().toISOString()}] ${c.req.method} ${c.req.path}: ${storage.code}:`, err);
    if (storage.retryAfterSeconds) c.header('Retry-After', String(storage.retryAfterSeconds));
    return errorJson(c, storage.status, storage.code, storage.text.zh, storage.text.en);
  }
  console.error(`[${new Date().toISOString()}] ${c.req.method} ${c.req.path}:`, err);
  return errorJson(c, 500, 'internal_error', '服务内部错误，请稍后重试或联系管理员', 'Internal server error; try again later or contact the administrator');
};
