// The single-use link to an evidence file (佐证材料) that the pane opens in a browser outside Office
// (Office on Mac and Windows will not save a file the pane makes): made under exactly the access of
// downloading the file, it gives the same bytes once, within a minute, with no token, from whichever
// instance the browser reaches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { EvidenceAnswer, type EvidenceFile } from '../../ledger/evidence';
import { ApiError, WorkbookLink } from '../../ledger/sync-protocol';
import { issueApiToken } from '../../server/app/identity';
import { samplePdf } from './evidence-samples';
import type { LinkServices } from './workbook-link.suite';

const NAME = '整改通知（第1号）.pdf';

export function evidenceLinkSuite(name: string, start: () => Promise<LinkServices>) {
  describe(`evidence download links (${name})`, () => {
    let s: LinkServices;
    let office: string;
    let unit: string;
    let otherUnit: string;
    let file: EvidenceFile;
    const pdf = samplePdf();

    const api = (path: string) => `${s.making.url}/api/v1/campaigns/default${path}`;
    const post = (fileId: string, token: string | undefined) =>
      fetch(api(`/evidence/${fileId}/link`), { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} });
    const link = async (token: string, fileId = file.id) => {
      const res = await post(fileId, token);
      expect(res.status, await res.clone().text()).toBe(200);
      return WorkbookLink.parse(await res.json());
    };
    const open = (path: string, method = 'GET') => fetch(`${s.answering.url}/${path}`, { method });
    const linkCount = async () => (await s.making.store.db.selectFrom('download_links').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const upload = async (rowId: string, token: string, fileName: string) => {
      const form = new FormData();
      form.append('file', new Blob([pdf as Uint8Array<ArrayBuffer>]), fileName);
      const res = await fetch(api(`/rows/${rowId}/evidence`), { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      expect(res.status, await res.clone().text()).toBe(201);
      return EvidenceAnswer.parse(await res.json()).file;
    };

    beforeAll(async () => {
      s = await start();
      office = (await issueApiToken(s.making.store, { role: 'office' })).token;
      unit = (await issueApiToken(s.making.store, { role: 'unit', unit: '计算机学院' })).token;
      otherUnit = (await issueApiToken(s.making.store, { role: 'unit', unit: '外国语学院' })).token;
      const rows = [
        { fields: { problem: '学习不深入', measure: '制定学习计划', unit: '计算机学院', status: 'done' } },
        { fields: { problem: '制度不健全', measure: '修订议事规则', unit: '外国语学院', status: 'in_progress' } },
      ];
      const pushed = await fetch(api('/push'), {
        method: 'POST',
        headers: { authorization: `Bearer ${office}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: 'evidence-link-test', mutationId: 1, rows }),
      });
      const [own] = z.object({ rows: z.array(z.object({ id: z.string() })) }).parse(await pushed.json()).rows;
      file = await upload(own!.id, unit, NAME);
    });
    afterAll(async () => {
      await s?.close();
    });

    it('downloads the file’s bytes once, as an attachment under its Chinese name, within the minute it is made for', async () => {
      const before = Date.now();
      const made = await link(unit);
      expect(Date.parse(made.expiresAt) - before).toBeGreaterThanOrEqual(59_000);
      expect(Date.parse(made.expiresAt) - before).toBeLessThanOrEqual(61_000);
      // A download manager's look before fetching does not use the link up.
      expect((await open(made.path, 'HEAD')).status).toBe(204);
      const res = await open(made.path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${NAME.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(NAME)}`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toContain('no-store');
      expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);

      const again = await open(made.path);
      expect(again.status).toBe(404);
      expect(await again.text()).toContain('下载链接已失效');
    });

    it('is made for the office too, and refuses a link past its minute', async () => {
      const made = await link(office);
      await s.making.store.db.updateTable('download_links').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
      expect((await open(made.path)).status).toBe(404);
      const fresh = await link(office);
      expect((await open(fresh.path)).status).toBe(200);
    });

    it('refuses another unit’s file as downloading it does (403), an unknown file (404) and no token (401), making no link', async () => {
      const links = await linkCount();
      const direct = await fetch(api(`/evidence/${file.id}`), { headers: { authorization: `Bearer ${otherUnit}` } });
      const refused = await post(file.id, otherUnit);
      expect(direct.status).toBe(403);
      expect(refused.status).toBe(403);
      const error = ApiError.parse(await refused.json()).error;
      expect(error).toEqual(ApiError.parse(await direct.json()).error);
      expect(error.message).toContain('计算机学院');
      expect(ApiError.parse(await (await post('no-such-file', unit)).json()).error.code).toBe('evidence_not_found');
      expect((await post(file.id, undefined)).status).toBe(401);
      expect(await linkCount()).toBe(links);
    });

    it('opens nothing once the file is removed', async () => {
      const made = await link(office);
      const removed = await fetch(api(`/evidence/${file.id}`), { method: 'DELETE', headers: { authorization: `Bearer ${office}` } });
      expect(removed.status).toBe(200);
      const res = await open(made.path);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('下载链接已失效');
    });
  });
}
