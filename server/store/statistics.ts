// PostgreSQL plans a query from the statistics its autovacuum refreshes, up to a minute after rows
// arrive. Until then it knows a 100,000-row campaign's size but not its positions: each page of the
// consolidated workbook scanned every row of the campaign (180 ms a page, 400 pages), and the
// workbook of a campaign just pushed took 21–30 s instead of 4.7 (measured). The writer refreshes
// them itself, after answering, once the changes since it last did are a tenth of all there were.
import { sql } from 'kysely';
import type { Store } from './store';

/** Fewer changes than this never call for it: autovacuum keeps small tables current soon enough. */
const AT_LEAST = 1000;

/** Every change ever made, all campaigns: each took the next number of its campaign's sequence. */
async function changesMade(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('campaigns')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('last_seq'), sql<number>`0`).as('total'))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/** For the writer of a PostgreSQL store: run after each write; analyzes `rows` and `changes` when due. */
export async function statisticsRefresher(store: Store): Promise<() => Promise<void>> {
  let analyzedAt = await changesMade(store);
  return async () => {
    try {
      const made = await changesMade(store);
      if (made - analyzedAt < Math.max(AT_LEAST, analyzedAt / 10)) return;
      analyzedAt = made;
      await sql`analyze rows, changes`.execute(store.db);
    } catch (e) {
      // Autovacuum refreshes them later anyway; the writes go on meanwhile.
      console.error(`统计信息更新失败 / refreshing statistics failed: ${(e as Error).message}`);
    }
  };
}
