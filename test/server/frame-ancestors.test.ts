// The task pane is a page of this service shown in a frame by Excel on the web: the service's
// Content-Security-Policy must let each Office web host frame it, and no other site.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app/app';
import { openStore } from '../../server/store';

async function frameAncestors(): Promise<string[]> {
  const store = await openStore({ kind: 'sqlite', file: ':memory:' });
  try {
    const res = await createApp({ store, addinDir: '/nonexistent', webDir: '/nonexistent' }).request('/healthz');
    const policy = res.headers.get('content-security-policy') ?? '';
    const directive = policy.split(';').map((d) => d.trim()).find((d) => d.startsWith('frame-ancestors')) ?? '';
    return directive.split(/\s+/).slice(1);
  } finally {
    await store.close();
  }
}

describe('the pane in Excel on the web', () => {
  it('may be framed by every Office web host, cloud.microsoft included, and by no other site', async () => {
    const allowed = await frameAncestors();
    for (const host of ['https://*.officeapps.live.com', 'https://*.office.com', 'https://*.sharepoint.com', 'https://*.microsoft365.com', 'https://*.cloud.microsoft']) {
      expect(allowed).toContain(host);
    }
    expect(allowed).not.toContain('*');
    expect(allowed.filter((h) => h !== "'self'").every((h) => /^https:\/\/\*\.[a-z0-9.-]+$/.test(h))).toBe(true);
  });
});
