// Whether Microsoft sign-in (MSAL) can run in this browser. MSAL supports current Chromium, Firefox
// and Safari, not IE11 or Edge Legacy, which get the legacy bundle (built without MSAL); and it needs
// Web Crypto, which browsers give only to pages served over HTTPS or from localhost.
export interface BrowserGlobals {
  ledgerBundle?: string;
  crypto?: { subtle?: unknown };
  TextEncoder?: unknown;
}

export function microsoftSignInAvailable(g: BrowserGlobals): boolean {
  return g.ledgerBundle !== 'legacy' && g.crypto?.subtle !== undefined && typeof g.TextEncoder === 'function';
}
