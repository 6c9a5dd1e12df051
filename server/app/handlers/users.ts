// The office's list of Microsoft accounts and their roles.
import { requireOffice } from '../../auth/access';
import { listUsers, type UserGrant } from '../../store';
import { errorJson } from '../errors';
import { routes } from '../routes';
import type { Api, ApiDeps } from './deps';

export function userHandlers(api: Api, { store, work }: ApiDeps) {
  api.openapi(routes.users, async (c) => {
    requireOffice(c);
    return c.json({ users: await listUsers(store) }, 200);
  });

  api.openapi(routes.saveUser, async (c) => {
    requireOffice(c);
    const { tid, oid } = c.req.valid('param');
    const body = c.req.valid('json');
    return c.json(await work.write('upsertUser', { ...body, tid, oid } as UserGrant), 200);
  });

  api.openapi(routes.removeUser, async (c) => {
    requireOffice(c);
    const { tid, oid } = c.req.valid('param');
    if (!(await work.write('removeUser', tid, oid))) return errorJson(c, 404, 'user_not_found', '没有这个用户', 'No such user');
    return c.json({ removed: true }, 200);
  });
}
