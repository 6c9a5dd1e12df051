// The task pane's page: renders the controller's state and wires its buttons. The whole pane is
// redrawn on every state change (it is small, and long lists are capped); focus, folds and what was
// typed into the forms survive a redraw. Each section is drawn by its own module, in the order of
// the work: find and set up the sheet, check it, its figures, connect, sync.
import type { PaneController, PaneState } from '../controller';
import { checkSection } from './check';
import { connectSection } from './connect';
import { translator, type View } from './controls';
import { Folds } from './folds';
import { followConnection, newForm } from './form';
import { busyLine, header } from './header';
import { downloadUrls, officeSection } from './office';
import { answersBox, requestsSection } from './requests';
import { rollupSection } from './rollup';
import { sheetSection } from './sheet';
import { nextStep } from './steps';
import { syncSection } from './sync';

export function mountPane(root: HTMLElement, pane: PaneController): void {
  const form = newForm(pane);
  const follow = followConnection(form, pane.state.connection);
  const downloadUrl = downloadUrls();
  const folds = new Folds();

  const render = (state: PaneState) => {
    follow(state.connection);
    const v: View = { state, lang: state.lang, T: translator(state.lang), pane, form, step: nextStep(state), folds, redraw: () => render(pane.state) };
    const active = document.activeElement instanceof HTMLElement && root.contains(document.activeElement) ? document.activeElement.dataset.key : undefined;
    const sections = [sheetSection(v), checkSection(v), rollupSection(v), connectSection(v), syncSection(v)];
    // What the office sent back comes first: it is what the unit has to act on.
    const answers = answersBox(v);
    const requests = requestsSection(v);
    const office = officeSection(v, downloadUrl(state.download));
    root.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    root.replaceChildren(header(v), busyLine(v), ...(answers ? [answers] : []), ...sections, ...(requests ? [requests] : []), ...(office ? [office] : []));
    if (active) root.querySelector<HTMLElement>(`[data-key="${CSS.escape(active)}"]`)?.focus();
  };

  pane.subscribe(render);
  render(pane.state);
}
