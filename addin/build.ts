// Builds the add-in into addin/dist/ (served by the service at /addin/*): the task pane
// (taskpane.html/js/css, loading Office.js from Microsoft's CDN), the sign-in dialog page, the help
// page, the ribbon icons, and the playground (playground.html/js/css) that runs the same taskpane.js
// on the simulated Excel. Script and style references carry a content hash, so Office's aggressive
// caching never pairs a new page with an old script.
// Run: node bin/run-ts.js addin/build.ts
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { iconPng } from './manifest/icons';

const HERE = import.meta.dirname;
export const DIST = resolve(HERE, 'dist');
export const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const ICONS = [16, 32, 64, 80] as const;

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

async function bundle(entry: string, kind: 'js' | 'css'): Promise<string> {
  const common = { bundle: true, minify: true, legalComments: 'none', logLevel: 'warning', write: false, outfile: 'out' } as const;
  const result =
    kind === 'js'
      ? await build({ ...common, entryPoints: [resolve(HERE, entry)], format: 'iife', target: ['es2020'], platform: 'browser' })
      : await build({ ...common, entryPoints: [resolve(HERE, entry)], target: ['chrome90', 'firefox90', 'safari14'] });
  const text = result.outputFiles[0]?.text;
  if (text === undefined) throw new Error(`esbuild produced nothing for ${entry}`);
  return text;
}

/** Puts a content hash on each local asset the page names, and Office.js where the page asks for it. */
function page(template: string, assets: Record<string, string>, officeJs: boolean): string {
  let html = template.replace('<!--OFFICE_JS-->', officeJs ? `<script src="${OFFICE_JS}"></script>` : '');
  for (const [name, text] of Object.entries(assets)) {
    html = html.replaceAll(`"${name}"`, `"${name}?v=${hash(text)}"`).replaceAll(`"/addin/${name}"`, `"/addin/${name}?v=${hash(text)}"`);
  }
  return html;
}

export async function buildAddin(outDir = DIST): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(resolve(outDir, 'assets'), { recursive: true });
  const [taskpaneJs, dialogJs, playgroundJs, taskpaneCss, playgroundCss] = await Promise.all([
    bundle('pane/main.ts', 'js'),
    bundle('auth/dialog-page.ts', 'js'),
    bundle('playground/main.ts', 'js'),
    bundle('pane/taskpane.css', 'css'),
    bundle('playground/playground.css', 'css'),
  ]);
  const template = (file: string) => readFile(resolve(HERE, file), 'utf8');
  const assets = { 'taskpane.js': taskpaneJs, 'auth-dialog.js': dialogJs, 'playground.js': playgroundJs, 'taskpane.css': taskpaneCss, 'playground.css': playgroundCss };
  const files: Record<string, string | Buffer> = {
    'taskpane.js': taskpaneJs,
    'auth-dialog.js': dialogJs,
    'playground.js': playgroundJs,
    'taskpane.css': taskpaneCss,
    'playground.css': playgroundCss,
    'taskpane.html': page(await template('pane/taskpane.html'), assets, true),
    'auth-dialog.html': page(await template('pane/auth-dialog.html'), assets, true),
    'help.html': page(await template('pane/help.html'), assets, false),
    'playground.html': page(await template('playground/playground.html'), assets, false),
  };
  for (const size of ICONS) files[`assets/icon-${size}.png`] = iconPng(size);
  await Promise.all(Object.entries(files).map(([name, content]) => writeFile(resolve(outDir, name), content)));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(HERE, 'build.ts')) {
  await buildAddin();
  console.log(`add-in built in ${DIST}`);
}
