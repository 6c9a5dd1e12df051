// Connecting: the workbook remembers where it syncs (validated when read back), the API token stays
// in the browser keyed by service address and never enters the workbook, and Microsoft sign-in falls
// back to the Office dialog where nested sign-in is not offered.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromGrids } from '../../addin/sim';
import { PaneController } from '../../addin/pane/controller';
import { memoryStore } from '../../addin/pane/storage';
import { loadPaneSettings } from '../../addin/pane/settings';
import { signInWithMicrosoft, type DialogHost } from '../../addin/auth/microsoft';
import { microsoftSignInAvailable } from '../../addin/auth/support';
import { loadApiToken } from '../../addin/auth/token-store';
import type { EntraVerifier } from '../../server/auth/entra';
import { upsertUser } from '../../server/store';
import { excelOf, paneEnv, sampleLedgerGrid, testService, type TestService } from './helpers';

let service: TestService;
beforeEach(async () => {
  service = await testService();
});
afterEach(() => service.close());

describe('connecting to the service', () => {
  it('remembers the service, campaign and unit in the workbook, and the token only in the browser', async () => {
    const host = fromGrids([await sampleLedgerGrid()]);
    const env = paneEnv(host, service);
    const pane = new PaneController(env);
    await pane.init();
    const token = await service.token({ role: 'unit', unit: '某学院' });
    await pane.connectWithToken({ serviceUrl: `${service.url}/`, campaign: 'default', token });
    expect(pane.state.me).toMatchObject({ kind: 'unit', unit: '某学院' });
    expect(host.settings()['ledger.connection']).toEqual({ serviceUrl: service.url, campaign: 'default', unit: '某学院' });
    expect(JSON.stringify(host.settings())).not.toContain(token);
    expect(loadApiToken(env.store, service.url)).toBe(token);
    expect(loadApiToken(env.store, 'https://other.example')).toBeUndefined();

    // The workbook reopened in the same browser reconnects by itself.
    const again = new PaneController({ ...paneEnv(host, service), store: env.store });
    await again.init();
    expect(again.state.me?.unit).toBe('某学院');

    // In another browser it knows where it syncs, but has no token.
    const elsewhere = new PaneController(paneEnv(host, service));
    await elsewhere.init();
    expect(elsewhere.state.connection?.serviceUrl).toBe(service.url);
    expect(elsewhere.state.me).toBeUndefined();
  });

  it('says what went wrong with a bad token, in both languages', async () => {
    const host = fromGrids([await sampleLedgerGrid()]);
    const pane = new PaneController(paneEnv(host, service));
    await pane.init();
    await pane.connectWithToken({ serviceUrl: service.url, campaign: 'default', token: 'lgr_not-a-real-token' });
    const notice = pane.state.notices.connect?.[0];
    expect(notice).toMatchObject({ kind: 'error' });
    expect(notice && 'text' in notice && notice.text.zh.length > 0 && notice.text.en.length > 0).toBe(true);
    expect(pane.state.me).toBeUndefined();
  });

  it('ignores settings it cannot read back (another add-in version, or edited by hand)', async () => {
    const host = fromGrids([await sampleLedgerGrid()]);
    await host.Excel.run(async (context) => {
      context.workbook.settings.add('ledger.connection', { serviceUrl: 42 });
      context.workbook.settings.add('ledger.sync', { clientId: '', cursor: -1 });
      await context.sync();
    });
    const settings = await loadPaneSettings(excelOf(host));
    expect(settings.connection).toBeUndefined();
    expect(settings.sync.cursor).toBe(0);
    expect(settings.sync.clientId).toMatch(/^xl-[0-9a-z]{20}$/);
  });
});

describe('signing in with Microsoft', () => {
  const clientId = '11111111-2222-3333-4444-555555555555';
  const noNaa = { isSetSupported: (name: string) => name === 'ExcelApi' };
  const tenant = '7c1b6a52-3f0e-4d7a-9a55-0f3f1d2c8e11';
  const oid = '11111111-aaaa-4bbb-8ccc-000000000001';

  it('uses the Office dialog where nested sign-in is not offered, asking for the service’s scope', async () => {
    const opened: string[] = [];
    const dialog: DialogHost = {
      open: async (url) => {
        opened.push(url);
        return JSON.stringify({ kind: 'token', accessToken: 'eyJ.token', expiresOn: Date.now() + 3_600_000 });
      },
    };
    const source = await signInWithMicrosoft({ serviceUrl: 'https://ledger.example.edu.cn', clientId, requirements: noNaa, dialog, dialogUrl: 'https://ledger.example.edu.cn/addin/auth-dialog.html' });
    expect(await source.token()).toBe('eyJ.token');
    expect(opened).toHaveLength(1);
    const url = new URL(opened[0]!);
    expect(url.pathname).toBe('/addin/auth-dialog.html');
    expect(url.searchParams.get('scope')).toBe(`api://ledger.example.edu.cn/${clientId}/access_as_user`);
    expect(url.searchParams.get('clientId')).toBe(clientId);
  });

  it('reports a failed sign-in from the dialog', async () => {
    const dialog: DialogHost = { open: async () => JSON.stringify({ kind: 'error', message: 'AADSTS50011' }) };
    await expect(signInWithMicrosoft({ serviceUrl: 'https://x.example', clientId, requirements: noNaa, dialog, dialogUrl: 'https://x.example/addin/auth-dialog.html' })).rejects.toThrow(
      /登录失败：AADSTS50011 \/ Sign-in failed/,
    );
  });

  it('says so when the service takes API tokens only, opening no sign-in window', async () => {
    const host = fromGrids([await sampleLedgerGrid()]);
    const opened: string[] = [];
    const dialog: DialogHost = { open: async (url) => (opened.push(url), '') };
    const pane = new PaneController({ ...paneEnv(host, service, { dialog }), store: memoryStore() });
    await pane.init();
    await pane.connectWithMicrosoft({ serviceUrl: service.url, campaign: 'default', clientId: clientId });
    expect(pane.state.notices.connect?.[0]).toMatchObject({ kind: 'warn', key: 'connect.microsoftOff' });
    expect(opened).toEqual([]);
  });

  it('offers no Microsoft sign-in where MSAL cannot run (IE11, Edge Legacy, no Web Crypto), opening no window', async () => {
    const host = fromGrids([await sampleLedgerGrid()]);
    const opened: string[] = [];
    const dialog: DialogHost = { open: async (url) => (opened.push(url), '') };
    const pane = new PaneController({ ...paneEnv(host, service, { dialog }), store: memoryStore(), microsoftSignIn: false });
    await pane.init();
    expect(pane.microsoftSignInAvailable).toBe(false);
    await pane.connectWithMicrosoft({ serviceUrl: service.url, campaign: 'default', clientId });
    expect(pane.state.notices.connect?.[0]).toMatchObject({ kind: 'warn', key: 'connect.microsoftUnavailable' });
    expect(opened).toEqual([]);

    const modern = { crypto: { subtle: {} }, TextEncoder: class {} };
    expect(microsoftSignInAvailable(modern)).toBe(true);
    expect(microsoftSignInAvailable({ ...modern, ledgerBundle: 'legacy' })).toBe(false);
    expect(microsoftSignInAvailable({ ...modern, crypto: {} })).toBe(false);
    expect(microsoftSignInAvailable({ crypto: { subtle: {} } })).toBe(false);
  });

  it('asks for the app id before signing in to a service too old to give it', async () => {
    const host = fromGrids([await sampleLedgerGrid()]);
    const old = (input: string, init?: RequestInit) => (input.endsWith('/api/sign-in') ? Promise.resolve(new Response('', { status: 404 })) : service.fetch(input, init));
    const pane = new PaneController({ ...paneEnv(host, service, { fetch: old }), store: memoryStore() });
    await pane.init();
    await pane.connectWithMicrosoft({ serviceUrl: service.url, campaign: 'default', clientId: ' ' });
    expect(pane.state.notices.connect?.[0]).toMatchObject({ kind: 'warn', key: 'connect.needClientId' });
  });

  for (const [cloud, authority] of [
    ['global', `https://login.microsoftonline.com/${tenant}`],
    ['21Vianet', `https://login.partner.microsoftonline.cn/${tenant}`],
  ] as const) {
    it(`signs in at the service's authority and with its app id (${cloud})`, async () => {
      const entra: EntraVerifier = {
        verify: async (token) => (token === 'eyJhbGciOiJSUzI1NiJ9.eyJ0aWQiOiJ4In0.c2ln' ? { ok: true, identity: { oid, tid: tenant, name: '王五' } } : { ok: false, reason: 'malformed', detail: token }),
      };
      const signedIn = await testService({ entra, microsoftSignIn: { clientId, authority } });
      try {
        await upsertUser(signedIn.store, { tid: tenant, oid, role: 'office' });
        const opened: string[] = [];
        const dialog: DialogHost = {
          open: async (url) => (opened.push(url), JSON.stringify({ kind: 'token', accessToken: 'eyJhbGciOiJSUzI1NiJ9.eyJ0aWQiOiJ4In0.c2ln', expiresOn: Date.now() + 3_600_000 })),
        };
        const host = fromGrids([await sampleLedgerGrid()]);
        const pane = new PaneController({ ...paneEnv(host, signedIn, { dialog }), store: memoryStore() });
        await pane.init();
        // Nothing typed: the app id comes from the service as well.
        await pane.connectWithMicrosoft({ serviceUrl: signedIn.url, campaign: 'default', clientId: '' });
        const asked = new URL(opened[0]!);
        expect(asked.searchParams.get('authority')).toBe(authority);
        expect(asked.searchParams.get('clientId')).toBe(clientId);
        expect(pane.state.notices.connect).toEqual([{ kind: 'info', key: 'connect.remembered' }]);
        expect(pane.state.auth).toBe('microsoft');
        expect(pane.state.me).toMatchObject({ kind: 'office', name: '王五' });
      } finally {
        await signedIn.close();
      }
    });
  }
});
