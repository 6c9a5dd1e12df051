// Closure (申请销号) and extension (申请延期) in the pane: at the top, what the office sent back to
// the unit with its reasons (each opens its row in the sheet); in their own section, the row
// selected in the sheet with its closure and extension, the unit's requests and the office's answers.
import { dateIn, isCompletedStatus, statusLabel, type Closure, type Extension } from '../../../ledger';
import type { RowState } from '../../../ledger/sync-protocol';
import type { PickedRow } from '../requests';
import { mayRequestClosure, mayRequestExtension, type Answer } from '../requests';
import { h } from './dom';
import { button, field, notices, section, type View } from './controls';
import { evidenceBox, evidenceCount } from './evidence';

/** The returned closures and rejected extensions, shown above everything while there are any. */
export function answersBox(v: View): HTMLElement | null {
  const { answers } = v.state.requests;
  if (answers.length === 0) return null;
  const closures = answers.filter((a) => a.kind === 'closure');
  const extensions = answers.filter((a) => a.kind === 'extension');
  return h(
    'section',
    { class: 'lp-section lp-answers', 'aria-labelledby': 'lp-h-answers', role: 'region' },
    h('h2', { id: 'lp-h-answers' }, v.T('count', { label: v.T('answers.heading'), count: answers.length })),
    closures.length > 0 ? answerList(v, v.T('answers.closures'), closures) : null,
    extensions.length > 0 ? answerList(v, v.T('answers.extensions'), extensions) : null,
  );
}

function answerList(v: View, title: string, answers: Answer[]): HTMLElement {
  return h(
    'div',
    {},
    h('h3', {}, v.T('count', { label: title, count: answers.length })),
    h(
      'ul',
      { class: 'lp-answer-list' },
      answers.map((a) =>
        h(
          'li',
          { class: 'lp-notice lp-warn' },
          h(
            'button',
            { type: 'button', class: 'lp-answer-go', 'data-key': `answer-${a.kind}-${a.id}`, 'aria-label': v.T('answers.goTo', { measure: a.measure }), disabled: v.state.busy !== undefined, onclick: () => void v.pane.goToRow(a.id) },
            a.measure,
          ),
          h('p', { class: 'lp-answer-words' }, v.T('answers.words', { words: a.words }), a.on ? ` · ${dateIn(v.lang, a.on)}` : ''),
        ),
      ),
    ),
  );
}

/** The section: pick the selected row, see its closure and extension, ask or answer. Shown once connected. */
export function requestsSection(v: View): HTMLElement | null {
  const { state, T, pane } = v;
  if (!state.me || state.me.kind === 'unassigned') return null;
  const picked = state.requests.picked;
  return section(
    v,
    'requests',
    T('requests.heading'),
    h('p', { class: 'lp-hint' }, T(state.me.kind === 'office' ? 'requests.hintOffice' : 'requests.hint')),
    h('div', { class: 'lp-actions' }, button(v, 'requests-pick', T('requests.pick'), () => void pane.pickSelectedRow())),
    picked ? pickedRow(v, picked) : null,
    notices(v, 'requests'),
  );
}

function pickedRow(v: View, picked: PickedRow): HTMLElement {
  const { T, lang } = v;
  const row = picked.service;
  const m = row?.measure;
  return h(
    'article',
    { class: 'lp-conflict lp-picked', 'aria-labelledby': 'lp-picked-h' },
    h('h3', { id: 'lp-picked-h' }, T('requests.row', { row: picked.row })),
    m
      ? h(
          'dl',
          { class: 'lp-values' },
          h('dt', {}, T('requests.measure')),
          h('dd', { translate: 'no' }, m.measure ?? ''),
          h('dt', {}, T('requests.status')),
          h('dd', {}, m.status ? statusLabel(m.status, undefined, lang) : T('requests.none')),
          h('dt', {}, T('requests.deadline')),
          h('dd', {}, m.deadline ? (m.deadline.kind === 'date' && m.deadline.text === m.deadline.date ? dateIn(lang, m.deadline.date) : m.deadline.text) : T('requests.none')),
          h('dt', {}, T('requests.closure')),
          h('dd', { class: 'lp-closure-state' }, m.closure ? closureWords(v, m.closure) : T('requests.none')),
          m.closure?.note ? h('dd', { class: 'lp-who' }, T('requests.yourNote', { words: m.closure.note })) : null,
          h('dt', {}, T('requests.extension')),
          h('dd', { class: 'lp-extension-state' }, m.extension ? extensionWords(v, m.extension) : T('requests.none')),
        )
      : null,
    row ? evidenceBox(v, row) : null,
    row ? (v.state.me?.kind === 'office' ? officeAnswers(v, row) : unitRequests(v, row)) : null,
  );
}

function when(v: View, on: string | undefined, by: string | undefined): string {
  const date = on ? dateIn(v.lang, on) : '';
  return date && by ? v.T('requests.when', { date, by }) : date || by || '';
}

function closureWords(v: View, c: Closure): string {
  return v.T(`requests.closure.${c.state}`, { when: when(v, c.on, c.by), words: c.reason ?? '' });
}

function extensionWords(v: View, x: Extension): string {
  return v.T(`requests.extension.${x.state}`, { when: when(v, x.on, x.by), deadline: dateIn(v.lang, x.deadline), words: x.note ?? '' });
}

function unitRequests(v: View, row: RowState): HTMLElement {
  const { T, pane, form } = v;
  const closure = mayRequestClosure(row)
    ? h(
        'div',
        { class: 'lp-request' },
        h('p', { class: 'lp-hint', 'data-key': 'closure-evidence' }, T('evidence.closureHint', { count: evidenceCount(v, row) })),
        field(v, 'closureNote', T('requests.closureNote')),
        h('div', { class: 'lp-actions' }, button(v, 'request-closure', T('requests.requestClosure'), () => void pane.requestClosure(form.closureNote))),
      )
    : isCompletedStatus(row.measure.status)
      ? null
      : h('p', { class: 'lp-hint' }, T('requests.closureOnlyDone'));
  const extension = mayRequestExtension(row)
    ? h(
        'div',
        { class: 'lp-request' },
        field(v, 'extensionDate', T('requests.newDate'), { type: 'date', placeholder: '2026-12-31' }),
        field(v, 'extensionReason', T('requests.extensionReason')),
        h('div', { class: 'lp-actions' }, button(v, 'request-extension', T('requests.requestExtension'), () => void pane.requestExtension(form.extensionDate, form.extensionReason))),
      )
    : null;
  return h('div', {}, closure, extension);
}

function officeAnswers(v: View, row: RowState): HTMLElement | null {
  const { T, pane, form } = v;
  const closure = row.measure.closure?.state === 'requested';
  const extension = row.measure.extension?.state === 'requested';
  if (!closure && !extension) return null;
  const note = () => (form.officeNote.trim() ? { note: form.officeNote.trim() } : {});
  return h(
    'div',
    { class: 'lp-request' },
    field(v, 'officeNote', T('requests.officeNote')),
    closure
      ? h(
          'div',
          { class: 'lp-actions' },
          button(v, 'approve-closure', T('requests.approveClosure'), () => void pane.answerRequest({ kind: 'closure', body: { action: 'approve', ...note() } })),
          button(v, 'return-closure', T('requests.returnClosure'), () => void pane.answerRequest({ kind: 'closure', body: { action: 'return', ...note() } })),
        )
      : null,
    extension
      ? h(
          'div',
          { class: 'lp-actions' },
          button(v, 'approve-extension', T('requests.approveExtension'), () => void pane.answerRequest({ kind: 'extension', body: { action: 'approve', ...note() } })),
          button(v, 'reject-extension', T('requests.rejectExtension'), () => void pane.answerRequest({ kind: 'extension', body: { action: 'reject', ...note() } })),
        )
      : null,
  );
}
