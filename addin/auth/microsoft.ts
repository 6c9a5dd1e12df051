// Signing in with a Microsoft work or school account. Where Office offers nested app authentication
// (NAA: current Microsoft 365 on Windows, Mac and the web), MSAL runs inside the task pane and Office
// supplies the account. Elsewhere a page of this add-in opens in an Office dialog, signs in there with
// MSAL's redirect flow and hands the access token back.
import { createNestablePublicClientApplication, type AccountInfo, type IPublicClientApplication } from '@azure/msal-browser';
import { accessScope, DEFAULT_AUTHORITY } from './scope';
import { DialogMessage } from './dialog-message';

/** Office's dialog API, reduced to what sign-in needs. */
export interface DialogHost {
  /** Opens `url` (a page of this add-in) in a dialog and resolves with the first message it sends. */
  open(url: string): Promise<string>;
}

export interface TokenSource {
  token(): Promise<string>;
}

export interface MicrosoftSignInOptions {
  serviceUrl: string;
  clientId: string;
  /** Office.context.requirements: tells whether NAA is available. */
  requirements: { isSetSupported(name: string, minVersion?: string): boolean };
  /** The Office dialog, for hosts without NAA. */
  dialog?: DialogHost;
  /** The sign-in page for the dialog (addin/dist/auth-dialog.html on this add-in's origin). */
  dialogUrl: string;
  authority?: string;
}

export class SignInError extends Error {
  override readonly name = 'SignInError';
}

/** Tokens expire; one that has less than this left is fetched again. */
const MARGIN_MS = 5 * 60_000;

async function naaSource(opts: MicrosoftSignInOptions, scope: string): Promise<TokenSource> {
  const pca: IPublicClientApplication = await createNestablePublicClientApplication({
    auth: { clientId: opts.clientId, authority: opts.authority ?? DEFAULT_AUTHORITY },
  });
  let account: AccountInfo | undefined = pca.getActiveAccount() ?? pca.getAllAccounts()[0] ?? undefined;
  const token = async () => {
    const request = { scopes: [scope], ...(account ? { account } : {}) };
    try {
      const r = await pca.acquireTokenSilent(request);
      account = r.account;
      return r.accessToken;
    } catch {
      // Consent not yet given, or the session ended: ask the person.
      const r = await pca.acquireTokenPopup({ scopes: [scope] });
      account = r.account;
      return r.accessToken;
    }
  };
  await token();
  return { token };
}

function dialogSource(opts: MicrosoftSignInOptions, scope: string, dialog: DialogHost): TokenSource {
  let cached: { accessToken: string; expiresOn: number } | undefined;
  return {
    async token() {
      if (cached && cached.expiresOn - MARGIN_MS > Date.now()) return cached.accessToken;
      const url = new URL(opts.dialogUrl);
      url.searchParams.set('clientId', opts.clientId);
      url.searchParams.set('scope', scope);
      url.searchParams.set('authority', opts.authority ?? DEFAULT_AUTHORITY);
      const text = await dialog.open(url.href);
      let parsed: DialogMessage | undefined;
      try {
        parsed = DialogMessage.safeParse(JSON.parse(text)).data;
      } catch {
        parsed = undefined;
      }
      if (!parsed) throw new SignInError('登录窗口返回了无法识别的内容。/ The sign-in window sent something unexpected.');
      if (parsed.kind === 'error') throw new SignInError(`登录失败：${parsed.message} / Sign-in failed: ${parsed.message}`);
      cached = { accessToken: parsed.accessToken, expiresOn: parsed.expiresOn };
      return parsed.accessToken;
    },
  };
}

/** Signs in (asking the person if needed) and returns where later tokens come from. */
export async function signInWithMicrosoft(opts: MicrosoftSignInOptions): Promise<TokenSource> {
  const scope = accessScope(opts.serviceUrl, opts.clientId);
  if (opts.requirements.isSetSupported('NestedAppAuth', '1.1')) return naaSource(opts, scope);
  if (!opts.dialog) {
    throw new SignInError('此 Excel 既不支持嵌套登录，也不支持对话框，无法使用 Microsoft 账号登录；请改用 API 令牌。/ This Excel supports neither nested sign-in nor dialogs: use an API token.');
  }
  const source = dialogSource(opts, scope, opts.dialog);
  await source.token();
  return source;
}
