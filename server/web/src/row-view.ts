// One measure on its own page (#/campaigns/{c}/rows/{id}, where the consolidated workbook links):
// its fields, who changed what and when, and its evidence files to download.
import { FIELD_LABELS } from '../../../ledger/labels';
import type { Lang } from '../../../ledger/schema';
import type { ChangeView, RowState } from '../../../ledger/sync-protocol';
import { h } from './dom';
import { dateText, timeText } from './format';
import { scrollable, type StatusNames } from './rollup-view';
import type { Strings } from './strings';
import type { EvidenceFile } from './wire';
import { closureText, deadlineText, extensionText, fieldName, valueText, whoText } from './values';

export interface RowViewContext {
  t: Strings;
  lang: Lang;
  names: StatusNames;
  unitHref(unit: string): string;
  download(file: EvidenceFile): void;
}

const SHOWN = ['category', 'problemNo', 'problem', 'measureNo', 'measure', 'leader', 'leadUnit', 'unit', 'coUnit', 'owner', 'deadline', 'status', 'progress', 'completedOn', 'evidence', 'remarks'] as const;

function fieldList(r: RowState, c: RowViewContext): HTMLElement {
  const m = r.measure;
  const text = (f: (typeof SHOWN)[number]): string | Node => {
    if (f === 'deadline') return deadlineText(m.deadline, c.t, c.lang);
    if (f === 'status') return m.status ? c.names[m.status] : (m.statusText ?? '');
    if (f === 'completedOn') return m.completedOn ? dateText(m.completedOn, c.lang) : (m.completedOnText ?? '');
    if (f === 'unit' && m.unit) return h('a', { href: c.unitHref(m.unit) }, [m.unit]);
    return m[f] ?? '';
  };
  const items: [string, string | Node][] = SHOWN.map((f) => [FIELD_LABELS[f][c.lang], text(f)]);
  items.push([FIELD_LABELS.closure[c.lang], m.closure?.reason ? c.t.labelled(closureText(m.closure, c.t), m.closure.reason) : closureText(m.closure, c.t)]);
  if (m.extension) items.push([FIELD_LABELS.extension[c.lang], extensionText(m.extension, c.t, c.lang)]);
  for (const [key, v] of Object.entries(m.extras)) items.push([key, v === null ? '' : String(v)]);
  return h('dl', { id: 'row-fields', class: 'row-fields' }, items.map(([k, v]) => h('div', {}, [h('dt', {}, [k]), h('dd', {}, [v])])));
}

function historyTable(changes: ChangeView[], c: RowViewContext): HTMLElement {
  const t = c.t;
  const what = (x: ChangeView) => (x.field === 'created' ? t.rowCreated : x.field === 'deleted' ? t.rowDeleted : fieldName(x.field, c.lang));
  const value = (x: ChangeView, v: unknown) => (x.field === 'created' || x.field === 'deleted' ? '' : valueText(x.field, v, c.names, t, c.lang));
  const table = h('table', { id: 'row-history', class: 'figures' }, [
    h('caption', { id: 'row-history-caption' }, [t.historyTitle]),
    h('thead', {}, [h('tr', {}, [t.when, t.who, t.field, t.oldValue, t.newValue].map((x) => h('th', { scope: 'col' }, [x])))]),
    h(
      'tbody',
      {},
      changes.map((x) =>
        h('tr', {}, [
          h('td', { class: 'short' }, [timeText(x.at, c.lang)]),
          h('td', { class: 'short' }, [whoText(x.actorKind, x.actor, x.actorUnit, t)]),
          h('td', { class: 'short' }, [what(x)]),
          h('td', { class: 'long' }, [value(x, x.old)]),
          h('td', { class: 'long' }, [value(x, x.new)]),
        ]),
      ),
    ),
  ]);
  return scrollable(table, 'row-history-caption');
}

function evidenceList(files: EvidenceFile[], c: RowViewContext): HTMLElement {
  const t = c.t;
  if (files.length === 0) return h('p', { id: 'row-evidence', class: 'empty' }, [t.noEvidence]);
  const table = h('table', { id: 'row-evidence', class: 'figures' }, [
    h('caption', { id: 'row-evidence-caption' }, [t.evidenceTitle]),
    h('thead', {}, [h('tr', {}, [t.fileName, t.fileSize, t.uploadedBy, t.uploadedAt].map((x) => h('th', { scope: 'col' }, [x])))]),
    h(
      'tbody',
      {},
      files.map((f) => {
        const link = h('button', { type: 'button', class: 'link' }, [f.fileName]);
        link.addEventListener('click', () => c.download(f));
        return h('tr', {}, [
          h('th', { scope: 'row' }, [link]),
          h('td', { class: 'num' }, [t.fileBytes(f.size)]),
          h('td', { class: 'short' }, [whoText(f.uploaderKind, f.uploadedBy, f.uploaderUnit, t)]),
          h('td', { class: 'short' }, [timeText(f.uploadedAt, c.lang)]),
        ]);
      }),
    ),
  ]);
  return scrollable(table, 'row-evidence-caption');
}

/** `files` undefined: the service keeps no evidence files (the section is left out). */
export function rowView(r: RowState, changes: ChangeView[], files: EvidenceFile[] | undefined, c: RowViewContext): HTMLElement[] {
  const t = c.t;
  const title = r.measure.measureNo ? t.rowTitleOf(r.measure.measureNo) : t.rowTitle;
  return [
    h('h3', { id: 'row-title', tabindex: '-1' }, [title]),
    fieldList(r, c),
    h('h4', {}, [t.historyTitle]),
    historyTable(changes, c),
    ...(files ? [h('h4', {}, [t.evidenceTitle]), evidenceList(files, c)] : []),
  ];
}
