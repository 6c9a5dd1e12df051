// One open conflict as a card: the service's value, mine and the one both started from, with a
// button for each side and, for plain text, a field for another value.
import { columnFieldOf, dateIn, FIELD_LABELS, statusLabel, STATUS_CODES, type Field, type Lang } from '../../../ledger';
import { extrasKey, type ConflictChoice } from '../../../ledger/sync-protocol';
import type { RowConflict } from '../../sync/report';
import { t } from '../i18n';
import { h } from './dom';
import type { View } from './controls';

export function conflictCard(group: RowConflict, v: View): HTMLElement {
  const { lang, T } = v;
  const c = group.conflict;
  const name = fieldName(c.field, lang);
  const id = `lp-c-${c.id}`;
  return h(
    'article',
    { class: 'lp-conflict', 'aria-labelledby': id },
    h('h4', { id }, group.row ? T('conflict.title', { row: group.row, field: name }) : T('conflict.titleElsewhere', { field: name })),
    h(
      'dl',
      { class: 'lp-values' },
      h('dt', {}, T('conflict.server')),
      h('dd', { class: 'lp-theirs', translate: 'no' }, shown(c.server, lang)),
      c.changedBy ? h('dd', { class: 'lp-who' }, T('conflict.changedBy', { who: c.changedBy, date: c.changedAt ? dateIn(lang, c.changedAt.slice(0, 10)) : '' })) : null,
      h('dt', {}, T('conflict.mine')),
      h('dd', { class: 'lp-mine', translate: 'no' }, shown(c.caller, lang)),
      h('dt', {}, T('conflict.base')),
      h('dd', { class: 'lp-base', translate: 'no' }, shown(c.base, lang)),
    ),
    h(
      'div',
      { class: 'lp-actions' },
      choiceButton(v, group, `keep-${c.id}`, () => 'server', T('conflict.useServer')),
      choiceButton(v, group, `mine-${c.id}`, () => 'caller', T('conflict.useMine')),
    ),
    typedValue(group) ? customValue(v, group, id) : null,
  );
}

/**
 * A button that settles the conflict with `choice` (read as it is clicked: a typed value changes).
 * None is primary: which side is right is the user's call, not the pane's next step.
 */
function choiceButton(v: View, group: RowConflict, key: string, choice: () => ConflictChoice, label: string): HTMLButtonElement {
  return h('button', { type: 'button', class: 'lp-button', 'data-key': key, disabled: v.state.busy !== undefined, onclick: () => void v.pane.resolve(group, choice()) }, label);
}

/** A typed value fits fields of plain text; a status or a deadline is chosen from the two sides. */
function typedValue(group: RowConflict): boolean {
  const c = group.conflict;
  return group.ids.length === 1 && (typeof c.server === 'string' || typeof c.caller === 'string') && !['status', 'deadline', 'closure'].includes(c.field);
}

function customValue(v: View, group: RowConflict, id: string): HTMLElement {
  const { form, T } = v;
  const cid = group.conflict.id;
  return h(
    'div',
    { class: 'lp-field lp-inline' },
    h('label', { for: `${id}-v` }, T('conflict.custom')),
    h('input', { id: `${id}-v`, 'data-key': `custom-${cid}`, value: form.custom[cid] ?? '', oninput: (e) => (form.custom[cid] = (e.target as HTMLInputElement).value) }),
    choiceButton(v, group, `apply-${cid}`, () => ({ value: form.custom[cid] ?? '' }), T('conflict.apply')),
  );
}

function fieldName(field: string, lang: Lang): string {
  const base = columnFieldOf(field);
  const extra = extrasKey(base);
  if (extra !== undefined) return extra;
  return base in FIELD_LABELS ? FIELD_LABELS[base as Field][lang] : base;
}

/** A conflict value for people: a status as its label, a deadline as its words. */
function shown(value: unknown, lang: Lang): string {
  if (value === null || value === undefined || value === '') return t(lang, 'conflict.empty');
  if (typeof value === 'string' && (STATUS_CODES as readonly string[]).includes(value)) {
    const code = value as (typeof STATUS_CODES)[number];
    return statusLabel(code, undefined, lang);
  }
  if (typeof value === 'object' && value !== null && 'text' in value && typeof value.text === 'string') return value.text;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
