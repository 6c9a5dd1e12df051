// The task pane's page: renders the controller's state and wires its buttons. The whole pane is
// redrawn on every state change (it is small, and long lists are capped); focus and what was typed
// into the forms survive a redraw.
import { FIELD_LABELS, statusLabel, STATUS_CODES, STATUS_LABELS_EN, type Field, type Finding, type Lang } from '../../../ledger';
import type { ConflictChoice } from '../../../ledger/sync-protocol';
import type { RowConflict } from '../../sync/engine';
import type { Notice, PaneController, PaneState, Section } from '../controller';
import { t, type MessageKey } from '../i18n';
import { mappableFields } from '../setup';
import { h, type Child } from './dom';

/** Findings listed per severity; the rest are counted. */
const LIST_LIMIT = 200;

interface Form {
  serviceUrl: string;
  campaign: string;
  unit: string;
  token: string;
  clientId: string;
  /** Conflict id → value typed for "another value". */
  custom: Record<string, string>;
}

export function mountPane(root: HTMLElement, pane: PaneController): void {
  const form: Form = {
    serviceUrl: pane.serviceUrl,
    campaign: pane.state.connection?.campaign ?? 'default',
    unit: pane.state.connection?.unit ?? '',
    token: '',
    clientId: pane.state.connection?.entraClientId ?? '',
    custom: {},
  };
  let downloadUrl: { blob: Blob; url: string } | undefined;
  let seenConnection = pane.state.connection;

  const render = (state: PaneState) => {
    // The workbook's remembered connection fills the form once it is known.
    if (state.connection && state.connection !== seenConnection) {
      seenConnection = state.connection;
      form.serviceUrl = state.connection.serviceUrl;
      form.campaign = state.connection.campaign;
      form.unit = state.connection.unit ?? form.unit;
      form.clientId = state.connection.entraClientId ?? form.clientId;
    }
    const lang = state.lang;
    const T = (key: MessageKey, params?: Record<string, string | number>) => t(lang, key, params);
    const active = document.activeElement instanceof HTMLElement && root.contains(document.activeElement) ? document.activeElement.dataset.key : undefined;

    const button = (key: string, label: string, onclick: () => void, opts: { primary?: boolean; section?: Section; describedBy?: string } = {}) =>
      h(
        'button',
        {
          type: 'button',
          class: opts.primary ? 'lp-button lp-primary' : 'lp-button',
          'data-key': key,
          disabled: state.busy !== undefined,
          'aria-describedby': opts.describedBy,
          onclick: () => onclick(),
        },
        label,
      );
    const field = (key: keyof Omit<Form, 'custom'>, label: string, attrs: Record<string, string> = {}) => {
      const id = `lp-${key}`;
      return h(
        'div',
        { class: 'lp-field' },
        h('label', { for: id }, label),
        h('input', {
          id,
          'data-key': key,
          value: form[key],
          autocomplete: 'off',
          spellcheck: 'false',
          ...attrs,
          oninput: (e) => (form[key] = (e.target as HTMLInputElement).value),
        }),
      );
    };
    const notices = (section: Section) =>
      h(
        'div',
        { class: 'lp-notices', role: section === 'sync' || section === 'check' ? 'status' : undefined },
        (state.notices[section] ?? []).map((n) => h('p', { class: `lp-notice lp-${n.kind}` }, noticeText(n, lang))),
      );
    const section = (id: Section, title: string, ...children: Child[]) =>
      h('section', { class: 'lp-section', 'aria-labelledby': `lp-h-${id}`, 'aria-busy': state.busy === id ? 'true' : undefined }, h('h2', { id: `lp-h-${id}` }, title), ...children);

    // ── Connect
    const me = state.me;
    const role = me ? (me.kind === 'office' ? T('connect.role.office') : me.kind === 'unit' ? T('connect.role.unit', { unit: me.unit ?? '' }) : T('connect.role.unassigned')) : '';
    const connectForm = [
      field('serviceUrl', T('connect.serviceUrl'), { type: 'url', placeholder: 'https://ledger.example.edu.cn' }),
      field('campaign', T('connect.campaign'), { list: 'lp-campaigns' }),
      h('datalist', { id: 'lp-campaigns' }, state.campaigns.map((c) => h('option', { value: c }))),
      me?.kind === 'unit' ? null : field('unit', T('connect.unit'), { placeholder: T('connect.unitHint') }),
      field('token', T('connect.token'), { type: 'password', 'aria-describedby': 'lp-token-note' }),
      h('p', { id: 'lp-token-note', class: 'lp-hint' }, T('connect.tokenNote')),
      button(
        'connect-token',
        T('connect.withToken'),
        () => void pane.connectWithToken({ serviceUrl: form.serviceUrl, campaign: form.campaign, unit: form.unit, token: form.token }).then(() => (form.token = '')),
        { primary: !me },
      ),
      h(
        'details',
        { class: 'lp-details', open: state.auth === 'microsoft' || undefined },
        h('summary', {}, T('connect.microsoft')),
        field('clientId', T('connect.clientId'), { placeholder: '00000000-0000-0000-0000-000000000000' }),
        button('connect-ms', T('connect.signIn'), () => void pane.connectWithMicrosoft({ serviceUrl: form.serviceUrl, campaign: form.campaign, unit: form.unit, clientId: form.clientId })),
      ),
    ];
    const connect = section(
      'connect',
      T('connect.heading'),
      me
        ? [
            h('p', { class: 'lp-connected' }, T('connect.connected', { name: me.name, role })),
            h('p', { class: 'lp-muted' }, T('connect.where', { campaign: state.connection?.campaign ?? '', url: state.connection?.serviceUrl ?? '' })),
            h('div', { class: 'lp-actions' }, button('disconnect', T('connect.disconnect'), () => void pane.disconnect())),
            h('details', { class: 'lp-details' }, h('summary', {}, T('connect.change')), connectForm),
          ]
        : [h('p', { class: 'lp-muted' }, T('connect.notConnected')), connectForm],
      notices('connect'),
    );

    // ── Set up the sheet
    const info = state.sheet;
    const fields = mappableFields(lang);
    const mapping = info && info.headerRow !== undefined && info.mapping.length > 0
      ? h(
          'div',
          { class: 'lp-mapping' },
          h('h3', {}, T('sheet.mapping')),
          h('p', { class: 'lp-hint' }, T('sheet.mappingHint')),
          h(
            'table',
            { class: 'lp-table' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, T('sheet.column')), h('th', { scope: 'col' }, T('sheet.header')), h('th', { scope: 'col' }, T('sheet.field')))),
            h(
              'tbody',
              {},
              info.mapping.map((m) =>
                h(
                  'tr',
                  {},
                  h('td', { class: 'lp-letter' }, m.letter),
                  h('td', {}, m.header),
                  h(
                    'td',
                    {},
                    h(
                      'select',
                      {
                        'data-key': `map-${m.letter}`,
                        'aria-label': T('sheet.fieldFor', { column: m.letter, header: m.header }),
                        disabled: state.busy !== undefined,
                        onchange: (e) => {
                          const v = (e.target as HTMLSelectElement).value;
                          if (v) void pane.correctMapping(m.header, v as Field);
                        },
                      },
                      h('option', { value: '', selected: m.field === undefined }, T('sheet.extra')),
                      fields.map((f) => h('option', { value: f.field, selected: m.field === f.field }, f.label)),
                    ),
                  ),
                ),
              ),
            ),
          ),
        )
      : null;
    const sheet = section(
      'sheet',
      T('sheet.heading'),
      h('div', { class: 'lp-actions' }, button('detect', T('sheet.detect'), () => void pane.detect(), { primary: !info }), info?.headerRow !== undefined ? button('setup', T('sheet.apply'), () => void pane.setUp(), { primary: true }) : null),
      notices('sheet'),
      mapping,
    );

    // ── Check
    const outcome = state.check;
    const findings = outcome?.result.findings ?? [];
    const errors = findings.filter((f) => f.severity === 'error');
    const warnings = findings.filter((f) => f.severity === 'warning');
    const where = (f: Finding) => (f.row > 0 && f.column ? T('check.where', { row: f.row, column: f.column }) : f.row > 0 ? T('check.whereRow', { row: f.row }) : T('check.whereSheet'));
    const group = (key: string, title: string, list: Finding[], kind: 'error' | 'warning') =>
      list.length === 0
        ? null
        : h(
            'div',
            { class: `lp-group lp-group-${kind}` },
            h('h3', {}, `${title}（${list.length}）`),
            h(
              'ul',
              { class: 'lp-findings' },
              list.slice(0, LIST_LIMIT).map((f, i) =>
                h(
                  'li',
                  {},
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'lp-finding',
                      'data-key': `${key}-${i}`,
                      'aria-label': T('check.goTo', { where: where(f), message: f.message }),
                      onclick: () => void pane.goTo(f),
                    },
                    h('span', { class: 'lp-where' }, where(f)),
                    h('span', { class: 'lp-message' }, f.message),
                  ),
                ),
              ),
              list.length > LIST_LIMIT ? h('li', { class: 'lp-muted' }, T('check.more', { count: list.length - LIST_LIMIT })) : null,
            ),
          );
    const check = section(
      'check',
      T('check.heading'),
      h(
        'div',
        { class: 'lp-actions' },
        button('check', T('check.run'), () => void pane.check(), { primary: true }),
        button('clear-marks', T('check.clear'), () => void pane.clearMarks()),
      ),
      h(
        'div',
        { class: 'lp-check' },
        h('input', { type: 'checkbox', id: 'lp-auto', 'data-key': 'auto', checked: state.autoCheck, onchange: (e) => void pane.setAutoCheck((e.target as HTMLInputElement).checked) }),
        h('label', { for: 'lp-auto' }, T('check.auto')),
      ),
      outcome
        ? h(
            'p',
            { class: 'lp-summary', role: 'status' },
            findings.length === 0 ? T('check.none', { date: outcome.result.rollup.asOf }) : T('check.summary', { errors: errors.length, warnings: warnings.length, date: outcome.result.rollup.asOf }),
          )
        : null,
      group('err', T('check.errors'), errors, 'error'),
      group('warn', T('check.warnings'), warnings, 'warning'),
      notices('check'),
    );

    // ── Rollup
    const rollup = outcome?.result.rollup;
    const percent = (n: number) => `${(n * 100).toFixed(1)}%`;
    const rollupSection = section(
      'rollup',
      T('rollup.heading'),
      rollup
        ? [
            h(
              'div',
              { class: 'lp-tiles' },
              tile(T('rollup.measures'), rollup.measures),
              tile(T('rollup.completed'), rollup.completed),
              tile(T('rollup.rate'), percent(rollup.completionRate)),
              tile(T('rollup.overdue'), rollup.overdue, rollup.overdue > 0 ? 'lp-tile-alert' : undefined),
            ),
            h('p', { class: 'lp-report' }, rollup.report),
            h('h3', {}, T('rollup.byStatus')),
            h(
              'table',
              { class: 'lp-table' },
              h('tbody', {}, STATUS_CODES.map((code) => h('tr', {}, h('th', { scope: 'row' }, lang === 'en' ? STATUS_LABELS_EN[code] : statusLabel(code, pane.config)), h('td', { class: 'lp-num' }, rollup.status[code])))),
            ),
            rollup.byCategory.length > 0
              ? [
                  h('h3', {}, T('rollup.byCategory')),
                  h(
                    'table',
                    { class: 'lp-table' },
                    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, T('rollup.category')), h('th', { scope: 'col' }, T('rollup.count')), h('th', { scope: 'col' }, T('rollup.rate')), h('th', { scope: 'col' }, T('rollup.overdue')))),
                    h(
                      'tbody',
                      {},
                      rollup.byCategory.map((c) =>
                        h('tr', {}, h('th', { scope: 'row' }, c.category), h('td', { class: 'lp-num' }, c.measures), h('td', { class: 'lp-num' }, percent(c.completionRate)), h('td', { class: 'lp-num' }, c.overdue)),
                      ),
                    ),
                  ),
                ]
              : null,
          ]
        : h('p', { class: 'lp-muted' }, T('rollup.needCheck')),
      h('div', { class: 'lp-actions' }, button('summary', T('rollup.write'), () => void pane.writeSummary())),
      notices('rollup'),
    );

    // ── Sync
    const progress = state.sync.progress;
    const sync = section(
      'sync',
      T('sync.heading'),
      h('div', { class: 'lp-actions' }, button('sync', T('sync.run'), () => void pane.sync(), { primary: true })),
      progress
        ? h(
            'div',
            { class: 'lp-progress' },
            h('progress', { max: 100, value: Math.round(progress.fraction * 100), 'aria-label': T(`sync.step.${progress.step}`) }),
            h('p', { role: 'status' }, T(`sync.step.${progress.step}`)),
          )
        : null,
      !state.sync.report && state.sync.queued > 0 ? h('p', { class: 'lp-notice lp-warn' }, T('sync.queued', { queued: state.sync.queued })) : null,
      notices('sync'),
      state.conflicts.length > 0
        ? h(
            'div',
            { class: 'lp-conflicts' },
            h('h3', {}, `${T('conflict.heading')}（${state.conflicts.length}）`),
            state.conflicts.map((c) => conflictCard(c, lang, state.busy !== undefined, form, pane)),
          )
        : null,
    );

    // ── The office
    const download = state.download;
    if (download && downloadUrl?.blob !== download.blob) {
      if (downloadUrl) URL.revokeObjectURL(downloadUrl.url);
      downloadUrl = { blob: download.blob, url: URL.createObjectURL(download.blob) };
    }
    const office =
      me?.kind === 'office'
        ? section(
            'office',
            T('office.heading'),
            h(
              'div',
              { class: 'lp-actions' },
              button('office-rows', T('office.rowsSheet'), () => void pane.officeRowsSheet()),
              button('office-download', T('office.download'), () => void pane.officeDownload()),
            ),
            download && downloadUrl ? h('p', {}, h('a', { href: downloadUrl.url, download: download.fileName, class: 'lp-link', 'data-key': 'save' }, T('office.save', { file: download.fileName }))) : null,
            notices('office'),
          )
        : null;

    const header = h(
      'header',
      { class: 'lp-header' },
      h('div', {}, h('h1', {}, T('app.title')), h('p', { class: 'lp-subtitle' }, T('app.subtitle'))),
      h(
        'button',
        { type: 'button', class: 'lp-button lp-lang', 'data-key': 'lang', lang: lang === 'zh' ? 'en' : 'zh', 'aria-label': T('lang.switchLabel'), onclick: () => void pane.setLang(lang === 'zh' ? 'en' : 'zh') },
        T('lang.switch'),
      ),
    );
    const busy = h('p', { class: 'lp-busy', role: 'status', 'aria-live': 'polite' }, state.busy ? T('busy') : '');

    root.lang = lang === 'zh' ? 'zh-CN' : 'en';
    root.replaceChildren(header, busy, connect, sheet, check, rollupSection, sync, ...(office ? [office] : []));
    if (active) root.querySelector<HTMLElement>(`[data-key="${CSS.escape(active)}"]`)?.focus();
  };

  pane.subscribe(render);
  render(pane.state);
}

function tile(label: string, value: string | number, extra?: string): HTMLElement {
  return h('div', { class: extra ? `lp-tile ${extra}` : 'lp-tile' }, h('span', { class: 'lp-tile-value' }, value), h('span', { class: 'lp-tile-label' }, label));
}

function noticeText(n: Notice, lang: Lang): string {
  return 'key' in n ? t(lang, n.key, n.params) : lang === 'en' ? n.text.en : n.text.zh;
}

function fieldName(field: string, lang: Lang): string {
  const base = field === 'statusText' ? 'status' : field === 'completedOnText' ? 'completedOn' : field;
  if (base.startsWith('extras.')) return base.slice('extras.'.length);
  return base in FIELD_LABELS ? FIELD_LABELS[base as Field][lang] : base;
}

/** A conflict value for people: a status as its label, a deadline as its words. */
function shown(value: unknown, lang: Lang): string {
  if (value === null || value === undefined || value === '') return t(lang, 'conflict.empty');
  if (typeof value === 'string' && (STATUS_CODES as readonly string[]).includes(value)) {
    const code = value as (typeof STATUS_CODES)[number];
    return lang === 'en' ? STATUS_LABELS_EN[code] : statusLabel(code);
  }
  if (typeof value === 'object' && value !== null && 'text' in value && typeof value.text === 'string') return value.text;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function conflictCard(group: RowConflict, lang: Lang, busy: boolean, form: Form, pane: PaneController): HTMLElement {
  const c = group.conflict;
  const T = (key: MessageKey, params?: Record<string, string | number>) => t(lang, key, params);
  const name = fieldName(c.field, lang);
  const title = group.row ? T('conflict.title', { row: group.row, field: name }) : T('conflict.titleElsewhere', { field: name });
  const id = `lp-c-${c.id}`;
  const choose = (choice: ConflictChoice) => void pane.resolve(group, choice);
  // A typed value fits fields of plain text; a status or a deadline is chosen from the two sides.
  const typed = group.ids.length === 1 && (typeof c.server === 'string' || typeof c.caller === 'string') && !['status', 'deadline', 'closure'].includes(c.field);
  return h(
    'article',
    { class: 'lp-conflict', 'aria-labelledby': id },
    h('h4', { id }, title),
    h(
      'dl',
      { class: 'lp-values' },
      h('dt', {}, T('conflict.server')),
      h('dd', { class: 'lp-theirs' }, shown(c.server, lang)),
      c.changedBy ? h('dd', { class: 'lp-who' }, T('conflict.changedBy', { who: c.changedBy, date: (c.changedAt ?? '').slice(0, 10) })) : null,
      h('dt', {}, T('conflict.mine')),
      h('dd', { class: 'lp-mine' }, shown(c.caller, lang)),
      h('dt', {}, T('conflict.base')),
      h('dd', { class: 'lp-base' }, shown(c.base, lang)),
    ),
    h(
      'div',
      { class: 'lp-actions' },
      h('button', { type: 'button', class: 'lp-button', 'data-key': `keep-${c.id}`, disabled: busy, onclick: () => choose('server') }, T('conflict.useServer')),
      h('button', { type: 'button', class: 'lp-button lp-primary', 'data-key': `mine-${c.id}`, disabled: busy, onclick: () => choose('caller') }, T('conflict.useMine')),
    ),
    typed
      ? h(
          'div',
          { class: 'lp-field lp-inline' },
          h('label', { for: `${id}-v` }, T('conflict.custom')),
          h('input', { id: `${id}-v`, 'data-key': `custom-${c.id}`, value: form.custom[c.id] ?? '', oninput: (e) => (form.custom[c.id] = (e.target as HTMLInputElement).value) }),
          h('button', { type: 'button', class: 'lp-button', 'data-key': `apply-${c.id}`, disabled: busy, onclick: () => choose({ value: form.custom[c.id] ?? '' }) }, T('conflict.apply')),
        )
      : null,
  );
}
