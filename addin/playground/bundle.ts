// Which build of the task pane the playground runs: the modern taskpane.js, or with ?bundle=legacy
// the ES5 taskpane-legacy.js that Office 2016/2019 runs, on a page first stripped of what IE11 lacks,
// so that the pane runs on the legacy bundle's polyfills (core-js, fetch, legacy/dom.ts) and without
// Web Crypto, as it would there. (Chromium runs modules, so the page's `nomodule` choice cannot be used.)

/** What IE11 lacks and the legacy bundle brings back; Symbol, Map and Set stay, as IE11 has them in part. */
const GONE_IN_IE11: [owner: object, names: string[]][] = [
  [window, ['fetch', 'Headers', 'Request', 'Response', 'Promise', 'Proxy', 'Reflect', 'URLSearchParams', 'structuredClone', 'queueMicrotask', 'globalThis']],
  [Object, ['assign', 'entries', 'values', 'fromEntries']],
  [Array, ['from', 'of']],
  [Array.prototype, ['includes', 'find', 'findIndex', 'fill', 'flat', 'flatMap', 'at']],
  [String.prototype, ['includes', 'startsWith', 'endsWith', 'padStart', 'padEnd', 'repeat', 'replaceAll', 'matchAll', 'at', 'trimStart', 'trimEnd']],
  [Number, ['isInteger', 'isFinite', 'isNaN']],
  [Element.prototype, ['replaceChildren']],
  [CSS, ['escape']],
];

/** IE11's URL can make object URLs but cannot be constructed; it has no TextEncoder nor crypto.subtle (so no MSAL). */
function stripToIe11(): void {
  // Kept aside: Reflect itself is among what goes.
  const remove = Reflect.deleteProperty;
  for (const [owner, names] of GONE_IN_IE11) for (const name of names) remove(owner, name);
  const { createObjectURL, revokeObjectURL } = URL;
  Object.defineProperty(window, 'URL', { value: { createObjectURL, revokeObjectURL }, configurable: true, writable: true });
  remove(window, 'TextEncoder');
  remove(Crypto.prototype, 'subtle');
}

/** The address of the pane's script for this page, after preparing the page for it. */
export function paneScript(search: string): string {
  if (new URLSearchParams(search).get('bundle') !== 'legacy') return '/addin/taskpane.js';
  stripToIe11();
  return '/addin/taskpane-legacy.js';
}
