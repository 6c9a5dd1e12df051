// Random interleaved pushes, pulls, retries and deletions from several clients (two office
// devices, two devices of unit A, one of unit B), each working from its own possibly stale copy.
// After every push: each edit sent was applied, reported as a conflict (server value kept), or
// refused, exactly as the result says, and nothing else changed; the history grew by exactly the
// applied edits. At the end: the history replays to the current rows, and every client's pulled copy
// equals what it may see.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createCampaign, type Store } from '../../server/store';
import {
  changesSince,
  deleteRow,
  listRows,
  replayHistory,
  type Actor,
  type PushOutcome,
  type PushRow,
  type RowState,
} from '../../server/sync';
import { Client, counts, OFFICE, snapshot, unitActor } from './helpers';

const FIELD_VALUES: Record<string, unknown[]> = {
  status: ['not_started', 'in_progress', 'done', null],
  progress: ['进展一', '进展二', null],
  remarks: ['备注一', '备注二'],
  leader: ['张三', '李四'],
  unit: ['A', 'B'],
  'extras.金额': [1, 2, null],
};
const FIELD_NAMES = Object.keys(FIELD_VALUES);

type Op =
  | { kind: 'create'; client: number; unit: number; status: number; text: number }
  | { kind: 'edit'; client: number; byKey: boolean; rows: Array<{ pick: number; edits: Array<[number, number]> }> }
  | { kind: 'pull'; client: number }
  | { kind: 'retry'; client: number }
  | { kind: 'delete'; pick: number };

const client = fc.nat({ max: 4 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), client, unit: fc.nat(1), status: fc.nat(3), text: fc.nat(3) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      client,
      byKey: fc.boolean(),
      rows: fc.array(
        fc.record({ pick: fc.nat(), edits: fc.array(fc.tuple(fc.nat(FIELD_NAMES.length - 1), fc.nat(3)), { minLength: 1, maxLength: 3 }) }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('pull' as const), client }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retry' as const), client }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
);

function fieldOf(row: RowState | undefined, field: string): unknown {
  if (!row) return undefined;
  const m = row.measure as Record<string, unknown> & { extras: Record<string, unknown> };
  const v = field.startsWith('extras.') ? m.extras[field.slice(7)] : m[field];
  return v ?? null;
}

/** A client's copy of the rows it may see, kept up to date only by pulling (as the add-in does). */
interface Device {
  client: Client;
  scope: Actor;
  cursor: number;
  rows: Map<string, RowState>;
  last?: PushOutcome;
}

async function pullAll(store: Store, campaign: string, d: Device): Promise<void> {
  for (;;) {
    const page = await changesSince(store, campaign, d.cursor, d.scope, { limit: 3 });
    for (const r of page.rows) {
      if (r.deleted) d.rows.delete(r.id);
      else d.rows.set(r.id, r);
    }
    for (const id of page.removed) d.rows.delete(id);
    d.cursor = page.cursor;
    if (!page.more) return;
  }
}

export function propertySuite(getStore: () => Store): void {
  let run = 0;
  it('never loses an accepted edit: random interleaved pushes replay from history and pull to the same rows', async () => {
    const store = getStore();
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 10, maxLength: 40 }), async (ops) => {
        run += 1;
        const campaign = `prop${run}`;
        await createCampaign(store, campaign);
        const actors: Actor[] = [OFFICE, { ...OFFICE, name: 'office 2' }, unitActor('A'), unitActor('A'), unitActor('B')];
        const devices: Device[] = actors.map((scope, i) => ({
          client: new Client(store, campaign, scope, `${campaign}-client${i}`),
          scope,
          cursor: 0,
          rows: new Map(),
        }));

        const checkedPush = async (d: Device, rows: PushRow[]) => {
          const before = await snapshot(store, campaign);
          const countsBefore = await counts(store, campaign);
          const outcome = await d.client.push(rows);
          d.last = outcome;
          const after = await snapshot(store, campaign);
          const countsAfter = await counts(store, campaign);
          const touched = new Set<string>();
          let applied = 0;
          let conflicts = 0;
          outcome.result.rows.forEach((res, i) => {
            const sent = rows[i]!;
            const sentFields = [
              ...Object.keys(sent.fields ?? {}),
              ...Object.keys(sent.extras ?? {}).map((k) => `extras.${k}`),
            ];
            const sentValue = (f: string) =>
              (f.startsWith('extras.') ? sent.extras?.[f.slice(7)] : (sent.fields as Record<string, unknown>)[f]) ?? null;
            if (res.id) touched.add(res.id);
            const b = res.id ? before.get(res.id) : undefined;
            const a = res.id ? after.get(res.id) : undefined;
            if (res.status === 'rejected') {
              expect(a).toEqual(b);
              return;
            }
            // A new row is one `created` history record; an update one record per field written.
            applied += res.status === 'created' ? 1 : (res.applied?.length ?? 0);
            conflicts += res.conflicts?.length ?? 0;
            if (res.status === 'created') {
              expect(b).toBeUndefined();
              expect(a?.version).toBe(1);
              return;
            }
            for (const f of res.applied ?? []) expect(sentFields).toContain(f);
            for (const f of sentFields) {
              const conflict = res.conflicts?.find((x) => x.field === f);
              if (res.applied?.includes(f)) {
                expect(fieldOf(a, f)).toEqual(sentValue(f));
              } else {
                expect(fieldOf(a, f)).toEqual(fieldOf(b, f));
                if (conflict) {
                  expect(conflict.server).toEqual(fieldOf(b, f));
                  expect(conflict.caller).toEqual(sentValue(f));
                }
              }
            }
            expect(a?.version).toBe((b?.version ?? 0) + ((res.applied?.length ?? 0) > 0 ? 1 : 0));
          });
          for (const [id, row] of before) if (!touched.has(id)) expect(after.get(id)).toEqual(row);
          expect(countsAfter.changes - countsBefore.changes).toBe(applied);
          expect(countsAfter.conflicts - countsBefore.conflicts).toBe(conflicts);
        };

        // Every run starts from a small shared ledger that every device has pulled.
        await devices[0]!.client.push(
          ['A', 'A', 'B', 'B'].map((unit, i) => ({ fields: { problem: `问题${i}`, measure: `措施${i}`, unit, status: 'not_started' } })),
        );
        for (const d of devices) await pullAll(store, campaign, d);

        for (const op of ops) {
          if (op.kind === 'create') {
            const d = devices[op.client]!;
            const unit = d.scope.kind === 'unit' ? d.scope.unit : op.unit ? 'B' : 'A';
            await checkedPush(d, [
              {
                fields: {
                  problem: `问题${op.text}`,
                  measure: `措施${op.text}`,
                  unit,
                  status: (['not_started', 'in_progress', 'done', 'done_ongoing'] as const)[op.status],
                },
              },
            ]);
          } else if (op.kind === 'edit') {
            const d = devices[op.client]!;
            const known = [...d.rows.values()].sort((x, y) => x.measure.id.localeCompare(y.measure.id));
            if (known.length === 0) continue;
            const targets = new Map<string, Array<[number, number]>>();
            for (const r of op.rows) targets.set(known[r.pick % known.length]!.id, r.edits);
            const rows: PushRow[] = [...targets].map(([id, edits]) => {
              const copy = d.rows.get(id)!;
              const fields: Record<string, unknown> = {};
              const extras: Record<string, string | number | boolean | null> = {};
              for (const [fi, vi] of edits) {
                const name = FIELD_NAMES[fi]!;
                const values = FIELD_VALUES[name]!;
                const value = values[vi % values.length];
                if (name.startsWith('extras.')) extras[name.slice(7)] = value as number | null;
                else fields[name] = value;
              }
              const m = copy.measure;
              const identity = op.byKey
                ? { key: { problem: m.problem, measure: m.measure, unit: m.unit } }
                : { id, baseVersion: copy.version };
              return { ...identity, fields, ...(Object.keys(extras).length ? { extras } : {}) } as PushRow;
            });
            await checkedPush(d, rows);
          } else if (op.kind === 'pull') {
            await pullAll(store, campaign, devices[op.client]!);
          } else if (op.kind === 'retry') {
            const d = devices[op.client]!;
            if (!d.last) continue;
            const before = await snapshot(store, campaign);
            const countsBefore = await counts(store, campaign);
            const again = await d.client.retry();
            expect(again).toEqual({ result: d.last.result, json: d.last.json, replayed: true });
            expect(await snapshot(store, campaign)).toEqual(before);
            expect(await counts(store, campaign)).toEqual(countsBefore);
          } else {
            const live = (await listRows(store, campaign, OFFICE)).sort((x, y) => x.id.localeCompare(y.id));
            if (live.length === 0) continue;
            await deleteRow(store, campaign, live[op.pick % live.length]!.id, OFFICE);
          }
        }

        const current = await snapshot(store, campaign);
        const replayed = await replayHistory(store, campaign);
        expect(replayed.size).toBe(current.size);
        for (const [id, row] of current) {
          expect(replayed.get(id)).toEqual({ id, version: row.version, deleted: row.deleted, measure: row.measure });
        }
        for (const d of devices) {
          await pullAll(store, campaign, d);
          const visible = await listRows(store, campaign, d.scope);
          expect(new Map([...d.rows].map(([id, r]) => [id, r.measure]))).toEqual(new Map(visible.map((m) => [m.id, m])));
        }
      }),
      { numRuns: 25 },
    );
  });
}
