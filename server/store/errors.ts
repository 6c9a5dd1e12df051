import type * as z from 'zod';

// Errors the store and the sync engine raise for a whole request (a single row's problem is a
// rejected row in the push result instead). The HTTP layer maps `status` straight to the response.

export interface Bilingual {
  zh: string;
  en: string;
}

const STORE_ERROR_STATUS = {
  invalid_request: 400,
  forbidden: 403,
  campaign_not_found: 404,
  row_not_found: 404,
  conflict_not_found: 404,
  campaign_exists: 409,
  stale_mutation: 409,
  mutation_reused: 409,
  conflict_resolved: 409,
  closure_refused: 409,
  extension_refused: 409,
  evidence_not_found: 404,
  row_deleted: 409,
  evidence_locked: 409,
  file_too_large: 413,
  unsupported_file_type: 415,
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

/** A database failure people can act on: which it is, the HTTP answer, and when to try again. */
export interface StorageProblem {
  status: 503 | 507;
  code: 'storage_full' | 'storage_read_only' | 'storage_busy' | 'storage_unavailable';
  text: Bilingual;
  retryAfterSeconds?: number;
}

const STORAGE_TEXT: Record<StorageProblem['code'], Bilingual> = {
  storage_full: {
    zh: '服务器的数据库磁盘已满，本次修改没有保存（已全部撤回）。请通知管理员清理磁盘后重试',
    en: 'The server’s database disk is full: nothing of this change was saved (all of it was rolled back). Ask the administrator to free disk space, then try again',
  },
  storage_read_only: {
    zh: '服务器的数据库当前只读（文件权限或只读磁盘），本次修改没有保存。请通知管理员',
    en: 'The server’s database is read-only (file permissions or a read-only disk): nothing of this change was saved. Tell the administrator',
  },
  storage_busy: {
    zh: '数据库正忙（另一项写入尚未结束），本次修改没有保存，请稍后重试',
    en: 'The database is busy with another write: nothing of this change was saved; try again shortly',
  },
  storage_unavailable: {
    zh: '无法连接数据库，本次修改没有保存。请稍后重试或通知管理员',
    en: 'The database cannot be reached: nothing of this change was saved. Try again later or tell the administrator',
  },
};

/** SQLite result codes and PostgreSQL SQLSTATEs (and connection errors) by the problem they mean. */
function storageCode(code: string): StorageProblem['code'] | undefined {
  if (code === 'SQLITE_FULL' || code === '53100') return 'storage_full';
  if (code.startsWith('SQLITE_READONLY') || code === '25006') return 'storage_read_only';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === '55P03' || code === '40P01' || code === '40001') return 'storage_busy';
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN' || /^(57P0[123]|08\d\d\d|53200)$/.test(code) || code === 'ECONNREFUSED' || code === 'ECONNRESET') {
    return 'storage_unavailable';
  }
  return undefined;
}

export function storageProblem(err: unknown): StorageProblem | undefined {
  const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  const which = code === undefined ? undefined : storageCode(code);
  if (!which) return undefined;
  return {
    status: which === 'storage_full' ? 507 : 503,
    code: which,
    text: STORAGE_TEXT[which],
    ...(which === 'storage_busy' || which === 'storage_unavailable' ? { retryAfterSeconds: 5 } : {}),
  };
}
