// A write transaction that reports what went wrong. When SQLite runs out of disk it rolls the
// transaction back itself; kysely's own wrapper then fails on its ROLLBACK ("cannot rollback - no
// transaction is active") and that error hides the real one. Here the first error is the one thrown.
import type { Kysely, Transaction } from 'kysely';
import type { Tables } from './tables';

export async function inTransaction<T>(db: Kysely<Tables>, fn: (trx: Transaction<Tables>) => Promise<T>): Promise<T> {
  const trx = await db.startTransaction().execute();
  let result: T;
  try {
    result = await fn(trx);
  } catch (e) {
    await trx
      .rollback()
      .execute()
      .catch(() => undefined);
    throw e;
  }
  await trx.commit().execute();
  return result;
}
