// The sync engine's behaviour, run unchanged against each storage backend (sync.sqlite.test.ts,
// sync.postgres.test.ts). Each test works in a campaign of its own inside one database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_CATEGORY } from '../../ledger';
import { createCampaign, StoreError, type Store } from '../../server/store';
import {
  changesSince,
  deleteRow,
  listConflicts,
  listRows,
  push,
  replayHistory,
  resolveConflict,
  rowHistory,
  type Scope,
} from '../../server/sync';
import { READS } from '../../server/work/operations';
import type { Backend } from './backends';
import { Client, counts, OFFICE, snapshot, unitActor } from './helpers';
import { propertySuite } from './property.suite';

const A = unitActor('A');
const B = unitActor('B');

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreError);
  expect((err as StoreError).code).toBe(code);
}

export function syncSuite(backend: Backend): void {
  describe(`sync engine on ${backend.name}`, () => {
    let store: Store;
    let n = 0;
    const fresh = async (): Promise<string> => {
      const name = `c${++n}`;
      await createCampaign(store, name, { units: ['A', 'B'] });
      return name;
    };
    /** A campaign with one office row for unit A; returns its id. */
    const withRow = async (c: string, fields: Record<string, unknown> = {}): Promise<string> => {
      const r = await new Client(store, c, OFFICE, 'seed').push([
        { fields: { problem: '问题一', measure: '措施一', unit: 'A', status: 'not_started', ...fields } },
      ]);
      const id = r.result.rows[0]?.id;
      if (!id) throw new Error('seed row not created');
      return id;
    };

    beforeAll(async () => {
      store = await backend.open();
    });
    afterAll(async () => {
      await store?.close();
      backend.cleanup();
    });

    it('creates, updates and reports unchanged rows, recording who changed what', async () => {
      const c = await fresh();
      const office = new Client(store, c, OFFICE, 'office-1');
      const created = await office.push([
        {
          fields: { problem: '问题一', measure: '措施一', unit: 'A', status: 'not_started' },
          extras: { '金额（万元）': 12.5 },
        },
      ]);
      expect(created.replayed).toBe(false);
      expect(created.result.counts).toEqual({ created: 1, updated: 0, unchanged: 0, conflicts: 0, rejected: 0 });
      const id = created.result.rows[0]!.id!;
      expect(created.result.rows[0]).toMatchObject({ status: 'created', version: 1 });

      const updated = await office.push([{ id, baseVersion: 1, fields: { status: 'in_progress', progress: '推进中' } }]);
      expect(updated.result.rows[0]).toMatchObject({ status: 'updated', version: 2, applied: ['status', 'progress'] });

      const same = await office.push([{ id, baseVersion: 2, fields: { status: 'in_progress' } }]);
      expect(same.result.rows[0]).toMatchObject({ status: 'unchanged', version: 2 });
      expect(same.result.counts.unchanged).toBe(1);

      const [row] = await listRows(store, c, OFFICE);
      expect(row).toMatchObject({
        id,
        version: 2,
        problem: '问题一',
        unit: 'A',
        status: 'in_progress',
        progress: '推进中',
        extras: { '金额（万元）': 12.5 },
      });

      const history = await rowHistory(store, c, id, OFFICE);
      expect(history.map((h) => [h.field, h.old, h.new, h.version])).toEqual([
        [
          'created',
          null,
          { problem: '问题一', measure: '措施一', unit: 'A', status: 'not_started', extras: { '金额（万元）': 12.5 } },
          1,
        ],
        ['status', 'not_started', 'in_progress', 2],
        ['progress', null, '推进中', 2],
      ]);
      expect(history[1]).toMatchObject({ actor: OFFICE.name, actorKind: 'office', clientId: `${c}:office-1`, mutationId: 2 });
      expect(Date.parse(history[1]!.at)).not.toBeNaN();
    });

    it('turns two stale edits of one field into one applied edit and one conflict with both values and the base', async () => {
      const c = await fresh();
      const id = await withRow(c);
      const laptop = new Client(store, c, A, 'a-laptop');
      const desktop = new Client(store, c, A, 'a-desktop');

      const first = await laptop.push([{ id, baseVersion: 1, fields: { status: 'done' } }]);
      expect(first.result.rows[0]).toMatchObject({ status: 'updated', version: 2 });
      const second = await desktop.push([{ id, baseVersion: 1, fields: { status: 'in_progress' } }]);
      expect(second.result.counts.conflicts).toBe(1);
      const row = second.result.rows[0]!;
      expect(row).toMatchObject({ status: 'conflict', version: 2 });
      expect(row.conflicts).toEqual([
        // Who set the service's value, and when, so the person choosing knows whose edit they override.
        { conflictId: expect.any(String), field: 'status', base: 'not_started', server: 'done', caller: 'in_progress', changedBy: 'A token', changedAt: expect.any(String) },
      ]);
      expect((await listRows(store, c, A))[0]?.status).toBe('done');

      const open = await listConflicts(store, c, A);
      expect(open).toHaveLength(1);
      expect(open[0]).toMatchObject({
        rowId: id,
        field: 'status',
        base: 'not_started',
        server: 'done',
        caller: 'in_progress',
        callerKind: 'unit',
        clientId: `${c}:a-desktop`,
        resolvedAt: null,
      });
      expect(await listConflicts(store, c, B)).toEqual([]);

      await rejectsWith(resolveConflict(store, open[0]!.id, 'caller', A, 'other-campaign'), 'conflict_not_found');
      await rejectsWith(resolveConflict(store, open[0]!.id, 'caller', B), 'conflict_not_found');
      const resolved = await resolveConflict(store, open[0]!.id, 'caller', A, c);
      expect(resolved.row).toMatchObject({ version: 3, measure: { status: 'in_progress' } });
      expect(resolved.conflict).toMatchObject({ resolvedBy: A.name, resolution: { choice: 'caller', value: 'in_progress' } });
      expect(await listConflicts(store, c, OFFICE)).toEqual([]);
      await rejectsWith(resolveConflict(store, open[0]!.id, 'server', OFFICE), 'conflict_resolved');
      const last = (await rowHistory(store, c, id, OFFICE)).at(-1);
      expect(last).toMatchObject({ field: 'status', old: 'done', new: 'in_progress', actor: A.name, clientId: null });
    });

    it('resolves a conflict by the same ownership rules, checking the chosen value', async () => {
      const c = await fresh();
      const id = await withRow(c, { leader: '张三' });
      await new Client(store, c, OFFICE, 'office-1').push([{ id, baseVersion: 1, fields: { leader: '李四' } }]);
      const stale = await new Client(store, c, OFFICE, 'office-2').push([{ id, baseVersion: 1, fields: { leader: '王五' } }]);
      const conflictId = stale.result.rows[0]!.conflicts![0]!.conflictId;
      await rejectsWith(resolveConflict(store, conflictId, { value: '赵六' }, A), 'forbidden');
      await rejectsWith(resolveConflict(store, conflictId, { value: 123 }, OFFICE), 'invalid_request');
      const kept = await resolveConflict(store, conflictId, 'server', OFFICE, c);
      expect(kept.row).toMatchObject({ version: 2, measure: { leader: '李四' } });
      expect(kept.conflict.resolution).toEqual({ choice: 'server', value: '李四' });
    });

    it('applies edits of different fields of one row, and the non-conflicting fields of a conflicting row', async () => {
      const c = await fresh();
      const id = await withRow(c);
      const one = new Client(store, c, A, 'a-1');
      const two = new Client(store, c, A, 'a-2');
      await one.push([{ id, baseVersion: 1, fields: { status: 'in_progress' } }]);
      const r = await two.push([{ id, baseVersion: 1, fields: { progress: '已召开专题会' } }]);
      expect(r.result.rows[0]).toMatchObject({ status: 'updated', version: 3, applied: ['progress'] });

      const mixed = await two.push([{ id, baseVersion: 1, fields: { status: 'done', remarks: '见附件' } }]);
      expect(mixed.result.rows[0]).toMatchObject({ status: 'conflict', version: 4, applied: ['remarks'] });
      expect(mixed.result.rows[0]!.conflicts?.map((x) => x.field)).toEqual(['status']);
      expect((await listRows(store, c, OFFICE))[0]).toMatchObject({
        status: 'in_progress',
        progress: '已召开专题会',
        remarks: '见附件',
        version: 4,
      });
    });

    it('does not call it a conflict when the caller sends the value the service already holds, or the value it started from', async () => {
      const c = await fresh();
      const id = await withRow(c, { progress: '起草方案' });
      await new Client(store, c, A, 'a-1').push([{ id, baseVersion: 1, fields: { status: 'done', progress: '方案已印发' } }]);
      const stale = new Client(store, c, A, 'a-2');
      const r = await stale.push([
        // a whole row sent back from an old copy: status now equal to the server, progress as it started
        { id, baseVersion: 1, fields: { status: 'done', progress: '起草方案', problem: '问题一', measure: '措施一', unit: 'A' } },
      ]);
      expect(r.result.rows[0]).toMatchObject({ status: 'unchanged', version: 2 });
      expect(r.result.rows[0]!.conflicts).toBeUndefined();
      expect(await listConflicts(store, c, OFFICE)).toEqual([]);
      expect((await listRows(store, c, OFFICE))[0]).toMatchObject({ status: 'done', progress: '方案已印发' });
    });

    it('applies a retried batch once and returns the same result; refuses stale and reused mutation ids', async () => {
      const c = await fresh();
      const id = await withRow(c);
      const client = new Client(store, c, A, 'a-retry');
      const first = await client.push([
        { id, baseVersion: 1, fields: { status: 'in_progress' } },
        { fields: { problem: '自查问题', measure: '自查措施', status: 'not_started' } },
      ]);
      const before = await counts(store, c);
      const rows = await snapshot(store, c);
      const again = await client.retry();
      expect(again.replayed).toBe(true);
      expect(again.result).toEqual(first.result);
      expect(await counts(store, c)).toEqual(before);
      expect(await snapshot(store, c)).toEqual(rows);

      await client.push([{ id, baseVersion: 2, fields: { progress: 'x' } }]);
      const retryOfOlder = await push(
        store,
        c,
        { clientId: client.clientId, mutationId: 1, rows: [{ id, baseVersion: 1, fields: { status: 'in_progress' } }, { fields: { problem: '自查问题', measure: '自查措施', status: 'not_started' } }] },
        A,
      );
      expect(retryOfOlder.result).toEqual(first.result);
      await rejectsWith(
        push(store, c, { clientId: client.clientId, mutationId: 1, rows: [{ id, baseVersion: 1, fields: { status: 'done' } }] }, A),
        'mutation_reused',
      );
      await rejectsWith(push(store, c, { clientId: client.clientId, mutationId: 0, rows: [] }, A), 'stale_mutation');
    });

    it('keeps a unit to its own rows and its own fields, and stores nothing of a refused row', async () => {
      const c = await fresh();
      const office = new Client(store, c, OFFICE, 'office');
      const seeded = await office.push([
        { fields: { problem: '问题一', measure: '措施一', unit: 'A', deadline: { kind: 'date', date: '2018-12-31', text: '2018年底前' } } },
        { fields: { problem: '问题二', measure: '措施二', unit: 'B' } },
      ]);
      const [aRow, bRow] = seeded.result.rows.map((r) => r.id!);
      const before = await counts(store, c);
      const rows = await snapshot(store, c);

      const b = new Client(store, c, B, 'b');
      const foreign = await b.push([{ id: aRow, baseVersion: 1, fields: { status: 'done' } }]);
      expect(foreign.result.rows[0]).toMatchObject({ status: 'rejected', reason: { code: 'other_unit' } });
      expect(foreign.result.rows[0]!.reason!.zh).toContain('A');

      const a = new Client(store, c, A, 'a');
      const officeField = await a.push([
        { id: aRow, baseVersion: 1, fields: { status: 'done', deadline: { kind: 'date', date: '2019-06-30', text: '2019年6月底前' } } },
      ]);
      expect(officeField.result.rows[0]).toMatchObject({
        status: 'rejected',
        reason: { code: 'office_field', fields: ['deadline'] },
      });
      const forB = await a.push([{ fields: { problem: '自查', measure: '自查措施', unit: 'B' } }]);
      expect(forB.result.rows[0]).toMatchObject({ status: 'rejected', reason: { code: 'other_unit' } });
      const byKey = await a.push([{ key: { problem: '问题二', measure: '措施二', unit: 'B' }, fields: { status: 'done' } }]);
      expect(byKey.result.rows[0]).toMatchObject({ status: 'rejected' });
      await rejectsWith(deleteRow(store, c, aRow!, A), 'forbidden');

      const after = await counts(store, c);
      expect({ ...after, mutations: before.mutations }).toEqual(before);
      expect(await snapshot(store, c)).toEqual(rows);

      // Office fields sent unchanged are fine; a unit's own new row is its own.
      const ok = await a.push([
        { id: aRow, baseVersion: 1, fields: { status: 'done', unit: 'A', measure: '措施一' } },
        { fields: { problem: '自查发现的问题', measure: '自查措施', status: 'in_progress' } },
      ]);
      expect(ok.result.rows.map((r) => r.status)).toEqual(['updated', 'created']);
      const mine = await listRows(store, c, A);
      expect(mine.map((m) => m.unit)).toEqual(['A', 'A']);
      expect(mine.map((m) => m.id)).not.toContain(bRow);
      expect((await changesSince(store, c, 0, A)).rows.map((r) => r.id)).not.toContain(bRow);
    });

    it('lets a unit request closure and only the office approve it', async () => {
      const c = await fresh();
      const id = await withRow(c, { status: 'done' });
      const a = new Client(store, c, A, 'a');
      const requested = await a.push([{ id, baseVersion: 1, fields: { closure: { state: 'requested' } } }]);
      expect(requested.result.rows[0]).toMatchObject({ status: 'updated', version: 2 });
      const approve = await a.push([{ id, baseVersion: 2, fields: { closure: { state: 'approved', on: '2018-10-01', by: 'A' } } }]);
      expect(approve.result.rows[0]).toMatchObject({ status: 'rejected', reason: { code: 'closure_office_only' } });
      const office = await new Client(store, c, OFFICE, 'office').push([
        { id, baseVersion: 2, fields: { closure: { state: 'approved', on: '2018-10-01', by: '整改办' } } },
      ]);
      expect(office.result.rows[0]).toMatchObject({ status: 'updated', version: 3 });
      const again = await a.push([{ id, baseVersion: 3, fields: { closure: { state: 'requested' } } }]);
      expect(again.result.rows[0]).toMatchObject({ status: 'rejected', reason: { code: 'closure_office_only' } });
      expect((await listRows(store, c, A))[0]?.closure).toEqual({ state: 'approved', on: '2018-10-01', by: '整改办' });
    });

    it('matches rows without ids by number column or natural key, pairing duplicates in order', async () => {
      const c = await fresh();
      const office = new Client(store, c, OFFICE, 'office');
      const seeded = await office.push([
        { fields: { problem: '问题一', measure: '措施一', unit: 'A' } },
        { fields: { problem: '问题一', measure: '措施一', unit: 'A' } },
        { fields: { problem: '问题二', measure: '措施二', unit: 'B' } },
      ]);
      const ids = seeded.result.rows.map((r) => r.id);
      const r = await office.push([
        { fields: { problem: ' 问题一 ', measure: '措施一。', unit: 'A', status: 'done' } },
        { fields: { problem: '问题一', measure: '措施一', unit: 'A', status: 'in_progress' } },
        { key: { problem: '问题二', measure: '措施二', unit: 'B' }, fields: { measure: '措施二（修订）' } },
        { fields: { problem: '问题三', measure: '措施三', unit: 'A' } },
      ]);
      expect(r.result.rows.map((x) => [x.status, x.id])).toEqual([
        ['updated', ids[0]],
        ['updated', ids[1]],
        ['updated', ids[2]],
        ['created', expect.any(String)],
      ]);
      const rows = await listRows(store, c, OFFICE);
      expect(rows.map((m) => m.status ?? '')).toEqual(['done', 'in_progress', '', '']);
      expect(rows[2]?.measure).toBe('措施二（修订）');
    });

    it('matches an office push naming units as if it read every row: number columns of other units’ rows count, rows it names by id do not', async () => {
      // Reading only the units a push names (and rows naming none) must not change what pairs: whether
      // the campaign has a number column is a fact of all its rows (here only a B row has 措施编号).
      const texts = { problem: '票据不规范', measure: '规范票据' };
      const seed = async () => {
        const office = new Client(store, await fresh(), OFFICE, 'office');
        const seeded = await office.push([
          { fields: { ...texts, unit: 'A', problemNo: '1' } },
          { fields: { ...texts, unit: 'B', measureNo: '1' } },
          { fields: { problem: '会风不严', measure: '整顿会风', unit: ' ' } },
        ]);
        const [a, b, unnamed] = seeded.result.rows.map((r) => r.id);
        return { office, a, b, unnamed };
      };
      const numbered = { ...texts, unit: 'A', problemNo: '1', measureNo: '2' };
      // Both sides number measures, and A's row has none to agree with: a new row, not A's.
      let s = await seed();
      let r = await s.office.push([{ fields: numbered }]);
      expect(r.result.rows.map((x) => x.status)).toEqual(['created']);
      // With B's row named by id (taken), no row left to match has 措施编号: A's row pairs by its problem number and texts.
      s = await seed();
      r = await s.office.push([{ id: s.b, fields: { progress: '已整改' } }, { fields: numbered }]);
      expect(r.result.rows.map((x) => [x.status, x.id])).toEqual([
        ['updated', s.b],
        ['updated', s.a],
      ]);
      // A row naming no unit may be any unit's: it is read, and pairs by its texts.
      r = await s.office.push([{ fields: { problem: '会风不严', measure: '整顿会风', unit: 'A', status: 'done' } }]);
      expect(r.result.rows.map((x) => [x.status, x.id])).toEqual([['updated', s.unnamed]]);
    });

    it('stores nothing of a batch that fails part-way, and applies it in full when retried', async () => {
      const c = await fresh();
      await withRow(c);
      const before = await counts(store, c);
      const rows = await snapshot(store, c);
      const batch = Array.from({ length: 3000 }, (_, i) => ({
        fields: { problem: `问题${i}`, measure: `措施${i}`, unit: i % 2 ? 'A' : 'B', remarks: i === 2500 ? 'BOOM' : `备注${i}` },
      }));
      const office = new Client(store, c, OFFICE, 'office-atomic');
      await backend.injectFailure(store, 'BOOM');
      try {
        await expect(office.push(batch)).rejects.toThrow(/injected failure/);
      } finally {
        await backend.removeFailure(store);
      }
      expect(await counts(store, c)).toEqual(before);
      expect(await snapshot(store, c)).toEqual(rows);

      const retried = await office.retry();
      expect(retried.replayed).toBe(false);
      expect(retried.result.counts.created).toBe(3000);
      expect((await counts(store, c)).rows).toBe(before.rows + 3000);
    });

    it('pulls changes since a cursor, page by page, with tombstones, reassignments and unit scope', async () => {
      const c = await fresh();
      const office = new Client(store, c, OFFICE, 'office');
      const seeded = await office.push(
        ['A', 'A', 'A', 'B', 'B'].map((unit, i) => ({ fields: { problem: `问题${i}`, measure: `措施${i}`, unit } })),
      );
      const ids = seeded.result.rows.map((r) => r.id!);
      const pullAll = async (since: number, scope: Scope) => {
        const seen: string[] = [];
        let cursor = since;
        for (;;) {
          const page = await changesSince(store, c, cursor, scope, { limit: 2 });
          seen.push(...page.rows.map((r) => r.id));
          cursor = page.cursor;
          if (!page.more) return { seen, cursor, last: page };
        }
      };
      const all = await pullAll(0, OFFICE);
      expect(all.seen).toEqual(ids);
      const quiet = await changesSince(store, c, all.cursor, OFFICE);
      expect(quiet).toMatchObject({ rows: [], more: false, cursor: all.cursor, removed: [] });

      const forA = await pullAll(0, A);
      expect(forA.seen).toEqual(ids.slice(0, 3));

      await new Client(store, c, A, 'a').push([{ id: ids[0], baseVersion: 1, fields: { status: 'done' } }]);
      const tomb = await deleteRow(store, c, ids[1]!, OFFICE);
      expect(tomb).toMatchObject({ deleted: true, version: 2 });
      expect(await deleteRow(store, c, ids[1]!, OFFICE)).toEqual(tomb);
      await office.push([{ id: ids[2], baseVersion: 1, fields: { unit: 'B' } }]);

      const next = await changesSince(store, c, forA.cursor, A);
      expect(next.rows.map((r) => [r.id, r.deleted, r.version])).toEqual([
        [ids[0], false, 2],
        [ids[1], true, 2],
      ]);
      expect(next.removed).toEqual([ids[2]]);
      const forB = await changesSince(store, c, forA.cursor, B);
      expect(forB.rows.map((r) => r.id)).toEqual([ids[2]]);

      expect((await listRows(store, c, OFFICE)).map((m) => m.id)).toEqual([ids[0], ids[2], ids[3], ids[4]]);
      const edit = await office.push([{ id: ids[1], baseVersion: 2, fields: { status: 'done' } }]);
      expect(edit.result.rows[0]).toMatchObject({ status: 'rejected', reason: { code: 'row_deleted' } });
      const byKey = await office.push([{ fields: { problem: '问题1', measure: '措施1', unit: 'A', status: 'done' } }]);
      expect(byKey.result.rows[0]).toMatchObject({ status: 'rejected', reason: { code: 'row_deleted' } });

      const future = await changesSince(store, c, next.cursor + 1000, OFFICE);
      expect(future.reset).toBe(true);
      expect(future.rows).toHaveLength(5);
    });

    it('answers unknown campaigns, conflicts and malformed requests with a coded error', async () => {
      await rejectsWith(push(store, 'nope', { clientId: 'x', mutationId: 1, rows: [] }, OFFICE), 'campaign_not_found');
      await rejectsWith(changesSince(store, 'nope', 0, OFFICE), 'campaign_not_found');
      await rejectsWith(listRows(store, 'nope', OFFICE), 'campaign_not_found');
      await rejectsWith(resolveConflict(store, 'no-such-conflict', 'server', OFFICE), 'conflict_not_found');
      const c = await fresh();
      await rejectsWith(
        push(store, c, { clientId: 'x', mutationId: 1, rows: [{ fields: { statuz: 'done' } }] } as never, OFFICE),
        'invalid_request',
      );
      await rejectsWith(push(store, c, { clientId: 'x', mutationId: 1, rows: [{ fields: { status: 'finished' } }] } as never, OFFICE), 'invalid_request');
      await rejectsWith(changesSince(store, c, -1, OFFICE), 'invalid_request');
    });

    it('rebuilds every row from the history alone', async () => {
      const c = await fresh();
      const id = await withRow(c);
      const a = new Client(store, c, A, 'a');
      await a.push([{ id, baseVersion: 1, fields: { status: 'done', progress: 'p' }, extras: { 月度: '9月' } }]);
      await a.push([{ id, baseVersion: 2, fields: { progress: null }, extras: { 月度: null } }]);
      await deleteRow(store, c, id, OFFICE);
      const replayed = await replayHistory(store, c);
      const current = await snapshot(store, c);
      expect(replayed.get(id)).toEqual({
        id,
        version: current.get(id)!.version,
        deleted: true,
        measure: current.get(id)!.measure,
      });
    });

    describe('values by meaning, stale copies, category ordinals and copied ids (BRIEF §3)', () => {
      it('takes a status, deadline or text sent in other words as no edit, and keeps the words it has', async () => {
        const c = await fresh();
        const id = await withRow(c, { status: 'in_progress', deadline: { kind: 'date', date: '2018-09-30', text: '2018年9月底前' }, progress: '已部署' });
        const unit = new Client(store, c, A, 'a');
        const same = await unit.push([{ id, fields: { status: null, statusText: '已启动', progress: '  已部署\u3000' } }]);
        // A copy without id is matched by identity (its unit is the pushing unit's).
        const keyed = await unit.push([{ key: { problem: '问题一', measure: '措施一' }, fields: { statusText: '推进中' } }]);
        for (const r of [same, keyed]) expect(r.result.counts).toEqual({ created: 0, updated: 0, unchanged: 1, conflicts: 0, rejected: 0 });
        const office = await new Client(store, c, OFFICE, 'o').push([{ id, fields: { deadline: { kind: 'date', date: '2018-09-30', text: '2018-09-30' } } }]);
        expect(office.result.rows[0]).toMatchObject({ status: 'unchanged', version: 1 });
        const [row] = await listRows(store, c, OFFICE);
        expect(row).toMatchObject({ status: 'in_progress', deadline: { text: '2018年9月底前' }, version: 1 });
        expect(row).not.toHaveProperty('statusText');
        expect((await rowHistory(store, c, id, OFFICE)).map((h) => h.field)).toEqual(['created']);
      });

      it('refuses a status it cannot read, row and all, naming the words', async () => {
        const c = await fresh();
        const id = await withRow(c);
        const r = await new Client(store, c, A, 'a').push([{ id, fields: { statusText: '暂缓', progress: '新进展' } }]);
        expect(r.result.rows[0]).toMatchObject({ status: 'rejected', reason: { code: 'unknown_status' } });
        expect(r.result.rows[0]!.reason!.zh).toContain('暂缓');
        expect((await listRows(store, c, OFFICE))[0]).toMatchObject({ status: 'not_started' });
      });

      it('holds back what a copy without a version still has from before a newer edit: a conflict with who and when, not applied', async () => {
        const c = await fresh();
        const id = await withRow(c);
        const desk = new Client(store, c, A, 'desk');
        await desk.push([{ id, baseVersion: 1, fields: { status: 'done', evidence: '报告.pdf' } }]);
        // An old e-mailed copy: the old status, no evidence yet, and a progress note that is new.
        const old = await new Client(store, c, A, 'mail').push([{ id, fields: { status: 'not_started', evidence: null, progress: '已召开会议' } }]);
        const row = old.result.rows[0]!;
        expect(row).toMatchObject({ status: 'conflict', applied: ['progress'] });
        expect(row.conflicts?.map((x) => [x.field, x.server, x.caller, x.changedBy])).toEqual([
          ['status', 'done', 'not_started', 'A token'],
          ['evidence', '报告.pdf', null, 'A token'],
        ]);
        expect((await listRows(store, c, OFFICE))[0]).toMatchObject({ status: 'done', evidence: '报告.pdf', progress: '已召开会议' });
        const open = await listConflicts(store, c, OFFICE);
        expect(open.map((x) => [x.field, x.baseVersion, x.changedBy]).sort()).toEqual([
          ['evidence', null, 'A token'],
          ['status', null, 'A token'],
        ]);
        // A value the field never held is an edit, version or not.
        const fresh2 = await new Client(store, c, A, 'mail2').push([{ id, fields: { status: 'done_ongoing' } }]);
        expect(fresh2.result.rows[0]).toMatchObject({ status: 'updated', applied: ['status'] });
      });

      it('resolves "第一类" in the order learned from rows that carried ordinal and name, and flags what it cannot', async () => {
        const c = await fresh();
        const office = new Client(store, c, OFFICE, 'o');
        await office.push([
          { fields: { category: '一、理论学习不深入', problem: '问题一', measure: '措施一', unit: 'A' } },
          { fields: { category: '二、基层组织建设薄弱', problem: '问题二', measure: '措施二', unit: 'A' } },
        ]);
        const unit = await new Client(store, c, A, 'a').push([
          { fields: { category: '第二类', problem: '自查问题', measure: '自查措施' } },
          { fields: { category: '第九类', problem: '自查问题二', measure: '自查措施二' } },
        ]);
        expect(unit.result.rows.map((r) => r.status)).toEqual(['created', 'created']);
        expect(unit.result.rows[0]!.warnings).toBeUndefined();
        expect(unit.result.rows[1]!.warnings).toMatchObject([{ code: 'unknown_category', field: 'category' }]);
        const rows = await listRows(store, c, OFFICE);
        expect(rows.map((r) => r.category)).toEqual(['理论学习不深入', '基层组织建设薄弱', '基层组织建设薄弱', '第九类']);
        // A later push of the office's categories in other words is no edit.
        const again = await office.push([{ id: rows[0]!.id, fields: { category: '第一类' } }]);
        expect(again.result.rows[0]).toMatchObject({ status: 'unchanged' });
      });

      it('rolls up a "第一类" that came before the office taught the order under the first category, and never makes an ordinal a category', async () => {
        const c = await fresh();
        await new Client(store, c, A, 'a').push([{ fields: { category: '第一类', problem: '自查问题', measure: '自查措施' } }]);
        await new Client(store, c, OFFICE, 'o').push([
          { fields: { category: '（一）理论学习不深入', problem: '问题一', measure: '措施一', unit: 'A' } },
          { fields: { category: '（二）基层组织建设薄弱', problem: '问题二', measure: '措施二', unit: 'A' } },
          { fields: { category: '第九类', problem: '问题三', measure: '措施三', unit: 'B' } },
        ]);
        const rollup = await READS.rollup(store, c, { kind: 'office' }, '2018-10-15', 'zh');
        expect(rollup.categories).toBe(2);
        expect(rollup.byCategory.map((x) => [x.category, x.measures])).toEqual([
          ['理论学习不深入', 2],
          ['基层组织建设薄弱', 1],
          [NO_CATEGORY, 1],
        ]);
      });

      it('never lets a row repeating another row’s id (copied in Excel) take that row: it is created anew', async () => {
        const c = await fresh();
        const id = await withRow(c);
        const r = await new Client(store, c, A, 'a').push([
          { id, baseVersion: 1, fields: { status: 'in_progress' } },
          { id, baseVersion: 1, fields: { problem: '问题一', measure: '措施一', status: 'done' } },
        ]);
        expect(r.result.rows.map((x) => x.status)).toEqual(['updated', 'created']);
        expect(r.result.rows[1]!.id).not.toBe(id);
        const rows = await listRows(store, c, OFFICE);
        expect(rows.map((x) => [x.measure, x.status])).toEqual([
          ['措施一', 'in_progress'],
          ['措施一', 'done'],
        ]);
      });
    });

    propertySuite(() => store);
  });
}
