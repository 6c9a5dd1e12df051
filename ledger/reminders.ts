// Each unit's reminder digest (BRIEF §2 step 6): its measures due soon (提醒), overdue with how far the
// office escalates them (督办 → 告诫 → 问责), what the office sent back (a returned closure, a
// rejected extension), and its requests still awaiting the office. Pure: the service reads the rows,
// this decides what each unit is told.
import * as z from 'zod';
import { daysBetween } from './dates';
import { DUE_SOON_DAYS, isCompleted, isOverdue, overdueDays } from './overdue';
import { IsoDate, StatusCode, type Measure } from './schema';

/** 督办 once overdue; 告诫 (to the unit and its responsible leader) after `warnAfterDays`; 问责 after `accountAfterDays`. */
const ESCALATION_LEVELS = ['supervise', 'warn', 'account'] as const;
export const EscalationLevel = z.enum(ESCALATION_LEVELS);
export type EscalationLevel = z.infer<typeof EscalationLevel>;

export const ESCALATION_LABELS: Readonly<Record<EscalationLevel, { zh: string; en: string }>> = {
  supervise: { zh: '督办', en: 'supervision notice' },
  warn: { zh: '告诫', en: 'warning' },
  account: { zh: '问责', en: 'accountability' },
};

/** BRIEF §2: a warning after 30 days overdue; accountability after 60 is our default, the office may change both. */
export const DEFAULT_WARN_AFTER_DAYS = 30;
export const DEFAULT_ACCOUNT_AFTER_DAYS = 60;

export const Escalation = z
  .object({
    warnAfterDays: z.number().int().min(1).max(3650).default(DEFAULT_WARN_AFTER_DAYS),
    accountAfterDays: z.number().int().min(2).max(3650).default(DEFAULT_ACCOUNT_AFTER_DAYS),
  })
  .refine((e) => e.accountAfterDays > e.warnAfterDays, {
    message: '问责天数须大于告诫天数 / accountAfterDays must be more than warnAfterDays',
    path: ['accountAfterDays'],
  });
export type Escalation = z.infer<typeof Escalation>;

/** A measure as a reminder names it. */
export const ReminderRow = z.object({
  id: z.string(),
  problemNo: z.string().optional(),
  measureNo: z.string().optional(),
  category: z.string().optional(),
  problem: z.string(),
  measure: z.string(),
  unit: z.string(),
  leader: z.string().optional(),
  owner: z.string().optional(),
  /** The deadline as the office wrote it ("2018年12月底前", "立行立改"). */
  deadline: z.string(),
  /** The day it falls due, when the words name one. */
  deadlineDate: IsoDate.optional(),
  status: StatusCode.optional(),
});
export type ReminderRow = z.infer<typeof ReminderRow>;

export const DueSoonRow = ReminderRow.extend({ daysLeft: z.number().int().nonnegative() });
export type DueSoonRow = z.infer<typeof DueSoonRow>;
export const OverdueRow = ReminderRow.extend({
  /** Days past the deadline; null for 立行立改, due at once with no date to count from. */
  daysOverdue: z.number().int().nonnegative().nullable(),
  level: EscalationLevel,
});
export type OverdueRow = z.infer<typeof OverdueRow>;

/** What a request was for: closure (销号) or an extension (延期). */
export const RequestKind = z.enum(['closure', 'extension']);
export type RequestKind = z.infer<typeof RequestKind>;

export const ReturnedRow = ReminderRow.extend({
  what: RequestKind,
  /** The office's word: what is missing, or why the extension was refused. */
  reason: z.string(),
  on: IsoDate.optional(),
  /** The date an extension asked for. */
  requestedDeadline: IsoDate.optional(),
});
export type ReturnedRow = z.infer<typeof ReturnedRow>;

export const PendingRow = ReminderRow.extend({
  what: RequestKind,
  /** When the unit asked. */
  since: IsoDate.optional(),
  requestedDeadline: IsoDate.optional(),
});
export type PendingRow = z.infer<typeof PendingRow>;

export const UnitDigest = z.object({
  unit: z.string(),
  /** The highest escalation among its overdue measures; null when none is overdue. */
  level: EscalationLevel.nullable(),
  dueSoon: z.array(DueSoonRow),
  overdue: z.array(OverdueRow),
  returned: z.array(ReturnedRow),
  pending: z.array(PendingRow),
});
export type UnitDigest = z.infer<typeof UnitDigest>;

/** BRIEF §5's reminders object, extended: a unit is listed only when it has something to be told. */
export const ReminderDigest = z.object({
  asOf: IsoDate,
  dueSoonDays: z.number().int().positive(),
  escalation: Escalation,
  units: z.array(UnitDigest),
  /** Long-overdue measures of every unit, most days first: the list the office may take to accountability (问责). */
  accountability: z.array(OverdueRow),
});
export type ReminderDigest = z.infer<typeof ReminderDigest>;

function rowOf(m: Measure & { id: string }, unit: string): ReminderRow {
  const optional = (['problemNo', 'measureNo', 'category', 'leader', 'owner', 'status'] as const).flatMap((k) => (m[k] === undefined ? [] : [[k, m[k]]]));
  return {
    id: m.id,
    ...Object.fromEntries(optional),
    problem: m.problem ?? '',
    measure: m.measure ?? '',
    unit,
    deadline: m.deadline?.text ?? '',
    ...(m.deadline?.kind === 'date' ? { deadlineDate: m.deadline.date } : {}),
  };
}

function escalationLevel(daysOverdue: number | null, e: Escalation): EscalationLevel {
  if (daysOverdue !== null && daysOverdue > e.accountAfterDays) return 'account';
  if (daysOverdue !== null && daysOverdue > e.warnAfterDays) return 'warn';
  return 'supervise';
}

/** Days until a deadline within DUE_SOON_DAYS (today included); undefined when not due soon. */
function daysLeft(m: Measure, asOf: IsoDate): number | undefined {
  if (isCompleted(m) || m.deadline?.kind !== 'date') return undefined;
  const left = daysBetween(asOf, m.deadline.date);
  return left >= 0 && left <= DUE_SOON_DAYS ? left : undefined;
}

/** The office's answers a unit has to act on. A returned closure is on a completed measure; a refused extension matters while it is not. */
function returnedOf(m: Measure, row: ReminderRow): ReturnedRow[] {
  const out: ReturnedRow[] = [];
  const c = m.closure;
  if (c?.state === 'returned') out.push({ ...row, what: 'closure', reason: c.reason ?? '', ...(c.on ? { on: c.on } : {}) });
  const x = m.extension;
  if (x?.state === 'rejected' && !isCompleted(m)) {
    out.push({ ...row, what: 'extension', reason: x.note ?? '', requestedDeadline: x.deadline, ...(x.on ? { on: x.on } : {}) });
  }
  return out;
}

function pendingOf(m: Measure, row: ReminderRow): PendingRow[] {
  const out: PendingRow[] = [];
  if (m.closure?.state === 'requested') out.push({ ...row, what: 'closure', ...(m.closure.on ? { since: m.closure.on } : {}) });
  const x = m.extension;
  if (x?.state === 'requested' && !isCompleted(m)) out.push({ ...row, what: 'extension', requestedDeadline: x.deadline, ...(x.on ? { since: x.on } : {}) });
  return out;
}

function emptyDigest(unit: string): UnitDigest {
  return { unit, level: null, dueSoon: [], overdue: [], returned: [], pending: [] };
}

/** Adds what one measure tells its unit. Closed (已销号) measures tell nothing. */
function addMeasure(d: UnitDigest, m: Measure & { id: string }, asOf: IsoDate, e: Escalation): void {
  if (m.closure?.state === 'approved') return;
  const row = rowOf(m, d.unit);
  const left = daysLeft(m, asOf);
  if (left !== undefined) d.dueSoon.push({ ...row, daysLeft: left });
  if (isOverdue(m, asOf)) {
    const days = m.deadline?.kind === 'date' ? overdueDays(m, asOf) : null;
    d.overdue.push({ ...row, daysOverdue: days, level: escalationLevel(days, e) });
  }
  d.returned.push(...returnedOf(m, row));
  d.pending.push(...pendingOf(m, row));
}

const LEVEL_RANK: Record<EscalationLevel, number> = { supervise: 0, warn: 1, account: 2 };

/** Most days overdue first, 立行立改 after the dated ones; ties keep the ledger's order. */
const byDaysOverdue = (a: OverdueRow, b: OverdueRow) => (b.daysOverdue ?? -1) - (a.daysOverdue ?? -1);

function finish(d: UnitDigest): UnitDigest {
  d.dueSoon.sort((a, b) => a.daysLeft - b.daysLeft);
  d.overdue.sort(byDaysOverdue);
  d.level = d.overdue.reduce<EscalationLevel | null>((top, r) => (top === null || LEVEL_RANK[r.level] > LEVEL_RANK[top] ? r.level : top), null);
  return d;
}

const hasNews = (d: UnitDigest) => d.dueSoon.length + d.overdue.length + d.returned.length + d.pending.length > 0;

/**
 * Every unit's digest as of a date, from the campaign's live measures in ledger order. Units come in
 * `unitOrder` (the campaign's configured units), then in order of first appearance; a measure
 * without a unit has nobody to remind and is left out.
 */
export function reminderDigest(measures: Iterable<Measure & { id: string }>, asOf: IsoDate, escalation: Escalation, unitOrder: readonly string[] = []): ReminderDigest {
  const byUnit = new Map<string, UnitDigest>(unitOrder.map((u) => [u, emptyDigest(u)]));
  for (const m of measures) {
    if (!m.unit) continue;
    let d = byUnit.get(m.unit);
    if (!d) byUnit.set(m.unit, (d = emptyDigest(m.unit)));
    addMeasure(d, m, asOf, escalation);
  }
  const units = [...byUnit.values()].filter(hasNews).map(finish);
  const accountability = units.flatMap((d) => d.overdue.filter((r) => r.level === 'account')).sort(byDaysOverdue);
  return { asOf, dueSoonDays: DUE_SOON_DAYS, escalation, units, accountability };
}
