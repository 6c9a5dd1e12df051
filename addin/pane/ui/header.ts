// The pane's title with the language switch, and the line that says work is running.
import { h } from './dom';
import type { View } from './controls';

export function header(v: View): HTMLElement {
  const { lang, T } = v;
  const other = lang === 'zh' ? 'en' : 'zh';
  return h(
    'header',
    { class: 'lp-header' },
    h('div', {}, h('h1', {}, T('app.title')), h('p', { class: 'lp-subtitle' }, T('app.subtitle'))),
    h(
      'button',
      { type: 'button', class: 'lp-button lp-lang', 'data-key': 'lang', lang: other, 'aria-label': T('lang.switchLabel'), onclick: () => void v.pane.setLang(other) },
      T('lang.switch'),
    ),
  );
}

export function busyLine(v: View): HTMLElement {
  return h('p', { class: 'lp-busy', role: 'status', 'aria-live': 'polite' }, v.state.busy ? v.T('busy') : '');
}
