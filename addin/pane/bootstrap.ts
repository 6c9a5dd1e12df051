// The only module that touches the global `Office` and `Excel` objects. It waits for Office and
// hands the rest of the add-in what it needs from them: Excel.run, the requirement sets, and the
// dialog API. In Excel these come from Office.js; in the playground, from the simulated host
// installed under the same names before this runs.
import type { DialogHost } from '../auth/microsoft';
import type { ExcelRunner } from '../sync/sheet';

export interface OfficeHost {
  excel: ExcelRunner;
  /** Office's dialog API, when this host has one. */
  dialog: DialogHost | undefined;
  /**
   * Opens an address in the person's own browser (OpenBrowserWindowApi 1.1: Office on Windows from
   * version 1810, Office 2021, Mac, iPad; not Office on the web, not Office 2016/2019 volume).
   */
  openBrowserWindow: ((url: string) => void) | undefined;
}

function browserWindow(): ((url: string) => void) | undefined {
  const ui = Office.context.ui;
  if (!Office.context.requirements.isSetSupported('OpenBrowserWindowApi', '1.1') || !ui || typeof ui.openBrowserWindow !== 'function') return undefined;
  return (url) => ui.openBrowserWindow(url);
}

function dialogHost(): DialogHost | undefined {
  const ui = Office.context.ui;
  if (!ui || typeof ui.displayDialogAsync !== 'function') return undefined;
  return {
    open: (url) =>
      new Promise<string>((resolve, reject) => {
        ui.displayDialogAsync(url, { height: 60, width: 30, promptBeforeOpen: false }, (result) => {
          if (result.status !== Office.AsyncResultStatus.Succeeded) {
            reject(new Error(`无法打开登录窗口：${result.error.message} / Cannot open the sign-in window: ${result.error.message}`));
            return;
          }
          const dialog = result.value;
          dialog.addEventHandler(Office.EventType.DialogMessageReceived, (arg) => {
            dialog.close();
            if ('message' in arg) resolve(arg.message);
            else reject(new Error(`登录窗口出错（${arg.error}）/ The sign-in window failed (${arg.error})`));
          });
          dialog.addEventHandler(Office.EventType.DialogEventReceived, (arg) => {
            reject(new Error(`登录窗口已关闭（${'error' in arg ? arg.error : ''}）/ The sign-in window was closed`));
          });
        });
      }),
  };
}

/** Waits for Office, then returns the host objects. */
export async function officeHost(): Promise<OfficeHost> {
  await Office.onReady();
  return {
    excel: { run: (batch) => Excel.run(batch), requirements: Office.context.requirements },
    dialog: dialogHost(),
    openBrowserWindow: browserWindow(),
  };
}

/** In the sign-in dialog: sends the result to the task pane that opened it. */
export async function messageParent(message: string): Promise<void> {
  await Office.onReady();
  Office.context.ui.messageParent(message);
}
