// What the office page reads from the history besides the rows: how many measures were completed by
// each day (the completion-over-time chart), and when each unit last reported (who has gone quiet).
// Days are the service's local days, as the as-of date is (todayIso).
import { isoDate } from '../../ledger/dates';
import { StatusCode, type IsoDate } from '../../ledger/schema';
import { isCompletedStatus } from '../../ledger/status';
import type { Store } from '../store/store';
import type { Activity, Progress, ProgressPoint, Scope } from './protocol';
import { CREATED, CreatedRow, decode } from './values';

const PAGE = 5000;

function localDay(at: string): IsoDate {
  const d = new Date(at);
  return isoDate(d.getFullYear(), d.getMonth() + 1, d.getDate())!;
}

interface Standing {
  live: boolean;
  completed: boolean;
}

/** A row's standing after one change of its creation, status or deletion. */
function after(before: Standing, field: string, value: string | null): Standing {
  if (field === CREATED) return { live: true, completed: isCompletedStatus(CreatedRow.parse(decode(value)).status) };
  if (field === 'status') {
    const status = StatusCode.safeParse(decode(value));
    return { ...before, completed: status.success && isCompletedStatus(status.data) };
  }
  return { ...before, live: decode(value) !== true };
}

async function rowsOfUnit(store: Store, campaign: string, unit: string): Promise<Set<string>> {
  const rows = await store.db.selectFrom('rows').select('id').where('campaign', '=', campaign).where('unit', '=', unit).execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * Replays the creations, status changes and deletions in commit order, a page at a time; a unit sees
 * its own rows' story (the rows it answers for now).
 */
export async function completionByDay(store: Store, campaign: string, scope: Scope): Promise<Progress> {
  const mine = scope.kind === 'unit' ? await rowsOfUnit(store, campaign, scope.unit) : undefined;
  const standing = new Map<string, Standing>();
  const points: ProgressPoint[] = [];
  let completed = 0;
  let measures = 0;
  let seq = 0;
  for (;;) {
    const page = await store.db
      .selectFrom('changes')
      .select(['row_id', 'field', 'new_value', 'at', 'seq'])
      .where('campaign', '=', campaign)
      .where('field', 'in', [CREATED, 'status', 'deleted'])
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const c of page) {
      if (mine && !mine.has(c.row_id)) continue;
      const before = standing.get(c.row_id) ?? { live: false, completed: false };
      const now = after(before, c.field, c.new_value);
      standing.set(c.row_id, now);
      measures += Number(now.live) - Number(before.live);
      completed += Number(now.live && now.completed) - Number(before.live && before.completed);
      const date = localDay(c.at);
      const last = points.at(-1);
      if (last?.date === date) Object.assign(last, { completed, measures });
      else points.push({ date, completed, measures });
    }
    const last = page.at(-1);
    if (!last || page.length < PAGE) break;
    seq = last.seq;
  }
  return { points };
}

/**
 * Every unit the campaign knows (its configured units, in their order, then the units of its rows and
 * of the changes, by name) with its last change and the rows it changed from `since` (a local day) on.
 */
export async function unitActivity(store: Store, campaign: string, since: IsoDate, configured: string[]): Promise<Activity> {
  const from = new Date(`${since}T00:00:00`).toISOString();
  const byUnit = () => store.db.selectFrom('changes').where('campaign', '=', campaign).where('actor_kind', '=', 'unit').groupBy('actor_unit');
  const [lastChanges, recent, rowUnits] = await Promise.all([
    byUnit()
      .select((eb) => ['actor_unit', eb.fn.max('at').as('last')])
      .execute(),
    byUnit()
      .where('at', '>=', from)
      .select((eb) => ['actor_unit', eb.fn.count('row_id').distinct().as('rows')])
      .execute(),
    store.db.selectFrom('rows').select('unit').distinct().where('campaign', '=', campaign).where('deleted', '=', 0).execute(),
  ]);
  const last = new Map(lastChanges.map((r) => [r.actor_unit, r.last]));
  const rows = new Map(recent.map((r) => [r.actor_unit, Number(r.rows)]));
  const others = [...new Set([...rowUnits.map((r) => r.unit), ...last.keys()])]
    .filter((u): u is string => !!u && !configured.includes(u))
    .sort((a, b) => a.localeCompare(b, 'zh-CN'));
  const units = [...configured, ...others].map((unit) => ({ unit, lastChangeAt: last.get(unit) ?? null, rowsChangedSince: rows.get(unit) ?? 0 }));
  return { since, units };
}
