// A push request checked against its zod schema (ledger/sync-protocol.ts, still the one definition)
// without running zod on every value of every row. On a freshly started service, zod walking a
// 10,000-row body took a quarter of a second, most of a push's time before the first write. Here the
// schema's simple parts (plain text, an enum, a cell value) are checked by their type, and the rest
// (a date, a deadline, a row id) by zod, once per distinct value. What comes out is what zod gives:
// the same keys in the schema's order (the request's hash is taken over it) and the same values. A
// row this cannot vouch for (an unknown key, a `base`, anything unusual) goes to zod as it is, and a
// request zod refuses is refused with zod's words.
import * as z from 'zod';
import { parseInput } from '../store/errors';
import { MAX_PUSH_ROWS, PushRequest, PushRow } from './protocol';

/** A check's answer: the value as zod would give it, or FAIL for "ask zod". */
const FAIL: unique symbol = Symbol('fail');
type Check = (v: unknown) => unknown;

/** Zod's answer for a value; for text, numbers and booleans kept for values that come again (a date, a version). */
function byZod(schema: z.ZodType): Check {
  const answers = new Map<unknown, unknown>();
  return (v) => {
    const primitive = typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && !Object.is(v, -0));
    if (primitive && answers.has(v)) return answers.get(v);
    const parsed = schema.safeParse(v);
    const answer = parsed.success ? parsed.data : FAIL;
    if (primitive) answers.set(v, answer);
    return answer;
  };
}

const hasChecks = (s: z.ZodType) => ((s.def as { checks?: unknown[] }).checks?.length ?? 0) > 0;
const isPrimitive = (s: unknown) => s instanceof z.ZodString || s instanceof z.ZodNumber || s instanceof z.ZodBoolean || s instanceof z.ZodNull;

/** The check for a schema: by type and shape where that is all zod looks at, else by zod. */
function checkFor(schema: z.ZodType): Check {
  if (schema instanceof z.ZodNullable) {
    const inner = checkFor(schema.unwrap() as z.ZodType);
    return (v) => (v === null ? null : inner(v));
  }
  // An absent key never reaches a check; a key present as undefined (no JSON) is zod's to judge.
  if (schema instanceof z.ZodOptional) return checkFor(schema.unwrap() as z.ZodType);
  if (hasChecks(schema)) return byZod(schema);
  if (schema instanceof z.ZodString) return (v) => (typeof v === 'string' ? v : FAIL);
  if (schema instanceof z.ZodBoolean) return (v) => (typeof v === 'boolean' ? v : FAIL);
  if (schema instanceof z.ZodNull) return (v) => (v === null ? v : FAIL);
  if (schema instanceof z.ZodNumber) return (v) => (typeof v === 'number' && Number.isFinite(v) ? v : FAIL);
  if (schema instanceof z.ZodEnum || schema instanceof z.ZodLiteral) {
    const values = new Set<unknown>(schema instanceof z.ZodEnum ? schema.options : schema.values);
    return (v) => (values.has(v) ? v : FAIL);
  }
  if (schema instanceof z.ZodObject) return objectCheck(schema.shape as Record<string, z.ZodType>);
  if (schema instanceof z.ZodDiscriminatedUnion) return discriminatedCheck(schema);
  if (schema instanceof z.ZodUnion && schema.options.every(isPrimitive)) {
    const options = (schema.options as readonly z.ZodType[]).map(checkFor);
    return (v) => {
      for (const option of options) {
        const out = option(v);
        if (out !== FAIL) return out;
      }
      return FAIL;
    };
  }
  return byZod(schema);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/**
 * An object with no key outside its shape (strict or not, zod would take it), each key checked, the
 * answer a new object with the keys in the shape's order.
 */
function objectCheck(shape: Record<string, z.ZodType>): Check {
  const keys = Object.keys(shape);
  const checks = new Map(keys.map((k) => [k, checkFor(shape[k]!)]));
  // A key zod lets be absent, leaving it absent (not one it fills with a default).
  const optional = new Set(
    keys.filter((k) => {
      const absent = shape[k]!.safeParse(undefined);
      return absent.success && absent.data === undefined;
    }),
  );
  return (v) => {
    if (!isPlainObject(v)) return FAIL;
    for (const k in v) if (!checks.has(k) || v[k] === undefined) return FAIL;
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      if (!(k in v)) {
        if (optional.has(k)) continue;
        return FAIL;
      }
      const value = checks.get(k)!(v[k]);
      if (value === FAIL) return FAIL;
      out[k] = value;
    }
    return out;
  };
}

/** One of several objects, told apart by one key's value (a deadline by its kind). */
function discriminatedCheck(schema: z.ZodDiscriminatedUnion): Check {
  const key = schema.def.discriminator;
  const byValue = new Map<unknown, Check>();
  for (const option of schema.options as readonly z.ZodType[]) {
    const tag = option instanceof z.ZodObject ? option.shape[key] : undefined;
    if (!(tag instanceof z.ZodLiteral)) return byZod(schema);
    for (const value of tag.values) byValue.set(value, checkFor(option));
  }
  return (v) => (isPlainObject(v) ? (byValue.get(v[key]) ?? (() => FAIL))(v) : FAIL);
}

/** A record of cell values: its keys as zod checks them, in the order sent. */
function recordCheck(schema: z.ZodRecord): Check {
  const key = byZod(schema.keyType as z.ZodType);
  const value = checkFor(schema.valueType as z.ZodType);
  return (v) => {
    if (!isPlainObject(v)) return FAIL;
    const out: Record<string, unknown> = {};
    for (const k in v) {
      if (k === '__proto__' || key(k) === FAIL) return FAIL;
      const cell = value(v[k]);
      if (cell === FAIL) return FAIL;
      out[k] = cell;
    }
    return out;
  };
}

const ROW = PushRow.shape;
const checkId = checkFor(ROW.id);
const checkKey = checkFor(ROW.key);
const checkBaseVersion = checkFor(ROW.baseVersion);
const checkFields = checkFor(ROW.fields.unwrap() as z.ZodType);
const checkExtras = recordCheck(ROW.extras.unwrap() as z.ZodRecord);
/** The row keys checked here, in the schema's order (`fields` defaults to {}); `base` is left to zod. */
const ROW_CHECKS: [string, Check][] = [
  ['id', checkId],
  ['key', checkKey],
  ['baseVersion', checkBaseVersion],
  ['fields', checkFields],
  ['extras', checkExtras],
];
const ROW_KEYS = new Set(ROW_CHECKS.map(([k]) => k));

function quickRow(v: unknown): PushRow | typeof FAIL {
  if (!isPlainObject(v)) return FAIL;
  for (const k in v) if (!ROW_KEYS.has(k) || v[k] === undefined) return FAIL;
  const out: Record<string, unknown> = {};
  for (const [k, check] of ROW_CHECKS) {
    if (!(k in v)) {
      if (k === 'fields') out.fields = {};
      continue;
    }
    const value = check(v[k]);
    if (value === FAIL) return FAIL;
    out[k] = value;
  }
  return out as PushRow;
}

/** The push request as `PushRequest.parse` gives it; refused (StoreError invalid_request) as it refuses it. */
export function parsePushRequest(input: unknown): PushRequest {
  const refused = () => parseInput(PushRequest, input, '推送请求 / push request');
  if (!isPlainObject(input) || !Array.isArray(input.rows) || input.rows.length > MAX_PUSH_ROWS) return refused();
  const head = PushRequest.safeParse({ ...input, rows: [] });
  if (!head.success) return refused();
  const rows: PushRow[] = new Array<PushRow>(input.rows.length);
  for (let i = 0; i < rows.length; i++) {
    const quick = quickRow(input.rows[i]);
    if (quick !== FAIL) rows[i] = quick;
    else {
      const parsed = PushRow.safeParse(input.rows[i]);
      if (!parsed.success) return refused();
      rows[i] = parsed.data;
    }
  }
  head.data.rows = rows;
  return head.data;
}
