// Where the API token is kept: this tab's sessionStorage by default, localStorage only when the
// person asks to be remembered on this computer. Never in a cookie, never in the URL.
const TOKEN_KEY = 'ledger.office.token';

function stores(): Storage[] {
  const found: Storage[] = [];
  for (const get of [() => sessionStorage, () => localStorage]) {
    try {
      found.push(get());
    } catch {
      // Storage disabled by the browser's settings: nothing is kept there.
    }
  }
  return found;
}

export function savedToken(): string | null {
  for (const s of stores()) {
    const token = s.getItem(TOKEN_KEY);
    if (token) return token;
  }
  return null;
}

export function saveToken(token: string, remember: boolean): void {
  forgetToken();
  try {
    (remember ? localStorage : sessionStorage).setItem(TOKEN_KEY, token);
  } catch {
    // Not kept: the person signs in again on reload.
  }
}

export function forgetToken(): void {
  for (const s of stores()) s.removeItem(TOKEN_KEY);
}
