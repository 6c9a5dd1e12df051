// ledger token create (--office | --unit NAME) [--campaign C] [--label L]
// ledger token list [--json]
// ledger token revoke ID
// Works on the service's database directly (LEDGER_DB or DATABASE_URL), as the office's administrator.
import * as z from 'zod';
import { issueApiToken } from '../app/identity';
import { listApiTokens, openStore, revokeApiToken } from '../store';
import { parse, UsageError } from './args';
import type { Io } from './io';

const CreateOptions = z.object({
  office: z.boolean().default(false),
  unit: z.string().min(1).optional(),
  campaign: z.string().min(1).optional(),
  label: z.string().optional(),
});

export async function tokenCommand(argv: string[], io: Io): Promise<number> {
  const [action, ...rest] = argv;
  if (action === 'create') {
    const { values } = parse(
      rest,
      { office: { type: 'boolean' }, unit: { type: 'string' }, campaign: { type: 'string' }, label: { type: 'string' } },
      CreateOptions,
    );
    if (values.office === Boolean(values.unit)) throw new UsageError('请指定 --office 或 --unit 单位名称（二选一）/ give either --office or --unit NAME');
    const store = await openStore();
    try {
      const common = { campaign: values.campaign ?? null, ...(values.label ? { label: values.label } : {}) };
      const { token } = await issueApiToken(store, values.unit ? { role: 'unit', unit: values.unit, ...common } : { role: 'office', ...common });
      // stdout carries the token alone, so scripts can capture it.
      io.out(token);
    } finally {
      await store.close();
    }
    return 0;
  }
  if (action === 'list') {
    const { values } = parse(rest, { json: { type: 'boolean' } }, z.object({ json: z.boolean().default(false) }));
    const store = await openStore();
    try {
      const tokens = (await listApiTokens(store)).map(({ tokenHash: _hash, ...t }) => t);
      if (values.json) io.out(JSON.stringify({ tokens }));
      else {
        for (const t of tokens) {
          const who = t.role === 'office' ? '整改办 office' : `单位 unit: ${t.unit}`;
          const state = t.revokedAt ? `已吊销 revoked ${t.revokedAt}` : `最近使用 last used ${t.lastUsedAt ?? '—'}`;
          io.out(`${t.id}  ${who}  ${t.campaign ?? '*'}  ${t.label}  ${state}`);
        }
        if (tokens.length === 0) io.out('没有令牌 / no tokens');
      }
    } finally {
      await store.close();
    }
    return 0;
  }
  if (action === 'revoke') {
    const { positionals } = parse(rest, {}, z.object({}));
    const id = positionals[0];
    if (!id) throw new UsageError('请给出要吊销的令牌编号（见 ledger token list）/ give the token id to revoke');
    const store = await openStore();
    try {
      if (!(await revokeApiToken(store, id))) {
        io.err(`没有有效的令牌 ${id} / no live token ${id}`);
        return 2;
      }
      io.out(`已吊销 / revoked: ${id}`);
    } finally {
      await store.close();
    }
    return 0;
  }
  throw new UsageError('用法 / usage: ledger token create|list|revoke');
}
