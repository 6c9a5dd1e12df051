// The page the Office dialog opens when Office offers no nested sign-in: MSAL's redirect flow to
// Microsoft and back, then the access token goes to the task pane through messageParent.
import { PublicClientApplication } from '@azure/msal-browser';
import * as z from 'zod';
import { messageParent } from '../pane/bootstrap';
import type { DialogMessage } from './dialog-message';
import { DEFAULT_AUTHORITY } from './scope';

const Params = z.object({ clientId: z.guid(), scope: z.string().startsWith('api://'), authority: z.url().default(DEFAULT_AUTHORITY) });
/** The query is gone when Microsoft redirects back here: it is kept for the second visit. */
const PARAMS_KEY = 'ledger.signin.params';

function send(message: DialogMessage): Promise<void> {
  return messageParent(JSON.stringify(message));
}

function show(text: string): void {
  const status = document.getElementById('status');
  if (status) status.textContent = text;
}

async function main(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const given = query.has('clientId') ? Object.fromEntries(query) : JSON.parse(sessionStorage.getItem(PARAMS_KEY) ?? '{}');
  const parsed = Params.safeParse(given);
  if (!parsed.success) {
    await send({ kind: 'error', message: '登录参数不完整 / incomplete sign-in parameters' });
    return;
  }
  sessionStorage.setItem(PARAMS_KEY, JSON.stringify(parsed.data));
  const { clientId, scope, authority } = parsed.data;
  const pca = new PublicClientApplication({
    auth: { clientId, authority, redirectUri: `${location.origin}${location.pathname}` },
    cache: { cacheLocation: 'sessionStorage' },
  });
  await pca.initialize();
  const result = await pca.handleRedirectPromise();
  if (result) {
    sessionStorage.removeItem(PARAMS_KEY);
    await send({ kind: 'token', accessToken: result.accessToken, expiresOn: result.expiresOn?.getTime() ?? Date.now() + 3_600_000 });
    return;
  }
  show('正在转到 Microsoft 登录页… / Going to the Microsoft sign-in page…');
  await pca.acquireTokenRedirect({ scopes: [scope] });
}

main().catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  show(message);
  void send({ kind: 'error', message });
});
