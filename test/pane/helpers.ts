// Shared set-up for the task pane's tests: the simulated Excel as the pane sees it, and the real
// service running in this process behind a fetch that can be cut off (offline) and restored.
import { createApp, type AppOptions } from '../../server/app/app';
import { issueApiToken } from '../../server/app/identity';
import { openStore, type Store } from '../../server/store';
import { readWorkbookFile } from '../../server/xlsx/read';
import type { Grid } from '../../ledger';
import type { SimHost } from '../../addin/sim';
import type { PaneEnv } from '../../addin/pane/controller';
import { memoryStore } from '../../addin/pane/storage';
import type { ExcelRunner } from '../../addin/sync/sheet';
import { SAMPLE_AS_OF, SAMPLE_FILE } from '../support/sample';

export const AS_OF = SAMPLE_AS_OF;

export async function sampleLedgerGrid(): Promise<Grid> {
  const book = await readWorkbookFile(SAMPLE_FILE);
  return book.sheets[0]!;
}

/** The colours a user gave cells before the pane marks them. */
export const USER_BLUE = '#DDEBF7';
export const USER_YELLOW = '#FFFF00';

/** A user's own fills on a sheet the pane will mark: column I (rows 1–40) blue, K8 yellow. */
export async function fillAsUser(host: SimHost, sheet: string): Promise<void> {
  await host.Excel.run(async (context) => {
    const ws = context.workbook.worksheets.getItem(sheet);
    ws.getRange('I1:I40').format.fill.color = USER_BLUE;
    ws.getRange('K8').format.fill.color = USER_YELLOW;
    await context.sync();
  });
}

export function excelOf(host: SimHost): ExcelRunner {
  return { run: (batch) => host.Excel.run(batch), requirements: host.Office.context.requirements };
}

export interface TestService {
  url: string;
  store: Store;
  /** fetch into the service; throws like a dropped network while `offline` is true. */
  fetch: (input: string, init?: RequestInit) => Promise<Response>;
  offline: boolean;
  /** Requests that reached the service, by method and path. */
  calls: string[];
  /** The token of the office or a unit: one per role and unit, as a unit's staff share theirs. */
  token(spec: { role: 'office' } | { role: 'unit'; unit: string }): Promise<string>;
  close(): Promise<void>;
}

/** `options`: what the service is configured with besides its store (Microsoft sign-in, say). */
export async function testService(options: Omit<AppOptions, 'store'> = {}): Promise<TestService> {
  const store = await openStore({ kind: 'sqlite', file: ':memory:' });
  const app = createApp({ store, addinDir: '/nonexistent', webDir: '/nonexistent', ...options });
  const url = 'http://ledger.test';
  const tokens = new Map<string, Promise<string>>();
  const service: TestService = {
    url,
    store,
    offline: false,
    calls: [],
    fetch: async (input, init) => {
      if (service.offline) throw new TypeError('fetch failed');
      const u = new URL(input);
      service.calls.push(`${init?.method ?? 'GET'} ${u.pathname}`);
      return app.fetch(new Request(input, init));
    },
    token: (spec) => {
      const key = JSON.stringify(spec);
      if (!tokens.has(key)) tokens.set(key, issueApiToken(store, spec).then((t) => t.token));
      return tokens.get(key)!;
    },
    close: () => store.close(),
  };
  return service;
}

export function paneEnv(host: SimHost, service?: TestService, extra: Partial<PaneEnv> = {}): PaneEnv {
  return {
    excel: excelOf(host),
    store: memoryStore(),
    fetch: service ? (input, init) => service.fetch(input, init) : () => Promise.reject(new TypeError('no service in this test')),
    dialogUrl: 'http://ledger.test/addin/auth-dialog.html',
    today: () => AS_OF,
    debounceMs: 10,
    retryMs: 0,
    ...extra,
  };
}
