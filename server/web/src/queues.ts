// The office's queues: closure requests (approve, or return with what is missing), extension
// requests (approve or reject, with an optional note) and open sync conflicts (keep the service's
// value, take the one sent, or write another). An action is sent, then the page reloads its figures;
// a refusal is shown beside the item in the page's language.
import type { Lang } from '../../../ledger/schema';
import type { ConflictView, RowState } from '../../../ledger/sync-protocol';
import { h } from './dom';
import { dateText, timeText } from './format';
import type { StatusNames } from './rollup-view';
import type { Strings } from './strings';
import { deadlineText, fieldName, valueText, whoText } from './values';

export interface QueueContext {
  t: Strings;
  lang: Lang;
  names: StatusNames;
  rowHref(id: string): string;
  /** Sends an action; answers the refusal's words, or undefined when it was done. */
  act(path: string, body: unknown): Promise<((l: Lang) => string) | undefined>;
}

/** `noteRequired`: what to say when the note field is empty (then nothing is sent). */
type Action = { label: string; primary?: boolean; path: string; body(note: string): unknown; noteRequired?: string };

function measureLine(r: RowState, c: QueueContext): HTMLElement {
  const m = r.measure;
  return h('p', { class: 'queue-what' }, [
    m.measureNo ? h('span', { class: 'queue-no' }, [m.measureNo]) : '',
    h('a', { href: c.rowHref(r.id) }, [m.measure ?? m.problem ?? r.id]),
    h('span', { class: 'queue-unit' }, [m.unit ?? '']),
  ]);
}

/** Buttons, and the note field they share; the item's refusal shows under them. */
function actions(id: string, noteLabel: string, list: Action[], c: QueueContext): HTMLElement {
  const noteId = `${id}-note`;
  const note = h('textarea', { id: noteId, rows: '2', maxlength: '2000' });
  const problem = h('p', { class: 'queue-error', role: 'alert' });
  const buttons = list.map((a) => {
    const b = h('button', { type: 'button', class: a.primary ? 'primary' : '' }, [a.label]);
    b.addEventListener('click', () => {
      const text = note.value.trim();
      if (a.noteRequired && !text) {
        problem.textContent = a.noteRequired;
        note.setAttribute('aria-invalid', 'true');
        note.focus();
        return;
      }
      for (const other of buttons) other.disabled = true;
      void c.act(a.path, a.body(text)).then((refusal) => {
        for (const other of buttons) other.disabled = false;
        problem.textContent = refusal ? refusal(c.lang) : '';
      });
    });
    return b;
  });
  return h('div', { class: 'queue-actions' }, [
    h('div', { class: 'field' }, [h('label', { for: noteId }, [noteLabel]), note]),
    h('div', { class: 'actions' }, buttons),
    problem,
  ]);
}

function closureItem(r: RowState, base: string, c: QueueContext): HTMLElement {
  const cl = r.measure.closure;
  const t = c.t;
  const path = `${base}/rows/${encodeURIComponent(r.id)}/closure`;
  return h('li', { class: 'queue-item', 'data-row': r.id }, [
    measureLine(r, c),
    h('p', { class: 'queue-meta' }, [t.labelled(t.requestedBy, [cl?.by ?? '', cl?.on ? dateText(cl.on, c.lang) : ''].filter(Boolean).join(t.and))]),
    cl?.note ? h('p', {}, [t.labelled(t.requestNote, cl.note)]) : '',
    actions(`closure-${r.id}`, t.returnNote, [
      { label: t.approve, primary: true, path, body: () => ({ action: 'approve' }) },
      { label: t.returnIt, path, noteRequired: t.noteRequired, body: (note) => ({ action: 'return', note }) },
    ], c),
  ]);
}

function extensionItem(r: RowState, base: string, c: QueueContext): HTMLElement {
  const x = r.measure.extension;
  const t = c.t;
  const path = `${base}/rows/${encodeURIComponent(r.id)}/extension`;
  const withNote = (action: string) => (note: string) => (note ? { action, note } : { action });
  return h('li', { class: 'queue-item', 'data-row': r.id }, [
    measureLine(r, c),
    h('p', { class: 'queue-meta' }, [t.labelled(t.oldDeadline, deadlineText(r.measure.deadline, t, c.lang)) + t.sep + t.labelled(t.newDeadline, x ? dateText(x.deadline, c.lang) : '')]),
    h('p', { class: 'queue-meta' }, [t.labelled(t.requestedBy, [x?.by ?? '', x?.on ? dateText(x.on, c.lang) : ''].filter(Boolean).join(t.and))]),
    x?.reason ? h('p', {}, [t.labelled(t.reason, x.reason)]) : '',
    actions(`extension-${r.id}`, t.rejectNote, [
      { label: t.approve, primary: true, path, body: withNote('approve') },
      { label: t.reject, path, body: withNote('reject') },
    ], c),
  ]);
}

function conflictItem(x: ConflictView, row: RowState | undefined, base: string, c: QueueContext): HTMLElement {
  const t = c.t;
  const path = `${base}/conflicts/${encodeURIComponent(x.id)}/resolve`;
  const value = (v: unknown) => valueText(x.field, v, c.names, t, c.lang);
  const side = (cls: string, title: string, v: unknown, who: string, when: string | null) =>
    h('div', { class: `conflict-side ${cls}` }, [
      h('p', { class: 'conflict-label' }, [title]),
      h('p', { class: 'conflict-value' }, [value(v)]),
      h('p', { class: 'queue-meta' }, [t.setBy(who, when ? timeText(when, c.lang) : '')]),
    ]);
  const serverWho = x.changedBy ? (x.changedBy === 'office' ? t.kindOffice : x.changedBy) : '';
  return h('li', { class: 'queue-item', 'data-conflict': x.id }, [
    row ? measureLine(row, c) : h('p', { class: 'queue-what' }, [x.rowId]),
    h('p', { class: 'queue-meta' }, [t.conflictOn(fieldName(x.field, c.lang))]),
    h('div', { class: 'conflict-sides' }, [
      side('server', t.serverValue, x.server, serverWho, x.changedAt),
      side('caller', t.callerValue, x.caller, whoText(x.callerKind, x.callerName, x.callerUnit, t), x.createdAt),
    ]),
    actions(`conflict-${x.id}`, t.otherValue, [
      { label: t.keepServer, path, body: () => ({ choice: 'server' }) },
      { label: t.takeCaller, path, body: () => ({ choice: 'caller' }) },
      { label: t.useOther, path, noteRequired: t.valueRequired, body: (v) => ({ choice: { value: v } }) },
    ], c),
  ]);
}

function queue(id: string, title: string, empty: string, items: HTMLElement[], t: Strings): HTMLElement {
  return h('section', { class: 'queue', id, 'aria-labelledby': `${id}-title` }, [
    h('h4', { id: `${id}-title` }, [t.queueCount(title, items.length)]),
    items.length ? h('ul', { class: 'queue-list' }, items) : h('p', { class: 'empty' }, [empty]),
  ]);
}

export function queues(rows: RowState[], conflicts: ConflictView[], base: string, c: QueueContext): HTMLElement[] {
  const live = rows.filter((r) => !r.deleted);
  const byId = new Map(live.map((r) => [r.id, r]));
  const t = c.t;
  return [
    queue('closure-queue', t.closureQueue, t.closureQueueEmpty, live.filter((r) => r.measure.closure?.state === 'requested').map((r) => closureItem(r, base, c)), t),
    queue('extension-queue', t.extensionQueue, t.extensionQueueEmpty, live.filter((r) => r.measure.extension?.state === 'requested').map((r) => extensionItem(r, base, c)), t),
    queue('conflict-queue', t.conflictQueue, t.conflictQueueEmpty, conflicts.map((x) => conflictItem(x, byId.get(x.rowId), base, c)), t),
  ];
}
