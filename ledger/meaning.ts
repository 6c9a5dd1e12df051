// Values compared by what they mean (BRIEF §3 "Round trip"), the one comparison merge, push, the
// service and the add-in all use: a status by its code (已启动 = 正在推进), a deadline by its kind and
// date (2018年9月底前 = 2018-09-30), a completion date by its date, text ignoring white space around and
// within it (a workbook's reader collapses runs of spaces and line breaks), a number by its digits.
// A workbook written by the system and read back therefore means the same as what was written.
import { parseCategory } from './category';
import { parseDate } from './deadline';
import { extensionMeaning } from './extension';
import { FIELDS, type CellValue, type Closure, type Deadline, type Field, type Measure } from './schema';
import { parseStatus } from './status';
import { normalizeText, textKey } from './text';

/** The fields a ledger column holds (not 序号, not the bookkeeping id and version). */
export type ColumnField = Exclude<Field, 'seq' | 'id' | 'version'>;

export const COLUMN_FIELDS: readonly ColumnField[] = FIELDS.filter((f): f is ColumnField => f !== 'seq' && f !== 'id' && f !== 'version');

/** A measure's values without its identity and extra columns. */
export type MeasureFields = Omit<Measure, 'id' | 'version' | 'extras'>;

/**
 * The Measure keys that hold each column's value. A status column holds the code and the words it was
 * written with, a completion column the date and its words: each pair is one field, versioned and
 * compared as one.
 */
export function measureKeys(field: ColumnField): (keyof MeasureFields)[] {
  if (field === 'status') return ['status', 'statusText'];
  if (field === 'completedOn') return ['completedOn', 'completedOnText'];
  return [field];
}

/**
 * The column field a Measure key belongs to (statusText → status, completedOnText → completedOn);
 * any other name (a field, `extras.<key>`, a history record's `created`) stands for itself.
 */
export function columnFieldOf(key: keyof MeasureFields): ColumnField;
export function columnFieldOf(key: string): string;
export function columnFieldOf(key: string): string {
  if (key === 'statusText') return 'status';
  if (key === 'completedOnText') return 'completedOn';
  return key;
}

/**
 * Values as the system keeps them: a status by its code, its words only when they name no status
 * (statuses are written out with the campaign's words); a completion date by its date, its words
 * only when they name no date.
 */
export function canonicalFields<T extends MeasureFields>(m: T): T {
  // Most values are canonical already (every row the service stored is): no copy for them.
  if (m.statusText === undefined && m.completedOnText === undefined && !('status' in m && m.status === undefined)) return m;
  const out: T = { ...m };
  if (out.statusText !== undefined) {
    out.status ??= parseStatus(out.statusText).status;
    if (out.status !== undefined) delete out.statusText;
  }
  if (out.completedOnText !== undefined) {
    out.completedOn ??= parseDate(out.completedOnText)?.date;
    if (out.completedOn === undefined) delete out.completedOn;
    else delete out.completedOnText;
  }
  if (out.status === undefined) delete out.status;
  return out;
}

/** A column's value as one: a status's code (or its words), a completion date (or its words). */
export function fieldValue(field: ColumnField, m: MeasureFields): unknown {
  if (field === 'status') return m.status ?? m.statusText;
  if (field === 'completedOn') return m.completedOn ?? m.completedOnText;
  return m[field];
}

export function textMeaning(s: string | undefined): string {
  return s === undefined ? '' : normalizeText(s);
}

function deadlineMeaning(d: Deadline | undefined): string {
  if (!d) return '';
  switch (d.kind) {
    case 'date':
      return `date:${d.date}`;
    case 'ongoing':
    case 'immediate':
      return d.kind;
    default:
      return `${d.kind}:${normalizeText(d.text)}`;
  }
}

/**
 * A closure by its state and date: the approver and the reason travel in the cell's words, which a
 * workbook keeps as written and reads back as the reason.
 */
function closureMeaning(c: Closure | undefined): string {
  return c ? `${c.state}:${c.on ?? ''}` : '';
}

/** A category by its name, ignoring an ordinal prefix; an ordinal alone ("第一类") by its number. */
function categoryMeaning(text: string | undefined): string {
  if (text === undefined) return '';
  const { ordinal, name } = parseCategory(text);
  const key = textKey(name);
  return key || (ordinal === undefined ? '' : `#${ordinal}`);
}

/** An extra column's cell: text without its spacing, numbers and text of the same digits alike. */
export function cellMeaning(v: CellValue | undefined): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? normalizeText(v) : String(v);
}

/** One column's value in `m`, as a string equal for equal meanings ('' when empty). */
export function fieldMeaning(field: ColumnField, m: MeasureFields): string {
  switch (field) {
    case 'status':
      return m.status ?? (m.statusText === undefined ? '' : `words:${normalizeText(m.statusText)}`);
    case 'completedOn':
      return m.completedOn ?? (m.completedOnText === undefined ? '' : `words:${normalizeText(m.completedOnText)}`);
    case 'deadline':
      return deadlineMeaning(m.deadline);
    case 'closure':
      return closureMeaning(m.closure);
    case 'extension':
      return extensionMeaning(m.extension);
    case 'category':
      return categoryMeaning(m.category);
    default:
      return textMeaning(m[field]);
  }
}
