// The fixture campaign with a history spread over months, as the office's dashboard sees it: loaded
// on 1 March, units reporting in April and June, closure and extension requests waiting, one open
// conflict, an evidence file, and a configured unit that never reported. The service's clock is
// set for each step (Date only; timers run as usual) so the history carries those days.
import { vi } from 'vitest';
import * as z from 'zod';
import { RowList } from '../../ledger/sync-protocol';
import { samplePdf } from '../service/evidence-samples';
import { Api, issueToken, startLoadedService, type Running } from './service';
import { UNITS } from './fixtures';

/** Configured in the campaign but never reports: the activity list names it anyway. */
export const SILENT_UNIT = '纪检监察室';

/** 10:00 in Beijing on a day. */
const at = (day: string) => new Date(`${day}T10:00:00+08:00`);

export interface Dashboard extends Running {
  units: Record<(typeof UNITS)[number], Api>;
  /** Row ids by measure number. */
  ids: Map<string, string>;
}

async function rowIds(office: Api): Promise<Map<string, string>> {
  const list = RowList.parse(await office.call('GET', '/api/v1/campaigns/default/rows'));
  return new Map(list.rows.map((r) => [r.measure.measureNo ?? '', r.id]));
}

async function setStatus(api: Api, id: string, status: string, mutationId: number): Promise<void> {
  const list = RowList.parse(await api.call('GET', '/api/v1/campaigns/default/rows'));
  const version = list.rows.find((r) => r.id === id)?.version;
  await api.call('POST', '/api/v1/campaigns/default/push', { clientId: 'unit-desk', mutationId, rows: [{ id, baseVersion: version, fields: { status } }] });
}

async function uploadEvidence(api: Api, id: string): Promise<void> {
  const form = new FormData();
  form.append('file', new Blob([samplePdf() as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), '学习计划（2024年）.pdf');
  const res = await fetch(`${api.url}/api/v1/campaigns/default/rows/${id}/evidence`, { method: 'POST', headers: { authorization: `Bearer ${api.token}` }, body: form });
  if (res.status !== 201) throw new Error(`evidence upload answered ${res.status}: ${await res.text()}`);
}

export async function startDashboardService(): Promise<Dashboard> {
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(at('2024-03-01'));
    const running = await startLoadedService();
    const { office, srv } = running;
    await office.call('PUT', '/api/v1/campaigns/default', { config: { units: [...UNITS, SILENT_UNIT] } });
    const units = Object.fromEntries(
      await Promise.all(UNITS.map(async (unit) => [unit, new Api(srv.url, (await issueToken(srv.store, { role: 'unit', unit })).token)] as const)),
    ) as Dashboard['units'];
    const ids = await rowIds(office);
    const id = (no: string) => z.string().parse(ids.get(no));

    vi.setSystemTime(at('2024-04-15'));
    await setStatus(units.后勤管理处, id('7.2'), 'done', 1);
    vi.setSystemTime(at('2024-06-25'));
    await setStatus(units.计算机学院, id('4.1'), 'done', 1);
    await units.计算机学院.call('POST', `/api/v1/campaigns/default/rows/${id('1.1')}/closure`, { action: 'request', note: '年度学习计划已印发，四次专题研讨均有记录' });
    await uploadEvidence(units.计算机学院, id('1.1'));
    vi.setSystemTime(at('2024-06-26'));
    await units.计算机学院.call('POST', `/api/v1/campaigns/default/rows/${id('2.3')}/extension`, { action: 'request', deadline: '2024-12-31', reason: '轮训须待秋季学期开学后集中开展' });
    vi.setSystemTime(at('2024-06-27'));
    await units.财务处.call('POST', `/api/v1/campaigns/default/rows/${id('8.1')}/closure`, { action: 'request', note: '专项检查报告已报校领导' });
    await units.财务处.call('POST', `/api/v1/campaigns/default/rows/${id('3.1')}/extension`, { action: 'request', deadline: '2024-08-31', reason: '管理办法须经党委常委会审议' });
    return { ...running, units, ids };
  } finally {
    vi.useRealTimers();
  }
}
