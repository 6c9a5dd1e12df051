// The playground (/playground, served with `ledger serve --dev`): a simulated Excel workbook drawn
// beside the real task pane. It reads an xlsx through the service (POST /api/v1/dev/grid), installs
// the simulated host as the page's `Excel` and `Office`, then loads the unchanged taskpane.js.
import * as z from 'zod';
import { GridWorkbook } from '../../ledger';
import { fromGrids, type SimHost, type SimRequestContext } from '../sim';
import { paneScript } from './bundle';
import { WorkbookView } from './grid-view';
import { structureButtons } from './structure';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function say(text: string): void {
  $('pg-status').textContent = text;
}

/** The token typed into the bar: the service reads workbooks for signed-in callers only. */
function token(): string {
  const t = $<HTMLInputElement>('pg-token').value.trim();
  if (!t) throw new Error('请先粘贴令牌（npx ledger token create --unit 某学院）/ paste a token first');
  return t;
}

/** The service's reading of an xlsx file: its grids, and its cells' number formats (sheet → A1 → code). */
const PlaygroundBook = GridWorkbook.extend({ numberFormats: z.record(z.string(), z.record(z.string(), z.string())).default({}) });
type PlaygroundBook = z.infer<typeof PlaygroundBook>;

async function gridOf(bytes: ArrayBuffer, name: string): Promise<PlaygroundBook> {
  const res = await fetch(`/api/v1/dev/grid?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    body: bytes,
    headers: { 'Content-Type': 'application/octet-stream', Authorization: `Bearer ${token()}` },
  });
  const body: unknown = await res.json();
  if (!res.ok) {
    const message = typeof body === 'object' && body !== null && 'error' in body ? JSON.stringify(body.error) : res.statusText;
    throw new Error(`无法读取 ${name}：${message}`);
  }
  return PlaygroundBook.parse(body);
}

/** Installs the simulated host under Office.js's names and starts the pane on it. */
function start(host: SimHost, view: WorkbookView): void {
  const excel = {
    run: <T>(batch: (context: SimRequestContext) => Promise<T>): Promise<T> => host.Excel.run(batch).finally(() => view.refresh()),
  };
  const office = {
    onReady: async () => ({ host: 'Excel', platform: 'Simulator' }),
    context: { requirements: host.Office.context.requirements },
  };
  Object.assign(window, { Excel: excel, Office: office, ledgerPlayground: { host, view } });
  const script = document.createElement('script');
  script.src = paneScript(location.search);
  document.body.appendChild(script);
  // The same token goes into the pane's connection form, so connecting is one click.
  const filled = setInterval(() => {
    const input = document.getElementById('lp-token') as HTMLInputElement | null;
    if (!input) return;
    clearInterval(filled);
    input.value = $<HTMLInputElement>('pg-token').value.trim();
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, 100);
}

async function open(bytes: ArrayBuffer, name: string): Promise<void> {
  say(`正在读取 ${name}…`);
  const book = await gridOf(bytes, name);
  const version = $<HTMLSelectElement>('pg-api').value;
  const host = fromGrids(book.sheets, { maxApiVersion: version, numberFormats: book.numberFormats });
  const view = new WorkbookView($('pg-workbook'), host);
  // The file and version are fixed once the pane runs; another file means a fresh page.
  $<HTMLInputElement>('pg-file').disabled = true;
  $<HTMLButtonElement>('pg-sample').disabled = true;
  $<HTMLSelectElement>('pg-api').disabled = true;
  $<HTMLButtonElement>('pg-reload').hidden = false;
  $('pg-structure').replaceChildren(...structureButtons(host, view, fail));
  $('pg-structure').hidden = false;
  view.render();
  start(host, view);
  say(`${name}：${book.sheets.length} 个工作表，ExcelApi ${version}`);
}

function fail(e: unknown): void {
  say(e instanceof Error ? e.message : String(e));
}

$<HTMLInputElement>('pg-file').addEventListener('change', (e) => {
  const file = (e.target as HTMLInputElement).files?.[0];
  if (file) file.arrayBuffer().then((b) => open(b, file.name)).catch(fail);
});
$('pg-sample').addEventListener('click', () => {
  Promise.resolve()
    .then(() => fetch('/api/v1/dev/sample.xlsx', { headers: { Authorization: `Bearer ${token()}` } }))
    .then(async (res) => {
      if (!res.ok) throw new Error('服务没有示例台账（/api/v1/dev/sample.xlsx）：请选择一个 xlsx 文件。');
      await open(await res.arrayBuffer(), 'sample-unit-ledger.xlsx');
    })
    .catch(fail);
});
$('pg-reload').addEventListener('click', () => location.reload());
