// legacy-gate.js, a module script placed after the modern bundle and the `nomodule` legacy one.
// Edge Legacy and old Safari run modules, so they skip `nomodule`, but cannot parse the modern
// bundle's syntax: nothing would start. The modern bundle marks the page as its first statement, so
// an unmarked page here is one of those browsers, and gets the legacy bundle the page names.
declare global {
  interface Window {
    /** Which build of the pane's script runs on this page, set by the bundle itself. */
    ledgerBundle?: 'modern' | 'legacy';
  }
}

if (!window.ledgerBundle) {
  const legacy = document.querySelector<HTMLScriptElement>('script[nomodule]');
  if (legacy) {
    const script = document.createElement('script');
    script.src = legacy.src;
    document.head.appendChild(script);
  }
}

export {};
