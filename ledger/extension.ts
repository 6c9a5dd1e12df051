// An extension (申请延期) in a cell's words, written so the ledger's reader recognises it again:
//   申请延期至2026年12月31日（2026年11月20日，计算机学院）：实验室改造工期顺延
//   已延期至2026年12月31日（原2026年11月30日；2026年11月25日，整改办）
//   未批准延期至2026年12月31日（2026年11月25日，整改办）：请按原时限完成
// The reader also takes the plainer words offices type themselves (同意延期至…, 不同意延期至…).
import { chineseDate } from './dates';
import { parseDate, parseDeadline } from './deadline';
import type { CellValue, Deadline, Extension } from './schema';
import { cellText } from './text';

const STATE_WORDS: Record<Extension['state'], string> = { requested: '申请延期', approved: '已延期', rejected: '未批准延期' };

function deadlineWords(d: Deadline): string {
  return d.kind === 'date' && d.text === d.date ? chineseDate(d.date) : d.text;
}

/** The extension as the consolidated workbook's 延期情况 cell shows it. */
export function extensionText(e: Extension): string {
  const when = [e.on && chineseDate(e.on), e.by].filter(Boolean).join('，');
  const detail = [e.state === 'approved' && e.previous ? `原${deadlineWords(e.previous)}` : '', when].filter(Boolean).join('；');
  const words = e.state === 'requested' ? e.reason : e.note;
  return `${STATE_WORDS[e.state]}至${chineseDate(e.deadline)}${detail ? `（${detail}）` : ''}${words ? `：${words}` : ''}`;
}

/** 申请延期至… / 已延期至…（…）：… : the head with the state and date, the part in brackets, the words after the colon. */
const PARTS = /^([^（(：:]*)(?:[（(]([^）)]*)[）)])?\s*(?:[：:]\s*([\s\S]*))?$/;

function stateOf(head: string): Extension['state'] | undefined {
  // 未批准 and 不同意 hold 批准 and 同意: the refusals are looked for first.
  if (/未批准|不批准|不同意|不予|驳回/.test(head)) return 'rejected';
  if (/申请|待审/.test(head)) return 'requested';
  if (/已延期|同意|批准|准予|延期至/.test(head)) return 'approved';
  return undefined;
}

/** When and by whom (2026年11月25日，整改办), and for an approval the deadline before it (原…). */
function details(inBrackets: string | undefined): Pick<Extension, 'on' | 'by' | 'previous'> {
  const out: Pick<Extension, 'on' | 'by' | 'previous'> = {};
  for (const part of (inBrackets ?? '').split(/[；;]/).map((p) => p.trim()).filter(Boolean)) {
    if (part.startsWith('原')) {
      const previous = parseDeadline(part.slice(1));
      if (previous) out.previous = previous;
      continue;
    }
    const [when, ...who] = part.split(/[，,]/);
    const on = parseDate(when ?? '')?.date;
    if (on) out.on = on;
    const by = (on ? who : [when, ...who]).join('，').trim();
    if (by) out.by = by;
  }
  return out;
}

/** A 延期情况 cell read back; undefined when it names no state or no date asked for. */
export function parseExtension(v: CellValue): Extension | undefined {
  const text = cellText(v);
  if (!text || !/延期|延长/.test(text)) return undefined;
  const parts = PARTS.exec(text);
  const head = parts?.[1] ?? text.split(/[：:]/)[0]!;
  const state = stateOf(head);
  const deadline = parseDate(head)?.date;
  if (!state || !deadline) return undefined;
  const words = parts?.[3]?.trim();
  return {
    state,
    deadline,
    ...(parts ? details(parts[2]) : {}),
    ...(words ? (state === 'requested' ? { reason: words } : { note: words }) : {}),
  };
}

/** An extension by its state and the date asked for; who, when and the words travel in the cell's text. */
export function extensionMeaning(e: Extension | undefined): string {
  return e ? `${e.state}:${e.deadline}` : '';
}
