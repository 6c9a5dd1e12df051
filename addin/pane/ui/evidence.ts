// The picked row's evidence files (佐证材料) in the 销号与延期 section: each with its size, who
// uploaded it and when, to download (in the person's browser from a single-use link where Office can
// open one; elsewhere fetched with the pane's token, then saved from a link) and, where the service
// allows it, to remove; and a file picker that uploads at once.
import { dateIn } from '../../../ledger';
import { isoDate } from '../../../ledger/dates';
import { EVIDENCE_ACCEPT, evidenceKindsText, type EvidenceFile } from '../../../ledger/evidence';
import type { RowState } from '../../../ledger/sync-protocol';
import { mayAttachEvidence, mayRemoveEvidence, sizeText } from '../evidence';
import { h } from './dom';
import type { View } from './controls';
import { downloadUrls } from './office';

/** One object URL at a time: the previous file's is released when another is fetched. */
const savedUrl = downloadUrls();

type MsNavigator = Navigator & { msSaveOrOpenBlob?: (blob: Blob, name: string) => boolean };

/** When, in the pane's language and the computer's time zone: "2026年11月30日 09:05" / "30 Nov 2026 09:05". */
function uploadedWhen(v: View, at: string): string {
  const d = new Date(at);
  const day = isoDate(d.getFullYear(), d.getMonth() + 1, d.getDate());
  const time = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return day ? `${dateIn(v.lang, day)} ${time}` : at;
}

/** The link that saves a fetched file; Internet Explorer 11 has no download attribute, so it saves through msSaveOrOpenBlob. */
function saveLink(v: View, file: EvidenceFile): HTMLElement | null {
  const saved = v.state.evidence.saved;
  if (saved?.fileId !== file.id) return null;
  const url = savedUrl(saved);
  const save = (e: Event) => {
    const nav = navigator as MsNavigator;
    if (typeof nav.msSaveOrOpenBlob !== 'function') return;
    e.preventDefault();
    nav.msSaveOrOpenBlob(saved.blob, saved.fileName);
  };
  return h('a', { href: url, download: saved.fileName, class: 'lp-link', 'data-key': `evidence-save-${file.id}`, onclick: save }, v.T('evidence.save', { file: saved.fileName }));
}

function fileItem(v: View, row: RowState, file: EvidenceFile): HTMLElement {
  const { T, pane } = v;
  const busy = v.state.busy !== undefined;
  return h(
    'li',
    { class: 'lp-evidence-file', 'data-file': file.id },
    h('span', { class: 'lp-evidence-name', translate: 'no' }, T('evidence.file', { file: file.fileName, size: sizeText(file.size) })),
    h('span', { class: 'lp-who' }, T('evidence.by', { by: file.uploadedBy, when: uploadedWhen(v, file.uploadedAt) })),
    h(
      'span',
      { class: 'lp-actions' },
      h('button', { type: 'button', class: 'lp-button', 'data-key': `evidence-download-${file.id}`, 'aria-label': T('evidence.downloadLabel', { file: file.fileName }), disabled: busy, onclick: () => void pane.downloadEvidence(file.id) }, T('evidence.download')),
      mayRemoveEvidence(v.state.me, row, file)
        ? h('button', { type: 'button', class: 'lp-button', 'data-key': `evidence-remove-${file.id}`, 'aria-label': T('evidence.removeLabel', { file: file.fileName }), disabled: busy, onclick: () => void pane.removeEvidence(file.id) }, T('evidence.remove'))
        : null,
    ),
    saveLink(v, file),
  );
}

function picker(v: View): HTMLElement {
  const upload = (e: Event) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) void v.pane.uploadEvidence(file, file.name);
  };
  return h(
    'div',
    { class: 'lp-field' },
    h('label', { for: 'lp-evidence-file' }, v.T('evidence.upload')),
    h('input', { id: 'lp-evidence-file', type: 'file', accept: EVIDENCE_ACCEPT, 'data-key': 'evidence-file', disabled: v.state.busy !== undefined, onchange: upload }),
    h('p', { class: 'lp-hint' }, v.T('evidence.accepted', { kinds: evidenceKindsText(v.lang) })),
  );
}

/** The picked row's files and the picker; shown once the row's files are loaded. */
export function evidenceBox(v: View, row: RowState): HTMLElement | null {
  const { evidence } = v.state;
  if (evidence.rowId !== row.id) return null;
  return h(
    'div',
    { class: 'lp-request lp-evidence' },
    h('h4', {}, v.T('count', { label: v.T('evidence.heading'), count: evidence.files.length })),
    evidence.files.length > 0 ? h('ul', { class: 'lp-evidence-list' }, evidence.files.map((f) => fileItem(v, row, f))) : h('p', { class: 'lp-hint' }, v.T('evidence.none')),
    mayAttachEvidence(v.state.me, row) ? picker(v) : null,
  );
}

/** For the closure form: how many files are attached to the row. */
export function evidenceCount(v: View, row: RowState): number {
  return v.state.evidence.rowId === row.id ? v.state.evidence.files.length : 0;
}
