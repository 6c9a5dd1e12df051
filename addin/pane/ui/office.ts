// The office's section (shown to the office only): the consolidated rows as a sheet, and the
// workbook of all units to download.
import { h } from './dom';
import { button, notices, section, type View } from './controls';

type Download = NonNullable<View['state']['download']>;

/**
 * Returns the link address of each workbook downloaded: one object URL per file, the previous one
 * released when a new file arrives.
 */
export function downloadUrls(): (download: Download | undefined) => string | undefined {
  let current: { blob: Blob; url: string } | undefined;
  return (download) => {
    if (download && current?.blob !== download.blob) {
      if (current) URL.revokeObjectURL(current.url);
      current = { blob: download.blob, url: URL.createObjectURL(download.blob) };
    }
    return current?.url;
  };
}

export function officeSection(v: View, url: string | undefined): HTMLElement | null {
  const { state, T, pane } = v;
  if (state.me?.kind !== 'office') return null;
  const download = state.download;
  return section(
    v,
    'office',
    T('office.heading'),
    h(
      'div',
      { class: 'lp-actions' },
      button(v, 'office-rows', T('office.rowsSheet'), () => void pane.officeRowsSheet()),
      button(v, 'office-download', T('office.download'), () => void pane.officeDownload()),
    ),
    download && url ? h('p', {}, h('a', { href: url, download: download.fileName, class: 'lp-link', 'data-key': 'save' }, T('office.save', { file: download.fileName }))) : null,
    notices(v, 'office'),
  );
}
