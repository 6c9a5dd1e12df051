// The single-use download link the pane opens in a browser outside Office (Office on Mac and
// Windows will not save a file the pane makes): it downloads what workbook.xlsx would give the
// caller, once, within a minute, with no token, from whichever instance the browser reaches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLedger } from '../../ledger';
import { WorkbookLink } from '../../ledger/sync-protocol';
import { issueApiToken } from '../../server/app/identity';
import type { RunningServer } from '../../server/serve';
import { readWorkbookBuffer } from '../../server/xlsx/read';

/** Where a link is made and where the browser opening it lands (the same service, or another instance on one database). */
export interface LinkServices {
  making: RunningServer;
  answering: RunningServer;
  close(): Promise<void>;
}

const AS_OF = '2018-10-15';

export function workbookLinkSuite(name: string, start: () => Promise<LinkServices>) {
  describe(`workbook download links (${name})`, () => {
    let s: LinkServices;
    let office: string;
    let unit: string;

    const post = (token: string | undefined, campaign = 'default', query = `asOf=${AS_OF}`) =>
      fetch(`${s.making.url}/api/v1/campaigns/${campaign}/workbook-link?${query}`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} });
    const link = async (token: string) => WorkbookLink.parse(await (await post(token)).json());
    const open = (path: string) => fetch(`${s.answering.url}/${path}`);
    const rowsOf = async (res: Response) => readLedger(await readWorkbookBuffer(Buffer.from(await res.arrayBuffer()), 'link.xlsx')).rows;

    beforeAll(async () => {
      s = await start();
      office = (await issueApiToken(s.making.store, { role: 'office' })).token;
      unit = (await issueApiToken(s.making.store, { role: 'unit', unit: '计算机学院' })).token;
      const rows = [
        { fields: { problem: '学习不深入', measure: '制定学习计划', unit: '计算机学院' } },
        { fields: { problem: '学习不深入', measure: '开展专题研讨', unit: '外国语学院' } },
      ];
      const pushed = await fetch(`${s.making.url}/api/v1/campaigns/default/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${office}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: 'link-test', mutationId: 1, rows }),
      });
      expect(pushed.status).toBe(200);
    });
    afterAll(async () => {
      await s?.close();
    });

    it('downloads the workbook once, as an attachment with its RFC 6266 name, within the minute it is made for', async () => {
      const before = Date.now();
      const made = await link(office);
      expect(Date.parse(made.expiresAt) - before).toBeGreaterThanOrEqual(59_000);
      expect(Date.parse(made.expiresAt) - before).toBeLessThanOrEqual(61_000);
      // A download manager's look before fetching does not use the link up.
      expect((await fetch(`${s.answering.url}/${made.path}`, { method: 'HEAD' })).status).toBe(204);
      const res = await open(made.path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="ledger-default-${AS_OF}.xlsx"; filename*=UTF-8''${encodeURIComponent(`整改工作台账（汇总）-${AS_OF}.xlsx`)}`,
      );
      expect((await rowsOf(res)).map((r) => r.measure.unit).sort()).toEqual(['外国语学院', '计算机学院']);

      const again = await open(made.path);
      expect(again.status).toBe(404);
      expect(await again.text()).toContain('下载链接已失效');
    });

    it('gives a unit’s link that unit’s rows only, as workbook.xlsx does', async () => {
      const res = await open((await link(unit)).path);
      expect((await rowsOf(res)).map((r) => r.measure.unit)).toEqual(['计算机学院']);
    });

    it('refuses a link past its minute', async () => {
      const made = await link(office);
      await s.making.store.db.updateTable('download_links').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
      expect((await open(made.path)).status).toBe(404);
    });

    it('is made only for a caller who may download that workbook, and opens only with its own secret', async () => {
      expect((await post(undefined)).status).toBe(401);
      const elsewhere = (await issueApiToken(s.making.store, { role: 'unit', unit: '计算机学院', campaign: 'default' })).token;
      await fetch(`${s.making.url}/api/v1/campaigns/other`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${office}`, 'content-type': 'application/json' },
        body: JSON.stringify({ config: { name: 'other' } }),
      });
      expect((await post(elsewhere, 'other')).status).toBe(403);
      expect((await post(office, 'default', 'asOf=15/10/2018')).status).toBe(400);
      const made = await link(office);
      const forged = `downloads/${made.path.slice('downloads/'.length).split('').reverse().join('')}`;
      for (const path of [forged, 'downloads/short', 'downloads/']) expect((await open(path)).status, path).toBe(404);
      expect((await open(made.path)).status).toBe(200);
    });
  });
}
