// The page's language: Chinese unless the person chose English on this computer before. Static
// texts carry data-i18n keys (data-i18n-aria-label for accessible names) and are refilled on a switch.
import type { Lang } from '../../../ledger/schema';
import { HTML_LANG, isTextKey, STRINGS, type Strings } from './strings';

const LANG_KEY = 'ledger.office.lang';

let current: Lang = readStoredLang();

function readStoredLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function lang(): Lang {
  return current;
}

export function t(): Strings {
  return STRINGS[current];
}

export function setLang(next: Lang): void {
  current = next;
  try {
    localStorage.setItem(LANG_KEY, next);
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
  applyStaticTexts(document);
}

export function applyStaticTexts(root: Document): void {
  const strings = STRINGS[current];
  root.documentElement.lang = HTML_LANG[current];
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = el.dataset.i18n ?? '';
    if (isTextKey(key)) el.textContent = strings[key];
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-aria-label]')) {
    const key = el.dataset.i18nAriaLabel ?? '';
    if (isTextKey(key)) el.setAttribute('aria-label', strings[key]);
  }
  // The switch names the other language in that language's own words.
  const other: Lang = current === 'zh' ? 'en' : 'zh';
  for (const el of root.querySelectorAll<HTMLElement>('[data-lang-switch]')) el.lang = HTML_LANG[other];
}
