// The service end to end on loopback: real HTTP, real storage (the same suite runs on SQLite and
// PostgreSQL), the real CLI for push and pull.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedgers, mergeLedgers, readLedger, type Rollup } from '../../ledger';
import { issueApiToken } from '../../server/app/identity';
import { createApp } from '../../server/app/app';
import { startServer, type RunningServer } from '../../server/serve';
import { readWorkbookFile } from '../../server/xlsx/read';
import type { Backend } from '../server/backends';
import { writeGridWorkbook } from '../support/write-grid';
import { unitBook, UNITS } from './units';

const run = promisify(execFile);
const AS_OF = '2018-10-15';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/ledger.js', ...args], { maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** The parts of the OpenAPI document these tests read. */
interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  required?: string[];
  pattern?: string;
}
interface Operation {
  requestBody?: unknown;
  parameters?: { name: string; in: string; schema: JsonSchema }[];
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}
interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

/** Each operation the document describes, as "METHOD /path/{param}". */
function operations(doc: OpenApiDoc): { route: string; method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, method, path, op })));
}

/** The figures a person compares: everything but the order of the breakdowns. */
function figures(r: Rollup) {
  const byName = <T extends { measures: number }>(xs: T[], key: (x: T) => string) =>
    Object.fromEntries(xs.map((x) => [key(x), { ...x }]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  const { byCategory, byUnit, report: _report, ...totals } = r;
  return { totals, byCategory: byName(byCategory, (c) => c.category), byUnit: byName(byUnit, (u) => u.unit) };
}

export function serviceSuite(backend: Backend) {
  describe(`the service on ${backend.name}`, () => {
    let srv: RunningServer;
    let dir: string;
    let office: string;
    const unitTokens: string[] = [];
    const files: string[] = [];

    const api = (path: string, token: string | undefined, init: RequestInit = {}) =>
      fetch(`${srv.url}${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json', ...init.headers } });

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'ledger-service-'));
      srv = await startServer({ port: 0, store: await backend.open() });
      office = (await issueApiToken(srv.store, { role: 'office' })).token;
      for (let u = 0; u < UNITS.length; u++) {
        unitTokens.push((await issueApiToken(srv.store, { role: 'unit', unit: UNITS[u]! })).token);
        const path = join(dir, `${UNITS[u]}.xlsx`);
        await writeGridWorkbook(unitBook(u), path);
        files.push(path);
      }
    });

    afterAll(async () => {
      await srv?.close();
      rmSync(dir, { recursive: true, force: true });
      backend.cleanup();
    });

    const openApi = async () => (await (await fetch(`${srv.url}/api/openapi.json`)).json()) as OpenApiDoc;

    it('answers 401 to every API call without a token, naming what is missing', async () => {
      for (const { method, path: template, op } of operations(await openApi())) {
        const path = template.replace('{campaign}', 'default').replace(/\{[a-z]+\}/gi, 'x');
        const res = await api(path, undefined, { method: method.toUpperCase(), ...(op.requestBody ? { body: '{}' } : {}) });
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect((await res.json()).error.message).toContain('未登录');
      }
      expect((await api('/api/v1/me', 'lgr_not-a-real-token-at-all-0000000000000000000')).status).toBe(401);
    });

    it('takes 20 units’ own workbooks, each pushed with its own token, and rolls up as merging the files would', async () => {
      for (let u = 0; u < files.length; u++) {
        const r = await cli(['push', files[u]!, '--server', srv.url, '--token', unitTokens[u]!, '--json', '--as-of', AS_OF]);
        expect(r.code, r.stderr).toBe(0);
        const out = JSON.parse(r.stdout);
        expect(out).toMatchObject({ created: 6, updated: 0, conflicts: 0, rejected: 0 });
      }
      const merged = mergeLedgers(
        await Promise.all(files.map(async (f) => readLedger({ ...(await readWorkbookFile(f)), file: f }))),
        { asOf: AS_OF },
      );
      const rollup = (await (await api(`/api/v1/campaigns/default/rollup?asOf=${AS_OF}`, office)).json()) as Rollup;
      expect(figures(rollup)).toEqual(figures(merged.rollup));
      expect(rollup.measures).toBe(120);
      expect(rollup.problems).toBe(3 + 20 * 2);

      const out = join(dir, 'master.xlsx');
      const pulled = await cli(['pull', '--server', srv.url, '--token', office, '-o', out, '--as-of', AS_OF]);
      expect(pulled.code, pulled.stderr).toBe(0);
      const reread = checkLedgers([readLedger(await readWorkbookFile(out))], { asOf: AS_OF });
      expect(figures(reread.rollup)).toEqual(figures(merged.rollup));
      expect(reread.ledgers[0]!.rows.every((r) => r.measure.id && r.measure.version)).toBe(true);
    });

    it('applies a second push of the same workbook as unchanged, and a retried batch once', async () => {
      const again = await cli(['push', files[0]!, '--server', srv.url, '--token', unitTokens[0]!, '--json']);
      expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: 6, rejected: 0 });

      const rows = (await (await api('/api/v1/campaigns/default/rows', unitTokens[1]!)).json()).rows;
      const batch = { clientId: 'retry-test', mutationId: 7, rows: [{ id: rows[0].id, baseVersion: rows[0].version, fields: { progress: '已召开专题会议' } }] };
      const first = await (await api('/api/v1/campaigns/default/push', unitTokens[1]!, { method: 'POST', body: JSON.stringify(batch) })).json();
      const retry = await (await api('/api/v1/campaigns/default/push', unitTokens[1]!, { method: 'POST', body: JSON.stringify(batch) })).json();
      expect(retry).toEqual(first);
      const history = (await (await api(`/api/v1/campaigns/default/rows/${rows[0].id}/history`, office)).json()).changes;
      expect(history.filter((h: { field: string }) => h.field === 'progress')).toHaveLength(1);
    });

    it('keeps a unit to its own rows: reads, writes and the workbook', async () => {
      const mine = (await (await api('/api/v1/campaigns/default/rows', unitTokens[2]!)).json()).rows as { id: string; version: number; unit: string }[];
      expect(mine).toHaveLength(6);
      expect(new Set(mine.map((r) => r.unit))).toEqual(new Set([UNITS[2]]));

      const theirs = (await (await api('/api/v1/campaigns/default/rows', unitTokens[3]!)).json()).rows as { id: string; version: number }[];
      const res = await api('/api/v1/campaigns/default/push', unitTokens[2]!, {
        method: 'POST',
        body: JSON.stringify({ clientId: 'intruder', mutationId: 1, rows: [{ id: theirs[0]!.id, baseVersion: theirs[0]!.version, fields: { status: 'done' } }, { fields: { problem: '别人的问题', measure: '冒名措施', unit: UNITS[3] } }] }),
      });
      const body = await res.json();
      expect(body.counts).toMatchObject({ rejected: 2, created: 0, updated: 0 });
      const after = (await (await api('/api/v1/campaigns/default/rows', unitTokens[3]!)).json()).rows as { id: string; version: number }[];
      expect(after).toEqual(theirs);
      expect((await api(`/api/v1/campaigns/default/rows/${theirs[0]!.id}/history`, unitTokens[2]!)).status).toBe(404);
      expect((await api('/api/v1/campaigns/default/rows/' + theirs[0]!.id, unitTokens[2]!, { method: 'DELETE' })).status).toBe(403);

      const out = join(dir, 'unit2.xlsx');
      expect((await cli(['pull', '--server', srv.url, '--token', unitTokens[2]!, '-o', out, '--as-of', AS_OF])).code).toBe(0);
      const own = readLedger(await readWorkbookFile(out));
      expect(own.rows).toHaveLength(6);
      expect(new Set(own.rows.map((r) => r.measure.unit))).toEqual(new Set([UNITS[2]]));
    });

    it('turns two stale edits of one field into one applied edit and one conflict with both values', async () => {
      const [row] = (await (await api('/api/v1/campaigns/default/rows', unitTokens[4]!)).json()).rows as { id: string; version: number; measure: { progress?: string } }[];
      const edit = (clientId: string, progress: string) =>
        api('/api/v1/campaigns/default/push', unitTokens[4]!, {
          method: 'POST',
          body: JSON.stringify({ clientId, mutationId: 1, rows: [{ id: row!.id, baseVersion: row!.version, fields: { progress }, base: { progress: row!.measure.progress ?? null } }] }),
        }).then((r) => r.json());
      const a = await edit('laptop', '已完成制度修订');
      const b = await edit('desktop', '制度修订稿待审议');
      expect(a.rows[0].status).toBe('updated');
      expect(b.rows[0].status).toBe('conflict');
      expect(b.rows[0].conflicts[0]).toMatchObject({ field: 'progress', server: '已完成制度修订', caller: '制度修订稿待审议' });
      const open = (await (await api('/api/v1/campaigns/default/conflicts', office)).json()).conflicts;
      expect(open).toHaveLength(1);
      const resolved = await api(`/api/v1/campaigns/default/conflicts/${open[0].id}/resolve`, unitTokens[4]!, { method: 'POST', body: JSON.stringify({ choice: 'caller' }) });
      expect(resolved.status).toBe(200);
      expect((await resolved.json()).row.measure.progress).toBe('制度修订稿待审议');
    });

    it('refuses a push with another unit’s rows in a workbook row by row, storing nothing of them', async () => {
      const path = join(dir, 'wrong-unit.xlsx');
      await writeGridWorkbook(unitBook(5, 2), path);
      const r = await cli(['push', path, '--server', srv.url, '--token', unitTokens[6]!, '--json']);
      expect(r.code).toBe(1);
      const out = JSON.parse(r.stdout);
      expect(out.rejected).toBe(2);
      expect(out.rejectedRows[0]).toMatchObject({ row: 4, code: 'other_unit' });
    });

    it('lists a unit’s rows with a cursor that later pulls continue from', async () => {
      const list = await (await api('/api/v1/campaigns/default/rows', unitTokens[7]!)).json();
      expect(list.rows).toHaveLength(6);
      const none = await (await api(`/api/v1/campaigns/default/changes?since=${list.cursor}`, unitTokens[7]!)).json();
      expect(none.rows).toEqual([]);
      const [row] = list.rows;
      await api('/api/v1/campaigns/default/push', unitTokens[7]!, {
        method: 'POST',
        body: JSON.stringify({ clientId: 'cursor-test', mutationId: 1, rows: [{ id: row.id, baseVersion: row.version, fields: { remarks: '已报分管领导' } }] }),
      });
      const next = await (await api(`/api/v1/campaigns/default/changes?since=${list.cursor}`, unitTokens[7]!)).json();
      expect(next.rows.map((r: { id: string }) => r.id)).toEqual([row.id]);
      expect(next.rows[0].measure.remarks).toBe('已报分管领导');
    });

    it('describes every route it serves in the OpenAPI document, and only those', async () => {
      const doc = await openApi();
      expect(doc.openapi).toBe('3.1.0');
      // The routes the app registers under /api/v1 (the sign-in middleware aside), as the document spells them.
      const served = createApp({ store: srv.store })
        .routes.filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL')
        .map((r) => `${r.method} ${r.path.replace(/:([a-z]+)/gi, '{$1}')}`);
      expect(operations(doc).map((o) => o.route).sort()).toEqual([...new Set(served)].sort());
    });

    it('refuses what the document says it refuses, in the error shape the document gives', async () => {
      const doc = await openApi();
      const rollup = doc.paths['/api/v1/campaigns/{campaign}/rollup']!.get!;
      const asOf = rollup.parameters!.find((p) => p.name === 'asOf')!;
      expect(asOf.in).toBe('query');
      expect('15/10/2018').not.toMatch(new RegExp(asOf.schema.pattern!, 'u'));
      const error = rollup.responses['400']!.content!['application/json']!.schema;
      expect(error.required).toEqual(['error']);
      const fields = error.properties!.error!.required!;
      expect(fields.sort()).toEqual(['code', 'message', 'messageEn']);

      const refusals = [
        await api('/api/v1/campaigns/default/rollup?asOf=15/10/2018', office),
        await api('/api/v1/campaigns/default/changes?since=-1', office),
        await api('/api/v1/campaigns/no%20such!/rows', office),
        await api('/api/v1/campaigns/default', office, { method: 'PUT', body: JSON.stringify({ settings: {} }) }),
        // A body sent as something other than JSON is refused like any other that does not fit.
        await api('/api/v1/campaigns/default', office, { method: 'PUT', body: '{}', headers: { 'content-type': 'text/plain' } }),
      ];
      const named = ['asOf', 'since', 'campaign', 'config', 'JSON'];
      for (const [i, res] of refusals.entries()) {
        expect(res.status, named[i]).toBe(400);
        const body = (await res.json()) as { error: Record<string, unknown> };
        for (const f of fields) expect(typeof body.error[f], `${named[i]}: ${f}`).toBe('string');
        expect(body.error.code).toBe('invalid_request');
        expect(body.error.message).toContain(named[i]);
        expect(body.error.messageEn).toContain(named[i]);
      }
    });

    it('answers bad input with a JSON error naming the field, in Chinese and English', async () => {
      const res = await api('/api/v1/campaigns/default/push', office, { method: 'POST', body: JSON.stringify({ clientId: 'x', mutationId: -1, rows: [] }) });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe('invalid_request');
      expect(body.error.message).toContain('mutationId');
      expect(body.error.messageEn).toContain('mutationId');
      expect((await api('/api/v1/campaigns/nope/rows', office)).status).toBe(404);
      const feb30 = await api('/api/v1/campaigns/default/rollup?asOf=2018-02-30', office);
      expect(feb30.status).toBe(400);
      expect((await feb30.json()).error.message).toContain('不是有效日期');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });
}
