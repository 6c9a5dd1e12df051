// The charts section: one card per chart, each with its numbers as a real table behind a
// "查看数据表" toggle (which also serves screen readers and print, where every table shows).
import { STATUS_CODES, type Lang, type Rollup } from '../../../ledger/schema';
import type { ProgressPoint } from '../../../ledger/sync-protocol';
import { barsHeight, overdueBars, progressLine, statusBars, statusDonut } from './chart-options';
import { drawChart, type ChartOption } from './charts';
import { h } from './dom';
import { dateText, percent } from './format';
import { groupTable, scrollable, type StatusNames } from './rollup-view';
import type { Strings } from './strings';

export interface ChartInputs {
  rollup: Rollup;
  progress: ProgressPoint[];
  names: StatusNames;
  t: Strings;
  lang: Lang;
  /** Where a unit's own view is (the drill-down). */
  unitHref(unit: string): string;
  onUnit(unit: string): void;
}

/** Toggled open by the person; kept across re-renders (a language switch, a refresh). */
const openTables = new Set<string>();

interface Card {
  id: string;
  title: string;
  table: HTMLElement;
  /** Absent: nothing to draw, the table (or its empty note) says so. */
  chart?: { option: ChartOption; height: number; onPick?: (name: string) => void };
}

function toggle(card: Card, t: Strings): HTMLElement[] {
  const dataId = `${card.id}-data`;
  const open = openTables.has(card.id);
  const wrap = h('div', { id: dataId, class: open ? 'chart-data' : 'chart-data collapsed' }, [card.table]);
  const button = h('button', { type: 'button', class: 'data-toggle', 'aria-expanded': String(open), 'aria-controls': dataId }, [open ? t.hideData : t.showData]);
  button.addEventListener('click', () => {
    const nowOpen = !openTables.has(card.id);
    if (nowOpen) openTables.add(card.id);
    else openTables.delete(card.id);
    wrap.classList.toggle('collapsed', !nowOpen);
    button.setAttribute('aria-expanded', String(nowOpen));
    button.textContent = nowOpen ? t.hideData : t.showData;
  });
  return [button, wrap];
}

/** The card, and what draws its chart once the card is on the page (ECharts measures its box). */
function cardElement(card: Card, t: Strings): { element: HTMLElement; draw(): void } {
  const titleId = `${card.id}-title`;
  const box = card.chart ? h('div', { id: card.id, class: 'chart', role: 'img', 'aria-labelledby': titleId }) : undefined;
  if (box && card.chart) box.style.height = `${card.chart.height}px`;
  const element = h('section', { class: 'chart-card', 'aria-labelledby': titleId }, [
    h('h4', { id: titleId }, [card.title]),
    ...(box ? [box] : []),
    ...toggle(card, t),
  ]);
  return { element, draw: () => box && card.chart && drawChart(box, card.chart.option, card.chart.onPick) };
}

function simpleTable(id: string, caption: string, headers: string[], rows: (string | number | Node)[][], foot?: (string | number)[]): HTMLElement {
  const captionId = `${id}-caption`;
  const cell = (v: string | number | Node, i: number) => (i === 0 ? h('th', { scope: 'row' }, [v]) : h('td', { class: 'num' }, [v]));
  const table = h('table', { id, class: 'figures' }, [
    h('caption', { id: captionId }, [caption]),
    h('thead', {}, [h('tr', {}, headers.map((text) => h('th', { scope: 'col' }, [text])))]),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map(cell)))),
    ...(foot ? [h('tfoot', {}, [h('tr', {}, foot.map(cell))])] : []),
  ]);
  return scrollable(table, captionId);
}

function statusTable(r: Rollup, names: StatusNames, t: Strings): HTMLElement {
  const share = (n: number) => percent(r.measures === 0 ? 0 : n / r.measures);
  const rows = STATUS_CODES.map((code) => [names[code], r.status[code], share(r.status[code])]);
  return simpleTable('status-table', t.chartStatus, [t.status, t.measures, t.share], rows, [t.total, r.measures, percent(r.measures === 0 ? 0 : 1)]);
}

function progressTable(points: ProgressPoint[], t: Strings, lang: Lang): HTMLElement {
  if (points.length === 0) return h('p', { id: 'progress-table', class: 'empty' }, [t.noHistory]);
  const rows = points.map((p) => [dateText(p.date, lang), p.completed, p.measures, percent(p.measures === 0 ? 0 : p.completed / p.measures)]);
  return simpleTable('progress-table', t.chartProgress, [t.date, t.cumulativeCompleted, t.measures, t.rate], rows);
}

function overdueUnits(r: Rollup) {
  return r.byUnit.filter((u) => u.overdue > 0).sort((a, b) => b.overdue - a.overdue);
}

function overdueTable(r: Rollup, t: Strings, link: (unit: string) => Node): HTMLElement {
  const units = overdueUnits(r);
  if (units.length === 0) return h('p', { id: 'overdue-by-unit-table', class: 'empty' }, [t.noOverdueUnits]);
  const rows = units.map((u) => [link(u.unit), u.overdue, u.measures]);
  return simpleTable('overdue-by-unit-table', t.chartOverdue, [t.unit, t.overdue, t.measures], rows, [t.total, r.overdue, r.measures]);
}

/** Unit names in the tables lead to the unit's own view, as a click on its bar does. */
function linkUnits(table: HTMLElement, href: (unit: string) => string): HTMLElement {
  for (const th of table.querySelectorAll('tbody th')) {
    const unit = th.textContent ?? '';
    if (unit) th.replaceChildren(h('a', { href: href(unit) }, [unit]));
  }
  return table;
}

export function chartCards(x: ChartInputs): { element: HTMLElement; draw(): void } {
  const { rollup: r, t, names } = x;
  const unitLink = (unit: string) => h('a', { href: x.unitHref(unit) }, [unit]);
  const cards: Card[] = [
    {
      id: 'chart-by-unit',
      title: t.chartByUnit,
      table: linkUnits(groupTable('by-unit', t.chartByUnit, t.unit, r.byUnit, r, t, names), x.unitHref),
      chart: { option: statusBars(r.byUnit.map((u) => ({ name: u.unit, status: u.status })), names), height: barsHeight(r.byUnit.length), onPick: x.onUnit },
    },
    {
      id: 'chart-by-category',
      title: t.chartByCategory,
      table: groupTable('by-category', t.chartByCategory, t.category, r.byCategory, r, t, names),
      chart: { option: statusBars(r.byCategory.map((c) => ({ name: c.category, status: c.status })), names), height: barsHeight(r.byCategory.length) },
    },
    { id: 'chart-status', title: t.chartStatus, table: statusTable(r, names, t), chart: { option: statusDonut(r, names), height: 300 } },
    {
      id: 'chart-progress',
      title: t.chartProgress,
      table: progressTable(x.progress, t, x.lang),
      ...(x.progress.length ? { chart: { option: progressLine(x.progress, x.progress.map((p) => dateText(p.date, x.lang)), t), height: 300 } } : {}),
    },
    {
      id: 'chart-overdue',
      title: t.chartOverdue,
      table: overdueTable(r, t, unitLink),
      ...(r.overdue > 0 ? { chart: { option: overdueBars(overdueUnits(r), t), height: barsHeight(overdueUnits(r).length) - 24, onPick: x.onUnit } } : {}),
    },
  ];
  const built = cards.map((c) => cardElement(c, t));
  return { element: h('div', { class: 'chart-grid' }, built.map((b) => b.element)), draw: () => built.forEach((b) => b.draw()) };
}
