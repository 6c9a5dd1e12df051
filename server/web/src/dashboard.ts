// Drawing what a load brought: the report and figures, the queues, the charts with their tables,
// who has reported, the list of all measures with a unit's own view, and the overdue list.
import { campaignTitle } from '../../../ledger/campaign-title';
import type { IsoDate, Lang, Rollup } from '../../../ledger/schema';
import type { Activity, ConflictView, ProgressPoint, RowState } from '../../../ledger/sync-protocol';
import { activityView } from './activity-view';
import { chartCards } from './chart-cards';
import { disposeCharts } from './charts';
import { byId, h } from './dom';
import { dateText, percent } from './format';
import type { ListedMeasure } from './measure-list';
import { filterUnit, showMeasures } from './measure-table';
import { overdueTable } from './overdue-view';
import { queues, type QueueContext } from './queues';
import { totalsList, type StatusNames } from './rollup-view';
import { rowHref, unitHref } from './router';
import type { Strings } from './strings';
import type { Campaign, ReminderDigest, SendReport } from './wire';
import { remindersPreview, sendResults } from './reminders-view';

export interface Shown {
  campaign: Campaign;
  asOf: IsoDate;
  rollup: Rollup;
  rows: RowState[];
  conflicts: ConflictView[];
  progress: ProgressPoint[];
  /** Office only: units see no one else's reporting. */
  activity: Activity | undefined;
  listed: ListedMeasure[];
  overdue: ListedMeasure[];
  /** Office only: what each unit's reminder will hold, and the last send's results. */
  reminders: ReminderDigest | undefined;
  sent?: SendReport;
}

export interface DrawContext {
  t: Strings;
  lang: Lang;
  names: StatusNames;
  office: boolean;
  /** The unit the address names (#/campaigns/{c}/units/{unit}), or "" for all. */
  unit: string;
  act: QueueContext['act'];
  pickUnit(unit: string): void;
}

const el = {
  conflicts: byId('conflicts', HTMLParagraphElement),
  scopeLine: byId('scope-line', HTMLParagraphElement),
  report: byId('report', HTMLParagraphElement),
  totals: byId('totals', HTMLElement),
  queuesSection: byId('queues-section', HTMLElement),
  queues: byId('queues-slot', HTMLDivElement),
  charts: byId('charts-slot', HTMLDivElement),
  activitySection: byId('activity-section', HTMLElement),
  remindersSection: byId('reminders-section', HTMLElement),
  reminders: byId('reminders-slot', HTMLDivElement),
  sent: byId('send-slot', HTMLDivElement),
  activity: byId('activity-slot', HTMLDivElement),
  unitPanel: byId('unit-panel', HTMLDivElement),
  unitTitle: byId('unit-panel-title', HTMLHeadingElement),
  unitLine: byId('unit-panel-line', HTMLParagraphElement),
  overdue: byId('overdue-slot', HTMLDivElement),
};

export function campaignName(c: Campaign, lang: Lang): string {
  return campaignTitle(c.name, c.config, lang);
}

function drawCharts(s: Shown, c: DrawContext): void {
  disposeCharts();
  if (s.rollup.measures === 0) {
    el.charts.replaceChildren(h('p', { class: 'empty' }, [c.t.noMeasures]));
    return;
  }
  const cards = chartCards({
    rollup: s.rollup,
    progress: s.progress,
    names: c.names,
    t: c.t,
    lang: c.lang,
    unitHref: (unit) => unitHref(s.campaign.name, unit),
    onUnit: c.pickUnit,
  });
  el.charts.replaceChildren(cards.element);
  cards.draw();
}

/** The unit the address last named: leaving its address (Back) shows every unit again. */
let routedUnit = '';

/** The unit's own figures above the list when the address names a unit. */
export function drawUnitPanel(s: Shown, c: DrawContext): void {
  const figures = c.unit ? s.rollup.byUnit.find((u) => u.unit === c.unit) : undefined;
  el.unitPanel.hidden = !c.unit;
  if (!c.unit && routedUnit) filterUnit('');
  routedUnit = c.unit;
  if (!c.unit) return;
  el.unitTitle.textContent = c.unit;
  el.unitLine.textContent = figures
    ? c.t.unitLine(c.unit, figures.measures, figures.completed, figures.overdue, percent(figures.completionRate))
    : c.t.unitLine(c.unit, 0, 0, 0, percent(0));
  filterUnit(c.unit);
}

export function drawDashboard(s: Shown, c: DrawContext): void {
  const { t } = c;
  const base = `/api/v1/campaigns/${encodeURIComponent(s.campaign.name)}`;
  el.conflicts.hidden = s.conflicts.length === 0 || c.office;
  el.conflicts.textContent = t.openConflicts(s.conflicts.length);
  el.scopeLine.textContent = t.scopeLine(campaignName(s.campaign, c.lang), dateText(s.asOf, c.lang));
  el.report.textContent = s.rollup.report;
  el.totals.replaceWith((el.totals = totalsList(s.rollup, t, c.names)));
  el.queuesSection.hidden = !c.office;
  const hrefs = { rowHref: (id: string) => rowHref(s.campaign.name, id), unitHref: (unit: string) => unitHref(s.campaign.name, unit) };
  if (c.office) el.queues.replaceChildren(...queues(s.rows, s.conflicts, base, { t, lang: c.lang, names: c.names, act: c.act, rowHref: hrefs.rowHref }));
  el.remindersSection.hidden = !s.reminders;
  if (s.reminders) drawReminders(s, s.reminders, c, hrefs.rowHref);
  drawCharts(s, c);
  el.activitySection.hidden = !s.activity;
  el.activity.replaceChildren(...(s.activity ? activityView(s.activity, t, c.lang, hrefs.unitHref) : []));
  showMeasures(s.listed, { t, lang: c.lang, names: c.names, ...hrefs });
  drawUnitPanel(s, c);
  el.overdue.replaceChildren(overdueTable(s.overdue, s.asOf, t, c.lang));
}

function drawReminders(s: Shown, d: ReminderDigest, c: DrawContext, rowLink: (id: string) => string): void {
  el.reminders.replaceChildren(...remindersPreview(d, { t: c.t, lang: c.lang, rowHref: rowLink }));
  el.sent.replaceChildren(...(s.sent ? [sendResults(s.sent, c.t, c.lang)] : []));
}

export function drawSent(s: Shown, r: SendReport, c: DrawContext): void {
  s.sent = r;
  el.sent.replaceChildren(sendResults(r, c.t, c.lang));
}

export function drawActivity(a: Activity, s: Shown, c: DrawContext): void {
  s.activity = a;
  el.activity.replaceChildren(...activityView(a, c.t, c.lang, (unit) => unitHref(s.campaign.name, unit)));
}
