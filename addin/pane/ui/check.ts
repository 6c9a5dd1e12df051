// The "check" section: run the check, clear its marks, check as the sheet changes, and the findings
// as buttons that select their cell.
import { dateIn, type Finding } from '../../../ledger';
import { h } from './dom';
import { button, notices, section, type View } from './controls';

/** Findings shown per severity at first: more on request, so a long list does not bury the sections below. */
const FIRST_SHOWN = 20;
/** Findings listed per severity at most; the rest are counted. */
const LIST_LIMIT = 200;

export function checkSection(v: View): HTMLElement {
  const { state, T, pane, step } = v;
  const outcome = state.check;
  const findings = outcome?.result.findings ?? [];
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity === 'warning');
  const date = outcome ? dateIn(v.lang, outcome.result.rollup.asOf) : '';
  return section(
    v,
    'check',
    T('check.heading'),
    h(
      'div',
      { class: 'lp-actions' },
      button(v, 'check', T('check.run'), () => void pane.check(), { primary: step === 'check' }),
      button(v, 'clear-marks', T('check.clear'), () => void pane.clearMarks()),
    ),
    h(
      'div',
      { class: 'lp-check' },
      h('input', { type: 'checkbox', id: 'lp-auto', 'data-key': 'auto', checked: state.autoCheck, onchange: (e) => void pane.setAutoCheck((e.target as HTMLInputElement).checked) }),
      h('label', { for: 'lp-auto' }, T('check.auto')),
    ),
    outcome
      ? h('p', { class: 'lp-summary', role: 'status' }, findings.length === 0 ? T('check.none', { date }) : T('check.summary', { errors: errors.length, warnings: warnings.length, date }))
      : null,
    findingGroup(v, 'err', T('check.errors'), errors, 'error'),
    findingGroup(v, 'warn', T('check.warnings'), warnings, 'warning'),
    notices(v, 'check'),
  );
}

function findingGroup(v: View, key: string, title: string, list: Finding[], kind: 'error' | 'warning'): HTMLElement | null {
  if (list.length === 0) return null;
  const moreKey = `more-${key}`;
  const all = v.folds.isOpen(moreKey, false);
  const shown = Math.min(list.length, all ? LIST_LIMIT : FIRST_SHOWN);
  const showAll = () => {
    v.folds.toggle(moreKey, false);
    v.redraw();
  };
  return h(
    'div',
    { class: `lp-group lp-group-${kind}` },
    h('h3', {}, v.T('count', { label: title, count: list.length })),
    h(
      'ul',
      { class: 'lp-findings' },
      list.slice(0, shown).map((f, i) => h('li', {}, findingButton(v, `${key}-${i}`, f))),
      !all && list.length > shown
        ? h('li', {}, h('button', { type: 'button', class: 'lp-more', 'data-key': moreKey, onclick: showAll }, v.T('check.showMore', { count: Math.min(list.length, LIST_LIMIT) - shown })))
        : null,
      list.length > LIST_LIMIT && all ? h('li', { class: 'lp-muted' }, v.T('check.more', { count: list.length - LIST_LIMIT })) : null,
    ),
  );
}

function findingButton(v: View, key: string, f: Finding): HTMLButtonElement {
  const at = where(v, f);
  return h(
    'button',
    { type: 'button', class: 'lp-finding', 'data-key': key, 'aria-label': v.T('check.goTo', { where: at, message: f.message }), onclick: () => void v.pane.goTo(f) },
    h('span', { class: 'lp-where' }, at),
    h('span', { class: 'lp-message' }, f.message),
  );
}

function where({ T }: View, f: Finding): string {
  if (f.row > 0 && f.column) return T('check.where', { row: f.row, column: f.column });
  return f.row > 0 ? T('check.whereRow', { row: f.row }) : T('check.whereSheet');
}
