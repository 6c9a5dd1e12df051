// The "rollup" section: the last check's figures as tiles and tables, the day they are as of, and
// writing them to a sheet.
import { dateIn, statusLabel, STATUS_CODES, type Rollup } from '../../../ledger';
import { h } from './dom';
import { button, notices, section, type View } from './controls';

export function rollupSection(v: View): HTMLElement {
  const { T, pane } = v;
  const rollup = v.state.check?.result.rollup;
  return section(
    v,
    'rollup',
    T('rollup.heading'),
    rollup
      ? [
          h('p', { class: 'lp-asof' }, T('asOf', { date: dateIn(v.lang, rollup.asOf) })),
          h(
            'div',
            { class: 'lp-tiles' },
            tile(T('rollup.measures'), rollup.measures),
            tile(T('rollup.completed'), rollup.completed),
            tile(T('rollup.rate'), percent(rollup.completionRate)),
            tile(T('rollup.overdue'), rollup.overdue, rollup.overdue > 0 ? 'lp-tile-alert' : undefined),
          ),
          h('p', { class: 'lp-report' }, rollup.report),
          h('h3', {}, T('rollup.byStatus')),
          statusTable(v, rollup),
          rollup.byCategory.length > 0 ? [h('h3', {}, T('rollup.byCategory')), categoryTable(v, rollup)] : null,
        ]
      : h('p', { class: 'lp-muted' }, T('rollup.needCheck')),
    h('div', { class: 'lp-actions' }, button(v, 'summary', T('rollup.write'), () => void pane.writeSummary())),
    notices(v, 'rollup'),
  );
}

function percent(n: number): string {
  return `${(n * 100).toFixed(1)}%`;
}

function tile(label: string, value: string | number, extra?: string): HTMLElement {
  return h('div', { class: extra ? `lp-tile ${extra}` : 'lp-tile' }, h('span', { class: 'lp-tile-value' }, value), h('span', { class: 'lp-tile-label' }, label));
}

function statusTable({ lang, pane }: View, rollup: Rollup): HTMLElement {
  const label = (code: (typeof STATUS_CODES)[number]) => statusLabel(code, pane.config, lang);
  return h(
    'table',
    { class: 'lp-table' },
    h('tbody', {}, STATUS_CODES.map((code) => h('tr', {}, h('th', { scope: 'row' }, label(code)), h('td', { class: 'lp-num' }, rollup.status[code])))),
  );
}

function categoryTable({ T }: View, rollup: Rollup): HTMLElement {
  const heads = [T('rollup.category'), T('rollup.count'), T('rollup.rate'), T('rollup.overdue')];
  return h(
    'table',
    { class: 'lp-table' },
    h('thead', {}, h('tr', {}, heads.map((text) => h('th', { scope: 'col' }, text)))),
    h(
      'tbody',
      {},
      rollup.byCategory.map((c) =>
        h('tr', {}, h('th', { scope: 'row', translate: 'no' }, c.category), h('td', { class: 'lp-num' }, c.measures), h('td', { class: 'lp-num' }, percent(c.completionRate)), h('td', { class: 'lp-num' }, c.overdue)),
      ),
    ),
  );
}
