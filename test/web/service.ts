// The real service for the office page's tests: built page, SQLite in memory, API tokens, and the
// fixture campaign loaded through the HTTP API as the office's own tools would load it.
import * as z from 'zod';
import { Rollup } from '../../ledger/schema';
import { PushResult } from '../../ledger/sync-protocol';
import { issueApiToken } from '../../server/app/identity';
import { startServer, type RunningServer } from '../../server/serve';
import type { Store } from '../../server/store';
import { AS_OF, loadRequest } from './fixtures';

export type TokenSpec = { role: 'office' } | { role: 'unit'; unit: string };

/** A new API token and the id to revoke it by. */
export async function issueToken(store: Store, spec: TokenSpec): Promise<{ token: string; id: string }> {
  const { token, record } = await issueApiToken(store, spec);
  return { token, id: record.id };
}

export class Api {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json: unknown = await res.json();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  }

  async rollup(asOf: string, lang: 'zh' | 'en' = 'zh', campaign = 'default'): Promise<Rollup> {
    return Rollup.parse(await this.call('GET', `/api/v1/campaigns/${campaign}/rollup?asOf=${asOf}&lang=${lang}`));
  }

  async openConflicts(): Promise<number> {
    const body = z.object({ conflicts: z.array(z.unknown()) }).parse(await this.call('GET', '/api/v1/campaigns/default/conflicts?state=open'));
    return body.conflicts.length;
  }
}

export interface Running {
  srv: RunningServer;
  office: Api;
  officeTokenId: string;
}

/**
 * The fixture ledger, then one open conflict: two office computers both edit the progress of
 * measure 5.1 from version 1, and the second edit is held for someone to decide.
 */
export async function startLoadedService(): Promise<Running> {
  const srv = await startServer({ port: 0, host: '127.0.0.1', store: { kind: 'sqlite', file: ':memory:' } });
  const { token, id } = await issueToken(srv.store, { role: 'office' });
  const office = new Api(srv.url, token);
  const loaded = PushResult.parse(await office.call('POST', '/api/v1/campaigns/default/push', loadRequest()));
  if (loaded.counts.created !== loadRequest().rows.length) throw new Error(`fixture load: ${JSON.stringify(loaded.counts)}`);
  const index = loadRequest().rows.findIndex((r) => r.fields?.measureNo === '5.1');
  const rowId = loaded.rows[index]?.id;
  if (!rowId) throw new Error('fixture load: measure 5.1 has no id');
  const edit = (clientId: string, progress: string) => ({
    clientId,
    mutationId: 2,
    rows: [{ id: rowId, baseVersion: 1, fields: { progress } }],
  });
  await office.call('POST', '/api/v1/campaigns/default/push', edit('office-desk-1', '已清理结转资金 120 万元'));
  await office.call('POST', '/api/v1/campaigns/default/push', edit('office-desk-2', '已清理结转资金 80 万元'));
  // An empty second campaign, to choose between campaigns.
  await office.call('PUT', '/api/v1/campaigns/audit-2024', { config: { title: '2024年审计整改' } });
  await office.rollup(AS_OF);
  return { srv, office, officeTokenId: id };
}
