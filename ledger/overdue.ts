// When a measure counts as completed, overdue or due soon (BRIEF §3).
import { daysBetween } from './dates';
import { DEADLINE_WORDS, type IsoDate, type Measure } from './schema';
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

/**
 * A measure not completed is due soon when its deadline date falls within this many days from the
 * as-of date (both included). Workbooks colour and count it in formulas, recomputed by Excel each day.
 */
export const DUE_SOON_DAYS = 7;

/** The words a ledger uses for a deadline due at once: 立行立改 first, then those its rows were written with. */
export function immediateWordsIn(measures: Iterable<Pick<Measure, 'deadline'>>): string[] {
  const words = new Set<string>([DEADLINE_WORDS.immediate]);
  for (const m of measures) if (m.deadline?.kind === 'immediate') words.add(m.deadline.text);
  return [...words];
}
