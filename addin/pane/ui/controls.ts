// What every section is built from: one render's inputs, and the buttons, text inputs, notices and
// folding section frames that follow the pane's busy state and language.
import type { Lang } from '../../../ledger';
import type { Notice, PaneController, PaneState, Section } from '../controller';
import { t, type MessageKey, type MessageParams } from '../i18n';
import { h, type Child } from './dom';
import type { Folds } from './folds';
import type { Form, FormInput } from './form';
import type { Step } from './steps';

export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** One render's inputs: the state drawn, its language, and where typing and clicks go. */
export interface View {
  state: PaneState;
  lang: Lang;
  T: Translate;
  pane: PaneController;
  form: Form;
  /** The step whose button is the one primary button. */
  step: Step;
  folds: Folds;
  /** Draws the pane again (after a fold is opened or closed). */
  redraw: () => void;
}

export function translator(lang: Lang): Translate {
  return (key, params) => t(lang, key, params);
}

/** A button, disabled while any of the pane's work runs. */
export function button(v: View, key: string, label: string, onclick: () => void, opts: { primary?: boolean } = {}): HTMLButtonElement {
  return h(
    'button',
    {
      type: 'button',
      class: opts.primary ? 'lp-button lp-primary' : 'lp-button',
      'data-key': key,
      disabled: v.state.busy !== undefined,
      onclick: () => onclick(),
    },
    label,
  );
}

/** A labelled text input that keeps what is typed in the form. */
export function field(v: View, key: FormInput, label: string, attrs: Record<string, string> = {}): HTMLDivElement {
  const id = `lp-${key}`;
  return h(
    'div',
    { class: 'lp-field' },
    h('label', { for: id }, label),
    h('input', {
      id,
      'data-key': key,
      value: v.form[key],
      autocomplete: 'off',
      spellcheck: 'false',
      ...attrs,
      oninput: (e) => (v.form[key] = (e.target as HTMLInputElement).value),
    }),
  );
}

/**
 * A section's notices (only its warnings and errors, or only the rest, when `which` says); those of
 * the work people wait on (sync, check) are announced.
 */
export function notices(v: View, section: Section, which?: 'attention' | 'info'): HTMLDivElement {
  const shown = (v.state.notices[section] ?? []).filter((n) => which === undefined || (n.kind === 'info') === (which === 'info'));
  return h(
    'div',
    { class: 'lp-notices', role: section === 'sync' || section === 'check' ? 'status' : undefined },
    shown.map((n) => h('p', { class: `lp-notice lp-${n.kind}` }, noticeText(n, v.lang))),
  );
}

/** How a section folds: open or not by default, what its heading says while folded, what shows either way. */
export interface SectionFold {
  open: boolean;
  note?: string | undefined;
  always?: Child[];
}

/** A section whose heading opens and closes it, marked busy while its own work runs. */
export function foldingSection(v: View, id: Section, title: string, fold: SectionFold, ...body: Child[]): HTMLElement {
  const key = `fold-${id}`;
  const open = v.folds.isOpen(key, fold.open);
  return h(
    'section',
    { class: 'lp-section', 'aria-labelledby': `lp-h-${id}`, 'aria-busy': v.state.busy === id ? 'true' : undefined },
    h('h2', { id: `lp-h-${id}` }, foldButton(v, key, fold.open, open, `lp-b-${id}`, h('span', { class: 'lp-fold-title' }, title), !open && fold.note ? h('span', { class: 'lp-fold-note' }, fold.note) : null)),
    fold.always ?? null,
    h('div', { id: `lp-b-${id}`, class: 'lp-fold-body', hidden: !open }, ...body),
  );
}

/** A section open until the user folds it. */
export function section(v: View, id: Section, title: string, ...children: Child[]): HTMLElement {
  return foldingSection(v, id, title, { open: true }, ...children);
}

/** A part of a section behind a button that shows and hides it (a <details> old webviews lack). */
export function disclosure(v: View, key: string, label: string, byDefault: boolean, ...body: Child[]): HTMLDivElement {
  const open = v.folds.isOpen(key, byDefault);
  const id = `lp-d-${key}`;
  return h('div', { class: 'lp-disclosure' }, foldButton(v, key, byDefault, open, id, label), h('div', { id, hidden: !open }, ...body));
}

function foldButton(v: View, key: string, byDefault: boolean, open: boolean, controls: string, ...label: Child[]): HTMLButtonElement {
  const toggle = () => {
    v.folds.toggle(key, byDefault);
    v.redraw();
  };
  return h('button', { type: 'button', class: 'lp-fold', 'data-key': key, 'aria-expanded': String(open), 'aria-controls': controls, onclick: toggle }, ...label);
}

function noticeText(n: Notice, lang: Lang): string {
  return 'key' in n ? t(lang, n.key, n.params) : lang === 'en' ? n.text.en : n.text.zh;
}
