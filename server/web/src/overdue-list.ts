// The overdue measures as of a date, worked out here from the rows with the ledger's own rules so
// the list agrees with the rollup's overdue count and the workbook's overdue sheet.
import { categoryIndex } from '../../../ledger/category';
import { isOverdue, overdueDays } from '../../../ledger/overdue';
import type { Deadline, IsoDate, Measure } from '../../../ledger/schema';

export interface OverdueMeasure {
  category: string;
  problem: string;
  measure: string;
  unit: string;
  owner: string;
  deadline: Deadline | undefined;
  /** Null for 立行立改, which is due at once and has no date to count from. */
  days: number | null;
}

/**
 * Most days overdue first; 立行立改 after the dated ones; ties keep the ledger's order. Categories are
 * named as the rollup names them ("一、作风建设" and "第一类" under the campaign's own name).
 */
export function overdueMeasures(measures: Measure[], asOf: IsoDate, categories: string[] = []): OverdueMeasure[] {
  const index = categoryIndex(
    categories,
    measures.flatMap((m) => (m.category ? [m.category] : [])),
  );
  const list = measures
    .filter((m) => isOverdue(m, asOf))
    .map((m) => ({
      category: m.category ? (index.resolve(m.category) ?? m.category) : '',
      problem: m.problem ?? '',
      measure: m.measure ?? '',
      unit: m.unit ?? '',
      owner: m.owner ?? '',
      deadline: m.deadline,
      days: m.deadline?.kind === 'date' ? overdueDays(m, asOf) : null,
    }));
  return list.sort((a, b) => (b.days ?? -1) - (a.days ?? -1));
}
