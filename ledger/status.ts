// Status words as units write them (BRIEF §3) and the canonical codes they stand for.
import { DEFAULT_STATUS_LABELS, STATUS_CODES, type CampaignConfig, type CellValue, type Lang, type Measure, type StatusCode } from './schema';
import { cellText, textKey } from './text';

const WORDS: Record<string, StatusCode> = {};
function words(code: StatusCode, list: string[]) {
  for (const w of list) WORDS[textKey(w)] = code;
}
words('not_started', ['尚未启动', '未开始', '尚未开始', '未整改', '未落实', '待启动', 'not started']);
words('in_progress', [
  '已启动', '推进中', '正在整改', '整改中', '基本完成', '进行中', '正在进行', '持续推进',
  '部分完成', '阶段性完成', '未完成', '否', 'in progress', 'started', 'no',
]);
words('done', ['完成', '已整改', '整改完成', '已落实', '已办结', '是', 'done', 'completed', 'yes']);
words('done_ongoing', [
  '已完成，需长期坚持', '已完成（长期坚持）', '已完成需长期坚持', '完成并长期坚持',
  '已完成并持续推进', '已完成长期坚持', '已完成,长期坚持', '已整改并长期坚持', 'done ongoing', 'done_ongoing',
]);
// Besides the words above: the default status words (DEFAULT_STATUS_LABELS) and the codes themselves.
for (const code of STATUS_CODES) {
  WORDS[textKey(DEFAULT_STATUS_LABELS[code])] = code;
  WORDS[textKey(code)] = code;
}

/** Words no status dictionary can list: judge by their parts, most specific first. */
function byParts(key: string): StatusCode | undefined {
  if (/^已?完成/.test(key) && /长期|持续|常态/.test(key)) return 'done_ongoing';
  if (/基本完成|部分完成|阶段/.test(key)) return 'in_progress';
  if (/^(未|尚未|暂未)(启动|开始|实施)/.test(key)) return 'not_started';
  if (/^(已|全部|全面)?(完成|整改完成|整改到位|办结|落实到位)/.test(key)) return 'done';
  if (/推进|整改中|进行中|实施中|已启动|落实中|正在/.test(key)) return 'in_progress';
  return undefined;
}

/** A status cell: the canonical code when the words are recognised, and the words as written. */
export function parseStatus(v: CellValue): { status?: StatusCode; text?: string } {
  if (typeof v === 'boolean') return { status: v ? 'done' : 'in_progress', text: v ? '是' : '否' };
  const text = cellText(v);
  if (text === undefined) return {};
  const key = textKey(text);
  const status = WORDS[key] ?? byParts(key);
  return status ? { status, text } : { text };
}

/** True when most of the given texts read as status words: tells a 整改进展 column holding statuses from one holding notes. */
export function looksLikeStatusColumn(values: CellValue[]): boolean {
  let filled = 0;
  let statuses = 0;
  for (const v of values) {
    const t = cellText(v);
    if (t === undefined) continue;
    filled++;
    if (t.length <= 12 && parseStatus(t).status) statuses++;
  }
  return filled > 0 && statuses / filled >= 0.6;
}


/** Status names in English text; in Chinese a status is named by the campaign's own words. */
export const STATUS_LABELS_EN: Record<StatusCode, string> = {
  not_started: 'not started',
  in_progress: 'in progress',
  done: 'done',
  done_ongoing: 'done & kept up',
};

/** A status's name: the campaign's word for it (the default words without a campaign), or its English name. */
export function statusLabel(code: StatusCode, config?: CampaignConfig, lang: Lang = 'zh'): string {
  if (lang === 'en') return STATUS_LABELS_EN[code];
  return config?.statusLabels[code] ?? DEFAULT_STATUS_LABELS[code];
}

/** A measure's status as a cell shows it: the campaign's word for its code, else the words it was written with. */
export function statusWords(m: Pick<Measure, 'status' | 'statusText'>, config?: CampaignConfig): string | undefined {
  return m.status ? statusLabel(m.status, config) : m.statusText;
}

/** The words a ledger uses for each status: the campaign's word first, then those its rows were written with. */
export function statusWordsIn(measures: Iterable<Pick<Measure, 'status' | 'statusText'>>, config?: CampaignConfig): Record<StatusCode, string[]> {
  const out = Object.fromEntries(STATUS_CODES.map((c) => [c, [statusLabel(c, config)]])) as Record<StatusCode, string[]>;
  for (const m of measures) {
    const words = m.status ? out[m.status] : undefined;
    if (words && m.statusText && !words.includes(m.statusText)) words.push(m.statusText);
  }
  return out;
}

export function isCompletedStatus(code: StatusCode | undefined): boolean {
  return code === 'done' || code === 'done_ongoing';
}
