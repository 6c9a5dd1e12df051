// The "sync" section: the sync button, its progress, pushes waiting for the network, and the
// conflicts the office's edits left open.
import { h } from './dom';
import { conflictCard } from './conflicts';
import { button, notices, section, type View } from './controls';

export function syncSection(v: View): HTMLElement {
  const { state, T, pane } = v;
  const progress = state.sync.progress;
  return section(
    v,
    'sync',
    T('sync.heading'),
    h('div', { class: 'lp-actions' }, button(v, 'sync', T('sync.run'), () => void pane.sync(), { primary: v.step === 'sync' })),
    progress
      ? h(
          'div',
          { class: 'lp-progress' },
          h('progress', { max: 100, value: Math.round(progress.fraction * 100), 'aria-label': T(`sync.step.${progress.step}`) }),
          h('p', { role: 'status' }, T(`sync.step.${progress.step}`)),
        )
      : null,
    !state.sync.report && state.sync.queued > 0 ? h('p', { class: 'lp-notice lp-warn' }, T('sync.queued', { queued: state.sync.queued })) : null,
    notices(v, 'sync'),
    state.conflicts.length > 0
      ? h(
          'div',
          { class: 'lp-conflicts' },
          h('h3', {}, T('count', { label: T('conflict.heading'), count: state.conflicts.length })),
          state.conflicts.map((c) => conflictCard(c, v)),
        )
      : null,
  );
}
