// What a unit reads: its digest as an e-mail (Chinese subject, plain text and simple HTML) and as a
// group-chat message (markdown for 企业微信 and 钉钉, a rich-text post for 飞书), listing its measures
// by section (即将到期 / 已逾期 / 被退回 / 待答复) with each one's 序号, 整改措施, 责任单位, 完成时限
// and days. A robot message has a size limit: past it, the rest is counted, not listed.
import { chineseDate } from '../../ledger/dates';
import type { DueSoonRow, EscalationLevel, OverdueRow, PendingRow, ReminderRow, ReturnedRow, UnitDigest } from '../../ledger/reminders';
import { ESCALATION_LABELS } from '../../ledger/reminders';
import { DEADLINE_WORDS, type IsoDate } from '../../ledger/schema';

/** One measure as a line's parts: what it is, and what is said about it (days, level, reason). */
interface Item {
  row: ReminderRow;
  note: string;
}

interface Section {
  title: string;
  items: Item[];
}

/** A unit is warned (告诫) from the warning threshold on; accountability (问责) is the office's list, not the unit's wording. */
function levelWord(level: EscalationLevel): string {
  return level === 'supervise' ? ESCALATION_LABELS.supervise.zh : ESCALATION_LABELS.warn.zh;
}

const WHAT = { closure: '销号申请', extension: '延期申请' } as const;

function deadlineText(row: ReminderRow): string {
  if (!row.deadline) return '—';
  return /^\d{4}-\d{2}-\d{2}$/.test(row.deadline) ? chineseDate(row.deadline) : row.deadline;
}

const dueSoonItem = (r: DueSoonRow): Item => ({ row: r, note: r.daysLeft === 0 ? '今天到期' : `还剩${r.daysLeft}天` });
/** A warning is addressed to the unit and its responsible leader (BRIEF §2 step 6): the leader is named with it. */
const overdueItem = (r: OverdueRow): Item => ({
  row: r,
  note: `${levelWord(r.level)}${r.level !== 'supervise' && r.leader ? `（责任领导：${r.leader}）` : ''}：${r.daysOverdue === null ? `${DEADLINE_WORDS.immediate}，尚未完成` : `已逾期${r.daysOverdue}天`}`,
});
const returnedItem = (r: ReturnedRow): Item => ({
  row: r,
  note: `${WHAT[r.what]}${r.what === 'closure' ? '被退回' : '未获批准'}${r.on ? `（${chineseDate(r.on)}）` : ''}：${r.reason || '未说明理由'}`,
});
const pendingItem = (r: PendingRow): Item => ({
  row: r,
  note: `${WHAT[r.what]}待整改办答复${r.since ? `（${chineseDate(r.since)}提出）` : ''}${r.requestedDeadline ? `，申请延期至${chineseDate(r.requestedDeadline)}` : ''}`,
});

function sectionsOf(d: UnitDigest, dueSoonDays: number): Section[] {
  const all: Section[] = [
    { title: `即将到期（${dueSoonDays}天内，提醒）`, items: d.dueSoon.map(dueSoonItem) },
    { title: '已逾期（督办/告诫）', items: d.overdue.map(overdueItem) },
    { title: '被退回', items: d.returned.map(returnedItem) },
    { title: '待答复', items: d.pending.map(pendingItem) },
  ];
  return all.filter((s) => s.items.length > 0);
}

const ORDINALS = ['一', '二', '三', '四'];

export interface DigestMessage {
  subject: string;
  text: string;
  html: string;
  /** Markdown within `limitBytes` (UTF-8), for 企业微信 (lines joined by "\n") and 钉钉 (by "\n\n", which it needs to break a line). */
  markdown(limitBytes: number, sep?: string): string;
  /** 飞书's post content: a title and paragraphs of text runs, within `limitBytes`. */
  feishuPost(limitBytes: number): { title: string; content: { tag: 'text'; text: string }[][] };
}

function subjectOf(d: UnitDigest): string {
  const parts = [
    d.overdue.length ? `已逾期${d.overdue.length}项` : '',
    d.dueSoon.length ? `即将到期${d.dueSoon.length}项` : '',
    d.returned.length ? `被退回${d.returned.length}项` : '',
    d.pending.length ? `待答复${d.pending.length}项` : '',
  ].filter(Boolean);
  return `【整改提醒】${d.unit}：${parts.join('，')}`;
}

function itemLine(i: Item, n: number): string {
  const no = i.row.measureNo ?? i.row.problemNo;
  return `${n}. ${no ? `（编号 ${no}）` : ''}整改措施：${i.row.measure || i.row.problem || '（未填写）'}｜责任单位：${i.row.unit}｜完成时限：${deadlineText(i.row)}｜${i.note}`;
}

function plainText(d: UnitDigest, sections: Section[], asOf: IsoDate, from: string): string {
  const lines = [`${d.unit}：`, '', `截至${chineseDate(asOf)}，贵单位整改措施情况如下，请抓紧推进，并在台账中及时更新进展。`];
  sections.forEach((s, k) => {
    lines.push('', `${ORDINALS[k]}、${s.title}`);
    s.items.forEach((i, n) => lines.push(itemLine(i, n + 1)));
  });
  lines.push('', from);
  return lines.join('\n');
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function htmlBody(d: UnitDigest, sections: Section[], asOf: IsoDate, from: string): string {
  const cell = (s: string) => `<td style="border:1px solid #ccc;padding:4px 8px">${escapeHtml(s)}</td>`;
  const head = ['序号', '整改措施', '责任单位', '完成时限', '情况'].map((h) => `<th style="border:1px solid #ccc;padding:4px 8px;background:#f3f3f3">${h}</th>`).join('');
  const tables = sections.map((s, k) => {
    const rows = s.items.map((i, n) => `<tr>${cell(String(n + 1))}${cell(i.row.measure || i.row.problem)}${cell(i.row.unit)}${cell(deadlineText(i.row))}${cell(i.note)}</tr>`);
    return `<h3>${ORDINALS[k]}、${escapeHtml(s.title)}</h3><table style="border-collapse:collapse"><tr>${head}</tr>${rows.join('')}</table>`;
  });
  return [
    '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><body style="font-family:sans-serif">',
    `<p>${escapeHtml(d.unit)}：</p><p>截至${chineseDate(asOf)}，贵单位整改措施情况如下，请抓紧推进，并在台账中及时更新进展。</p>`,
    ...tables,
    `<p>${escapeHtml(from)}</p></body></html>`,
  ].join('\n');
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * The header, then section titles and items while they fit `limit` bytes joined by `sep` (keeping
 * room for the line that counts what did not fit); items are never cut in the middle.
 */
function fitting(header: string[], sections: Section[], limit: number, sep: string, line: (i: Item, n: number) => string): string[] {
  const out = [...header];
  let used = bytes(out.join(sep));
  const total = sections.reduce((sum, s) => sum + s.items.length, 0);
  let listed = 0;
  const room = 80;
  const fits = (l: string) => used + bytes(sep) + bytes(l) + room <= limit;
  outer: for (const [k, s] of sections.entries()) {
    const title = `**${ORDINALS[k]}、${s.title}**`;
    if (!fits(title) || !fits(`${title}${sep}${line(s.items[0]!, 1)}`)) break;
    out.push(title);
    used += bytes(sep) + bytes(title);
    for (const [n, i] of s.items.entries()) {
      const l = line(i, n + 1);
      if (!fits(l)) break outer;
      out.push(l);
      used += bytes(sep) + bytes(l);
      listed++;
    }
  }
  if (listed < total) out.push(`……另有${total - listed}项，详见电子邮件或台账`);
  return out;
}

export function digestMessage(d: UnitDigest, asOf: IsoDate, dueSoonDays: number, from = '整改办'): DigestMessage {
  const sections = sectionsOf(d, dueSoonDays);
  const subject = subjectOf(d);
  const header = [`### ${subject}`, `截至${chineseDate(asOf)}，请抓紧推进并及时更新台账。`];
  return {
    subject,
    text: plainText(d, sections, asOf, from),
    html: htmlBody(d, sections, asOf, from),
    markdown: (limit, sep = '\n') => fitting(header, sections, limit, sep, itemLine).join(sep),
    feishuPost(limit) {
      const lines = fitting([header[1]!], sections, limit - bytes(subject), '\n', itemLine).map((l) => l.replace(/^\*\*(.*)\*\*$/, '$1'));
      return { title: subject, content: lines.map((text) => [{ tag: 'text' as const, text }]) };
    },
  };
}
