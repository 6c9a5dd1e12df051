// The reminders preview: per unit, what its digest will hold as of the chosen date (due soon,
// overdue with the escalation level, returned, awaiting the office), and after "立即发送" what each
// unit's send came to.
import { ROBOT_LABELS, type Channel, type SendReport } from '../../../ledger/reminder-settings';
import { ESCALATION_LABELS, type ReminderDigest, type ReminderRow, type UnitDigest } from '../../../ledger/reminders';
import type { Lang } from '../../../ledger/schema';
import { h } from './dom';
import { dateText } from './format';
import { scrollable } from './rollup-view';
import type { Strings } from './strings';

export interface ReminderContext {
  t: Strings;
  lang: Lang;
  rowHref(id: string): string;
}

function measureItem(r: ReminderRow, note: string, c: ReminderContext): HTMLElement {
  return h('li', {}, [r.measureNo ? `${r.measureNo} ` : '', h('a', { href: c.rowHref(r.id) }, [r.measure || r.problem]), h('span', { class: 'reminder-note' }, [c.t.paren(note)])]);
}

function group(title: string, items: HTMLElement[], t: Strings): HTMLElement[] {
  return items.length ? [h('p', { class: 'reminder-group' }, [t.queueCount(title, items.length)]), h('ul', {}, items)] : [];
}

function unitCard(u: UnitDigest, c: ReminderContext): HTMLElement {
  const { t, lang } = c;
  const level = u.level ? t.paren(ESCALATION_LABELS[u.level][lang]) : '';
  const what = (kind: 'closure' | 'extension', returned: boolean) =>
    returned ? (kind === 'closure' ? t.returnedClosure : t.returnedExtension) : kind === 'closure' ? t.pendingClosure : t.pendingExtension;
  return h('section', { class: 'reminder-unit', 'data-unit': u.unit, 'aria-label': u.unit }, [
    h('h4', {}, [`${u.unit}${level}`]),
    ...group(t.dueSoonGroup, u.dueSoon.map((r) => measureItem(r, t.daysLeft(r.daysLeft), c)), t),
    ...group(t.overdueGroup, u.overdue.map((r) => measureItem(r, t.daysLate(r.daysOverdue) + t.and + ESCALATION_LABELS[r.level][lang], c)), t),
    ...group(t.returnedGroup, u.returned.map((r) => measureItem(r, t.labelled(what(r.what, true), r.reason), c)), t),
    ...group(t.pendingGroup, u.pending.map((r) => measureItem(r, what(r.what, false) + (r.since ? t.and + dateText(r.since, lang) : ''), c)), t),
  ]);
}

export function remindersPreview(d: ReminderDigest, c: ReminderContext): HTMLElement[] {
  const cards = d.units.map((u) => unitCard(u, c));
  return [
    h('p', { class: 'hint' }, [c.t.remindersHint(d.dueSoonDays)]),
    cards.length ? h('div', { class: 'reminder-units' }, cards) : h('p', { class: 'empty' }, [c.t.noReminders]),
  ];
}

export function sendResults(r: SendReport, t: Strings, lang: Lang): HTMLElement {
  const outcome = { sent: t.outcomeSent, skipped: t.outcomeSkipped, failed: t.outcomeFailed, no_recipients: t.outcomeNoRecipients };
  const channel = (name: Channel) => (name === 'email' ? (lang === 'zh' ? '电子邮件' : 'E-mail') : ROBOT_LABELS[name][lang]);
  const table = h('table', { id: 'send-results', class: 'figures' }, [
    h('caption', { id: 'send-results-caption' }, [t.sendCaption(dateText(r.day, lang))]),
    h('thead', {}, [h('tr', {}, [t.unit, t.outcome, t.detail].map((x) => h('th', { scope: 'col' }, [x])))]),
    h(
      'tbody',
      {},
      r.units.map((u) =>
        h('tr', { 'data-unit': u.unit }, [
          h('th', { scope: 'row' }, [u.unit]),
          h('td', { class: u.outcome === 'failed' ? 'short late' : 'short' }, [outcome[u.outcome]]),
          h('td', { class: 'long' }, [[...u.channels.map((x) => x.error ? t.labelled(t.channelResult(channel(x.channel), x.ok, x.attempts), x.error) : t.channelResult(channel(x.channel), x.ok, x.attempts)), u.reason ?? ''].filter(Boolean).join(t.sep)]),
        ]),
      ),
    ),
  ]);
  return scrollable(table, 'send-results-caption');
}
