// A row's closure (销号) and extension (延期) in words for the terminal, Chinese or English: what
// `ledger closure` and `ledger extension` print after a step.
import { dateIn, type Closure, type Extension, type Lang } from '../../ledger';
import type { RowState } from '../../ledger/sync-protocol';

const WORDS = {
  zh: {
    row: (measure: string, unit: string) => `措施：${measure}（${unit}）`,
    noUnit: '未分配单位',
    noMeasure: '（无措施文字）',
    deadline: (text: string) => `完成时限：${text}`,
    closure: { requested: '已申请销号', approved: '已销号', returned: '销号申请被退回' } satisfies Record<Closure['state'], string>,
    extension: { requested: '已申请延期', approved: '延期已批准', rejected: '延期申请未获批准' } satisfies Record<Extension['state'], string>,
    closureLine: (state: string) => `销号情况：${state}`,
    extensionLine: (state: string, to: string) => `延期：${state}，申请延至 ${to}`,
    when: (on: string, by: string | undefined) => `（${on}${by ? `，${by}` : ''}）`,
    reason: (text: string) => `  退回原因：${text}`,
    note: (text: string) => `  说明：${text}`,
    asked: (text: string) => `  延期理由：${text}`,
    answer: (text: string) => `  整改办意见：${text}`,
    version: (id: string, v: number) => `行标识 ${id}，版本 ${v}`,
  },
  en: {
    row: (measure: string, unit: string) => `Measure: ${measure} (${unit})`,
    noUnit: 'no unit',
    noMeasure: '(no measure text)',
    deadline: (text: string) => `Deadline: ${text}`,
    closure: { requested: 'closure requested', approved: 'closed', returned: 'closure request returned' } satisfies Record<Closure['state'], string>,
    extension: { requested: 'extension requested', approved: 'extension approved', rejected: 'extension rejected' } satisfies Record<Extension['state'], string>,
    closureLine: (state: string) => `Closure: ${state}`,
    extensionLine: (state: string, to: string) => `Extension: ${state}, to ${to}`,
    when: (on: string, by: string | undefined) => ` (${on}${by ? `, ${by}` : ''})`,
    reason: (text: string) => `  Returned because: ${text}`,
    note: (text: string) => `  Note: ${text}`,
    asked: (text: string) => `  Reason given: ${text}`,
    answer: (text: string) => `  The office's note: ${text}`,
    version: (id: string, v: number) => `Row ${id}, version ${v}`,
  },
};

function deadlineWords(row: RowState, lang: Lang): string | undefined {
  const d = row.measure.deadline;
  if (!d) return undefined;
  return d.kind === 'date' && (d.text === d.date || d.text === '') ? dateIn(lang, d.date) : d.text;
}

/** The row's measure, deadline, closure and extension, one fact a line. */
export function describeRow(row: RowState, lang: Lang): string[] {
  const w = WORDS[lang];
  const m = row.measure;
  const lines = [w.row(m.measure ?? w.noMeasure, row.unit ?? w.noUnit)];
  const deadline = deadlineWords(row, lang);
  if (deadline) lines.push(w.deadline(deadline));
  const c = m.closure;
  if (c) {
    lines.push(w.closureLine(`${w.closure[c.state]}${c.on ? w.when(dateIn(lang, c.on), c.by) : ''}`));
    if (c.reason && c.state === 'returned') lines.push(w.reason(c.reason));
    if (c.note) lines.push(w.note(c.note));
  }
  const x = m.extension;
  if (x) {
    lines.push(w.extensionLine(`${w.extension[x.state]}${x.on ? w.when(dateIn(lang, x.on), x.by) : ''}`, dateIn(lang, x.deadline)));
    if (x.reason) lines.push(w.asked(x.reason));
    if (x.note) lines.push(w.answer(x.note));
  }
  lines.push(w.version(row.id, row.version));
  return lines;
}
