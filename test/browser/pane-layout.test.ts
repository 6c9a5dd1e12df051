// The task pane at the widths Excel gives it (320 and 400 px), in each language, on the playground
// with the sample ledger: after set-up the check, rollup and sync controls are on the first screen
// and the column mapping is folded (it opens on a click); nothing is wider than the pane; one button
// is primary; the figures say the day they are as of; and after set-up, check, rollup and sync the
// pane's words are all of its language (the sheet's own text aside). The ES5 bundle of Office
// 2016/2019 runs it too, at the narrow width in English and the wide one in Chinese.
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { MESSAGES } from '../../addin/pane/i18n';
import { issueApiToken } from '../../server/app/identity';
import { startServer, type RunningServer } from '../../server/serve';
import { chineseIn, englishIn } from '../pane/language';
import { describeNeeding, NEEDS } from '../support/requires';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');
/** The height of the pane's first screen: Excel's pane on a laptop is about this tall. */
const SCREEN = 900;
/** The day the pane computes overdue from. */
const TODAY = '2026-11-29';
const SHEET = '整改台账';
const AS_OF = { zh: '截至 2026年11月29日', en: 'As of 29 Nov 2026' } as const;
/** Shows the pane alone, as wide as the window, as Excel shows it. */
const PANE_ONLY = '.pg-bar, .pg-workbook { display: none !important } .pg-pane { width: 100% !important; border: 0 !important }';
/** Lets the page grow to the pane's height, for a picture of all of it. */
const PANE_WHOLE = 'body.pg { height: auto !important } .pg-main { display: block !important } .pg-pane { overflow: visible !important }';

/** English words of the pane's own messages: none may show in Chinese mode. */
const OUR_ENGLISH = new Set(Object.values(MESSAGES.en).flatMap((m) => englishIn(m).filter((w) => w.length > 2)));

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  server = await startServer({ port: 0, host: '127.0.0.1', store: { kind: 'sqlite', file: ':memory:' }, dev: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Layout {
  height: number;
  /** Bottom edges, from the pane's top. */
  bottoms: Record<string, number>;
  overflow: string[];
  primaries: string[];
}

/** Where things are in the pane, measured in the page (plain script: the page has no test helpers). */
function layout(page: Page, keys: string[]): Promise<Layout> {
  return page.evaluate(`(() => {
    const root = document.getElementById('ledger-pane');
    const top = root.getBoundingClientRect().top;
    const bottoms = {};
    for (const key of ${JSON.stringify(keys)}) {
      const el = root.querySelector('[data-key="' + key + '"]');
      bottoms[key] = el && el.getClientRects().length > 0 ? Math.round(el.getBoundingClientRect().bottom - top) : -1;
    }
    const overflow = [document.documentElement, document.querySelector('.pg-pane'), root]
      .filter((el) => el.scrollWidth > el.clientWidth)
      .map((el) => (el.id || el.className || el.tagName) + ' ' + el.scrollWidth + ' > ' + el.clientWidth);
    const primaries = Array.from(root.querySelectorAll('.lp-primary'))
      .filter((el) => el.getClientRects().length > 0)
      .map((el) => el.getAttribute('data-key'));
    return { height: Math.round(root.getBoundingClientRect().height), bottoms, overflow, primaries };
  })()`);
}

/**
 * The pane's own words: its text and labels, leaving out what is marked as another language (the
 * language switch) or as the user's (translate="no"), and then the sheet names and every text of
 * the ledger sheet (which the pane quotes in its findings). What the pane wrote (汇总) is not left out.
 */
async function paneWords(page: Page): Promise<string> {
  const parts: string[] = await page.evaluate(`(() => {
    const out = [];
    const walk = (el) => {
      if (el.hasAttribute('translate') || (el.hasAttribute('lang') && el.id !== 'ledger-pane')) return;
      for (const name of ['aria-label', 'placeholder']) if (el.getAttribute(name)) out.push(el.getAttribute(name));
      for (const child of el.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) out.push(child.textContent);
        else if (child.nodeType === Node.ELEMENT_NODE) walk(child);
      }
    };
    walk(document.getElementById('ledger-pane'));
    return out;
  })()`);
  const sheetText: string[] = await page.evaluate(`(() => {
    const grids = window.ledgerPlayground.host.toGrids();
    const ledger = grids.filter((g) => g.sheet === ${JSON.stringify(SHEET)});
    return grids.map((g) => g.sheet).concat(ledger.flatMap((g) => g.cells.flat().filter((c) => typeof c === 'string')));
  })()`);
  let text = parts.join('\n');
  for (const s of [...new Set(sheetText)].filter((s) => s.trim()).sort((a, b) => b.length - a.length)) text = text.split(s).join(' ');
  return text;
}

/** The lines of `text` that hold words of the other language, with those words. */
function strayLines(text: string, lang: 'zh' | 'en'): string[] {
  return text
    .split('\n')
    .map((line) => ({ line: line.trim(), stray: lang === 'en' ? chineseIn(line) : englishIn(line).filter((w) => OUR_ENGLISH.has(w)) }))
    .filter((l) => l.stray.length > 0)
    .map((l) => `${l.line}  ← ${l.stray.join(' ')}`);
}

type Bundle = 'modern' | 'legacy';

async function openSample(width: number, lang: 'zh' | 'en', bundle: Bundle): Promise<{ page: Page; token: string }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: SCREEN } });
  await page.clock.setFixedTime(new Date(`${TODAY}T09:30:00+08:00`));
  await page.goto(`${server.url}/playground${bundle === 'legacy' ? '?bundle=legacy' : ''}`);
  const { token } = await issueApiToken(server.store, { role: 'unit', unit: '某学院' });
  await page.locator('#pg-token').fill(token);
  await page.getByRole('button', { name: '使用示例台账' }).click();
  await page.locator('#ledger-pane [data-key="detect"]').waitFor();
  await page.setViewportSize({ width, height: SCREEN });
  await page.addStyleTag({ content: PANE_ONLY });
  if (lang === 'en') {
    await page.locator('#ledger-pane [data-key="lang"]').click();
    await page.locator('#ledger-pane h1', { hasText: 'Rectification ledger' }).waitFor();
  }
  return { page, token };
}

const key = (page: Page, k: string) => page.locator(`#ledger-pane [data-key="${k}"]`);

const CASES: { width: number; lang: 'zh' | 'en'; bundle: Bundle }[] = [
  ...[320, 400].flatMap((width) => (['zh', 'en'] as const).map((lang) => ({ width, lang, bundle: 'modern' as const }))),
  { width: 320, lang: 'en', bundle: 'legacy' },
  { width: 400, lang: 'zh', bundle: 'legacy' },
];

describeNeeding(existsSync(CHROMIUM), NEEDS.chromium)('the task pane at 320 and 400 px', () => {
  for (const { width, lang, bundle } of CASES) {
    it(`fits ${width} px in ${lang === 'zh' ? 'Chinese' : 'English'} (${bundle} bundle): check, rollup and sync on the first screen after set-up, the mapping folded`, async () => {
      const { page, token } = await openSample(width, lang, bundle);
      expect(await page.evaluate('window.ledgerBundle')).toBe(bundle);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const pane = page.locator('#ledger-pane');
      await key(page, 'detect').click();
      await expect.poll(() => pane.locator('select:visible').count()).toBeGreaterThan(8);
      const mapped = await pane.locator('select').count();
      const before = await layout(page, ['setup']);
      expect(before.primaries).toEqual(['setup']);

      await key(page, 'setup').click();
      await expect.poll(() => key(page, 'fold-sheet').getAttribute('aria-expanded')).toBe('false');
      const after = await layout(page, ['check', 'summary', 'sync', 'fold-sheet']);
      console.log(`pane ${width} px ${lang} ${bundle}: ${before.height} px tall with the mapping open, ${after.height} px after set-up`, after.bottoms);
      expect(after.overflow).toEqual([]);
      for (const k of ['check', 'summary', 'sync']) expect(after.bottoms[k], `${k} at ${after.bottoms[k]} px`).toBeGreaterThan(0);
      for (const k of ['check', 'summary', 'sync']) expect(after.bottoms[k], `${k} at ${after.bottoms[k]} px`).toBeLessThanOrEqual(SCREEN);
      expect(after.primaries).toEqual(['check']);
      mkdirSync(ARTIFACTS, { recursive: true });
      if (bundle === 'modern') await page.screenshot({ path: resolve(ARTIFACTS, `pane-${width}-${lang}-setup.png`) });
      // Folded, the mapping is one line that says how many columns are mapped.
      expect(await pane.locator('select:visible').count()).toBe(0);
      expect(await key(page, 'fold-sheet').innerText()).toMatch(lang === 'zh' ? /\d+ 列已对应 · 修改/ : /\d+ columns mapped · change/);

      // It opens on a click, with every column's select, and folds again.
      await key(page, 'fold-sheet').click();
      expect(await key(page, 'fold-sheet').getAttribute('aria-expanded')).toBe('true');
      await expect.poll(() => pane.locator('select:visible').count()).toBe(mapped);
      expect((await layout(page, [])).overflow).toEqual([]);
      await key(page, 'fold-sheet').click();
      await expect.poll(() => pane.locator('select:visible').count()).toBe(0);

      // Check, the 汇总 sheet, connect, sync: each time the next step is the one primary button.
      await key(page, 'check').click();
      await expect.poll(() => pane.locator('.lp-summary').innerText()).toContain(AS_OF[lang].replace(/^(截至|As of) /, ''));
      await expect.poll(() => pane.locator('.lp-asof').innerText()).toBe(AS_OF[lang]);
      expect((await layout(page, [])).primaries).toEqual(['connect-token']);
      await key(page, 'summary').click();
      await pane.locator('#lp-b-rollup .lp-notice').waitFor();
      await pane.locator('#lp-token').fill(token);
      await key(page, 'connect-token').click();
      await pane.locator('.lp-connected').waitFor();
      expect((await layout(page, [])).primaries).toEqual(['sync']);
      await key(page, 'sync').click();
      await expect.poll(() => pane.locator('#lp-b-sync .lp-notice').count()).toBeGreaterThan(0);
      await expect.poll(() => page.locator('#ledger-pane [aria-busy="true"]').count()).toBe(0);

      const done = await layout(page, ['sync']);
      expect(done.overflow).toEqual([]);
      expect(strayLines(await paneWords(page), lang)).toEqual([]);

      expect(errors).toEqual([]);
      await page.addStyleTag({ content: PANE_WHOLE });
      await page.screenshot({ path: resolve(ARTIFACTS, `pane-${width}-${lang}${bundle === 'legacy' ? '-legacy' : ''}.png`), fullPage: true });
      await page.close();
    });
  }
});
