// What every section is built from: one render's inputs, and the buttons, text inputs, notices and
// section frames that follow the pane's busy state and language.
import type { Lang } from '../../../ledger';
import type { Notice, PaneController, PaneState, Section } from '../controller';
import { t, type MessageKey } from '../i18n';
import { h, type Child } from './dom';
import type { Form, FormInput } from './form';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** One render's inputs: the state drawn, its language, and where typing and clicks go. */
export interface View {
  state: PaneState;
  lang: Lang;
  T: Translate;
  pane: PaneController;
  form: Form;
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

/** A section's notices; those of the work people wait on (sync, check) are announced. */
export function notices(v: View, section: Section): HTMLDivElement {
  return h(
    'div',
    { class: 'lp-notices', role: section === 'sync' || section === 'check' ? 'status' : undefined },
    (v.state.notices[section] ?? []).map((n) => h('p', { class: `lp-notice lp-${n.kind}` }, noticeText(n, v.lang))),
  );
}

/** A section with its heading, marked busy while its own work runs. */
export function section(v: View, id: Section, title: string, ...children: Child[]): HTMLElement {
  return h(
    'section',
    { class: 'lp-section', 'aria-labelledby': `lp-h-${id}`, 'aria-busy': v.state.busy === id ? 'true' : undefined },
    h('h2', { id: `lp-h-${id}` }, title),
    ...children,
  );
}

function noticeText(n: Notice, lang: Lang): string {
  return 'key' in n ? t(lang, n.key, n.params) : lang === 'en' ? n.text.en : n.text.zh;
}
