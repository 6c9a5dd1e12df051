// What a check reads of a sheet, for a reader that fetches only some of its columns (the task pane).
import type { Field } from './schema';

/**
 * The fields a check reads the text of: those `rowFindings` judges, the rest of the key
 * `duplicateFindings` compares, and the numbering and bookkeeping the reader tells a blank template
 * row by.
 */
export const CHECKED_FIELDS: readonly Field[] = [
  'measure', 'problem', 'status', 'deadline', 'completedOn', 'category', 'unit',
  'problemNo', 'measureNo', 'id',
  'seq', 'version',
];

/** Fields a check asks only whether they are filled (`done_without_evidence`). */
export const CHECKED_IF_FILLED: readonly Field[] = ['evidence'];
