// Builds the add-in into addin/dist/ (served by the service at /addin/*): the task pane
// (taskpane.html/js/css, loading Office.js from Microsoft's CDN), the sign-in dialog page, the help
// page, the ribbon icons, and the playground (playground.html/js/css) that runs the same taskpane.js
// on the simulated Excel. Script and style references carry a content hash, so Office's aggressive
// caching never pairs a new page with an old script.
//
// The pane and the dialog come twice. The modern bundle (ES2020) is a module script. The legacy one
// (ES5, addin/legacy/) is for the webviews of Office 2016/2019: IE11 runs it as the `nomodule`
// script, and Edge Legacy, which runs modules but cannot parse the modern bundle, gets it from
// legacy-gate.js. Each bundle's first statement sets `window.ledgerBundle` to its kind.
// Run: node bin/run-ts.js addin/build.ts
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { transformAsync, version as babelVersion, type TransformOptions } from '@babel/core';
import { build, transform, type BuildOptions } from 'esbuild';
import { iconPng } from './manifest/icons';

const HERE = import.meta.dirname;
export const DIST = resolve(HERE, 'dist');
export const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const ICONS = [16, 32, 64, 80] as const;
/** Babel's output for the legacy bundles, kept between builds: lowering takes most of a build. */
const CACHE = resolve(HERE, '../node_modules/.cache/ledger-addin');
const BABEL: TransformOptions = {
  babelrc: false,
  configFile: false,
  sourceType: 'script',
  compact: true,
  comments: false,
  // No useBuiltIns: the polyfills are bundled whole (legacy/polyfills.ts), so preset-env adds no imports.
  presets: [['@babel/preset-env', { targets: { ie: '11' }, modules: false, bugfixes: true }]],
};
const PRESET_ENV = (createRequire(import.meta.url)('@babel/preset-env/package.json') as { version: string }).version;

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);
const marker = (kind: 'modern' | 'legacy') => `window.ledgerBundle=${JSON.stringify(kind)};`;

async function esbuildOne(entry: string, options: BuildOptions): Promise<string> {
  const result = await build({ entryPoints: [resolve(HERE, entry)], bundle: true, legalComments: 'none', logLevel: 'warning', write: false, outfile: 'out', ...options });
  const text = result.outputFiles?.[0]?.text;
  if (text === undefined) throw new Error(`esbuild produced nothing for ${entry}`);
  return text;
}

const bundleJs = (entry: string, banner = '') =>
  esbuildOne(entry, { minify: true, format: 'iife', target: ['es2020'], platform: 'browser', banner: { js: banner } });

const bundleCss = (entry: string) => esbuildOne(entry, { minify: true, target: ['chrome90', 'firefox90', 'safari14'] });

/** Babel's ES5 of `source`, from the cache when this source was lowered before by the same Babel. */
async function lowered(name: string, source: string): Promise<string> {
  const key = createHash('sha256').update(`${babelVersion} ${PRESET_ENV} ${JSON.stringify(BABEL)}\n${source}`).digest('hex');
  const file = resolve(CACHE, `${name}.json`);
  const cached: unknown = await readFile(file, 'utf8').then(JSON.parse, () => undefined);
  if (typeof cached === 'object' && cached !== null && 'key' in cached && cached.key === key && 'code' in cached && typeof cached.code === 'string') return cached.code;
  const result = await transformAsync(source, BABEL);
  if (!result?.code) throw new Error(`Babel produced nothing for ${name}`);
  await mkdir(CACHE, { recursive: true });
  await writeFile(file, JSON.stringify({ key, code: result.code }));
  return result.code;
}

/**
 * An ES5 bundle: esbuild bundles and minifies the entry to ES2017 with MSAL left out (legacy/msal-unavailable.ts
 * in its place), Babel lowers that for IE11, esbuild minifies again without raising the syntax, and the
 * polyfills (already ES5) go first.
 */
async function legacyJs(entry: string, polyfills: string): Promise<string> {
  // Minified first: Babel takes a quarter of the time on the smaller tree.
  const source = await esbuildOne(entry, {
    minify: true,
    format: 'iife',
    target: ['es2017'],
    platform: 'browser',
    alias: { '@azure/msal-browser': resolve(HERE, 'legacy/msal-unavailable.ts') },
  });
  const es5 = await lowered(entry.replace(/\W/g, '_'), source);
  const { code } = await transform(es5, { minify: true, target: 'es5', legalComments: 'none' });
  return `${marker('legacy')}${polyfills}${code}`;
}

/** Puts a content hash on each local asset the page names, and Office.js where the page asks for it. */
function page(template: string, assets: Record<string, string>, officeJs: boolean): string {
  let html = template.replace('<!--OFFICE_JS-->', officeJs ? `<script src="${OFFICE_JS}"></script>` : '');
  for (const [name, text] of Object.entries(assets)) {
    html = html.replaceAll(`"${name}"`, `"${name}?v=${hash(text)}"`).replaceAll(`"/addin/${name}"`, `"/addin/${name}?v=${hash(text)}"`);
  }
  return html;
}

async function scripts(): Promise<Record<string, string>> {
  const polyfills = await esbuildOne('legacy/polyfills.ts', { minify: true, format: 'iife', target: ['es5'], platform: 'browser' });
  const [taskpane, taskpaneLegacy, dialog, dialogLegacy, gate, playground] = await Promise.all([
    bundleJs('pane/main.ts', marker('modern')),
    legacyJs('legacy/taskpane.ts', polyfills),
    bundleJs('auth/dialog-page.ts', marker('modern')),
    legacyJs('legacy/auth-dialog.ts', polyfills),
    esbuildOne('legacy/gate.ts', { minify: true, format: 'iife', target: ['edge16', 'safari11'], platform: 'browser' }),
    bundleJs('playground/main.ts'),
  ]);
  return {
    'taskpane.js': taskpane,
    'taskpane-legacy.js': taskpaneLegacy,
    'auth-dialog.js': dialog,
    'auth-dialog-legacy.js': dialogLegacy,
    'legacy-gate.js': gate,
    'playground.js': playground,
  };
}

export async function buildAddin(outDir = DIST): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(resolve(outDir, 'assets'), { recursive: true });
  const [js, taskpaneCss, playgroundCss] = await Promise.all([scripts(), bundleCss('pane/taskpane.css'), bundleCss('playground/playground.css')]);
  const template = (file: string) => readFile(resolve(HERE, file), 'utf8');
  const assets = { ...js, 'taskpane.css': taskpaneCss, 'playground.css': playgroundCss };
  const files: Record<string, string | Buffer> = {
    ...assets,
    'taskpane.html': page(await template('pane/taskpane.html'), assets, true),
    'auth-dialog.html': page(await template('pane/auth-dialog.html'), assets, true),
    'help.html': page(await template('pane/help.html'), assets, false),
    'playground.html': page(await template('playground/playground.html'), assets, false),
  };
  for (const size of ICONS) files[`assets/icon-${size}.png`] = iconPng(size);
  await Promise.all(Object.entries(files).map(([name, content]) => writeFile(resolve(outDir, name), content)));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(HERE, 'build.ts')) {
  const started = Date.now();
  await buildAddin();
  console.log(`add-in built in ${DIST} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
