import type * as z from 'zod';

// Errors the store and the sync engine raise for a whole request (a single row's problem is a
// rejected row in the push result instead). The HTTP layer maps `status` straight to the response.

export interface Bilingual {
  zh: string;
  en: string;
}

export const STORE_ERROR_STATUS = {
  invalid_request: 400,
  forbidden: 403,
  campaign_not_found: 404,
  row_not_found: 404,
  conflict_not_found: 404,
  campaign_exists: 409,
  stale_mutation: 409,
  mutation_reused: 409,
  conflict_resolved: 409,
} as const;
export type StoreErrorCode = keyof typeof STORE_ERROR_STATUS;

export class StoreError extends Error {
  readonly status: number;

  constructor(
    readonly code: StoreErrorCode,
    readonly text: Bilingual,
  ) {
    super(`${text.zh} / ${text.en}`);
    this.name = 'StoreError';
    this.status = STORE_ERROR_STATUS[code];
  }

  toJSON(): { code: StoreErrorCode; message: string; zh: string; en: string } {
    return { code: this.code, message: this.message, zh: this.text.zh, en: this.text.en };
  }
}

export function campaignNotFound(name: string): StoreError {
  return new StoreError('campaign_not_found', {
    zh: `整改任务“${name}”不存在`,
    en: `campaign "${name}" does not exist`,
  });
}

export function rowNotFound(campaign: string, id: string): StoreError {
  return new StoreError('row_not_found', {
    zh: `整改任务“${campaign}”中没有可见的行 ${id}`,
    en: `no visible row ${id} in campaign "${campaign}"`,
  });
}

/** Parses a caller's input, turning a validation failure into an invalid_request error naming each path. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new StoreError('invalid_request', {
    zh: `${what}格式不正确：${issues.join('；')}`,
    en: `invalid ${what}: ${issues.join('; ')}`,
  });
}
