// Sending the digests, on demand or on the schedule: each unit with something to be told gets one
// digest a day on every channel the office set for it. The send log's row for the unit and day is
// claimed first (sends.ts), so a unit is never sent twice a day; each channel is tried a few times
// with growing pauses; what still failed is recorded, and the next run that day sends only the
// channels not yet delivered.
import type { Channel, ChannelResult, SendReport, UnitSendResult } from '../../ledger/reminder-settings';
import type { UnitDigest } from '../../ledger/reminders';
import type { IsoDate } from '../../ledger/schema';
import type { Store } from '../store';
import type { Work } from '../work/work';
import { sendEmail, sendRobot } from './channels';
import { digestMessage, type DigestMessage } from './message';
import type { SendKey } from './sends';
import { loadSettings, type Recipient, type StoredSettings } from './settings';

/** Pauses before the second and third attempt of a channel. */
export const RETRY_DELAYS_MS = [1_000, 4_000];
const UNITS_AT_ONCE = 6;

export interface SendOptions {
  trigger: 'manual' | 'schedule';
  /** The date the digest is judged on (default: today in the campaign's time zone). */
  asOf?: IsoDate;
  now?: () => Date;
  retryDelaysMs?: number[];
}

/** The calendar day of `now` in a time zone, as YYYY-MM-DD. */
function dayIn(timezone: string, now: Date): IsoDate {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A channel the office has not set up fully: trying again cannot help. */
class NotSetUp extends Error {}

async function withRetries(channel: Channel, attempt: () => Promise<void>, delays: number[]): Promise<ChannelResult> {
  let error = '';
  for (let n = 0; n <= delays.length; n++) {
    if (n > 0) await sleep(delays[n - 1]!);
    try {
      await attempt();
      return { channel, ok: true, attempts: n + 1 };
    } catch (e) {
      error = (e as Error).message;
      if (e instanceof NotSetUp) return { channel, ok: false, attempts: n + 1, error };
    }
  }
  return { channel, ok: false, attempts: delays.length + 1, error };
}

/** Each channel set for the unit, and how to deliver on it. */
function channelsOf(r: Recipient | undefined, s: StoredSettings, m: DigestMessage, now: () => Date): [Channel, () => Promise<void>][] {
  const out: [Channel, () => Promise<void>][] = [];
  if (r && r.emails.length > 0) {
    const smtp = s.smtp;
    out.push(['email', () => (smtp ? sendEmail(smtp, r.emails, m) : Promise.reject(new NotSetUp('未设置发信服务器（SMTP），请在提醒设置中填写 / no SMTP server set: fill it in the reminder settings')))]);
  }
  const robot = r?.robot;
  if (robot) out.push([robot.kind, () => sendRobot(robot, m, now())]);
  return out;
}

async function sendUnit(work: Work, s: StoredSettings, d: UnitDigest, key: SendKey, asOf: IsoDate, dueSoonDays: number, o: SendOptions): Promise<UnitSendResult> {
  const now = o.now ?? (() => new Date());
  const message = digestMessage(d, asOf, dueSoonDays);
  const channels = channelsOf(
    s.recipients.find((r) => r.unit === d.unit),
    s,
    message,
    now,
  );
  if (channels.length === 0) {
    return { unit: d.unit, outcome: 'no_recipients', reason: '未设置接收邮箱或群机器人 / no e-mail address or robot set for this unit', channels: [] };
  }
  const claim = await work.write('claimReminderSend', key, o.trigger, asOf, now().toISOString());
  if (!claim.claimed) {
    const reason = claim.status === 'sent' ? '今天已发送 / already sent today' : '正在发送中 / being sent by another run';
    return { unit: d.unit, outcome: 'skipped', reason, channels: [] };
  }
  const results: ChannelResult[] = [];
  for (const [channel, deliver] of channels) {
    if (!claim.delivered.includes(channel)) results.push(await withRetries(channel, deliver, o.retryDelaysMs ?? RETRY_DELAYS_MS));
  }
  const failed = results.filter((r) => !r.ok);
  const error = failed.length > 0 ? failed.map((r) => r.error).join('；') : null;
  const delivered = [...claim.delivered, ...results.filter((r) => r.ok).map((r) => r.channel)];
  const attempts = claim.attempts + results.reduce((sum, r) => sum + r.attempts, 0);
  await work.write('finishReminderSend', key, { ok: failed.length === 0, attempts, delivered, error }, now().toISOString());
  return { unit: d.unit, outcome: failed.length === 0 ? 'sent' : 'failed', ...(error ? { reason: error } : {}), channels: results };
}

/** Sends the campaign's digests as of a date; answers what happened for each unit. */
export async function sendReminders(store: Store, work: Work, campaign: string, o: SendOptions): Promise<SendReport> {
  const settings = await loadSettings(store.db, campaign);
  const day = dayIn(settings.timezone, (o.now ?? (() => new Date()))());
  const asOf = o.asOf ?? day;
  const digest = await work.read('reminders', campaign, asOf);
  // A few units at a time: one unreachable server retried for every unit must not take the sum of their waits.
  const units: UnitSendResult[] = new Array<UnitSendResult>(digest.units.length);
  let next = 0;
  const lane = async () => {
    for (let k = next++; k < digest.units.length; k = next++) {
      const d = digest.units[k]!;
      units[k] = await sendUnit(work, settings, d, { campaign, unit: d.unit, day }, asOf, digest.dueSoonDays, o);
    }
  };
  await Promise.all(Array.from({ length: Math.min(UNITS_AT_ONCE, digest.units.length) }, lane));
  return { asOf, day, units };
}

/** Today in the campaign's time zone: the date a digest is judged on unless the office names one. */
export async function todayFor(store: Store, campaign: string): Promise<IsoDate> {
  return dayIn((await loadSettings(store.db, campaign)).timezone, new Date());
}
