// The ledger's data contracts (BRIEF §3, §5). Every type the rest of the code uses is inferred from
// these schemas so a value crossing a boundary (HTTP body, workbook settings, JSON output) is checked
// against the same definition it was written from.
import * as z from 'zod';

export const STATUS_CODES = ['not_started', 'in_progress', 'done', 'done_ongoing'] as const;
export const StatusCode = z.enum(STATUS_CODES);
export type StatusCode = z.infer<typeof StatusCode>;

/** An object holding one `value` for each status code. */
function perStatus<T extends z.ZodType>(value: T) {
  return z.object(Object.fromEntries(STATUS_CODES.map((code) => [code, value])) as Record<StatusCode, T>);
}

/** The status words dropdowns offer unless a campaign sets its own. */
export const DEFAULT_STATUS_LABELS: Record<StatusCode, string> = {
  not_started: '未启动',
  in_progress: '正在推进',
  done: '已完成',
  done_ongoing: '已完成并长期坚持',
};

/** ISO calendar date, YYYY-MM-DD. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  // 2018-02-30 has the shape but no such day: a date that rolls over is refused.
  .refine((d) => {
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
  }, '不是有效日期 / not a real date');
export type IsoDate = z.infer<typeof IsoDate>;

/**
 * A deadline as the office wrote it. `text` always keeps the original wording so nothing the unit
 * typed is lost; `date` is the day it falls due when one can be read from it.
 */
export const Deadline = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('date'), date: IsoDate, text: z.string() }),
  /** 长期坚持: never overdue. */
  z.object({ kind: z.literal('ongoing'), text: z.string() }),
  /** 立行立改: due at once, so overdue as soon as it is not completed. */
  z.object({ kind: z.literal('immediate'), text: z.string() }),
  /** 年内, 月底前 without a year: a date cannot be chosen without guessing. */
  z.object({ kind: z.literal('ambiguous'), text: z.string() }),
  z.object({ kind: z.literal('unparsed'), text: z.string() }),
]);
export type Deadline = z.infer<typeof Deadline>;

/** The words offices write for the deadlines that name no date; the reader also knows their synonyms. */
export const DEADLINE_WORDS: Readonly<Record<'immediate' | 'ongoing', string>> = { immediate: '立行立改', ongoing: '长期坚持' };

/** The most characters an Excel cell holds: longer text cannot be stored, written or opened. */
export const MAX_CELL_TEXT = 32_767;

/** A plain cell value as both Office.js and xlsx files give it; dates are Excel serial numbers. */
export const CellValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type CellValue = z.infer<typeof CellValue>;

/** The fields of BRIEF §3, plus the bookkeeping columns this system adds. */
export const FIELDS = [
  'seq',
  'category',
  'problemNo',
  'problem',
  'measureNo',
  'measure',
  'leader',
  'leadUnit',
  'unit',
  'coUnit',
  'owner',
  'deadline',
  'status',
  'progress',
  'completedOn',
  'evidence',
  'remarks',
  'closure',
  'extension',
  'id',
  'version',
] as const;
export const Field = z.enum(FIELDS);
export type Field = z.infer<typeof Field>;

/**
 * Fields a unit reports for its own rows (BRIEF §3); every other field is the office's. A unit may
 * also ask for closure and fill its extra columns (see `unitMayChange` in sync-protocol.ts).
 */
export const UNIT_FIELDS = [
  'owner',
  'status',
  'progress',
  'completedOn',
  'evidence',
  'remarks',
] as const satisfies readonly Field[];

export const ClosureState = z.enum(['requested', 'approved', 'returned']);
export const Closure = z.object({
  state: ClosureState,
  on: IsoDate.optional(),
  by: z.string().optional(),
  /** Why the office returned it: what is still missing. */
  reason: z.string().optional(),
  /** What the unit wrote with its request (what was done, where the evidence is). */
  note: z.string().optional(),
});
export type Closure = z.infer<typeof Closure>;

/**
 * An extension (申请延期, BRIEF §2 step 5): the row's unit asks for a later date with a reason; the
 * office approves it (the deadline becomes that date, the one before is kept in `previous`) or
 * rejects it with a note.
 */
export const ExtensionState = z.enum(['requested', 'approved', 'rejected']);
export const Extension = z.object({
  state: ExtensionState,
  /** The date asked for. */
  deadline: IsoDate,
  /** Why the unit cannot meet the deadline it had. */
  reason: z.string().optional(),
  /** When the last step was taken (asked, approved, rejected), and by whom. */
  on: IsoDate.optional(),
  by: z.string().optional(),
  /** The office's word on approving or rejecting it. */
  note: z.string().optional(),
  /** The deadline before an approved extension replaced it. */
  previous: Deadline.optional(),
});
export type Extension = z.infer<typeof Extension>;

/**
 * One measure (one row of the ledger) after normalisation. Text fields are trimmed, with placeholders
 * ("\\", "/", "—", "无") read as empty. `statusText` keeps the words as written.
 */
export const Measure = z.object({
  id: z.string().optional(),
  version: z.number().int().nonnegative().optional(),
  category: z.string().optional(),
  problemNo: z.string().optional(),
  problem: z.string().optional(),
  measureNo: z.string().optional(),
  measure: z.string().optional(),
  leader: z.string().optional(),
  leadUnit: z.string().optional(),
  unit: z.string().optional(),
  coUnit: z.string().optional(),
  owner: z.string().optional(),
  deadline: Deadline.optional(),
  status: StatusCode.optional(),
  statusText: z.string().optional(),
  progress: z.string().optional(),
  completedOn: IsoDate.optional(),
  completedOnText: z.string().optional(),
  evidence: z.string().optional(),
  remarks: z.string().optional(),
  closure: Closure.optional(),
  extension: Extension.optional(),
  /** Columns the ledger does not know, keyed by the extra column's key (see ExtraColumn). */
  extras: z.record(z.string(), CellValue),
});
export type Measure = z.infer<typeof Measure>;

/** A column kept as it is: `key` is the normalised header, `label` the header as first seen. */
export const ExtraColumn = z.object({ key: z.string(), label: z.string() });
export type ExtraColumn = z.infer<typeof ExtraColumn>;

/** Where a row came from, as Excel shows it. */
export const RowSource = z.object({
  file: z.string(),
  sheet: z.string(),
  /** 1-based Excel row number. */
  row: z.number().int().positive(),
});
export type RowSource = z.infer<typeof RowSource>;

export const Severity = z.enum(['error', 'warning']);
export type Severity = z.infer<typeof Severity>;

export const FINDING_CODES = [
  // row level
  'missing_measure',
  'missing_problem',
  'missing_status',
  'unknown_status',
  'missing_deadline',
  'bad_deadline',
  'ambiguous_deadline',
  'bad_date',
  'unknown_category',
  'unknown_unit',
  'duplicate_measure',
  'overdue',
  'done_without_evidence',
  'copies_differ',
  // file level
  'no_header',
  'no_rows',
  'missing_column',
  'empty_workbook',
  'unreadable_file',
  'too_large',
] as const;
export const FindingCode = z.enum(FINDING_CODES);
export type FindingCode = z.infer<typeof FindingCode>;

export const Finding = z.object({
  file: z.string(),
  sheet: z.string(),
  /** Excel row number, or 0 when the finding is about the whole sheet or file. */
  row: z.number().int().nonnegative(),
  /** Excel column letters ("I"), or "" when the finding is not about one column. */
  column: z.string(),
  field: z.string(),
  code: FindingCode,
  severity: Severity,
  message: z.string(),
});
export type Finding = z.infer<typeof Finding>;

export const StatusCounts = perStatus(z.number().int().nonnegative());
export type StatusCounts = z.infer<typeof StatusCounts>;

const RollupFigures = z.object({
  measures: z.number().int().nonnegative(),
  problems: z.number().int().nonnegative(),
  status: StatusCounts,
  completed: z.number().int().nonnegative(),
  overdue: z.number().int().nonnegative(),
  /** completed / measures, 0 when there are no measures. */
  completionRate: z.number().min(0).max(1),
  /** Measures closed off (已销号: closure approved by the office). */
  closed: z.number().int().nonnegative(),
  /** Measures whose unit asked for an extension the office has not yet decided on. */
  extensionsPending: z.number().int().nonnegative(),
});

export const CategoryRollup = RollupFigures.extend({ category: z.string() });
export type CategoryRollup = z.infer<typeof CategoryRollup>;
export const UnitRollup = RollupFigures.extend({ unit: z.string() });
export type UnitRollup = z.infer<typeof UnitRollup>;

/** BRIEF §5: the rollup object of `check`, `merge` and the service's rollup endpoint. */
export const Rollup = RollupFigures.extend({
  categories: z.number().int().nonnegative(),
  asOf: IsoDate,
  byCategory: z.array(CategoryRollup),
  byUnit: z.array(UnitRollup),
  /** The office's report sentence, e.g. 共梳理形成6大类、126个问题，制定305项整改措施，… */
  report: z.string(),
});
export type Rollup = z.infer<typeof Rollup>;

/** A campaign's configuration: what the dropdowns offer and what the reader should also recognise. */
export const CampaignConfig = z.object({
  name: z.string().min(1).default('default'),
  title: z.string().optional(),
  /** Categories in their official order; their position is the ordinal "第一类" refers to. */
  categories: z.array(z.string().min(1)).default([]),
  units: z.array(z.string().min(1)).default([]),
  /** The status words offered in dropdowns, one per canonical code. */
  statusLabels: perStatus(z.string()).default(DEFAULT_STATUS_LABELS),
  /** Extra header words for a field, beyond the built-in dictionary. */
  headerAliases: z.partialRecord(Field, z.array(z.string().min(1))).default({}),
});
export type CampaignConfig = z.infer<typeof CampaignConfig>;
export type CampaignConfigInput = z.input<typeof CampaignConfig>;

export const Lang = z.enum(['zh', 'en']);
export type Lang = z.infer<typeof Lang>;
