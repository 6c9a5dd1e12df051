// The rollup on the page: the overall figures and the tables by category and by unit, with the
// same columns as the summary sheet of the consolidated workbook.
import { STATUS_CODES, type CategoryRollup, type Rollup, type StatusCode, type UnitRollup } from '../../../ledger/schema';
import { h } from './dom';
import { percent } from './format';
import type { Strings } from './strings';

export type StatusNames = Record<StatusCode, string>;

type Figures = Pick<Rollup, 'measures' | 'problems' | 'status' | 'completed' | 'overdue' | 'completionRate'>;

export function totalsList(r: Rollup, t: Strings, names: StatusNames): HTMLDListElement {
  const items: [string, string, string?][] = [
    [t.categories, String(r.categories)],
    [t.problems, String(r.problems)],
    [t.measures, String(r.measures)],
    ...STATUS_CODES.map((code): [string, string] => [names[code], String(r.status[code])]),
    [t.completed, String(r.completed)],
    [t.overdue, String(r.overdue), r.overdue > 0 ? 'late' : undefined],
    [t.rate, percent(r.completionRate)],
    [t.closedCount, String(r.closed)],
    [t.extensionsPendingCount, String(r.extensionsPending)],
  ];
  return h(
    'dl',
    { class: 'totals', id: 'totals' },
    items.map(([term, value, cls]) =>
      h('div', cls ? { class: cls } : {}, [h('dt', {}, [term]), h('dd', {}, [value])]),
    ),
  );
}

function figureCells(f: Figures): HTMLTableCellElement[] {
  return [
    f.measures,
    f.problems,
    ...STATUS_CODES.map((code) => f.status[code]),
    f.completed,
  ]
    .map((n) => h('td', { class: 'num' }, [n]))
    .concat(h('td', { class: f.overdue > 0 ? 'num late' : 'num' }, [f.overdue]), h('td', { class: 'num' }, [percent(f.completionRate)]));
}

/** A table of figures by category or by unit, its total row from the rollup's own totals. */
export function groupTable(
  id: string,
  caption: string,
  firstHeader: string,
  groups: (CategoryRollup | UnitRollup)[],
  total: Rollup,
  t: Strings,
  names: StatusNames,
): HTMLElement {
  const captionId = `${id}-caption`;
  const headers = [firstHeader, t.measures, t.problems, ...STATUS_CODES.map((c) => names[c]), t.completed, t.overdue, t.rate];
  const table = h('table', { id, class: 'figures' }, [
    // The section's heading already shows these words; the caption names the table for screen readers.
    h('caption', { id: captionId, class: 'visually-hidden' }, [caption]),
    h('thead', {}, [h('tr', {}, headers.map((text) => h('th', { scope: 'col' }, [text])))]),
    h(
      'tbody',
      {},
      groups.map((g) => h('tr', {}, [h('th', { scope: 'row' }, ['category' in g ? g.category : g.unit]), ...figureCells(g)])),
    ),
    h('tfoot', {}, [h('tr', {}, [h('th', { scope: 'row' }, [t.total]), ...figureCells(total)])]),
  ]);
  return scrollable(table, captionId);
}

/** Wide tables scroll sideways on narrow screens; the region lets keyboard users scroll them too. */
export function scrollable(table: HTMLTableElement, captionId: string): HTMLElement {
  return h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': captionId, tabindex: '0' }, [table]);
}
