// What crosses between the request thread and the work threads: calls, their answers, the workbook's
// bytes, and errors made plain (a StoreError keeps its code and words; a database error its code,
// such as SQLITE_FULL, so the request thread can name it).
import { StoreError, type StoreErrorCode } from '../store/errors';
import type { WorkbookRequest } from './operations';

export type ToWorker =
  | { type: 'call'; id: number; op: string; args: unknown[] }
  | { type: 'workbook'; id: number; request: WorkbookRequest }
  /** The request thread took a workbook chunk: one more may come. */
  | { type: 'ack'; id: number };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; id: number; value: unknown }
  | { type: 'failed'; id: number; error: WireError }
  | { type: 'chunk'; id: number; data: Uint8Array };

export type WireError =
  | { kind: 'store'; code: StoreErrorCode; zh: string; en: string }
  | { kind: 'other'; name: string; message: string; code?: string; stack?: string };

export function toWire(e: unknown): WireError {
  if (e instanceof StoreError) return { kind: 'store', code: e.code, zh: e.text.zh, en: e.text.en };
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return { kind: 'other', name: e.name, message: e.message, ...(typeof code === 'string' ? { code } : {}), ...(e.stack ? { stack: e.stack } : {}) };
  }
  return { kind: 'other', name: 'Error', message: String(e) };
}

export function fromWire(e: WireError): Error {
  if (e.kind === 'store') return new StoreError(e.code, { zh: e.zh, en: e.en });
  const err = new Error(e.message);
  err.name = e.name;
  if (e.stack) err.stack = e.stack;
  if (e.code) Object.assign(err, { code: e.code });
  return err;
}
