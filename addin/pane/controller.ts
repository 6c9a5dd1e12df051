// The task pane's behaviour, free of the DOM: what each button does, and the state the view shows.
// The view (ui/) renders `state` and calls these methods; tests drive them directly on the
// simulated host.
import {
  columnIndex,
  columnLetter,
  DUE_SOON_DAYS,
  FIELD_LABELS,
  type CampaignConfig,
  type Field,
  type Finding,
  type IsoDate,
  type Lang,
} from '../../ledger';
import type { ConflictChoice, RowState } from '../../ledger/sync-protocol';
import { shiftCell, type CellShift } from '../../ledger/shift';
import { AdapterError, selectCell, writeTableSheet } from '../excel/adapter';
import { signInWithMicrosoft, type DialogHost, type TokenSource } from '../auth/microsoft';
import { loadApiToken, saveApiToken, forgetApiToken } from '../auth/token-store';
import { ApiClient, normalizeServiceUrl, ServiceError, signInSettings, type FetchLike, type Me, type RowStep } from '../sync/api';
import { SyncEngine } from '../sync/engine';
import type { RowConflict, SyncProgress, SyncReport } from '../sync/report';
import { readLedgerSheet, type ExcelRunner, type LedgerSheet } from '../sync/sheet';
import type { SyncState } from '../sync/state';
import { Checker, findingCell, type CheckOutcome } from './check';
import { t, type MessageKey, type MessageParams } from './i18n';
import { writeConsolidatedSheet } from './office';
import { NO_EVIDENCE, sizeText, type EvidenceState } from './evidence';
import { answersToActOn, selectedLedgerRow, selectRowById, typedDate, type Answer, type PickedRow } from './requests';
import { effectiveConfig, loadPaneSettings, saveSettings, type Connection, type PaneSettings } from './settings';
import { columnMapping, nonStandardStatuses, setUpSheet, textDeadlines, withCorrection, type MappingRow, type SetupReport } from './setup';
import type { KeyValueStore } from './storage';
import { buildSummary, SUMMARY_SHEET } from './summary';

export type Section = 'connect' | 'sheet' | 'check' | 'rollup' | 'sync' | 'requests' | 'office';

/** A line the pane shows: one of its own messages, or text that came bilingual from elsewhere. */
export type Notice = { kind: 'info' | 'warn' | 'error'; key: MessageKey; params?: MessageParams } | { kind: 'info' | 'warn' | 'error'; text: { zh: string; en: string } };

export interface SheetInfo {
  name: string;
  /** Excel row numbers. */
  headerRow: number | undefined;
  firstRow: number | undefined;
  lastRow: number | undefined;
  count: number;
  mapping: MappingRow[];
}

export interface PaneState {
  lang: Lang;
  autoCheck: boolean;
  busy: Section | undefined;
  notices: Partial<Record<Section, Notice[]>>;
  connection: Connection | undefined;
  me: Me | undefined;
  campaigns: string[];
  /** How the pane signs in to the connected service. */
  auth: 'token' | 'microsoft' | undefined;
  sheet: SheetInfo | undefined;
  setup: SetupReport | undefined;
  check: CheckOutcome | undefined;
  sync: { progress: SyncProgress | undefined; report: SyncReport | undefined; queued: number; lastAt: string | undefined };
  conflicts: RowConflict[];
  /** The row picked for a closure or extension request, and the office's answers the unit must act on. */
  requests: { picked: PickedRow | undefined; answers: Answer[] };
  /** The evidence files (佐证材料) of the picked row. */
  evidence: EvidenceState;
  download: { blob: Blob; fileName: string } | undefined;
}

export interface PaneEnv {
  excel: ExcelRunner;
  /** The browser's storage (tokens, sync snapshots). */
  store: KeyValueStore;
  fetch: FetchLike;
  dialog?: DialogHost;
  /**
   * Office's openBrowserWindow, where the host has it: Office on Mac and Windows do not save files
   * the pane makes, so downloads go through the person's browser instead.
   */
  openBrowserWindow?: (url: string) => void;
  /** The sign-in dialog page's address. */
  dialogUrl: string;
  /** False where MSAL cannot run in this browser (auth/support.ts): the pane offers API tokens only. */
  microsoftSignIn?: boolean;
  today: () => IsoDate;
  /** The service address to offer when the workbook has none (the origin the pane came from). */
  defaultServiceUrl?: string;
  debounceMs?: number;
  /** How often queued pushes are retried while the service is unreachable (0: never by itself). */
  retryMs?: number;
}

function bilingual(e: unknown): { zh: string; en: string } {
  if (e instanceof ServiceError) return { zh: e.message, en: e.messageEn };
  const message = e instanceof Error ? e.message : String(e);
  // Adapter and sign-in messages carry both languages as "中文 / English".
  const slash = message.indexOf(' / ');
  return slash > 0 ? { zh: message.slice(0, slash), en: message.slice(slash + 3) } : { zh: message, en: message };
}

export class PaneController {
  state: PaneState = {
    lang: 'zh',
    autoCheck: true,
    busy: undefined,
    notices: {},
    connection: undefined,
    me: undefined,
    campaigns: [],
    auth: undefined,
    sheet: undefined,
    setup: undefined,
    check: undefined,
    sync: { progress: undefined, report: undefined, queued: 0, lastAt: undefined },
    conflicts: [],
    requests: { picked: undefined, answers: [] },
    evidence: NO_EVIDENCE,
    download: undefined,
  };
  readonly #listeners = new Set<(state: PaneState) => void>();
  #settings: PaneSettings | undefined;
  #api: ApiClient | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  /** The service's copy of the rows this token sees, by id, until the next sync. */
  #rows: Map<string, RowState> | undefined;
  /** Cells of the sheet the sheet section describes moved since it was last described. */
  #sheetMoved = false;
  readonly checker: Checker;

  constructor(private readonly env: PaneEnv) {
    this.checker = new Checker({
      excel: env.excel,
      config: () => this.config,
      sheetName: () => this.#settings?.sheet.sheet,
      asOf: () => env.today(),
      lang: () => this.state.lang,
      debounceMs: env.debounceMs ?? 500,
      auto: () => this.state.autoCheck,
      onResult: (outcome) => this.#checked(outcome),
      onError: (e) => this.#notice('check', { kind: 'error', text: bilingual(e) }),
      onRelayout: (why) => this.#notice('check', { kind: why === 'columns' ? 'info' : 'warn', key: why === 'columns' ? 'check.columnsMoved' : 'check.movedUnknown' }),
      onMoved: (sheet, shift) => this.#moved(sheet, shift),
    });
  }

  /** After cells of the ledger sheet moved, the header, rows and columns the sheet section names are where the check found them. */
  #checked(outcome: CheckOutcome): void {
    const moved = this.#sheetMoved && this.state.sheet?.name === outcome.sheet;
    if (moved) this.#sheetMoved = false;
    this.#set({ check: outcome, ...(moved ? { sheet: this.#sheetInfo(outcome) } : {}) });
  }

  /** The conflicts' cells move with inserted and deleted cells of the ledger sheet (a deleted one is no longer in this sheet). */
  #moved(sheet: string, shift: CellShift): void {
    if (sheet === this.state.sheet?.name) this.#sheetMoved = true;
    if (sheet !== (this.state.check?.sheet ?? this.#settings?.sheet.sheet) || this.state.conflicts.length === 0) return;
    const conflicts = this.state.conflicts.map((c): RowConflict => {
      if (c.row === undefined) return c;
      const to = shiftCell(shift, { row: c.row - 1, col: c.column ? columnIndex(c.column) : 0 });
      const { row: _row, column: _column, ...rest } = c;
      return to ? { ...rest, row: to.row + 1, ...(c.column ? { column: columnLetter(to.col) } : {}) } : rest;
    });
    this.#set({ conflicts });
  }

  subscribe(listener: (state: PaneState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #set(patch: Partial<PaneState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.#listeners) l(this.state);
  }

  #notice(section: Section, ...notices: Notice[]): void {
    this.#set({ notices: { ...this.state.notices, [section]: notices } });
  }

  /** The campaign's configuration with this workbook's own header words. */
  get config(): CampaignConfig {
    return effectiveConfig(this.#settings?.campaign, this.#settings?.sheet.aliases ?? {});
  }

  /** Runs one button's work: one at a time, errors shown in its section. */
  async #task<T>(section: Section, work: () => Promise<T>): Promise<T | undefined> {
    if (this.state.busy) return undefined;
    this.#set({ busy: section, notices: { ...this.state.notices, [section]: [] } });
    try {
      return await work();
    } catch (e) {
      this.#notice(section, { kind: 'error', text: bilingual(e) });
      return undefined;
    } finally {
      this.#set({ busy: undefined });
    }
  }

  async #settingsNow(): Promise<PaneSettings> {
    this.#settings ??= await loadPaneSettings(this.env.excel);
    return this.#settings;
  }

  /** Reads what the workbook remembers and reconnects when this browser holds a token for it. */
  async init(): Promise<void> {
    const settings = await this.#settingsNow();
    this.#set({
      lang: settings.preferences.lang,
      autoCheck: settings.preferences.autoCheck,
      connection: settings.connection,
      sync: { ...this.state.sync, queued: settings.sync.queue.length },
    });
    // A workbook whose ledger sheet is known is checked as it opens.
    if (settings.sheet.sheet && settings.preferences.autoCheck) await this.check();
    const c = settings.connection;
    const token = c ? loadApiToken(this.env.store, c.serviceUrl) : undefined;
    if (c && token) {
      await this.#task('connect', () => this.#open(c, { token: async () => token }, 'token'));
    }
  }

  async setLang(lang: Lang): Promise<void> {
    this.#set({ lang });
    const settings = await this.#settingsNow();
    settings.preferences = { ...settings.preferences, lang };
    await saveSettings(this.env.excel, { preferences: settings.preferences });
    if (this.state.check) await this.check();
  }

  async setAutoCheck(on: boolean): Promise<void> {
    this.#set({ autoCheck: on });
    const settings = await this.#settingsNow();
    settings.preferences = { ...settings.preferences, autoCheck: on };
    await saveSettings(this.env.excel, { preferences: settings.preferences });
  }

  /** The service address to show in the form. */
  get serviceUrl(): string {
    return this.state.connection?.serviceUrl ?? this.env.defaultServiceUrl ?? '';
  }

  async connectWithToken(input: { serviceUrl: string; campaign: string; unit?: string; token: string }): Promise<void> {
    await this.#task('connect', async () => {
      const connection = this.#connectionFrom(input);
      const token = input.token.trim() || loadApiToken(this.env.store, connection.serviceUrl);
      if (!token) {
        this.#notice('connect', { kind: 'warn', key: 'connect.needToken' });
        return;
      }
      await this.#open(connection, { token: async () => token }, 'token');
      saveApiToken(this.env.store, connection.serviceUrl, token);
    });
  }

  get microsoftSignInAvailable(): boolean {
    return this.env.microsoftSignIn !== false;
  }

  /**
   * The app id and the sign-in authority (global or 21Vianet) come from the service, which checks
   * the tokens; a typed app id is for a service too old to say.
   */
  async connectWithMicrosoft(input: { serviceUrl: string; campaign: string; unit?: string; clientId: string }): Promise<void> {
    await this.#task('connect', async () => {
      if (!this.microsoftSignInAvailable) {
        this.#notice('connect', { kind: 'warn', key: 'connect.microsoftUnavailable' });
        return;
      }
      const connection = this.#connectionFrom(input);
      const offered = await signInSettings(connection.serviceUrl, this.env.fetch);
      if (offered && !offered.microsoft) {
        this.#notice('connect', { kind: 'warn', key: 'connect.microsoftOff' });
        return;
      }
      const clientId = offered?.microsoft?.clientId ?? input.clientId.trim();
      if (!clientId) {
        this.#notice('connect', { kind: 'warn', key: 'connect.needClientId' });
        return;
      }
      const source = await signInWithMicrosoft({
        serviceUrl: connection.serviceUrl,
        clientId,
        requirements: this.env.excel.requirements,
        ...(this.env.dialog ? { dialog: this.env.dialog } : {}),
        dialogUrl: this.env.dialogUrl,
        ...(offered?.microsoft ? { authority: offered.microsoft.authority } : {}),
      });
      await this.#open({ ...connection, entraClientId: clientId }, source, 'microsoft');
    });
  }

  #connectionFrom(input: { serviceUrl: string; campaign: string; unit?: string }): Connection {
    const serviceUrl = normalizeServiceUrl(input.serviceUrl);
    if (!/^https?:\/\/./.test(serviceUrl)) throw new Error(`${t('zh', 'connect.needUrl')} / ${t('en', 'connect.needUrl')}`);
    return {
      serviceUrl,
      campaign: input.campaign.trim() || 'default',
      ...(input.unit?.trim() ? { unit: input.unit.trim() } : {}),
      ...(this.state.connection?.entraClientId ? { entraClientId: this.state.connection.entraClientId } : {}),
    };
  }

  async #open(connection: Connection, tokens: TokenSource, auth: 'token' | 'microsoft'): Promise<void> {
    const api = new ApiClient({ baseUrl: connection.serviceUrl, token: () => tokens.token(), fetch: this.env.fetch });
    const me = await api.me();
    const campaign = me.campaign ?? connection.campaign;
    const [campaigns, info] = await Promise.all([api.campaigns(), api.campaign(campaign)]);
    const saved: Connection = { ...connection, campaign, ...(me.kind === 'unit' && me.unit ? { unit: me.unit } : {}) };
    const settings = await this.#settingsNow();
    settings.connection = saved;
    settings.campaign = info.config;
    await saveSettings(this.env.excel, { connection: saved, campaign: info.config });
    this.#api = api;
    this.#set({ connection: saved, me, auth, campaigns: campaigns.map((c) => c.name) });
    this.#notice('connect', { kind: 'info', key: 'connect.remembered' });
    await this.#rowsChanged();
  }

  async disconnect(): Promise<void> {
    const c = this.state.connection;
    if (c) forgetApiToken(this.env.store, c.serviceUrl);
    this.#api = undefined;
    this.#rows = undefined;
    this.#set({ me: undefined, auth: undefined, campaigns: [], conflicts: [], requests: { picked: undefined, answers: [] }, evidence: NO_EVIDENCE });
  }

  // ── Set up the sheet ────────────────────────────────────────────────────────────────────────

  async #readSheet(): Promise<LedgerSheet> {
    const settings = await this.#settingsNow();
    try {
      return await readLedgerSheet(this.env.excel, this.config, settings.sheet.sheet);
    } catch (e) {
      // The remembered sheet was renamed or deleted: use the one in front of the user.
      if (!(e instanceof AdapterError && e.kind === 'missing_sheet')) throw e;
      settings.sheet = { ...settings.sheet, sheet: undefined };
      return readLedgerSheet(this.env.excel, this.config);
    }
  }

  #sheetInfo(sheet: Pick<LedgerSheet, 'grid' | 'ledger'>): SheetInfo {
    const rows = sheet.ledger.rows.map((r) => r.source.row);
    const header = sheet.ledger.headerRows.at(-1);
    return {
      name: sheet.grid.sheet,
      headerRow: header === undefined ? undefined : header + 1,
      firstRow: rows.length > 0 ? Math.min(...rows) : undefined,
      lastRow: rows.length > 0 ? Math.max(...rows) : undefined,
      count: rows.length,
      mapping: columnMapping(sheet.ledger),
    };
  }

  /** Finds the ledger on the active sheet and remembers it. */
  async detect(): Promise<SheetInfo | undefined> {
    return this.#task('sheet', async () => {
      const settings = await this.#settingsNow();
      const sheet = await readLedgerSheet(this.env.excel, this.config);
      const info = this.#sheetInfo(sheet);
      this.#set({ sheet: info });
      if (info.headerRow === undefined) {
        this.#notice('sheet', { kind: 'warn', key: 'sheet.notFound' });
        return info;
      }
      settings.sheet = { ...settings.sheet, sheet: info.name };
      await saveSettings(this.env.excel, { sheet: settings.sheet });
      this.#notice('sheet', this.#foundNotice(info));
      return info;
    });
  }

  #foundNotice(info: SheetInfo): Notice {
    return info.count > 0
      ? { kind: 'info', key: 'sheet.found', params: { sheet: info.name, header: info.headerRow ?? '', first: info.firstRow ?? '', last: info.lastRow ?? '', count: info.count } }
      : { kind: 'info', key: 'sheet.foundEmpty', params: { sheet: info.name, header: info.headerRow ?? '' } };
  }

  /** The user says column `header` holds `field`: remembered in the workbook and read again. */
  async correctMapping(header: string, field: Field): Promise<void> {
    await this.#task('sheet', async () => {
      const settings = await this.#settingsNow();
      settings.sheet = { ...settings.sheet, aliases: withCorrection(settings.sheet.aliases, header, field) };
      await saveSettings(this.env.excel, { sheet: settings.sheet });
      const sheet = await this.#readSheet();
      const info = this.#sheetInfo(sheet);
      this.#set({ sheet: info });
      const notices: Notice[] = [this.#foundNotice(info)];
      const got = info.mapping.find((m) => m.header === header);
      const holder = info.mapping.find((m) => m.field === field);
      if (got?.field !== field && holder) {
        notices.push({ kind: 'warn', key: 'sheet.taken', params: { field: FIELD_LABELS[field][this.state.lang], column: holder.letter } });
      }
      this.#notice('sheet', ...notices);
    });
  }

  /** Drop-downs, colouring and the hidden id columns. */
  async setUp(): Promise<SetupReport | undefined> {
    return this.#task('sheet', async () => {
      const sheet = await this.#readSheet();
      const info = this.#sheetInfo(sheet);
      this.#set({ sheet: info });
      if (info.headerRow === undefined) {
        this.#notice('sheet', { kind: 'warn', key: 'sheet.notFound' });
        return undefined;
      }
      const report = await this.checker.whileWriting(() => setUpSheet(this.env.excel, sheet, this.config, this.state.connection?.unit));
      this.#set({ setup: report });
      this.#notice('sheet', ...this.#setupNotices(report, sheet));
      if (this.state.check) await this.checker.check();
      return report;
    });
  }

  /** What setting up did, and what in the sheet the check will read differently from how it looks. */
  #setupNotices(report: SetupReport, sheet: LedgerSheet): Notice[] {
    const notices: Notice[] = [];
    const { lists } = report;
    if (report.dropdowns === 'applied') {
      notices.push({ kind: 'info', key: 'sheet.applied.dropdowns', params: { status: lists.status.length, category: lists.category.length, unit: lists.unit.length } });
    } else if (report.dropdowns === 'skipped') notices.push({ kind: 'warn', key: 'sheet.skipped.dropdowns' });
    if (report.formats === 'applied') notices.push({ kind: 'info', key: 'sheet.applied.formats', params: { days: DUE_SOON_DAYS } });
    else if (report.formats === 'skipped') notices.push({ kind: 'warn', key: 'sheet.skipped.formats' });
    if (report.idColumns) {
      notices.push({ kind: 'info', key: 'sheet.applied.ids', params: { id: columnLetter(report.idColumns.idCol), version: columnLetter(report.idColumns.versionCol) } });
    }
    for (const m of report.messages) notices.push({ kind: 'warn', text: bilingual(m) });
    const texts = textDeadlines(sheet.ledger);
    if (texts > 0) notices.push({ kind: 'info', key: 'sheet.textDeadlines', params: { count: texts } });
    const words = nonStandardStatuses(sheet.ledger, this.config);
    if (words.length > 0) notices.push({ kind: 'info', key: 'sheet.statusWords', params: { words } });
    notices.push({ kind: 'info', key: 'sheet.survives' });
    return notices;
  }

  // ── Check ───────────────────────────────────────────────────────────────────────────────────

  async check(): Promise<CheckOutcome | undefined> {
    return this.#task('check', () => this.checker.check());
  }

  async clearMarks(): Promise<void> {
    await this.#task('check', () => this.checker.clearAllMarks());
  }

  /** Selects a finding's cell in the sheet. */
  async goTo(finding: Finding): Promise<void> {
    const cell = findingCell(finding) ?? (finding.row > 0 ? { row: finding.row - 1, col: 0 } : undefined);
    if (!cell) return;
    try {
      await this.env.excel.run((context) => selectCell(context, finding.sheet, cell.row, cell.col));
    } catch (e) {
      this.#notice('check', { kind: 'error', text: bilingual(e) });
    }
  }

  // ── Rollup ──────────────────────────────────────────────────────────────────────────────────

  async writeSummary(): Promise<void> {
    await this.#task('rollup', async () => {
      const outcome = this.state.check ?? (await this.checker.check());
      const summary = buildSummary({ ledger: outcome.ledger, grid: outcome.grid, rollup: outcome.result.rollup, config: this.config, asOf: this.env.today(), lang: this.state.lang });
      await this.env.excel.run((context) => writeTableSheet(context, SUMMARY_SHEET, summary.rows, { boldRows: summary.boldRows }));
      this.#notice('rollup', { kind: 'info', key: 'rollup.written' });
    });
  }

  // ── Sync ────────────────────────────────────────────────────────────────────────────────────

  #engine(): SyncEngine | undefined {
    const api = this.#api;
    const connection = this.state.connection;
    const me = this.state.me;
    if (!api || !connection || !me) return undefined;
    return new SyncEngine(
      {
        excel: this.env.excel,
        api,
        store: this.env.store,
        serviceUrl: connection.serviceUrl,
        loadState: async () => (await this.#settingsNow()).sync,
        saveState: async (state: SyncState) => {
          const settings = await this.#settingsNow();
          settings.sync = state;
          await saveSettings(this.env.excel, { sync: state });
        },
        onProgress: (progress) => this.#set({ sync: { ...this.state.sync, progress } }),
      },
      { campaign: connection.campaign, config: this.config, who: me, ...(this.#settings?.sheet.sheet ? { sheetName: this.#settings.sheet.sheet } : {}) },
    );
  }

  async sync(): Promise<SyncReport | undefined> {
    return this.#task('sync', async () => {
      const engine = this.#engine();
      if (!engine) {
        this.#notice('sync', { kind: 'warn', key: 'sync.needConnect' });
        return undefined;
      }
      const report = await this.checker.whileWriting(() => engine.sync());
      const settings = await this.#settingsNow();
      this.#set({
        sync: { progress: undefined, report, queued: report.queued, lastAt: new Date().toISOString() },
        conflicts: report.conflicts,
      });
      this.#notice('sync', ...this.#syncNotices(report));
      if (!report.offline) await this.#rowsChanged();
      this.#scheduleRetry(settings.sync.queue.length > 0);
      if (this.state.check || this.state.autoCheck) await this.checker.check();
      return report;
    });
  }

  #syncNotices(r: SyncReport): Notice[] {
    const out: Notice[] = [];
    if (r.offline) out.push({ kind: 'warn', key: 'sync.offline', params: { queued: r.queued } });
    out.push({
      kind: 'info',
      key: 'sync.result',
      params: { ...r.pushed, changed: r.pulled.changedRows, added: r.pulled.newRows },
    });
    for (const x of r.rejected) {
      const reason = this.state.lang === 'en' ? x.reason.en : x.reason.zh;
      out.push(x.row ? { kind: 'warn', key: 'sync.rejected', params: { row: x.row, reason } } : { kind: 'warn', key: 'sync.rejectedNew', params: { reason } });
    }
    for (const c of r.notSent) out.push({ kind: 'warn', key: 'sync.notSent', params: { row: c.row, column: c.column } });
    for (const c of r.mergedSkipped) out.push({ kind: 'warn', key: 'sync.merged', params: { row: c.row, column: c.column } });
    if (r.gone.length > 0) out.push({ kind: 'warn', key: 'sync.gone', params: { rows: r.gone } });
    for (const e of r.errors) out.push({ kind: 'error', text: e });
    return out;
  }

  /** While pushes wait in the queue, try again now and then. */
  #scheduleRetry(waiting: boolean): void {
    if (this.#retry !== undefined) clearTimeout(this.#retry);
    this.#retry = undefined;
    const every = this.env.retryMs ?? 60_000;
    if (!waiting || every <= 0) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      // Busy with something else: try again later rather than lose the retry.
      if (this.state.busy) this.#scheduleRetry(true);
      else void this.sync();
    }, every);
  }

  /** Settles one cell's conflicts: 'server' keeps theirs, 'caller' mine, or a value typed here. */
  async resolve(group: RowConflict, choice: ConflictChoice): Promise<void> {
    await this.#task('sync', async () => {
      const engine = this.#engine();
      if (!engine) {
        this.#notice('sync', { kind: 'warn', key: 'sync.needConnect' });
        return;
      }
      let row: number | undefined;
      await this.checker.whileWriting(async () => {
        // A typed value answers the shown field; the other fields of the cell follow the same side.
        for (const id of group.ids) row = (await engine.resolve(id, id === group.conflict.id ? choice : typeof choice === 'string' ? choice : 'caller')).row ?? row;
      });
      this.#set({ conflicts: this.state.conflicts.filter((c) => c !== group && !c.ids.some((id) => group.ids.includes(id))) });
      this.#notice('sync', { kind: 'info', key: 'conflict.resolved', params: { row: row ?? '—' } });
      if (this.state.check) await this.checker.check();
    });
  }

  // ── Closure and extension requests ─────────────────────────────────────────────────────────

  async #serviceRows(): Promise<Map<string, RowState>> {
    const api = this.#api;
    const connection = this.state.connection;
    if (!api || !connection) return new Map();
    this.#rows ??= new Map((await api.rows(connection.campaign)).rows.map((r) => [r.id, r]));
    return this.#rows;
  }

  /**
   * After connecting or syncing: a unit sees at once what the office returned or rejected, and the
   * picked row as the service now holds it. The office's rows (the whole campaign) load only once it picks one.
   */
  async #rowsChanged(): Promise<void> {
    this.#rows = undefined;
    const picked = this.state.requests.picked;
    if (this.state.me?.kind !== 'unit' && !picked) return;
    const rows = await this.#serviceRows();
    this.#set({
      requests: {
        answers: this.state.me?.kind === 'unit' ? answersToActOn([...rows.values()], this.env.today()) : [],
        picked: picked && { ...picked, service: picked.id === undefined ? undefined : rows.get(picked.id) },
      },
    });
  }

  /** Takes the row selected in the sheet as the one to ask about (or, for the office, to answer). */
  async pickSelectedRow(): Promise<void> {
    await this.#task('requests', async () => {
      if (!this.#api) {
        this.#notice('requests', { kind: 'warn', key: 'sync.needConnect' });
        return;
      }
      const at = await selectedLedgerRow(this.env.excel, this.config, (await this.#settingsNow()).sheet.sheet);
      const service = at?.id === undefined ? undefined : (await this.#serviceRows()).get(at.id);
      this.#set({ requests: { ...this.state.requests, picked: at && { ...at, service } }, evidence: NO_EVIDENCE });
      if (!at) this.#notice('requests', { kind: 'warn', key: 'requests.notLedgerRow' });
      else if (!service) this.#notice('requests', { kind: 'warn', key: 'requests.notSynced', params: { row: at.row } });
      else await this.#loadEvidence(service.id);
    });
  }

  // ── Evidence files (佐证材料) of the picked row ─────────────────────────────────────────────

  /** The api, campaign and picked row's id, when there is a synced row to attach files to. */
  #evidenceRow(): { api: ApiClient; campaign: string; rowId: string } | undefined {
    const rowId = this.state.requests.picked?.service?.id;
    const api = this.#api;
    const campaign = this.state.connection?.campaign;
    return api && campaign && rowId ? { api, campaign, rowId } : undefined;
  }

  async #loadEvidence(rowId: string): Promise<void> {
    const api = this.#api;
    const connection = this.state.connection;
    if (!api || !connection) return;
    const files = await api.evidence(connection.campaign, rowId);
    const saved = this.state.evidence.rowId === rowId ? this.state.evidence.saved : undefined;
    this.#set({ evidence: { rowId, files, saved: saved && files.some((f) => f.id === saved.fileId) ? saved : undefined } });
  }

  /** Attaches a file chosen in the pane to the picked row; the service's refusal (kind, size) is shown as it words it. */
  async uploadEvidence(file: Blob, fileName: string): Promise<void> {
    await this.#task('requests', async () => {
      const at = this.#evidenceRow();
      if (!at) return;
      this.#notice('requests', { kind: 'info', key: 'evidence.uploading', params: { file: fileName, size: sizeText(file.size) } });
      const stored = await at.api.uploadEvidence(at.campaign, at.rowId, file, fileName);
      await this.#loadEvidence(at.rowId);
      this.#notice('requests', { kind: 'info', key: 'evidence.uploaded', params: { file: stored.fileName, size: sizeText(stored.size) } });
    });
  }

  /**
   * Where Office can open the person's browser (Mac, Windows), opens a single-use link to the file
   * there, since Office saves nothing the pane makes; elsewhere (the web, the playground) fetches the
   * bytes with the pane's token and the view offers them to save from a link.
   */
  async downloadEvidence(fileId: string): Promise<void> {
    await this.#task('requests', async () => {
      const at = this.#evidenceRow();
      const file = this.state.evidence.files.find((f) => f.id === fileId);
      if (!at || !file) return;
      if (this.env.openBrowserWindow) {
        const link = await at.api.evidenceLink(at.campaign, fileId);
        this.env.openBrowserWindow(`${at.api.baseUrl}/${link.path}`);
        this.#set({ evidence: { ...this.state.evidence, saved: undefined } });
        this.#notice('requests', { kind: 'info', key: 'evidence.opened', params: { file: file.fileName } });
        return;
      }
      const blob = await at.api.evidenceFile(at.campaign, fileId);
      this.#set({ evidence: { ...this.state.evidence, saved: { fileId, blob, fileName: file.fileName } } });
    });
  }

  async removeEvidence(fileId: string): Promise<void> {
    await this.#task('requests', async () => {
      const at = this.#evidenceRow();
      if (!at) return;
      const removed = await at.api.removeEvidence(at.campaign, fileId);
      await this.#loadEvidence(at.rowId);
      this.#notice('requests', { kind: 'info', key: 'evidence.removed', params: { file: removed.fileName } });
    });
  }

  async requestClosure(note: string): Promise<void> {
    const text = note.trim();
    await this.#rowStep({ kind: 'closure', body: { action: 'request', ...(text ? { note: text } : {}) } }, 'requests.closureSent');
  }

  /** `date` as typed (2026-12-31, 2026/12/31, 2026年12月31日). */
  async requestExtension(date: string, reason: string): Promise<void> {
    const deadline = typedDate(date);
    if (!deadline) return this.#notice('requests', { kind: 'warn', key: 'requests.needDate' });
    if (!reason.trim()) return this.#notice('requests', { kind: 'warn', key: 'requests.needReason' });
    await this.#rowStep({ kind: 'extension', body: { action: 'request', deadline, reason: reason.trim() } }, 'requests.extensionSent');
  }

  /** The office approves, returns or rejects the picked row's request. */
  async answerRequest(step: RowStep): Promise<void> {
    await this.#rowStep(step, 'requests.answered');
  }

  /** Sends a step for the picked row; the sheet's closure, extension and deadline cells then follow by the ordinary sync. */
  async #rowStep(step: RowStep, sent: MessageKey): Promise<void> {
    const done = await this.#task('requests', async () => {
      const api = this.#api;
      const connection = this.state.connection;
      const picked = this.state.requests.picked;
      if (!api || !connection || picked?.id === undefined) return false;
      const row = await api.rowStep(connection.campaign, picked.id, step);
      this.#rows?.set(row.id, row);
      this.#set({ requests: { ...this.state.requests, picked: { ...picked, service: row } } });
      this.#notice('requests', { kind: 'info', key: sent });
      return true;
    });
    if (done) await this.sync();
  }

  /** Selects the row of an answer in the ledger sheet. */
  async goToRow(id: string): Promise<void> {
    await this.#task('requests', async () => {
      const found = await selectRowById(this.env.excel, this.config, (await this.#settingsNow()).sheet.sheet, id);
      if (!found) this.#notice('requests', { kind: 'warn', key: 'requests.rowNotInSheet' });
    });
  }

  // ── The office ──────────────────────────────────────────────────────────────────────────────

  async officeRowsSheet(): Promise<void> {
    await this.#task('office', async () => {
      const api = this.#api;
      const connection = this.state.connection;
      if (!api || !connection) return;
      const { rows } = await api.rows(connection.campaign);
      const written = await writeConsolidatedSheet(this.env.excel, rows.map((r) => r.measure), this.config);
      this.#notice('office', { kind: 'info', key: 'office.written', params: { sheet: written.sheet, count: rows.length } });
    });
  }

  async officeDownload(): Promise<void> {
    await this.#task('office', async () => {
      const api = this.#api;
      const connection = this.state.connection;
      if (!api || !connection) return;
      const asOf = this.env.today();
      if (this.env.openBrowserWindow) {
        const link = await api.workbookLink(connection.campaign, asOf, this.state.lang);
        this.env.openBrowserWindow(`${api.baseUrl}/${link.path}`);
        this.#set({ download: undefined });
        this.#notice('office', { kind: 'info', key: 'office.opened' });
        return;
      }
      // Office on the web and the playground are browsers: the file is made here and saved from a link.
      const blob = await api.workbook(connection.campaign, asOf);
      this.#set({ download: { blob, fileName: `整改台账汇总-${connection.campaign}-${asOf}.xlsx` } });
    });
  }
}
