// Values and people as the page names them: a field's value in words (a deadline as written, a
// status by the campaign's word, a closure or an extension by its state), and who did something
// (the office as 整改办, never by its token's label "office").
import { FIELD_LABELS } from '../../../ledger/labels';
import { extrasKey } from '../../../ledger/sync-protocol';
import { Closure, Deadline, Extension, Field, StatusCode, type IsoDate, type Lang } from '../../../ledger/schema';
import { dateText } from './format';
import type { StatusNames } from './rollup-view';
import type { Strings } from './strings';

export function fieldName(field: string, lang: Lang): string {
  const extra = extrasKey(field);
  if (extra !== undefined) return extra;
  const known = Field.safeParse(field);
  return known.success ? FIELD_LABELS[known.data][lang] : field;
}

export function deadlineText(d: Deadline | undefined, t: Strings, lang: Lang): string {
  if (!d) return '';
  if (d.kind === 'immediate') return d.text || t.immediate;
  // The office's own wording ("2024年5月底前") when it wrote one; the date otherwise.
  return d.text || (d.kind === 'date' ? dateText(d.date, lang) : '');
}

export function closureText(c: Closure | undefined, t: Strings): string {
  if (!c) return t.closureNone;
  return { requested: t.closureRequested, approved: t.closureApproved, returned: t.closureReturned }[c.state];
}

export function extensionText(e: Extension, t: Strings, lang: Lang): string {
  const state = { requested: t.extensionRequested, approved: t.extensionApproved, rejected: t.extensionRejected }[e.state];
  return t.labelled(state, dateText(e.deadline, lang));
}

/** A value from the history or a conflict, in words; the empty value says so. */
export function valueText(field: string, value: unknown, names: StatusNames, t: Strings, lang: Lang): string {
  if (value === null || value === undefined || value === '') return t.emptyValue;
  if (field === 'status') {
    const code = StatusCode.safeParse(value);
    if (code.success) return names[code.data];
  }
  const deadline = field === 'deadline' ? Deadline.safeParse(value) : undefined;
  if (deadline?.success) return deadlineText(deadline.data, t, lang);
  const closure = field === 'closure' ? Closure.safeParse(value) : undefined;
  if (closure?.success) return closureText(closure.data, t);
  const extension = field === 'extension' ? Extension.safeParse(value) : undefined;
  if (extension?.success) return extensionText(extension.data, t, lang);
  if (field === 'completedOn' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return dateText(value as IsoDate, lang);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Who: a unit by its name, the office as 整改办 (with a person's or token's own label when it has one). */
export function whoText(kind: 'office' | 'unit', name: string, unit: string | null, t: Strings): string {
  if (kind === 'unit') return unit && unit !== name ? unit + t.paren(name) : (unit ?? name);
  if (name === 'office' || name.startsWith('token:') || !name) return t.kindOffice;
  return t.kindOffice + t.paren(name);
}
