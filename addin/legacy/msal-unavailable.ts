// What the legacy bundles have in place of @azure/msal-browser (addin/build.ts swaps it in). MSAL
// supports neither IE11 nor Edge Legacy, and leaving it out halves the bundle Babel has to lower.
// The pane does not offer Microsoft sign-in there (auth/support.ts); the dialog page, if opened,
// reports this error to the pane.
import { t } from '../pane/i18n';

function unavailable(): never {
  throw new Error(`${t('zh', 'connect.microsoftUnavailable')} / ${t('en', 'connect.microsoftUnavailable')}`);
}

export class PublicClientApplication {
  constructor() {
    unavailable();
  }
}

export function createNestablePublicClientApplication(): never {
  return unavailable();
}
