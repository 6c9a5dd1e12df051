// Builds the office page into server/web/dist/ (served at / and /web/*): office.js bundled by
// esbuild, office.css with its print layout, index.html with its texts filled in, and the icon. The asset
// references carry a content hash so a browser never runs a new page with an old script.
// Run: node bin/run-ts.js server/web/build.ts
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { prerender } from './prerender';

const HERE = import.meta.dirname;
const DIST = resolve(HERE, 'dist');

/**
 * `import { z } from 'zod'` (how ledger/ and the page write it) makes esbuild keep zod's whole
 * namespace, every locale included: 450 kB. The same binding imported as a namespace is shaken to
 * what is used (about 85 kB), so our sources are bundled with that spelling.
 */
const zodNamespace: Plugin = {
  name: 'zod-namespace',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes('node_modules')) return undefined;
      const source = await readFile(args.path, 'utf8');
      return { contents: source.replace(/import\s*\{\s*z\s*\}\s*from\s*'zod';/g, "import * as z from 'zod';"), loader: 'ts' };
    });
  },
};

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

export async function buildOfficePage(outDir = DIST): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const common = { bundle: true, minify: true, legalComments: 'none', logLevel: 'warning', write: false } as const;
  const [js, css] = await Promise.all([
    build({ ...common, entryPoints: [resolve(HERE, 'src/office.ts')], plugins: [zodNamespace], format: 'esm', target: ['es2020'], platform: 'browser', outfile: resolve(outDir, 'office.js') }),
    build({ ...common, entryPoints: [resolve(HERE, 'styles/index.css')], target: ['chrome90', 'firefox90', 'safari14'], outfile: resolve(outDir, 'office.css') }),
  ]);
  const script = js.outputFiles[0]?.text;
  const styles = css.outputFiles[0]?.text;
  if (script === undefined || styles === undefined) throw new Error('esbuild produced no output for the office page');
  const html = prerender(await readFile(resolve(HERE, 'index.html'), 'utf8'))
    .replace('href="/web/office.css"', `href="/web/office.css?v=${hash(styles)}"`)
    .replace('src="/web/office.js"', `src="/web/office.js?v=${hash(script)}"`);
  await Promise.all([
    writeFile(resolve(outDir, 'office.js'), script),
    writeFile(resolve(outDir, 'office.css'), styles),
    writeFile(resolve(outDir, 'index.html'), html),
    copyFile(resolve(HERE, 'favicon.svg'), resolve(outDir, 'favicon.svg')),
  ]);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(HERE, 'build.ts')) {
  await buildOfficePage();
  console.log(`office page built in ${DIST}`);
}
