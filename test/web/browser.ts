// Debian's chromium driven by playwright-core, and the accessibility checks the page must pass.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { NEEDS } from '../support/requires';

const CHROMIUM = '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`缺少 Chromium，请安装：${NEEDS.chromium.install} / Chromium is missing: ${NEEDS.chromium.install}`);
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

export interface OpenPage {
  context: BrowserContext;
  page: Page;
  /** Script errors, console errors and CSP violations: a clean page has none. */
  problems: string[];
}

/**
 * A fresh browser profile in Beijing on the given day, so "today" is that day whatever the
 * machine's clock says.
 */
export async function openPage(browser: Browser, url: string, today: string): Promise<OpenPage> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(`${today}T09:30:00+08:00`));
  const problems: string[] = [];
  await watch(page, problems);
  await page.goto(url);
  return { context, page, problems };
}

async function watch(page: Page, problems: string[]): Promise<void> {
  // Chrome does not log a refused eval to the console; the page's own event always fires.
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)),
  );
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // A refused token is answered 401, which the browser logs as a failed resource load: expected.
    if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
}

/**
 * What axe would flag first, checked in the page: a language, labelled form fields, named buttons,
 * tables with captions and scoped headers, images with alt text, unique ids, headings in order.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const visible = (el: Element) => !el.closest('[hidden]');
    if (!document.documentElement.lang) found.push('html has no lang');
    for (const input of document.querySelectorAll('input, select, textarea')) {
      if (!visible(input) || (input instanceof HTMLInputElement && input.type === 'hidden')) continue;
      const id = input.id;
      const labelled =
        (id && document.querySelector(`label[for="${id}"]`)?.textContent?.trim()) ||
        input.getAttribute('aria-label') ||
        input.getAttribute('aria-labelledby');
      if (!labelled) found.push(`field #${id || input.tagName} has no label`);
    }
    for (const button of document.querySelectorAll('button, a[href]')) {
      if (!visible(button)) continue;
      if (!(button.textContent?.trim() || button.getAttribute('aria-label'))) found.push(`${button.tagName} #${button.id} has no name`);
    }
    for (const table of document.querySelectorAll('table')) {
      if (!table.querySelector('caption')?.textContent?.trim()) found.push(`table #${table.id} has no caption`);
      if (!table.querySelector('thead th')) found.push(`table #${table.id} has no column headers`);
      for (const th of table.querySelectorAll('th')) {
        if (!['col', 'row', 'colgroup', 'rowgroup'].includes(th.getAttribute('scope') ?? '')) {
          found.push(`table #${table.id}: th "${th.textContent}" has no scope`);
        }
      }
    }
    for (const img of document.querySelectorAll('img')) if (!img.hasAttribute('alt')) found.push(`img ${img.src} has no alt`);
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    for (const id of new Set(ids)) if (ids.filter((x) => x === id).length > 1) found.push(`id "${id}" is used twice`);
    let level = 0;
    for (const hx of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
      if (!visible(hx)) continue;
      const n = Number(hx.tagName[1]);
      if (n > level + 1) found.push(`heading "${hx.textContent}" jumps from h${level} to h${n}`);
      level = n;
    }
    // Text contrast against the nearest opaque background behind it (WCAG AA: 4.5:1).
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    for (const node of document.querySelectorAll('body *')) {
      if (!(node instanceof HTMLElement) || !node.offsetParent || node.closest('.visually-hidden')) continue;
      if (![...node.childNodes].some((c) => c.nodeType === Node.TEXT_NODE && c.textContent?.trim())) continue;
      let back: Element | null = node;
      let bg = [255, 255, 255];
      while (back) {
        const c = rgb(getComputedStyle(back).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] === 1)) {
          bg = c.slice(0, 3);
          break;
        }
        back = back.parentElement;
      }
      const [l1, l2] = [luminance(rgb(getComputedStyle(node).color)), luminance(bg)].sort((a, b) => b - a) as [number, number];
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      if (ratio < 4.5) found.push(`"${node.textContent?.trim().slice(0, 20)}" has contrast ${ratio.toFixed(2)}:1`);
    }
    if (!document.querySelector('main')) found.push('no main landmark');
    if (!document.querySelector('[aria-live]')) found.push('no live region for loading and errors');
    return found;
  });
}
