// The office page: sign in with an API token, choose a campaign and a date, and see what the office
// reports and works from: the report sentence and figures, the queues to act on, the charts with
// their tables, who has not reported, every measure (by unit, and one by one), and the consolidated
// workbook to download.
import './zod-setup';
import { todayIso } from '../../../ledger/dates';
import { IsoDate, type Lang } from '../../../ledger/schema';
import { ApiFailure, getFile, getJson, postJson } from './api';
import { copyText } from './copy';
import { campaignName, drawActivity, drawDashboard, drawSent, drawUnitPanel, type DrawContext, type Shown } from './dashboard';
import { byId, h } from './dom';
import { dispositionFilename, saveBlob } from './download';
import { daysBefore } from './format';
import { applyStaticTexts, lang, setLang, t } from './i18n';
import { listedMeasures } from './measure-list';
import { listenUnitChange } from './measure-table';
import { overdueMeasures } from './overdue-list';
import type { StatusNames } from './rollup-view';
import { parseRoute, unitHref, type Route } from './router';
import { showRow } from './row-page';
import { forgetToken, saveToken, savedToken } from './session';
import { STATUS_NAMES_EN } from './strings';
import { whoText as personText } from './values';
import { ActionAnswer, Activity, CampaignList, ConflictList, Me, Progress, ReminderDigest, Rollup, RowList, SendReport, type Campaign } from './wire';

const el = {
  who: byId('who', HTMLParagraphElement),
  langSwitch: byId('lang-switch', HTMLButtonElement),
  signOut: byId('sign-out', HTMLButtonElement),
  status: byId('status', HTMLParagraphElement),
  error: byId('error', HTMLDivElement),
  signIn: byId('sign-in', HTMLElement),
  signInForm: byId('sign-in-form', HTMLFormElement),
  token: byId('token', HTMLInputElement),
  remember: byId('remember', HTMLInputElement),
  dashboard: byId('dashboard', HTMLElement),
  dashboardTitle: byId('dashboard-title', HTMLHeadingElement),
  queryForm: byId('query-form', HTMLFormElement),
  campaign: byId('campaign', HTMLSelectElement),
  asOf: byId('as-of', HTMLInputElement),
  download: byId('download', HTMLButtonElement),
  results: byId('results', HTMLDivElement),
  report: byId('report', HTMLParagraphElement),
  copy: byId('copy', HTMLButtonElement),
  activitySince: byId('activity-since', HTMLInputElement),
  sendReminders: byId('send-reminders', HTMLButtonElement),
  rowView: byId('row-view', HTMLElement),
};

interface Session {
  token: string;
  me: Me;
  campaigns: Campaign[];
  shown?: Shown;
}

let session: Session | undefined;
let route: Route = parseRoute(location.hash);
/** Each load takes a number; an answer to an older load than the newest is dropped. */
let loadNumber = 0;
// Messages are kept as functions of the language so a switch re-says them in the new one.
let statusText: ((l: Lang) => string) | undefined;
let errorText: ((l: Lang) => string) | undefined;
let downloading = false;

function say(text: ((l: Lang) => string) | undefined): void {
  statusText = text;
  el.status.textContent = text ? text(lang()) : '';
}

function fail(text: ((l: Lang) => string) | undefined): void {
  errorText = text;
  el.error.textContent = text ? text(lang()) : '';
  el.error.hidden = !text;
}

function sayKey(key: 'loading' | 'loaded' | 'downloading' | 'downloaded' | 'copied' | 'signedOut' | 'actionDone'): void {
  say(() => t()[key]);
}

/** Shows an error from the API or the network; a refused token ends the session. */
function showFailure(err: unknown): void {
  say(undefined);
  if (!(err instanceof ApiFailure)) throw err;
  fail((l) => err.text(l));
  if (!err.unauthorized) return;
  forgetToken();
  if (session) endSession(false);
}

function statusNames(campaign: Campaign): StatusNames {
  return lang() === 'zh' ? campaign.config.statusLabels : STATUS_NAMES_EN;
}

function whoText(me: Me): string {
  const s = t();
  if (me.kind === 'office') return s.whoAmI(personText('office', me.name, null, s));
  // A unit's token is named after the unit unless the office labelled it: say the name once.
  if (me.kind === 'unit') return s.whoAmI(`${s.kindUnit} ${me.unit ?? ''}`.trim(), me.name === me.unit ? undefined : me.name);
  return s.whoAmI(s.kindUnassigned, me.name);
}

function drawContext(current: Session, shown: Shown): DrawContext {
  return {
    t: t(),
    lang: lang(),
    names: statusNames(shown.campaign),
    office: current.me.kind === 'office',
    unit: route.kind === 'unit' && route.campaign === shown.campaign.name ? route.unit : '',
    act: (path, body) => act(current, path, body),
    pickUnit: (unit) => {
      location.hash = unitHref(shown.campaign.name, unit);
    },
  };
}

function render(): void {
  el.who.textContent = session ? whoText(session.me) : '';
  const shown = session?.shown;
  el.results.hidden = !shown;
  if (session && shown) drawDashboard(shown, drawContext(session, shown));
  void followRoute();
}

function campaignPath(name: string): string {
  return `/api/v1/campaigns/${encodeURIComponent(name)}`;
}

/** The date chosen, or today when the field was cleared. */
function chosenAsOf(): IsoDate {
  const parsed = IsoDate.safeParse(el.asOf.value);
  if (parsed.success) return parsed.data;
  el.asOf.value = todayIso();
  return el.asOf.value;
}

function chosenSince(asOf: IsoDate): IsoDate {
  const parsed = IsoDate.safeParse(el.activitySince.value);
  if (parsed.success) return parsed.data;
  el.activitySince.value = daysBefore(asOf, 7);
  return el.activitySince.value;
}

function rollupPath(campaign: string, asOf: IsoDate): string {
  return `${campaignPath(campaign)}/rollup?asOf=${asOf}&lang=${lang()}`;
}

/** Everything the page shows for the campaign and date chosen, fetched side by side. */
async function fetchShown(current: Session, campaign: Campaign, asOf: IsoDate): Promise<Shown> {
  const path = campaignPath(campaign.name);
  const office = current.me.kind === 'office';
  const [rollup, rows, conflicts, progress, activity, reminders] = await Promise.all([
    getJson(current.token, rollupPath(campaign.name, asOf), Rollup),
    getJson(current.token, `${path}/rows`, RowList),
    getJson(current.token, `${path}/conflicts?state=open`, ConflictList),
    getJson(current.token, `${path}/progress`, Progress),
    office ? getJson(current.token, `${path}/activity?since=${chosenSince(asOf)}`, Activity) : undefined,
    office ? getJson(current.token, `${path}/reminders?asOf=${asOf}`, ReminderDigest) : undefined,
  ]);
  const listed = listedMeasures(rows.rows, asOf, campaign.config.categories);
  return {
    campaign,
    asOf,
    rollup,
    rows: rows.rows,
    conflicts: conflicts.conflicts,
    progress: progress.points,
    activity,
    listed,
    overdue: overdueMeasures(listed),
    reminders,
  };
}

async function load(): Promise<boolean> {
  const current = session;
  const campaign = current?.campaigns.find((c) => c.name === el.campaign.value);
  if (!current || !campaign) return false;
  const mine = ++loadNumber;
  sayKey('loading');
  el.results.setAttribute('aria-busy', 'true');
  try {
    const shown = await fetchShown(current, campaign, chosenAsOf());
    if (mine !== loadNumber || session !== current) return false;
    current.shown = shown;
    fail(undefined);
    render();
    sayKey('loaded');
    return true;
  } catch (err) {
    if (mine === loadNumber) showFailure(err);
    return false;
  } finally {
    if (mine === loadNumber) el.results.removeAttribute('aria-busy');
  }
}

/** An action on a queue; then everything is read again, so the figures and the queue agree. */
async function act(current: Session, path: string, body: unknown): Promise<((l: Lang) => string) | undefined> {
  try {
    await postJson(current.token, path, body, ActionAnswer);
  } catch (err) {
    if (!(err instanceof ApiFailure) || err.unauthorized) {
      showFailure(err);
      return undefined;
    }
    return (l) => err.text(l);
  }
  if (await load()) sayKey('actionDone');
  return undefined;
}

/** Sends today's reminders now (once per unit and day, the service sees to that) and shows what each came to. */
async function sendReminders(): Promise<void> {
  const current = session;
  const shown = current?.shown;
  if (!current || !shown || el.sendReminders.getAttribute('aria-disabled') === 'true') return;
  el.sendReminders.setAttribute('aria-disabled', 'true');
  say(() => t().sendingReminders);
  try {
    const report = await postJson(current.token, `${campaignPath(shown.campaign.name)}/reminders/send?asOf=${shown.asOf}`, {}, SendReport);
    if (current.shown === shown) drawSent(shown, report, drawContext(current, shown));
    say(() => t().remindersSent);
  } catch (err) {
    showFailure(err);
  } finally {
    el.sendReminders.removeAttribute('aria-disabled');
  }
}

async function reloadActivity(): Promise<void> {
  const current = session;
  const shown = current?.shown;
  if (!current || !shown || current.me.kind !== 'office') return;
  try {
    const activity = await getJson(current.token, `${campaignPath(shown.campaign.name)}/activity?since=${chosenSince(shown.asOf)}`, Activity);
    if (current.shown === shown) drawActivity(activity, shown, drawContext(current, shown));
  } catch (err) {
    showFailure(err);
  }
}

/** The report sentence is worded by the service in the page's language: ask again after a switch. */
async function reloadReport(): Promise<void> {
  const current = session;
  const shown = current?.shown;
  if (!current || !shown) return;
  const mine = ++loadNumber;
  try {
    const rollup = await getJson(current.token, rollupPath(shown.campaign.name, shown.asOf), Rollup);
    if (mine !== loadNumber || current.shown !== shown) return;
    shown.rollup = rollup;
    el.report.textContent = rollup.report;
  } catch (err) {
    if (mine === loadNumber) showFailure(err);
  }
}

/** Shows what the address names: a measure on its own, or the overview (of one unit, or all). */
async function followRoute(): Promise<void> {
  const current = session;
  const shown = current?.shown;
  if (!current || !shown) return;
  const named = route.kind === 'home' ? undefined : route.campaign;
  if (named && named !== shown.campaign.name && current.campaigns.some((c) => c.name === named)) {
    el.campaign.value = named;
    await load();
    return;
  }
  const onRow = route.kind === 'row';
  el.rowView.hidden = !onRow;
  el.dashboard.hidden = onRow;
  if (route.kind === 'row') {
    await showRow(current.token, shown, route.id, {
      t: t(),
      lang: lang(),
      names: statusNames(shown.campaign),
      campaignPath: campaignPath(shown.campaign.name),
      unitHref: (unit) => unitHref(shown.campaign.name, unit),
      fail: showFailure,
    });
    return;
  }
  drawUnitPanel(shown, drawContext(current, shown));
}

function fillCampaigns(s: Session): void {
  const named = route.kind === 'home' ? undefined : route.campaign;
  const preferred = s.me.campaign ?? (named && s.campaigns.some((c) => c.name === named) ? named : undefined) ?? (s.campaigns.some((c) => c.name === 'default') ? 'default' : s.campaigns[0]?.name);
  el.campaign.replaceChildren(
    ...s.campaigns.map((c) => h('option', c.name === preferred ? { value: c.name, selected: '' } : { value: c.name }, [campaignName(c, lang())])),
  );
}

/** `keep` says where a newly accepted token goes; a token read back from storage is already kept. */
async function startSession(token: string, keep: 'tab' | 'computer' | 'kept'): Promise<boolean> {
  sayKey('loading');
  try {
    const [me, list] = await Promise.all([getJson(token, '/api/v1/me', Me), getJson(token, '/api/v1/campaigns', CampaignList)]);
    if (keep !== 'kept') saveToken(token, keep === 'computer');
    session = { token, me, campaigns: list.campaigns };
  } catch (err) {
    showFailure(err);
    return false;
  }
  fail(undefined);
  fillCampaigns(session);
  el.signIn.hidden = true;
  el.dashboard.hidden = false;
  el.who.hidden = false;
  el.signOut.hidden = false;
  render();
  if (session.campaigns.length === 0) {
    say(undefined);
    fail(() => t().noCampaigns);
    return true;
  }
  await load();
  return true;
}

function endSession(announce: boolean): void {
  forgetToken();
  session = undefined;
  loadNumber++;
  el.campaign.replaceChildren();
  render();
  el.dashboard.hidden = true;
  el.rowView.hidden = true;
  el.who.hidden = true;
  el.signOut.hidden = true;
  el.signIn.hidden = false;
  el.token.value = '';
  if (announce) sayKey('signedOut');
  el.token.focus();
}

async function downloadWorkbook(): Promise<void> {
  const current = session;
  const campaign = el.campaign.value;
  if (!current || !campaign || downloading) return;
  downloading = true;
  el.download.setAttribute('aria-disabled', 'true');
  const asOf = chosenAsOf();
  sayKey('downloading');
  try {
    const file = await getFile(current.token, `${campaignPath(campaign)}/workbook.xlsx?asOf=${asOf}&lang=${lang()}`);
    saveBlob(file.blob, dispositionFilename(file.disposition) ?? `ledger-${campaign}-${asOf}.xlsx`);
    sayKey('downloaded');
  } catch (err) {
    showFailure(err);
  } finally {
    downloading = false;
    el.download.removeAttribute('aria-disabled');
  }
}

el.signInForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = el.token.value.trim();
  el.token.removeAttribute('aria-invalid');
  if (!token) {
    el.token.setAttribute('aria-invalid', 'true');
    fail(() => t().tokenRequired);
    el.token.focus();
    return;
  }
  void startSession(token, el.remember.checked ? 'computer' : 'tab').then((ok) => {
    if (ok) {
      el.token.value = '';
      el.dashboardTitle.focus();
    } else {
      el.token.setAttribute('aria-invalid', 'true');
      el.token.focus();
    }
  });
});

el.signOut.addEventListener('click', () => {
  fail(undefined);
  endSession(true);
});

el.langSwitch.addEventListener('click', () => {
  setLang(lang() === 'zh' ? 'en' : 'zh');
  say(statusText);
  fail(errorText);
  if (session) fillCampaigns(session);
  render();
  void reloadReport();
});

el.queryForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void load();
});
el.campaign.addEventListener('change', () => {
  // Another campaign: a unit's or a measure's address named the one before.
  if (route.kind !== 'home') {
    route = { kind: 'home' };
    history.replaceState(null, '', '#/');
  }
  void load();
});
el.asOf.addEventListener('change', () => {
  if (IsoDate.safeParse(el.asOf.value).success) void load();
});

el.download.addEventListener('click', () => void downloadWorkbook());
el.sendReminders.addEventListener('click', () => void sendReminders());

el.activitySince.addEventListener('change', () => {
  if (IsoDate.safeParse(el.activitySince.value).success) void reloadActivity();
});
byId('activity-form', HTMLFormElement).addEventListener('submit', (event) => {
  event.preventDefault();
  void reloadActivity();
});

window.addEventListener('hashchange', () => {
  route = parseRoute(location.hash);
  void followRoute();
});

listenUnitChange((unit) => {
  const shown = session?.shown;
  if (shown) location.hash = unit ? unitHref(shown.campaign.name, unit) : '#/';
});

el.copy.addEventListener('click', () => {
  void copyText(el.report.textContent ?? '', el.report).then((ok) => (ok ? sayKey('copied') : say(() => t().copyFailed)));
});

applyStaticTexts(document);
el.asOf.value = todayIso();
el.activitySince.value = daysBefore(el.asOf.value, 7);
const saved = savedToken();
if (saved) {
  // Signed in before in this tab (or remembered): go straight to the figures, back to the form only on failure.
  el.signIn.hidden = true;
  void startSession(saved, 'kept').then((ok) => {
    if (!ok) el.signIn.hidden = false;
  });
}
