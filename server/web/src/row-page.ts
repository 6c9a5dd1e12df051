// Opening one measure's page: the row as last loaded, its history and its evidence files fetched
// for it. A service without evidence files (no such endpoint) shows the page without that part.
import type { Lang } from '../../../ledger/schema';
import { ApiFailure, getFile, getJson } from './api';
import type { Shown } from './dashboard';
import { byId, h } from './dom';
import { saveBlob } from './download';
import type { StatusNames } from './rollup-view';
import { rowView } from './row-view';
import type { Strings } from './strings';
import { EvidenceList, RowHistory, type EvidenceFile } from './wire';

export interface RowPageContext {
  t: Strings;
  lang: Lang;
  names: StatusNames;
  campaignPath: string;
  unitHref(unit: string): string;
  fail(err: unknown): void;
}

const slot = byId('row-slot', HTMLDivElement);
let opening = 0;

async function evidenceOf(token: string, path: string): Promise<EvidenceFile[] | undefined> {
  try {
    return (await getJson(token, `${path}/evidence`, EvidenceList)).files;
  } catch (err) {
    if (err instanceof ApiFailure && err.reason.kind === 'http' && err.reason.code === 'not_found') return undefined;
    throw err;
  }
}

export async function showRow(token: string, shown: Shown, id: string, c: RowPageContext): Promise<void> {
  const mine = ++opening;
  const row = shown.rows.find((r) => r.id === id && !r.deleted);
  if (!row) {
    slot.replaceChildren(h('h3', { id: 'row-title', tabindex: '-1' }, [c.t.rowTitle]), h('p', { class: 'empty' }, [c.t.notFound]));
    return;
  }
  const path = `${c.campaignPath}/rows/${encodeURIComponent(id)}`;
  try {
    const [history, files] = await Promise.all([getJson(token, `${path}/history`, RowHistory), evidenceOf(token, path)]);
    if (mine !== opening) return;
    const download = (f: EvidenceFile) => {
      getFile(token, `${c.campaignPath}/evidence/${encodeURIComponent(f.id)}`)
        .then((file) => saveBlob(file.blob, f.fileName))
        .catch(c.fail);
    };
    slot.replaceChildren(...rowView(row, history.changes, files, { t: c.t, lang: c.lang, names: c.names, unitHref: c.unitHref, download }));
    byId('row-title', HTMLHeadingElement).focus();
  } catch (err) {
    if (mine === opening) c.fail(err);
  }
}
