// ledger reminders --server URL --token T [--campaign C] [--as-of YYYY-MM-DD] [--send] [--json] [--lang en]
// The office's reminders: each unit's digest (due soon, overdue with its escalation, sent back,
// awaiting the office) as a preview, or, with --send, sent now by e-mail and group-chat robots, once
// per unit and day. Exit 1 when a unit's digest could not be delivered (the service retries it at
// the next scheduled run), so a script notices.
import * as z from 'zod';
import { IsoDate, Lang } from '../../ledger';
import { SendReport } from '../../ledger/reminder-settings';
import { ReminderDigest } from '../../ledger/reminders';
import { parse, UsageError } from './args';
import { client, serviceUrl } from './client';
import type { Io } from './io';
import { describeDigest, describeSend } from './reminder-words';

const RemindersOptions = z.object({
  server: z.string({ error: '请用 --server 指定服务地址 / --server URL is required' }),
  token: z.string().default(() => process.env.LEDGER_TOKEN ?? ''),
  campaign: z.string().min(1).default('default'),
  'as-of': IsoDate.optional(),
  send: z.boolean().default(false),
  json: z.boolean().default(false),
  lang: Lang.default('zh'),
});

export async function remindersCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      server: { type: 'string' },
      token: { type: 'string' },
      campaign: { type: 'string' },
      'as-of': { type: 'string' },
      send: { type: 'boolean' },
      json: { type: 'boolean' },
      lang: { type: 'string' },
    },
    RemindersOptions,
  );
  if (positionals.length > 0) throw new UsageError(`多余的参数：${positionals.join(' ')} / unexpected arguments: ${positionals.join(' ')}`);
  if (!values.token) throw new UsageError('请用 --token 指定令牌（或设置 LEDGER_TOKEN）/ --token is required');
  const api = client(serviceUrl(values.server), values.token, values.lang);
  const base = `/api/v1/campaigns/${encodeURIComponent(values.campaign)}/reminders`;
  const query = values['as-of'] ? `?asOf=${values['as-of']}` : '';
  if (!values.send) {
    const digest = await api.getJson(`${base}${query}`, ReminderDigest);
    io.out(values.json ? JSON.stringify(digest) : describeDigest(digest, values.lang));
    return 0;
  }
  const report = await api.postJson(`${base}/send${query}`, {}, SendReport);
  io.out(values.json ? JSON.stringify(report) : describeSend(report, values.lang));
  return report.units.some((u) => u.outcome === 'failed') ? 1 : 0;
}
