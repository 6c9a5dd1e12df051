// The shared sample ledger and the figures BRIEF §4 gives for it, which the file and every grid laid
// out like it must roll up to.
import type { IsoDate } from '../../ledger';

export const SAMPLE_FILE = '/work/shared/samples/sample-unit-ledger.xlsx';
export const SAMPLE_AS_OF: IsoDate = '2018-09-10';

/** "2 categories, 3 problems, 5 measures: done 2, done_ongoing 1, in_progress 1, not_started 1; overdue 1." */
export const SAMPLE_FIGURES = {
  categories: 2,
  problems: 3,
  measures: 5,
  status: { done: 2, done_ongoing: 1, in_progress: 1, not_started: 1 },
  completed: 3,
  overdue: 1,
} as const;
