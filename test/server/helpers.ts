// Small helpers shared by the server suites: actors, a client that numbers its own batches, and
// whole-database snapshots to prove that something did, or did not, change.
import type { Store } from '../../server/store';
import { listRowStates, push, type Actor, type PushOutcome, type PushRow, type RowState } from '../../server/sync';

export const OFFICE: Actor = { kind: 'office', name: '整改办 office' };
export const unitActor = (unit: string): Actor => ({ kind: 'unit', unit, name: `${unit} token` });

/**
 * A sync client: its own id, and a mutation id that increases with every new batch. Mutation ids
 * count per client across campaigns, so the id is made unique per campaign here.
 */
export class Client {
  mutationId = 0;
  readonly clientId: string;
  private last: { mutationId: number; rows: PushRow[] } | undefined;

  constructor(
    readonly store: Store,
    readonly campaign: string,
    readonly actor: Actor,
    name: string,
  ) {
    this.clientId = `${campaign}:${name}`;
  }

  async push(rows: PushRow[]): Promise<PushOutcome> {
    this.mutationId += 1;
    this.last = { mutationId: this.mutationId, rows };
    return push(this.store, this.campaign, { clientId: this.clientId, mutationId: this.mutationId, rows }, this.actor);
  }

  /** Sends the previous batch again, as a client does when the answer was lost. */
  async retry(): Promise<PushOutcome> {
    if (!this.last) throw new Error('nothing to retry');
    return push(
      this.store,
      this.campaign,
      { clientId: this.clientId, mutationId: this.last.mutationId, rows: this.last.rows },
      this.actor,
    );
  }
}

/** Every row of the campaign, tombstones included, by id. */
export async function snapshot(store: Store, campaign: string): Promise<Map<string, RowState>> {
  const rows = await listRowStates(store, campaign, { kind: 'office' }, { includeDeleted: true });
  return new Map(rows.map((r) => [r.id, r]));
}

export interface Counts {
  rows: number;
  changes: number;
  conflicts: number;
  mutations: number;
  lastSeq: number;
}

/** How many records each table holds for the campaign. */
export async function counts(store: Store, campaign: string): Promise<Counts> {
  const count = async (table: 'rows' | 'changes' | 'conflicts' | 'mutations') => {
    const r = await store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaign', '=', campaign)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  };
  const seq = await store.db.selectFrom('campaigns').select('last_seq').where('name', '=', campaign).executeTakeFirstOrThrow();
  return {
    rows: await count('rows'),
    changes: await count('changes'),
    conflicts: await count('conflicts'),
    mutations: await count('mutations'),
    lastSeq: seq.last_seq,
  };
}
