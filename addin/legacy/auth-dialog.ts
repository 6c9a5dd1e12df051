// auth-dialog-legacy.js: the sign-in dialog page for IE11 and Edge Legacy. MSAL does not run there
// (the legacy build has msal-unavailable.ts in its place), so the page tells the task pane why.
import './zod-jitless';
import './dom';
import '../auth/dialog-page';
