// The office page: sign in with an API token, choose a campaign and a date, and see what the office
// reports and chases: the report sentence, the figures by category and unit, the overdue measures,
// and the consolidated workbook to download.
import './zod-setup';
import { todayIso } from '../../../ledger/dates';
import { IsoDate, type Lang } from '../../../ledger/schema';
import { ApiFailure, getFile, getJson } from './api';
import { copyText } from './copy';
import { byId, h } from './dom';
import { dispositionFilename, saveBlob } from './download';
import { applyStaticTexts, lang, setLang, t } from './i18n';
import { overdueMeasures, type OverdueMeasure } from './overdue-list';
import { overdueTable } from './overdue-view';
import { groupTable, totalsList, type StatusNames } from './rollup-view';
import { forgetToken, saveToken, savedToken } from './session';
import { STATUS_NAMES_EN } from './strings';
import { CampaignList, ConflictList, Me, Rollup, RowList, type Campaign } from './wire';

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
  conflicts: byId('conflicts', HTMLParagraphElement),
  results: byId('results', HTMLDivElement),
  scopeLine: byId('scope-line', HTMLParagraphElement),
  report: byId('report', HTMLParagraphElement),
  copy: byId('copy', HTMLButtonElement),
  totals: byId('totals', HTMLElement),
  byCategory: byId('by-category-slot', HTMLDivElement),
  byUnit: byId('by-unit-slot', HTMLDivElement),
  overdue: byId('overdue-slot', HTMLDivElement),
};

interface Shown {
  campaign: Campaign;
  asOf: IsoDate;
  rollup: Rollup;
  overdue: OverdueMeasure[];
  openConflicts: number;
}

interface Session {
  token: string;
  me: Me;
  campaigns: Campaign[];
  shown?: Shown;
}

let session: Session | undefined;
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

function sayKey(key: 'loading' | 'loaded' | 'downloading' | 'downloaded' | 'copied' | 'signedOut'): void {
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
  if (me.kind === 'office') return s.whoAmI(s.kindOffice, me.name);
  // A unit's token is named after the unit unless the office labelled it: say the name once.
  if (me.kind === 'unit') return s.whoAmI(`${s.kindUnit} ${me.unit ?? ''}`.trim(), me.name === me.unit ? undefined : me.name);
  return s.whoAmI(s.kindUnassigned, me.name);
}

function render(): void {
  el.who.textContent = session ? whoText(session.me) : '';
  const shown = session?.shown;
  el.results.hidden = !shown;
  el.conflicts.hidden = !shown || shown.openConflicts === 0;
  if (!shown) return;
  const s = t();
  const names = statusNames(shown.campaign);
  const { rollup } = shown;
  el.conflicts.textContent = s.openConflicts(shown.openConflicts);
  el.scopeLine.textContent = s.scopeLine(shown.campaign.name, shown.asOf);
  el.report.textContent = rollup.report;
  el.totals.replaceWith((el.totals = totalsList(rollup, s, names)));
  if (rollup.measures === 0) {
    el.byCategory.replaceChildren(h('p', { class: 'empty' }, [s.noMeasures]));
    el.byUnit.replaceChildren(h('p', { class: 'empty' }, [s.noMeasures]));
  } else {
    el.byCategory.replaceChildren(groupTable('by-category', s.byCategoryTitle, s.category, rollup.byCategory, rollup, s, names));
    el.byUnit.replaceChildren(groupTable('by-unit', s.byUnitTitle, s.unit, rollup.byUnit, rollup, s, names));
  }
  el.overdue.replaceChildren(overdueTable(shown.overdue, shown.asOf, s));
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

function rollupPath(campaign: string, asOf: IsoDate): string {
  return `${campaignPath(campaign)}/rollup?asOf=${asOf}&lang=${lang()}`;
}

async function load(): Promise<void> {
  const current = session;
  const campaign = current?.campaigns.find((c) => c.name === el.campaign.value);
  if (!current || !campaign) return;
  const mine = ++loadNumber;
  const asOf = chosenAsOf();
  const path = campaignPath(campaign.name);
  sayKey('loading');
  el.results.setAttribute('aria-busy', 'true');
  try {
    const [rollup, rows, conflicts] = await Promise.all([
      getJson(current.token, rollupPath(campaign.name, asOf), Rollup),
      getJson(current.token, `${path}/rows`, RowList),
      getJson(current.token, `${path}/conflicts?state=open`, ConflictList),
    ]);
    if (mine !== loadNumber || session !== current) return;
    const measures = rows.rows.filter((r) => !r.deleted).map((r) => r.measure);
    current.shown = { campaign, asOf, rollup, overdue: overdueMeasures(measures, asOf, campaign.config.categories), openConflicts: conflicts.conflicts.length };
    fail(undefined);
    render();
    sayKey('loaded');
  } catch (err) {
    if (mine === loadNumber) showFailure(err);
  } finally {
    if (mine === loadNumber) el.results.removeAttribute('aria-busy');
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
    render();
  } catch (err) {
    if (mine === loadNumber) showFailure(err);
  }
}

function fillCampaigns(s: Session): void {
  const preferred = s.me.campaign ?? (s.campaigns.some((c) => c.name === 'default') ? 'default' : s.campaigns[0]?.name);
  el.campaign.replaceChildren(
    ...s.campaigns.map((c) => h('option', c.name === preferred ? { value: c.name, selected: '' } : { value: c.name }, [c.config.title ? `${c.config.title}（${c.name}）` : c.name])),
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
  render();
  void reloadReport();
});

el.queryForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void load();
});
el.campaign.addEventListener('change', () => void load());
el.asOf.addEventListener('change', () => {
  if (IsoDate.safeParse(el.asOf.value).success) void load();
});

el.download.addEventListener('click', () => void downloadWorkbook());

el.copy.addEventListener('click', () => {
  void copyText(el.report.textContent ?? '', el.report).then((ok) => (ok ? sayKey('copied') : say(() => t().copyFailed)));
});

applyStaticTexts(document);
el.asOf.value = todayIso();
const saved = savedToken();
if (saved) {
  // Signed in before in this tab (or remembered): go straight to the figures, back to the form only on failure.
  el.signIn.hidden = true;
  void startSession(saved, 'kept').then((ok) => {
    if (!ok) el.signIn.hidden = false;
  });
}
