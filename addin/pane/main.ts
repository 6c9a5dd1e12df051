// The task pane's entry point (taskpane.js): waits for Office, then shows the pane.
import { todayIso } from '../../ledger';
import { microsoftSignInAvailable } from '../auth/support';
import { officeHost } from './bootstrap';
import { PaneController } from './controller';
import { browserStore, memoryStore, type KeyValueStore } from './storage';
import { mountPane } from './ui/view';

function storage(): KeyValueStore {
  try {
    return browserStore(window.localStorage);
  } catch {
    // Some embedded browsers refuse storage: tokens then last for this session only.
    return memoryStore();
  }
}

async function start(root: HTMLElement): Promise<void> {
  const { excel, dialog, openBrowserWindow } = await officeHost();
  const pane = new PaneController({
    excel,
    store: storage(),
    fetch: (input, init) => fetch(input, init),
    ...(dialog ? { dialog } : {}),
    ...(openBrowserWindow ? { openBrowserWindow } : {}),
    dialogUrl: new URL('auth-dialog.html', location.href).href,
    microsoftSignIn: microsoftSignInAvailable(window),
    today: todayIso,
    // The pane is served by the service it syncs with (at /addin/), so that is the likely address.
    defaultServiceUrl: location.origin,
  });
  mountPane(root, pane);
  // Queued pushes go as soon as the network is back, besides the periodic retry.
  window.addEventListener('online', () => {
    if (pane.state.sync.queued > 0) void pane.sync();
  });
  await pane.init();
}

const root = document.getElementById('ledger-pane');
if (root) {
  start(root).catch((e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    root.textContent = `整改台账窗格无法启动：${message} / The ledger pane could not start: ${message}`;
  });
}
