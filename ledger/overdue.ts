// When a measure counts as completed, overdue or due soon (BRIEF §3).
import { addDays, daysBetween } from './dates';
import type { IsoDate, Measure } from './schema';
import { isCompletedStatus } from './status';

export function isCompleted(m: Measure): boolean {
  return isCompletedStatus(m.status);
}

/** Overdue as of a date: not completed and past its deadline date, or 立行立改 (due at once). */
export function isOverdue(m: Measure, asOf: IsoDate): boolean {
  if (isCompleted(m) || !m.deadline) return false;
  if (m.deadline.kind === 'immediate') return true;
  return m.deadline.kind === 'date' && m.deadline.date < asOf;
}

/** Days past the deadline date as of a date (0 for 立行立改, which has no date). */
export function overdueDays(m: Measure, asOf: IsoDate): number {
  return m.deadline?.kind === 'date' ? daysBetween(m.deadline.date, asOf) : 0;
}

/** Not completed and due within the next `days` days (deadline on or after the as-of date). */
export function isDueSoon(m: Measure, asOf: IsoDate, days = 7): boolean {
  if (isCompleted(m) || m.deadline?.kind !== 'date') return false;
  return m.deadline.date >= asOf && m.deadline.date <= addDays(asOf, days);
}
