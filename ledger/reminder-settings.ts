// What the office sets for reminders and what the service answers about them (BRIEF §2 step 6): the
// schedule, the SMTP server, each unit's recipients (e-mail, a group-chat robot), and the outcome of a
// send. Secrets (the SMTP password, a robot's webhook key and signing secret) go in and never come
// out: a view says only that one is set, and a webhook is shown masked.
import * as z from 'zod';
import { DEFAULT_ACCOUNT_AFTER_DAYS, DEFAULT_WARN_AFTER_DAYS, Escalation } from './reminders';
import { IsoDate } from './schema';

export const RobotKind = z.enum(['wecom', 'dingtalk', 'feishu']);
export type RobotKind = z.infer<typeof RobotKind>;
export const ROBOT_LABELS: Readonly<Record<RobotKind, { zh: string; en: string }>> = {
  wecom: { zh: '企业微信', en: 'WeCom' },
  dingtalk: { zh: '钉钉', en: 'DingTalk' },
  feishu: { zh: '飞书', en: 'Feishu' },
};

/** Working days at 9:00, in the campaign's time zone. */
export const DEFAULT_REMINDER_SCHEDULE = '0 9 * * 1-5';
export const DEFAULT_REMINDER_TIMEZONE = 'Asia/Shanghai';

const WebhookUrl = z.url({ protocol: /^https?$/, error: '机器人地址须为 http(s) 网址 / the robot webhook must be an http(s) URL' }).max(2048);
const Email = z.email({ error: '不是有效的电子邮件地址 / not a valid e-mail address' }).max(320);

const SmtpFields = {
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535).default(465),
  /** TLS from the start (port 465); false: plain, upgraded with STARTTLS when the server offers it. */
  secure: z.boolean().default(true),
  user: z.string().max(320).default(''),
  /** The sender, e.g. "整改办 <zgb@example.edu.cn>". */
  from: z.string().trim().min(3).max(320),
};
export const SmtpSettingsView = z.object({ ...SmtpFields, passwordSet: z.boolean() });
export const SmtpSettingsInput = z.object({
  ...SmtpFields,
  /** Omitted: the stored password is kept; null: none. */
  password: z.string().min(1).max(1024).nullable().optional(),
});
export type SmtpSettingsInput = z.infer<typeof SmtpSettingsInput>;

export const RobotView = z.object({
  kind: RobotKind,
  /** The webhook with its key or access token masked. */
  url: z.string(),
  secretSet: z.boolean(),
});
export const RobotInput = z.object({
  kind: RobotKind,
  /** Omitted: the stored webhook of the same kind is kept. */
  url: WebhookUrl.optional(),
  /** The signing secret (钉钉 加签, 飞书 签名校验). Omitted: kept; null: none. */
  secret: z.string().min(1).max(512).nullable().optional(),
});
export type RobotInput = z.infer<typeof RobotInput>;

export const RecipientView = z.object({ unit: z.string(), emails: z.array(z.string()), robot: RobotView.nullable() });
export const RecipientInput = z.object({
  unit: z.string().trim().min(1).max(200),
  emails: z.array(Email).max(50).default([]),
  robot: RobotInput.nullable().default(null),
});
export type RecipientInput = z.infer<typeof RecipientInput>;

export const ReminderSettingsView = z.object({
  enabled: z.boolean(),
  /** A cron expression (minute hour day month weekday, seconds optional in front). */
  schedule: z.string(),
  timezone: z.string(),
  escalation: Escalation,
  smtp: SmtpSettingsView.nullable(),
  recipients: z.array(RecipientView),
  /** When the schedule sends next (ISO time), null when disabled. */
  nextRun: z.string().nullable(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type ReminderSettingsView = z.infer<typeof ReminderSettingsView>;

export const ReminderSettingsInput = z
  .object({
    enabled: z.boolean(),
    schedule: z.string().trim().min(1).max(120).default(DEFAULT_REMINDER_SCHEDULE),
    timezone: z.string().trim().min(1).max(64).default(DEFAULT_REMINDER_TIMEZONE),
    escalation: Escalation.default({ warnAfterDays: DEFAULT_WARN_AFTER_DAYS, accountAfterDays: DEFAULT_ACCOUNT_AFTER_DAYS }),
    smtp: SmtpSettingsInput.nullable().default(null),
    /** Every unit to remind: a unit left out has no recipients afterwards. */
    recipients: z.array(RecipientInput).max(2000).default([]),
  })
  .refine((s) => new Set(s.recipients.map((r) => r.unit)).size === s.recipients.length, {
    message: '每个单位只能列一次 / each unit may be listed once',
    path: ['recipients'],
  });
export type ReminderSettingsInput = z.infer<typeof ReminderSettingsInput>;

export const Channel = z.enum(['email', 'wecom', 'dingtalk', 'feishu']);
export type Channel = z.infer<typeof Channel>;

export const ChannelResult = z.object({ channel: Channel, ok: z.boolean(), attempts: z.number().int().nonnegative(), error: z.string().optional() });
export type ChannelResult = z.infer<typeof ChannelResult>;

/**
 * sent: delivered on every channel; skipped: already sent (or being sent) today, or nothing to tell;
 * failed: a channel still failed after retries (the next scheduled run tries it again today);
 * no_recipients: the office set no e-mail address or robot for the unit.
 */
export const SendOutcome = z.enum(['sent', 'skipped', 'failed', 'no_recipients']);
export type SendOutcome = z.infer<typeof SendOutcome>;

export const UnitSendResult = z.object({
  unit: z.string(),
  outcome: SendOutcome,
  /** Why it was skipped or failed, in Chinese and English. */
  reason: z.string().optional(),
  channels: z.array(ChannelResult),
});
export type UnitSendResult = z.infer<typeof UnitSendResult>;

export const SendReport = z.object({
  asOf: IsoDate,
  /** The day sends are counted in (the campaign's time zone): one digest per unit per day. */
  day: IsoDate,
  units: z.array(UnitSendResult),
});
export type SendReport = z.infer<typeof SendReport>;

export const SendStatus = z.enum(['sending', 'sent', 'failed']);
export const SendLogEntry = z.object({
  day: IsoDate,
  unit: z.string(),
  status: SendStatus,
  /** Delivery attempts over every run that day. */
  attempts: z.number().int().nonnegative(),
  /** Channels already delivered that day (a retry sends only the others). */
  delivered: z.array(Channel),
  lastError: z.string().nullable(),
  trigger: z.enum(['manual', 'schedule']),
  asOf: IsoDate,
  updatedAt: z.string(),
});
export type SendLogEntry = z.infer<typeof SendLogEntry>;
export const SendLog = z.object({ entries: z.array(SendLogEntry) });
