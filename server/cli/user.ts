// ledger user add --tid T --oid O (--office | --unit NAME) [--name 显示名]
// ledger user list [--json]
// ledger user remove --tid T --oid O
// Which Microsoft Entra ID accounts belong to the office or to a unit, kept in the service's database.
import * as z from 'zod';
import { listUsers, openStore, removeUser, upsertUser } from '../store';
import { parse, UsageError } from './args';
import type { Io } from './io';

const Who = z.object({
  tid: z.string({ error: '请用 --tid 指定租户 ID / --tid is required' }).min(1),
  oid: z.string({ error: '请用 --oid 指定用户对象 ID / --oid is required' }).min(1),
});

export async function userCommand(argv: string[], io: Io): Promise<number> {
  const [action, ...rest] = argv;
  const store = await openStore();
  try {
    if (action === 'add') {
      const { values } = parse(
        rest,
        { tid: { type: 'string' }, oid: { type: 'string' }, office: { type: 'boolean' }, unit: { type: 'string' }, name: { type: 'string' } },
        Who.extend({ office: z.boolean().default(false), unit: z.string().min(1).optional(), name: z.string().default('') }),
      );
      if (values.office === Boolean(values.unit)) throw new UsageError('请指定 --office 或 --unit 单位名称（二选一）/ give either --office or --unit NAME');
      const user = await upsertUser(
        store,
        values.unit
          ? { tid: values.tid, oid: values.oid, role: 'unit', unit: values.unit, displayName: values.name }
          : { tid: values.tid, oid: values.oid, role: 'office', displayName: values.name },
      );
      io.out(`${user.displayName || user.oid}: ${user.role === 'office' ? '整改办 office' : `单位 unit ${user.unit}`}`);
      return 0;
    }
    if (action === 'list') {
      const { values } = parse(rest, { json: { type: 'boolean' } }, z.object({ json: z.boolean().default(false) }));
      const users = await listUsers(store);
      if (values.json) io.out(JSON.stringify({ users }));
      else for (const u of users) io.out(`${u.tid}  ${u.oid}  ${u.role === 'office' ? '整改办' : u.unit}  ${u.displayName}`);
      return 0;
    }
    if (action === 'remove') {
      const { values } = parse(rest, { tid: { type: 'string' }, oid: { type: 'string' } }, Who);
      if (!(await removeUser(store, values.tid, values.oid))) {
        io.err(`没有这个用户 / no such user: ${values.tid} ${values.oid}`);
        return 2;
      }
      io.out(`已移除 / removed: ${values.oid}`);
      return 0;
    }
    throw new UsageError('用法 / usage: ledger user add|list|remove');
  } finally {
    await store.close();
  }
}
