// Copying the report sentence. The Clipboard API needs a secure context (https or localhost); an
// office intranet served over plain http falls back to selecting the text and the copy command.

export async function copyText(text: string, source: HTMLElement): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission refused: try the selection below.
    }
  }
  const selection = window.getSelection();
  if (!selection) return false;
  const range = document.createRange();
  range.selectNodeContents(source);
  selection.removeAllRanges();
  selection.addRange(range);
  // Deprecated but the only way left without the Clipboard API; the selection stays for Ctrl+C.
  return document.execCommand('copy');
}
