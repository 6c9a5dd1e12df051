// Errors the adapter raises for people (Chinese first, English too), and how it recognises the
// host's own errors without trusting their shape.
import * as z from 'zod';

export type AdapterErrorKind = 'unsupported_api' | 'missing_sheet' | 'too_large' | 'bad_input';

export class AdapterError extends Error {
  override readonly name = 'AdapterError';

  constructor(
    readonly kind: AdapterErrorKind,
    message: string,
  ) {
    super(message);
  }
}

const HostError = z.object({ code: z.string() });

/** The error code an Office.js error carries (e.g. "ItemNotFound"), if it carries one. */
export function hostErrorCode(e: unknown): string | undefined {
  const parsed = HostError.safeParse(e);
  return parsed.success ? parsed.data.code : undefined;
}

/**
 * Errors a smaller batch can avoid: the 5 MB payload limits, and the "internal error" Excel on the
 * web reports for some oversized requests and for more than 512 merged areas in one query.
 */
export function isSizeError(e: unknown): boolean {
  const code = hostErrorCode(e);
  return code === 'RequestPayloadSizeLimitExceeded' || code === 'ResponsePayloadSizeLimitExceeded' || code === 'GeneralException';
}
