// The reminder digest and a send's outcome in words for the terminal, Chinese or English: what
// `ledger reminders` prints.
import { DEADLINE_WORDS, dateIn, type Lang } from '../../ledger';
import type { SendReport, UnitSendResult } from '../../ledger/reminder-settings';
import { ESCALATION_LABELS, type ReminderDigest, type ReminderRow, type UnitDigest } from '../../ledger/reminders';

const WORDS = {
  zh: {
    head: (asOf: string, days: number) => `截至 ${asOf} 的提醒（${days} 天内到期即提醒）`,
    none: '没有需要提醒的单位。',
    unit: (d: UnitDigest, level: string) =>
      `${d.unit}${level ? `（${level}）` : ''}：即将到期 ${d.dueSoon.length} 项，已逾期 ${d.overdue.length} 项，被退回 ${d.returned.length} 项，待整改办答复 ${d.pending.length} 项`,
    dueSoon: (left: number) => (left === 0 ? '今天到期' : `${left} 天后到期`),
    overdue: (days: number | null, level: string) => `${days === null ? `${DEADLINE_WORDS.immediate}未完成` : `逾期 ${days} 天`}，${level}`,
    returned: { closure: '销号被退回', extension: '延期未获批准' },
    pending: { closure: '销号待审核', extension: '延期待审核' },
    row: (what: string, r: ReminderRow) => `  ${what}：${r.measure || r.problem}${r.deadline ? `（完成时限：${r.deadline}）` : ''}`,
    reason: (text: string) => `    整改办意见：${text}`,
    accountability: (n: number) => `可问责的长期逾期措施 ${n} 项：`,
    sendHead: (day: string) => `${day} 的提醒发送结果：`,
    outcome: { sent: '已发送', skipped: '未发送', failed: '发送失败', no_recipients: '未设置接收人' },
    channels: { email: '邮件', wecom: '企业微信', dingtalk: '钉钉', feishu: '飞书' },
    sep: '，',
    colon: '：',
  },
  en: {
    head: (asOf: string, days: number) => `Reminders as of ${asOf} (due within ${days} days)`,
    none: 'No unit has anything to be reminded of.',
    unit: (d: UnitDigest, level: string) =>
      `${d.unit}${level ? ` (${level})` : ''}: ${d.dueSoon.length} due soon, ${d.overdue.length} overdue, ${d.returned.length} sent back, ${d.pending.length} awaiting the office`,
    dueSoon: (left: number) => (left === 0 ? 'due today' : `due in ${left} days`),
    overdue: (days: number | null, level: string) => `${days === null ? 'immediate, not done' : `${days} days overdue`}, ${level}`,
    returned: { closure: 'closure returned', extension: 'extension rejected' },
    pending: { closure: 'closure awaiting review', extension: 'extension awaiting review' },
    row: (what: string, r: ReminderRow) => `  ${what}: ${r.measure || r.problem}${r.deadline ? ` (deadline: ${r.deadline})` : ''}`,
    reason: (text: string) => `    The office's note: ${text}`,
    accountability: (n: number) => `Long-overdue measures the office may take to accountability: ${n}`,
    sendHead: (day: string) => `Reminders sent for ${day}:`,
    outcome: { sent: 'sent', skipped: 'not sent', failed: 'failed', no_recipients: 'no recipients set' },
    channels: { email: 'e-mail', wecom: 'WeCom', dingtalk: 'DingTalk', feishu: 'Feishu' },
    sep: ', ',
    colon: ': ',
  },
};

/** "中文 / English" as the service words a reason: the half in `lang`. */
function inLang(text: string, lang: Lang): string {
  const slash = text.indexOf(' / ');
  if (slash < 0) return text;
  return lang === 'en' ? text.slice(slash + 3) : text.slice(0, slash);
}

function unitLines(d: UnitDigest, lang: Lang): string[] {
  const w = WORDS[lang];
  const level = (l: keyof typeof ESCALATION_LABELS) => ESCALATION_LABELS[l][lang];
  const lines = [w.unit(d, d.level ? level(d.level) : '')];
  for (const r of d.dueSoon) lines.push(w.row(w.dueSoon(r.daysLeft), r));
  for (const r of d.overdue) lines.push(w.row(w.overdue(r.daysOverdue, level(r.level)), r));
  for (const r of d.returned) lines.push(w.row(w.returned[r.what], r), ...(r.reason ? [w.reason(r.reason)] : []));
  for (const r of d.pending) lines.push(w.row(w.pending[r.what], r));
  return lines;
}

/** The digest of every unit, then the accountability list. */
export function describeDigest(digest: ReminderDigest, lang: Lang): string {
  const w = WORDS[lang];
  const lines = [w.head(dateIn(lang, digest.asOf), digest.dueSoonDays)];
  if (digest.units.length === 0) lines.push(w.none);
  for (const d of digest.units) lines.push('', ...unitLines(d, lang));
  if (digest.accountability.length > 0) {
    lines.push('', w.accountability(digest.accountability.length));
    for (const r of digest.accountability) lines.push(w.row(`${r.unit}${w.sep}${w.overdue(r.daysOverdue, ESCALATION_LABELS[r.level][lang])}`, r));
  }
  return lines.join('\n');
}

function sendLine(r: UnitSendResult, lang: Lang): string {
  const w = WORDS[lang];
  const channels = r.channels.map((c) => `${w.channels[c.channel]}${c.ok ? '' : ` ✗${c.error ? ` ${inLang(c.error, lang)}` : ''}`}`);
  const detail = [...channels, ...(r.reason && r.outcome !== 'failed' ? [inLang(r.reason, lang)] : [])].join(w.sep);
  const wrapped = detail ? (lang === 'en' ? ` (${detail})` : `（${detail}）`) : '';
  return `  ${r.unit}${w.colon}${w.outcome[r.outcome]}${wrapped}`;
}

/** Each unit's outcome of a send. */
export function describeSend(report: SendReport, lang: Lang): string {
  const w = WORDS[lang];
  return [w.sendHead(dateIn(lang, report.day)), ...report.units.map((r) => sendLine(r, lang))].join('\n');
}
