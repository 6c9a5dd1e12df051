// Microsoft Entra ID users known to the service: tenant + object id → role and unit. A signed-in
// user who is not listed here has no access (the office adds people).
import * as z from 'zod';
import { parseInput } from './errors';
import type { Store } from './store';
import type { UserRecord } from './tables';

export const UserGrant = z.discriminatedUnion('role', [
  z.object({ tid: z.string().min(1), oid: z.string().min(1), role: z.literal('office'), displayName: z.string().default('') }),
  z.object({
    tid: z.string().min(1),
    oid: z.string().min(1),
    role: z.literal('unit'),
    unit: z.string().min(1),
    displayName: z.string().default(''),
  }),
]);
export type UserGrant = z.input<typeof UserGrant>;

/** A user as the service lists them; read from the database through this schema. */
export const User = z.object({
  tid: z.string(),
  oid: z.string(),
  role: z.enum(['office', 'unit']),
  /** Set for role 'unit'. */
  unit: z.string().nullable(),
  displayName: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type User = z.infer<typeof User>;

function toUser(r: UserRecord): User {
  return User.parse({
    tid: r.tid,
    oid: r.oid,
    role: r.role,
    unit: r.unit,
    displayName: r.display_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
}

/** Adds the user or changes their role, unit and name. */
export async function upsertUser(store: Store, grant: UserGrant): Promise<User> {
  const g = parseInput(UserGrant, grant, '用户授权 / user grant');
  const now = new Date().toISOString();
  const unit = g.role === 'unit' ? g.unit : null;
  const row = await store.db
    .insertInto('users')
    .values({ tid: g.tid, oid: g.oid, role: g.role, unit, display_name: g.displayName, created_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['tid', 'oid']).doUpdateSet({ role: g.role, unit, display_name: g.displayName, updated_at: now }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUser(row);
}

export async function findUser(store: Store, tid: string, oid: string): Promise<User | undefined> {
  const row = await store.db
    .selectFrom('users')
    .selectAll()
    .where('tid', '=', tid)
    .where('oid', '=', oid)
    .executeTakeFirst();
  return row && toUser(row);
}

export async function listUsers(store: Store): Promise<User[]> {
  const rows = await store.db.selectFrom('users').selectAll().orderBy('display_name').orderBy('oid').execute();
  return rows.map(toUser);
}

/** Returns false when the user was not listed. */
export async function removeUser(store: Store, tid: string, oid: string): Promise<boolean> {
  const result = await store.db.deleteFrom('users').where('tid', '=', tid).where('oid', '=', oid).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
