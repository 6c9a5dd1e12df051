// The JSON error body every auth refusal carries, so the add-in and the CLI can show the Chinese
// message to people and branch on `code`.
import * as z from 'zod';
import { HTTPException } from 'hono/http-exception';

export const AuthErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    messageEn: z.string(),
  }),
});
export type AuthErrorBody = z.infer<typeof AuthErrorBody>;

export interface AuthProblem {
  code: string;
  message: string;
  messageEn: string;
}

export function authErrorResponse(
  status: 401 | 403 | 429 | 503,
  problem: AuthProblem,
  headers: Record<string, string> = {},
): Response {
  const body: AuthErrorBody = { error: problem };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=UTF-8', ...headers },
  });
}

/** A 403 thrown from route code; Hono's error handler answers with its response. */
export function forbidden(problem: AuthProblem): HTTPException {
  return new HTTPException(403, { message: problem.messageEn, res: authErrorResponse(403, problem) });
}
