// Fills index.html's named texts (data-i18n, data-i18n-aria-label) with the Chinese strings at build
// time, so the page reads right before its script runs, and refuses a key the tables do not have.
import { isTextKey, STRINGS } from './src/strings';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function prerender(html: string): string {
  const zh = STRINGS.zh;
  const lookup = (key: string) => {
    if (!isTextKey(key)) throw new Error(`index.html names the text "${key}", which server/web/src/strings.ts does not define`);
    return escapeHtml(zh[key]);
  };
  return html.replace(/<([a-z][a-z0-9]*)\b([^>]*)>(<\/\1>)?/g, (whole, tag: string, attrs: string, close: string | undefined) => {
    if (!attrs.includes('data-i18n')) return whole;
    let open = attrs;
    const label = /\sdata-i18n-aria-label="([^"]+)"/.exec(attrs);
    if (label?.[1]) open += ` aria-label="${lookup(label[1])}"`;
    const text = /\sdata-i18n="([^"]+)"/.exec(attrs);
    if (!text?.[1]) return `<${tag}${open}>${close ?? ''}`;
    if (close === undefined) throw new Error(`index.html: <${tag} data-i18n="${text[1]}"> must be empty in the source; the build fills it`);
    return `<${tag}${open}>${lookup(text[1])}${close}`;
  });
}
