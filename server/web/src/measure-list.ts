// The list of all measures behind the page's table: each row reduced to what is shown, searched,
// filtered and sorted, with the ledger's own rules for categories and overdue.
import { categoryIndex } from '../../../ledger/category';
import { isOverdue, overdueDays } from '../../../ledger/overdue';
import type { Closure, Deadline, Extension, IsoDate, StatusCode } from '../../../ledger/schema';
import { STATUS_CODES } from '../../../ledger/schema';
import type { RowState } from '../../../ledger/sync-protocol';

export interface ListedMeasure {
  id: string;
  no: string;
  category: string;
  problem: string;
  measure: string;
  unit: string;
  owner: string;
  deadline: Deadline | undefined;
  status: StatusCode | undefined;
  overdue: boolean;
  /** Days past the deadline date when overdue; null for 立行立改 and measures not overdue. */
  days: number | null;
  closure: Closure['state'] | 'none';
  extension: Extension | undefined;
}

export const CLOSURE_FILTERS = ['none', 'requested', 'approved', 'returned'] as const;

export interface ListFilter {
  text: string;
  unit: string;
  category: string;
  status: StatusCode | '';
  overdue: '' | 'yes' | 'no';
  closure: ListedMeasure['closure'] | '';
}

export const SORT_KEYS = ['no', 'category', 'measure', 'unit', 'owner', 'deadline', 'status', 'days', 'closure'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface ListSort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

export function listedMeasures(rows: RowState[], asOf: IsoDate, categories: string[]): ListedMeasure[] {
  const live = rows.filter((r) => !r.deleted).map((r) => r.measure);
  const index = categoryIndex(
    categories,
    live.flatMap((m) => (m.category ? [m.category] : [])),
  );
  return live.map((m) => {
    const overdue = isOverdue(m, asOf);
    return {
      id: m.id,
      no: m.measureNo ?? m.problemNo ?? '',
      category: m.category ? (index.resolve(m.category) ?? m.category) : '',
      problem: m.problem ?? '',
      measure: m.measure ?? '',
      unit: m.unit ?? '',
      owner: m.owner ?? '',
      deadline: m.deadline,
      status: m.status,
      overdue,
      days: overdue && m.deadline?.kind === 'date' ? overdueDays(m, asOf) : null,
      closure: m.closure?.state ?? 'none',
      extension: m.extension,
    };
  });
}

function matches(m: ListedMeasure, f: ListFilter): boolean {
  if (f.unit && m.unit !== f.unit) return false;
  if (f.category && m.category !== f.category) return false;
  if (f.status && m.status !== f.status) return false;
  if (f.overdue && m.overdue !== (f.overdue === 'yes')) return false;
  if (f.closure && m.closure !== f.closure) return false;
  const words = f.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = `${m.no} ${m.category} ${m.problem} ${m.measure} ${m.unit} ${m.owner}`.toLowerCase();
  return words.every((w) => haystack.includes(w));
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

function sortValue(m: ListedMeasure, key: SortKey): string | number {
  if (key === 'deadline') return m.deadline?.kind === 'date' ? m.deadline.date : m.deadline?.kind === 'immediate' ? '0000' : '9999';
  if (key === 'status') return m.status ? STATUS_CODES.indexOf(m.status) : -1;
  if (key === 'days') return m.overdue ? (m.days ?? -1) : -2;
  if (key === 'closure') return CLOSURE_FILTERS.indexOf(m.closure);
  return m[key];
}

/** Filtered, then sorted; ties keep the ledger's order. */
export function viewOf(all: ListedMeasure[], f: ListFilter, s: ListSort): ListedMeasure[] {
  const sign = s.dir === 'asc' ? 1 : -1;
  return all
    .filter((m) => matches(m, f))
    .map((m, i) => ({ m, i, v: sortValue(m, s.key) }))
    .sort((a, b) => {
      const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : collator.compare(String(a.v), String(b.v));
      return c === 0 ? a.i - b.i : sign * c;
    })
    .map((x) => x.m);
}

/** Distinct non-empty values in first-seen order. */
export function choices(all: ListedMeasure[], pick: (m: ListedMeasure) => string): string[] {
  return [...new Set(all.map(pick).filter(Boolean))];
}
