// A campaign's reminder settings as stored (secrets included: only delivery reads them) and as shown
// to the office (secrets replaced by "set" flags and a masked webhook). A save that omits a secret
// keeps the one stored, so the office page can save what it was shown without knowing any secret.
import { Cron } from 'croner';
import type { Kysely, Transaction } from 'kysely';
import * as z from 'zod';
import { DEFAULT_ACCOUNT_AFTER_DAYS, DEFAULT_WARN_AFTER_DAYS, Escalation } from '../../ledger/reminders';
import {
  DEFAULT_REMINDER_SCHEDULE,
  DEFAULT_REMINDER_TIMEZONE,
  ReminderSettingsInput,
  RobotKind,
  type RecipientInput,
  type ReminderSettingsView,
} from '../../ledger/reminder-settings';
import { parseInput, StoreError, type Store } from '../store';
import type { Tables } from '../store/tables';

type Db = Kysely<Tables> | Transaction<Tables>;

const StoredSmtp = z.object({ host: z.string(), port: z.number().int(), secure: z.boolean(), user: z.string(), from: z.string() });
type StoredSmtp = z.infer<typeof StoredSmtp>;
const Emails = z.array(z.string());

export interface Robot {
  kind: RobotKind;
  url: string;
  secret: string | null;
}
export interface Recipient {
  unit: string;
  emails: string[];
  robot: Robot | null;
}
export interface StoredSettings {
  enabled: boolean;
  schedule: string;
  timezone: string;
  escalation: Escalation;
  smtp: (StoredSmtp & { password: string | null }) | null;
  recipients: Recipient[];
  updatedAt: string | null;
  updatedBy: string | null;
}

const DEFAULTS: StoredSettings = {
  enabled: false,
  schedule: DEFAULT_REMINDER_SCHEDULE,
  timezone: DEFAULT_REMINDER_TIMEZONE,
  escalation: { warnAfterDays: DEFAULT_WARN_AFTER_DAYS, accountAfterDays: DEFAULT_ACCOUNT_AFTER_DAYS },
  smtp: null,
  recipients: [],
  updatedAt: null,
  updatedBy: null,
};

async function loadRecipients(db: Db, campaign: string): Promise<Recipient[]> {
  const rows = await db.selectFrom('reminder_recipients').selectAll().where('campaign', '=', campaign).orderBy('unit').execute();
  return rows.map((r) => ({
    unit: r.unit,
    emails: Emails.parse(JSON.parse(r.emails)),
    robot: r.robot_kind && r.robot_url ? { kind: RobotKind.parse(r.robot_kind), url: r.robot_url, secret: r.robot_secret } : null,
  }));
}

/** The campaign's settings, or the defaults (disabled, nobody to remind) when the office set none. */
export async function loadSettings(db: Db, campaign: string): Promise<StoredSettings> {
  const row = await db.selectFrom('reminder_settings').selectAll().where('campaign', '=', campaign).executeTakeFirst();
  if (!row) return { ...DEFAULTS, recipients: await loadRecipients(db, campaign) };
  const smtp = row.smtp === null ? null : StoredSmtp.parse(JSON.parse(row.smtp));
  return {
    enabled: row.enabled === 1,
    schedule: row.schedule,
    timezone: row.timezone,
    escalation: Escalation.parse(JSON.parse(row.escalation)),
    smtp: smtp && { ...smtp, password: row.smtp_password },
    recipients: await loadRecipients(db, campaign),
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

/** The escalation days alone (what the digest needs). */
export async function loadEscalation(db: Db, campaign: string): Promise<Escalation> {
  const row = await db.selectFrom('reminder_settings').select('escalation').where('campaign', '=', campaign).executeTakeFirst();
  return row ? Escalation.parse(JSON.parse(row.escalation)) : DEFAULTS.escalation;
}

/** A schedule croner accepts, in a time zone the runtime knows; a bilingual reason otherwise. */
function scheduleProblem(schedule: string, timezone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    return `未知时区「${timezone}」（例如 Asia/Shanghai）/ unknown time zone "${timezone}" (e.g. Asia/Shanghai)`;
  }
  try {
    new Cron(schedule, { paused: true, timezone }).stop();
  } catch (e) {
    return `定时规则「${schedule}」无效（cron 表达式，如 0 9 * * 1-5 表示工作日 9 点）：${(e as Error).message} / invalid schedule "${schedule}" (a cron expression, e.g. 0 9 * * 1-5 for 9:00 on working days)`;
  }
  return undefined;
}

/** When a schedule next fires after `now`, or null. */
function nextRunOf(s: Pick<StoredSettings, 'enabled' | 'schedule' | 'timezone'>, now: Date): string | null {
  if (!s.enabled || scheduleProblem(s.schedule, s.timezone)) return null;
  const job = new Cron(s.schedule, { paused: true, timezone: s.timezone });
  const next = job.nextRun(now);
  job.stop();
  return next ? next.toISOString() : null;
}

function refuse(zh: string, en: string): never {
  throw new StoreError('invalid_request', { zh, en });
}

/** A recipient as it will be stored: a robot given without its webhook keeps the one stored for that kind. */
function mergeRecipient(input: RecipientInput, stored: Recipient | undefined): Recipient {
  const r = input.robot;
  if (r === null) return { unit: input.unit, emails: input.emails, robot: null };
  const before = stored?.robot?.kind === r.kind ? stored.robot : undefined;
  const url = r.url ?? before?.url;
  if (url === undefined) refuse(`单位「${input.unit}」的机器人缺少 webhook 地址`, `the robot of unit "${input.unit}" needs its webhook URL`);
  const secret = r.secret === undefined ? (before?.secret ?? null) : r.secret;
  return { unit: input.unit, emails: input.emails, robot: { kind: r.kind, url, secret } };
}

/** The settings a save leaves stored: the input, with every omitted secret taken from what was stored. */
function mergeSettings(input: ReminderSettingsInput, stored: StoredSettings, actor: string, now: string): StoredSettings {
  const problem = scheduleProblem(input.schedule, input.timezone);
  if (problem) refuse(problem, problem);
  const smtp = input.smtp && {
    host: input.smtp.host,
    port: input.smtp.port,
    secure: input.smtp.secure,
    user: input.smtp.user,
    from: input.smtp.from,
    password: input.smtp.password === undefined ? (stored.smtp?.password ?? null) : input.smtp.password,
  };
  const before = new Map(stored.recipients.map((r) => [r.unit, r]));
  const recipients = input.recipients.map((r) => mergeRecipient(r, before.get(r.unit)));
  return { enabled: input.enabled, schedule: input.schedule, timezone: input.timezone, escalation: input.escalation, smtp, recipients, updatedAt: now, updatedBy: actor };
}

async function writeSettings(db: Db, campaign: string, s: StoredSettings, now: string): Promise<void> {
  const { password, ...smtp } = s.smtp ?? { password: null };
  const row = {
    enabled: s.enabled ? 1 : 0,
    schedule: s.schedule,
    timezone: s.timezone,
    escalation: JSON.stringify(s.escalation),
    smtp: s.smtp ? JSON.stringify(smtp) : null,
    smtp_password: password,
    updated_at: now,
    updated_by: s.updatedBy ?? '',
  };
  await db.insertInto('reminder_settings').values({ campaign, ...row }).onConflict((oc) => oc.column('campaign').doUpdateSet(row)).execute();
  await db.deleteFrom('reminder_recipients').where('campaign', '=', campaign).execute();
  if (s.recipients.length === 0) return;
  await db
    .insertInto('reminder_recipients')
    .values(
      s.recipients.map((r) => ({
        campaign,
        unit: r.unit,
        emails: JSON.stringify(r.emails),
        robot_kind: r.robot?.kind ?? null,
        robot_url: r.robot?.url ?? null,
        robot_secret: r.robot?.secret ?? null,
      })),
    )
    .execute();
}

/** Replaces the campaign's settings (writer thread); bad input changes nothing. */
export async function saveSettings(store: Store, campaign: string, body: unknown, actor: string, now: string): Promise<void> {
  const input = parseInput(ReminderSettingsInput, body, '提醒设置 / reminder settings');
  await store.db.transaction().execute(async (trx) => {
    const merged = mergeSettings(input, await loadSettings(trx, campaign), actor, now);
    await writeSettings(trx, campaign, merged, now);
  });
}

/** A secret shown by its last characters at most, so the office can tell two apart without reading one. */
function mask(secret: string): string {
  return secret.length >= 16 ? `****${secret.slice(-4)}` : '****';
}

/**
 * A webhook with what authorises it masked: every query value (企业微信 key, 钉钉 access_token) and
 * every long path segment (飞书 puts its token in the path).
 */
function maskWebhook(url: string): string {
  const u = new URL(url);
  const path = u.pathname
    .split('/')
    .map((seg) => (seg.length >= 16 ? mask(seg) : seg))
    .join('/');
  const query = [...u.searchParams.entries()].map(([k, v]) => `${encodeURIComponent(k)}=${mask(v)}`).join('&');
  return `${u.protocol}//${u.host}${path}${query ? `?${query}` : ''}`;
}

/** The settings as the office sees them: no secret, only whether one is set. */
export function settingsView(s: StoredSettings, now: Date): ReminderSettingsView {
  const smtp = s.smtp && { host: s.smtp.host, port: s.smtp.port, secure: s.smtp.secure, user: s.smtp.user, from: s.smtp.from, passwordSet: s.smtp.password !== null };
  return {
    enabled: s.enabled,
    schedule: s.schedule,
    timezone: s.timezone,
    escalation: s.escalation,
    smtp,
    recipients: s.recipients.map((r) => ({
      unit: r.unit,
      emails: r.emails,
      robot: r.robot && { kind: r.robot.kind, url: maskWebhook(r.robot.url), secretSet: r.robot.secret !== null },
    })),
    nextRun: nextRunOf(s, now),
    updatedAt: s.updatedAt,
    updatedBy: s.updatedBy,
  };
}

/** Campaigns whose schedule is on, for the scheduler. */
export async function enabledSchedules(db: Db): Promise<{ campaign: string; schedule: string; timezone: string }[]> {
  return db.selectFrom('reminder_settings').select(['campaign', 'schedule', 'timezone']).where('enabled', '=', 1).execute();
}
