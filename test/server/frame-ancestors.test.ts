// The task pane is a page of this service shown in a frame by Excel on the web: the service's
// Content-Security-Policy must let each Office web host frame it, global and 21Vianet (世纪互联),
// and no other site.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app/app';
import { OFFICE_FRAME_ANCESTORS } from '../../server/app/office-hosts';
import { openStore } from '../../server/store';

async function frameAncestors(path: string): Promise<string[]> {
  const store = await openStore({ kind: 'sqlite', file: ':memory:' });
  try {
    const res = await createApp({ store, addinDir: '/nonexistent', webDir: '/nonexistent' }).request(path);
    const policy = res.headers.get('content-security-policy') ?? '';
    const directive = policy.split(';').map((d) => d.trim()).find((d) => d.startsWith('frame-ancestors')) ?? '';
    return directive.split(/\s+/).slice(1);
  } finally {
    await store.close();
  }
}

/** Whether a CSP source list lets `origin` frame the page, as CSP Level 3 matches https host sources. */
function allows(sources: string[], origin: string): boolean {
  const { protocol, hostname, port } = new URL(origin);
  return sources.some((source) => {
    if (source === '*') return true;
    const m = /^https:\/\/(\*\.)?([a-z0-9.-]+)$/.exec(source);
    if (!m || protocol !== 'https:' || port !== '') return false;
    return m[1] ? hostname.endsWith(`.${m[2]}`) : hostname === m[2];
  });
}

describe('the pane in Excel on the web', () => {
  it('lists every Office host of both clouds in the served policy, on the pane and on the API alike', async () => {
    for (const path of ['/addin/taskpane.html', '/healthz']) {
      const allowed = await frameAncestors(path);
      for (const host of [...OFFICE_FRAME_ANCESTORS.global, ...OFFICE_FRAME_ANCESTORS.china21Vianet]) expect(allowed, path).toContain(host);
    }
  });

  it('lets the pages Excel on the web actually runs in frame the pane', async () => {
    const allowed = await frameAncestors('/addin/taskpane.html');
    for (const origin of [
      'https://excel.cloud.microsoft',
      'https://excel.officeapps.live.com',
      'https://contoso.sharepoint.com',
      'https://contoso-my.sharepoint.com',
      'https://www.microsoft365.com',
      'https://www.office.com',
      'https://onedrive.live.com',
      'https://sha-excel.officeapps.partner.office365.cn',
      'https://contoso.sharepoint.cn',
      'https://portal.partner.microsoftonline.cn',
    ]) {
      expect(allows(allowed, origin), origin).toBe(true);
    }
  });

  it('refuses every other site, including look-alikes of the Office hosts', async () => {
    const allowed = await frameAncestors('/addin/taskpane.html');
    expect(allowed).not.toContain('*');
    for (const origin of [
      'https://evil.example.com',
      'https://sharepoint.com.evil.example.com',
      'https://notoffice.com',
      'https://officeapps.live.com.cn',
      'https://contoso.sharepoint.cn.attacker.cn',
      'https://login.live.com',
      'http://excel.cloud.microsoft',
    ]) {
      expect(allows(allowed, origin), origin).toBe(false);
    }
  });
});
