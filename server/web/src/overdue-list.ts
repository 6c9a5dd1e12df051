// The overdue measures as of a date: the list of all measures (measure-list.ts, worked out with the
// ledger's own overdue rules and category names) narrowed and ordered, so it agrees with the rollup's
// overdue count, the workbook's overdue sheet and the overdue filter of the list.
import type { ListedMeasure } from './measure-list';

/** Most days overdue first; 立行立改 after the dated ones; ties keep the ledger's order. */
export function overdueMeasures(listed: ListedMeasure[]): ListedMeasure[] {
  return listed.filter((m) => m.overdue).sort((a, b) => (b.days ?? -1) - (a.days ?? -1));
}
