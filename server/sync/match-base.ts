// The rows a push's rows without id are matched against (BRIEF §3 identity): every row the caller
// can see, but no more of them read and decoded than can match. A row never pairs with a row another
// unit names, so for an office push whose rows all name units only those units' rows (and the rows
// naming none) are read: adding ten rows to a 100,000-row campaign read all 100,000 (some 3 s on the
// writer, every other push waiting) and now reads the ten rows' units. The pairs are those matching
// all of them gives (ledger/identity.ts unitsToMatch, property-tested).
import { sql, type Kysely, type Transaction } from 'kysely';
import { numberColumnsOf, unitsToMatch, type IdentityFields, type NumberColumns } from '../../ledger';
import type { Tables } from '../store/tables';
import type { Actor } from './protocol';
import { loadScopeRows, type WorkingRow } from './working';

type Db = Kysely<Tables> | Transaction<Tables>;

export interface MatchBase {
  /** The rows that can match, in ledger order, less those the request names by id. */
  rows: WorkingRow[];
  /**
   * The number columns of every row the caller can see (less those named by id), read or not; a
   * column the incoming rows lack is not looked for (it cannot count: see ledger/identity.ts).
   */
  numbers: NumberColumns;
}

/** How many stored rows give a value for `key` (their `data` is JSON without spaces; empty values left out, or written by older versions). */
const holds = (key: string) =>
  sql<number>`cast(sum(case when data like ${`%"${key}":%`} and data not like ${`%"${key}":""%`} and data not like ${`%"${key}":null%`} then 1 else 0 end) as integer)`;

/**
 * The base for matching `incoming` (the identities of the request's rows without id), leaving out
 * the rows in `claimed` (named by id in the request: taken, see push.ts).
 */
export async function loadMatchBase(db: Db, campaign: string, actor: Actor, incoming: IdentityFields[], claimed: Map<string, WorkingRow>): Promise<MatchBase> {
  const unclaimed = (rows: WorkingRow[]) => rows.filter((row) => !claimed.has(row.id));
  if (actor.kind === 'unit') {
    const rows = unclaimed(await loadScopeRows(db, campaign, actor));
    return { rows, numbers: numberColumnsOf(rows.map((r) => r.values)) };
  }
  // A number column counts only when both sides have it: without numbers sent, the units alone (from the index).
  const sent = numberColumnsOf(incoming);
  const byUnit =
    sent.problemNo || sent.measureNo
      ? await db
          .selectFrom('rows')
          .select(['unit', holds('problemNo').as('problem_no'), holds('measureNo').as('measure_no')])
          .where('campaign', '=', campaign)
          .groupBy('unit')
          .execute()
      : (await db.selectFrom('rows').select('unit').distinct().where('campaign', '=', campaign).execute()).map((u) => ({ ...u, problem_no: 0, measure_no: 0 }));
  const units = unitsToMatch(
    incoming,
    byUnit.flatMap((u) => (u.unit === null ? [] : [u.unit])),
  );
  const rows = unclaimed(await loadScopeRows(db, campaign, actor, units));
  // Counted over every row, then less the claimed rows of this campaign that hold a number.
  const named = [...claimed.values()].filter((r) => r.campaign === campaign).map((r) => r.values);
  const count = (key: 'problemNo' | 'measureNo', column: 'problem_no' | 'measure_no') =>
    byUnit.reduce((n, u) => n + Number(u[column]), 0) - named.filter((v) => v[key]).length > 0;
  return { rows, numbers: { problemNo: count('problemNo', 'problem_no'), measureNo: count('measureNo', 'measure_no') } };
}
