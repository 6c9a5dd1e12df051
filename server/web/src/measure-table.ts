// The table of all measures: search and filters (the form in index.html), sorting by a click on a
// column header, and pages of PAGE_SIZE rows so a 10,000-measure ledger stays quick to show.
import { STATUS_CODES, type Lang, type StatusCode } from '../../../ledger/schema';
import { byId, h } from './dom';
import { CLOSURE_FILTERS, SORT_KEYS, choices, viewOf, type ListFilter, type ListSort, type ListedMeasure, type SortKey } from './measure-list';
import { scrollable, type StatusNames } from './rollup-view';
import type { Strings } from './strings';
import { closureText, deadlineText, extensionText } from './values';

const PAGE_SIZE = 50;

export interface ListContext {
  t: Strings;
  lang: Lang;
  names: StatusNames;
  rowHref(id: string): string;
  unitHref(unit: string): string;
}

const el = {
  form: byId('list-filters', HTMLFormElement),
  text: byId('f-text', HTMLInputElement),
  unit: byId('f-unit', HTMLSelectElement),
  category: byId('f-category', HTMLSelectElement),
  status: byId('f-status', HTMLSelectElement),
  overdue: byId('f-overdue', HTMLSelectElement),
  closure: byId('f-closure', HTMLSelectElement),
  slot: byId('list-slot', HTMLDivElement),
  prev: byId('page-prev', HTMLButtonElement),
  next: byId('page-next', HTMLButtonElement),
  pageText: byId('page-text', HTMLSpanElement),
};

let all: ListedMeasure[] = [];
let ctx: ListContext | undefined;
let sort: ListSort = { key: 'no', dir: 'asc' };
let page = 1;
/** Told when the unit filter changes, so the page's address and unit panel follow it. */
let onUnitChange: (unit: string) => void = () => undefined;

function fill(select: HTMLSelectElement, options: [string, string][], t: Strings): void {
  const keep = select.value;
  select.replaceChildren(h('option', { value: '' }, [t.allOption]), ...options.map(([value, label]) => h('option', { value }, [label])));
  select.value = options.some(([v]) => v === keep) ? keep : '';
}

function fillChoices(c: ListContext): void {
  const same = (v: string): [string, string] => [v, v];
  fill(el.unit, choices(all, (m) => m.unit).sort((a, b) => a.localeCompare(b, 'zh-CN')).map(same), c.t);
  fill(el.category, choices(all, (m) => m.category).map(same), c.t);
  fill(el.status, STATUS_CODES.map((code) => [code, c.names[code]]), c.t);
  fill(el.overdue, [['yes', c.t.overdueYes], ['no', c.t.overdueNo]], c.t);
  const closureLabel = (state: (typeof CLOSURE_FILTERS)[number]) => closureText(state === 'none' ? undefined : { state }, c.t);
  fill(el.closure, CLOSURE_FILTERS.map((state) => [state, closureLabel(state)]), c.t);
}

function currentFilter(): ListFilter {
  const pick = <T extends string>(v: string, allowed: readonly T[]) => ((allowed as readonly string[]).includes(v) ? (v as T) : '');
  return {
    text: el.text.value,
    unit: el.unit.value,
    category: el.category.value,
    status: pick<StatusCode>(el.status.value, STATUS_CODES),
    overdue: pick(el.overdue.value, ['yes', 'no'] as const),
    closure: pick(el.closure.value, CLOSURE_FILTERS),
  };
}

function headerCell(key: SortKey, label: string, c: ListContext): HTMLTableCellElement {
  const state = sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none';
  const button = h('button', { type: 'button', class: 'sort', 'aria-label': c.t.sortBy(label) }, [label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, [state === 'ascending' ? '▲' : state === 'descending' ? '▼' : ''])]);
  button.addEventListener('click', () => {
    sort = { key, dir: sort.key === key && sort.dir === 'asc' ? 'desc' : 'asc' };
    page = 1;
    draw();
    el.slot.querySelector<HTMLButtonElement>(`th[data-key="${key}"] button`)?.focus();
  });
  return h('th', { scope: 'col', 'aria-sort': state, 'data-key': key }, [button]);
}

function rowOf(m: ListedMeasure, c: ListContext): HTMLTableRowElement {
  const status = m.status ? c.names[m.status] : '';
  const closure = [m.closure === 'none' ? '' : closureText({ state: m.closure }, c.t), m.extension ? extensionText(m.extension, c.t, c.lang) : ''].filter(Boolean).join(c.t.sep);
  return h('tr', { 'data-id': m.id }, [
    h('td', { class: 'short' }, [m.no]),
    h('td', {}, [m.category]),
    h('td', { class: 'long' }, [h('a', { href: c.rowHref(m.id) }, [m.measure || m.problem || m.no])]),
    h('td', { class: 'short' }, [m.unit ? h('a', { href: c.unitHref(m.unit) }, [m.unit]) : '']),
    h('td', { class: 'short' }, [m.owner]),
    h('td', { class: 'short' }, [deadlineText(m.deadline, c.t, c.lang)]),
    h('td', { class: 'short' }, [status]),
    h('td', { class: m.overdue ? 'num late' : 'num' }, [m.overdue ? (m.days === null ? '—' : m.days) : '']),
    h('td', { class: 'short' }, [closure]),
  ]);
}

function draw(): void {
  const c = ctx;
  if (!c) return;
  const shown = viewOf(all, currentFilter(), sort);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  page = Math.min(page, pages);
  const slice = shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const t = c.t;
  const labels: Record<SortKey, string> = { no: t.measureNo, category: t.category, measure: t.measure, unit: t.unit, owner: t.owner, deadline: t.deadline, status: t.status, days: t.daysOverdue, closure: t.closureState };
  const table = h('table', { id: 'measures', class: 'measures' }, [
    h('caption', { id: 'measures-caption' }, [t.listCaption(slice.length, shown.length, page, pages)]),
    h('thead', {}, [h('tr', {}, SORT_KEYS.map((key) => headerCell(key, labels[key], c)))]),
    h('tbody', {}, slice.map((m) => rowOf(m, c))),
  ]);
  el.slot.replaceChildren(scrollable(table, 'measures-caption'));
  el.pageText.textContent = t.pageOf(page, pages);
  el.prev.disabled = page <= 1;
  el.next.disabled = page >= pages;
}

/** New rows (a load, a language switch): the filters and sort stay as the person set them. */
export function showMeasures(list: ListedMeasure[], c: ListContext): void {
  all = list;
  ctx = c;
  fillChoices(c);
  draw();
}

/** The drill-down: only this unit's measures (or every unit's, for ""). */
export function filterUnit(unit: string): void {
  el.unit.value = unit;
  page = 1;
  draw();
}

export function listenUnitChange(listener: (unit: string) => void): void {
  onUnitChange = listener;
}

el.form.addEventListener('input', () => {
  page = 1;
  draw();
});
el.unit.addEventListener('change', () => onUnitChange(el.unit.value));
el.form.addEventListener('submit', (e) => e.preventDefault());
el.form.addEventListener('reset', () => {
  // After the browser has put the fields back.
  setTimeout(() => {
    page = 1;
    draw();
    onUnitChange('');
  });
});
el.prev.addEventListener('click', () => {
  page--;
  draw();
});
el.next.addEventListener('click', () => {
  page++;
  draw();
});
