// ledger pull --server URL --token T -o OUT.xlsx [--campaign C] [--as-of D]
import { writeFile } from 'node:fs/promises';
import * as z from 'zod';
import { IsoDate, Lang, todayIso } from '../../ledger';
import { parse, UsageError } from './args';
import { client, serviceUrl } from './client';
import type { Io } from './io';

const PullOptions = z.object({
  server: z.string({ error: '请用 --server 指定服务地址 / --server URL is required' }),
  token: z.string({ error: '请用 --token 指定令牌 / --token is required' }).default(() => process.env.LEDGER_TOKEN ?? ''),
  output: z.string({ error: '请用 -o 指定输出文件 / -o OUT.xlsx is required' }),
  campaign: z.string().default('default'),
  'as-of': IsoDate.default(() => todayIso()),
  lang: Lang.default('zh'),
});

export async function pullCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parse(
    argv,
    {
      server: { type: 'string' },
      token: { type: 'string' },
      output: { type: 'string', short: 'o' },
      campaign: { type: 'string' },
      'as-of': { type: 'string' },
      lang: { type: 'string' },
    },
    PullOptions,
  );
  if (!values.token) throw new UsageError('请用 --token 指定令牌（或设置 LEDGER_TOKEN）/ --token is required');
  const api = client(serviceUrl(values.server), values.token, values.lang);
  const path = `/api/v1/campaigns/${encodeURIComponent(values.campaign)}/workbook.xlsx?asOf=${values['as-of']}&lang=${values.lang}`;
  const bytes = await api.getBytes(path);
  await writeFile(values.output, bytes);
  io.out(values.lang === 'en' ? `Written: ${values.output} (${bytes.length} bytes)` : `已保存：${values.output}（${bytes.length} 字节）`);
  return 0;
}
