// The sync protocol's messages (see server/sync/README.md). They live in ledger/ so the add-in and the
// service parse the same wire format. Every request is parsed with these
// schemas before it touches the database, and stored results are parsed again when replayed; the
// HTTP layer can hand the same schemas to its validator and OpenAPI document.
import * as z from 'zod';
import { measureKeys } from './meaning';
import { CampaignConfig, CellValue, IsoDate, Measure, UNIT_FIELDS } from './schema';

/** A row's values: the Measure fields without id, version and extras. */
export const MeasureValues = Measure.omit({ id: true, version: true, extras: true });
export type MeasureValues = z.infer<typeof MeasureValues>;

const EXTRAS_PREFIX = 'extras.';

/** The field name of an extra column (in conflicts and the history): `extras.<key>`. */
export function extrasField(key: string): `extras.${string}` {
  return `${EXTRAS_PREFIX}${key}`;
}

/** The extra column's key a field name stands for; undefined for a field that is no extra column. */
export function extrasKey(field: string): string | undefined {
  return field.startsWith(EXTRAS_PREFIX) ? field.slice(EXTRAS_PREFIX.length) : undefined;
}

/** The Measure keys of the fields a unit reports: the fields, and the words behind a status or a completion date. */
const UNIT_KEYS: ReadonlySet<string> = new Set(UNIT_FIELDS.flatMap(measureKeys));

/**
 * Whether a unit may change `field` (a column field, a Measure key such as statusText, or
 * `extras.<key>`) on a row the office assigned (BRIEF §3): what it reports, its extra columns, and
 * closure, which it may only ask for (the service checks the closure's state). Not its extension: a
 * request needs a date and a reason, so it goes through POST …/rows/{id}/extension.
 */
export function unitMayChange(field: string): boolean {
  return UNIT_KEYS.has(field) || field === 'closure' || extrasKey(field) !== undefined;
}

function sortKeys(_key: string, v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
  return sorted;
}

/** JSON with object keys sorted, so equal values always encode to equal text (the history's values). */
export function stableStringify(value: unknown): string {
  // Most values are plain text; only objects (deadline, closure, whole rows) need their keys sorted.
  return typeof value === 'object' && value !== null ? JSON.stringify(value, sortKeys) : JSON.stringify(value);
}

/** Who makes a change. `name` is what the history records as "who" (token label, user name). */
export const Actor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('office'), name: z.string().min(1) }),
  z.object({ kind: z.literal('unit'), unit: z.string().min(1), name: z.string().min(1) }),
]);
export type Actor = z.infer<typeof Actor>;

/** What a reader may see: the office everything, a unit its own rows. An Actor is a Scope. */
export type Scope = { kind: 'office' } | { kind: 'unit'; unit: string };

export const RowId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, '行标识须为 1–64 个字母、数字、_ 或 - / row id: 1–64 letters, digits, _ or -');

type ValueShape = typeof MeasureValues.shape;
const patchShape = Object.fromEntries(
  Object.entries(MeasureValues.shape).map(([field, schema]) => [field, schema.nullable()]),
) as { [F in keyof ValueShape]: z.ZodNullable<ValueShape[F]> };

/** Changed fields only; null (or "") clears a field. Unknown field names are refused. */
export const FieldPatch = z.strictObject(patchShape);
export type FieldPatch = z.infer<typeof FieldPatch>;

export const ExtrasPatch = z.record(z.string().min(1).max(200), CellValue);

/** The natural identity of a row that has no id yet (BRIEF §3 identity). */
export const RowKey = z.strictObject({
  problem: z.string().optional(),
  measure: z.string().optional(),
  unit: z.string().optional(),
  problemNo: z.string().optional(),
  measureNo: z.string().optional(),
});
export type RowKey = z.infer<typeof RowKey>;

export const PushRow = z.strictObject({
  /** The row's id; an unknown id creates the row under that id (offline creation). */
  id: RowId.optional(),
  key: RowKey.optional(),
  /**
   * The version the client's copy was read at. Absent: a copy that cannot say (an old e-mailed
   * workbook); a value in it the field held before and has since been changed away from is stale.
   */
  baseVersion: z.number().int().nonnegative().optional(),
  fields: FieldPatch.default({}),
  extras: ExtrasPatch.optional(),
  /** The values the client started from, reported as a conflict's base when given. */
  base: FieldPatch.partial().extend({ extras: ExtrasPatch.optional() }).optional(),
});
export type PushRow = z.infer<typeof PushRow>;

export const MAX_PUSH_ROWS = 200_000;

export const PushRequest = z.strictObject({
  clientId: z.string().min(1).max(128),
  /** Increases with every batch the client sends; a retry reuses the batch's id. */
  mutationId: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  rows: z.array(PushRow).max(MAX_PUSH_ROWS),
});
export type PushRequest = z.infer<typeof PushRequest>;
export type PushRequestInput = z.input<typeof PushRequest>;

export const REJECT_CODES = [
  'unknown_status',
  'text_too_long',
  'other_unit',
  'other_campaign',
  'office_field',
  'closure_office_only',
  'row_deleted',
  'version_ahead',
  'empty_row',
] as const;
export const RejectCode = z.enum(REJECT_CODES);
export type RejectCode = z.infer<typeof RejectCode>;

export const RejectReason = z.object({
  code: RejectCode,
  /** The fields that caused it, when it is about fields. */
  fields: z.array(z.string()).optional(),
  zh: z.string(),
  en: z.string(),
});
export type RejectReason = z.infer<typeof RejectReason>;

/** Something about a stored row worth a word: it was kept as sent. */
export const RowWarning = z.object({
  code: z.enum(['unknown_category']),
  field: z.string(),
  zh: z.string(),
  en: z.string(),
});
export type RowWarning = z.infer<typeof RowWarning>;

/** JSON value of a field; null is an empty cell. */
export const FieldValue = z.json();

export const ConflictItem = z.object({
  conflictId: z.string(),
  field: z.string(),
  /** What the caller's copy started from: for a copy that names no version, the earlier value it still holds. */
  base: FieldValue,
  server: FieldValue,
  caller: FieldValue,
  /** Who set the value the service holds, and when. */
  changedBy: z.string().nullable().optional(),
  changedAt: z.string().nullable().optional(),
});
export type ConflictItem = z.infer<typeof ConflictItem>;

export const RowStatus = z.enum(['created', 'updated', 'unchanged', 'conflict', 'rejected']);
export type RowStatus = z.infer<typeof RowStatus>;

export const RowResult = z.object({
  /** The row's index in the request. */
  index: z.number().int().nonnegative(),
  status: RowStatus,
  /** Absent only for a rejected new row. */
  id: z.string().optional(),
  /** The row's version after the batch (absent for a rejected new row). */
  version: z.number().int().optional(),
  /** Fields written by this batch. */
  applied: z.array(z.string()).optional(),
  /** Fields not written because someone else changed them since baseVersion (or, for a copy naming no version, since it was made). */
  conflicts: z.array(ConflictItem).optional(),
  reason: RejectReason.optional(),
  warnings: z.array(RowWarning).optional(),
});
export type RowResult = z.infer<typeof RowResult>;

export const PushCounts = z.object({
  created: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  conflicts: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
});
export type PushCounts = z.infer<typeof PushCounts>;

export const PushResult = z.object({
  campaign: z.string(),
  clientId: z.string(),
  mutationId: z.number().int(),
  counts: PushCounts,
  rows: z.array(RowResult),
});
export type PushResult = z.infer<typeof PushResult>;

/** A measure as stored: always with its id and version. */
export const StoredMeasure = Measure.extend({ id: z.string(), version: z.number().int().positive() });
export type StoredMeasure = z.infer<typeof StoredMeasure>;

export const RowState = z.object({
  id: z.string(),
  version: z.number().int().positive(),
  /** The seq of the row's newest change. */
  seq: z.number().int().positive(),
  /** A tombstone: the office deleted the row. */
  deleted: z.boolean(),
  unit: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  measure: StoredMeasure,
});
export type RowState = z.infer<typeof RowState>;

export const PullResult = z.object({
  campaign: z.string(),
  /** Pass back as `since` next time. */
  cursor: z.number().int().nonnegative(),
  /** More rows are waiting: pull again at once with the new cursor. */
  more: z.boolean(),
  /** The cursor was ahead of the service (a restored database): this is a full resync from 0. */
  reset: z.boolean(),
  /** Rows changed since the cursor, tombstones included, in seq order. */
  rows: z.array(RowState),
  /** Rows that left the caller's scope (reassigned to another unit): drop them. */
  removed: z.array(z.string()),
});
export type PullResult = z.infer<typeof PullResult>;

export const ConflictChoice = z.union([z.literal('server'), z.literal('caller'), z.strictObject({ value: FieldValue })]);
export type ConflictChoice = z.infer<typeof ConflictChoice>;

export const ConflictView = z.object({
  id: z.string(),
  campaign: z.string(),
  rowId: z.string(),
  unit: z.string().nullable(),
  field: z.string(),
  base: FieldValue,
  server: FieldValue,
  caller: FieldValue,
  baseVersion: z.number().int().nullable(),
  /** Who set the service's value, and when. */
  changedBy: z.string().nullable(),
  changedAt: z.string().nullable(),
  callerName: z.string(),
  callerKind: z.enum(['office', 'unit']),
  callerUnit: z.string().nullable(),
  clientId: z.string(),
  mutationId: z.number().int(),
  createdAt: z.string(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolution: z.object({ choice: z.enum(['server', 'caller', 'value']), value: FieldValue }).nullable(),
});
export type ConflictView = z.infer<typeof ConflictView>;

export const ChangeView = z.object({
  seq: z.number().int().positive(),
  rowId: z.string(),
  field: z.string(),
  old: FieldValue,
  new: FieldValue,
  actor: z.string(),
  actorKind: z.enum(['office', 'unit']),
  actorUnit: z.string().nullable(),
  clientId: z.string().nullable(),
  mutationId: z.number().int().nullable(),
  at: z.string(),
  version: z.number().int().positive(),
});
export type ChangeView = z.infer<typeof ChangeView>;

// The API's other answers, parsed alike by the add-in, the office page and the CLI.

/** Every refusal: a code to branch on and the message in Chinese and English. */
/** POST /api/v1/campaigns/{c}/rows/{id}/closure: the unit asks for closure (申请销号), the office approves or returns it. */
export const ClosureAction = z.strictObject({
  action: z.enum(['request', 'approve', 'return']),
  note: z.string().trim().min(1).max(2000).optional(),
});
export type ClosureAction = z.infer<typeof ClosureAction>;

const officeWord = z.string().trim().min(1).max(2000).optional();

/**
 * POST /api/v1/campaigns/{c}/rows/{id}/extension: the row's unit asks for a later deadline with a
 * reason (申请延期); the office approves it (the deadline becomes that date) or rejects it with a note.
 */
export const ExtensionAction = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('request'),
    deadline: IsoDate,
    reason: z
      .string({ error: '请写明申请延期的理由（reason）/ give the reason for the extension (reason)' })
      .trim()
      .min(1, '请写明申请延期的理由（reason）/ give the reason for the extension (reason)')
      .max(2000),
  }),
  z.strictObject({ action: z.literal('approve'), note: officeWord }),
  z.strictObject({ action: z.literal('reject'), note: officeWord }),
]);
export type ExtensionAction = z.infer<typeof ExtensionAction>;

export const ApiError = z.object({ error: z.object({ code: z.string(), message: z.string(), messageEn: z.string() }) });
export type ApiError = z.infer<typeof ApiError>;

/** GET /api/v1/me: who the token belongs to. */
export const Me = z.object({
  kind: z.enum(['office', 'unit', 'unassigned']),
  unit: z.string().optional(),
  name: z.string(),
  campaign: z.string().nullable(),
});
export type Me = z.infer<typeof Me>;

export const CampaignInfo = z.object({ name: z.string(), config: CampaignConfig, createdAt: z.string() });
export type CampaignInfo = z.infer<typeof CampaignInfo>;
export const CampaignList = z.object({ campaigns: z.array(CampaignInfo) });
export const RowList = z.object({ rows: z.array(RowState), cursor: z.number().int().nonnegative() });
export const ConflictList = z.object({ conflicts: z.array(ConflictView) });
/** What settling a conflict answers: the conflict as settled, and its row as it now is. */
export const ResolvedConflict = z.object({ conflict: ConflictView, row: RowState });
/** What a row's closure, extension or deletion step answers: the row as it now is. */
export const RowAnswer = z.object({ row: RowState });
/** A row's history: who changed what, oldest first. */
export const RowHistory = z.object({ changes: z.array(ChangeView) });

/** GET /api/v1/campaigns/{c}/progress: from the history, the measures completed and in the ledger at the end of each day that changed either. */
export const ProgressPoint = z.object({
  date: IsoDate,
  completed: z.number().int().nonnegative(),
  measures: z.number().int().nonnegative(),
});
export type ProgressPoint = z.infer<typeof ProgressPoint>;
export const Progress = z.object({ points: z.array(ProgressPoint) });
export type Progress = z.infer<typeof Progress>;

/**
 * GET /api/v1/campaigns/{c}/activity?since=YYYY-MM-DD (office): when each unit last changed its rows, and
 * how many rows it changed since the date; the campaign's configured units that never did are listed too.
 */
export const UnitActivity = z.object({
  unit: z.string(),
  lastChangeAt: z.string().nullable(),
  rowsChangedSince: z.number().int().nonnegative(),
});
export type UnitActivity = z.infer<typeof UnitActivity>;
export const Activity = z.object({ since: IsoDate, units: z.array(UnitActivity) });
export type Activity = z.infer<typeof Activity>;

/**
 * GET /api/sign-in (no token: asked before signing in): how the pane signs in with Microsoft for
 * this service, or null when the service takes API tokens only. The authority is the cloud the
 * service checks tokens against (global, or 21Vianet's login.partner.microsoftonline.cn).
 */
export const SignInSettings = z.object({
  microsoft: z.object({ clientId: z.string().min(1), authority: z.url({ protocol: /^https$/ }) }).nullable(),
});
export type SignInSettings = z.infer<typeof SignInSettings>;

/**
 * POST /api/v1/campaigns/{campaign}/workbook-link (and …/evidence/{fileId}/link for an evidence file):
 * where the workbook (or the file) downloads from once, soon, with no token: `path` is relative to the
 * service's address (https://ledger.example.edu.cn/ + path).
 */
export const WorkbookLink = z.object({ path: z.string().regex(/^downloads\/[A-Za-z0-9_-]{43}$/), expiresAt: z.iso.datetime() });
export type WorkbookLink = z.infer<typeof WorkbookLink>;
