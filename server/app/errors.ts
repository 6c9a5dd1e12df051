// Every error the API answers is JSON with a code and a message in Chinese and English, so the
// add-in, the CLI and scripts can show people the words and branch on the code.
import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import type { ApiError } from '../../ledger/sync-protocol';
import { StoreError, storageProblem } from '../store/errors';

export { ApiError as ErrorBody } from '../../ledger/sync-protocol';

export function errorJson(c: Context, status: ContentfulStatusCode, code: string, message: string, messageEn: string) {
  return c.json({ error: { code, message, messageEn } } satisfies ApiError, status);
}

/** A zod failure on a request part, naming each offending path. */
export function invalidRequest(c: Context, where: string, error: z.ZodError) {
  const issues = error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return errorJson(c, 400, 'invalid_request', `请求${where}不正确：${issues.join('；')}`, `invalid request ${where}: ${issues.join('; ')}`);
}

export const onError: ErrorHandler = (err, c) => {
  if (err instanceof HTTPException) {
    // Auth refusals carry their own JSON response; others (body limit) get ours.
    if (err.res) return err.getResponse();
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
