// Builds the office page into server/web/dist/ (served at / and /web/*): office.js bundled by
// esbuild, office.css with its print layout, index.html with its texts filled in, and the icon. The asset
// references carry a content hash so a browser never runs a new page with an old script.
// Run: node bin/run-ts.js server/web/build.ts
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { build } from 'esbuild';
import { prerender } from './prerender';

const HERE = import.meta.dirname;
const DIST = resolve(HERE, 'dist');

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * The file, and beside it its brotli and gzip forms, which the service sends to browsers that take
 * them (the page's script is mostly ECharts: about a third of its size over the wire).
 */
async function writeCompressible(path: string, text: string): Promise<void> {
  const bytes = Buffer.from(text);
  const [br, gz] = await Promise.all([
    brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
    gzipped(bytes, { level: 9 }),
  ]);
  await Promise.all([writeFile(path, bytes), writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gz)]);
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

export async function buildOfficePage(outDir = DIST): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const common = { bundle: true, minify: true, legalComments: 'none', logLevel: 'warning', write: false } as const;
  const [js, css] = await Promise.all([
    build({ ...common, entryPoints: [resolve(HERE, 'src/office.ts')], format: 'esm', target: ['es2020'], platform: 'browser', outfile: resolve(outDir, 'office.js') }),
    build({ ...common, entryPoints: [resolve(HERE, 'styles/index.css')], target: ['chrome90', 'firefox90', 'safari14'], outfile: resolve(outDir, 'office.css') }),
  ]);
  const script = js.outputFiles[0]?.text;
  const styles = css.outputFiles[0]?.text;
  if (script === undefined || styles === undefined) throw new Error('esbuild produced no output for the office page');
  const html = prerender(await readFile(resolve(HERE, 'index.html'), 'utf8'))
    .replace('href="/web/office.css"', `href="/web/office.css?v=${hash(styles)}"`)
    .replace('src="/web/office.js"', `src="/web/office.js?v=${hash(script)}"`);
  await Promise.all([
    writeCompressible(resolve(outDir, 'office.js'), script),
    writeCompressible(resolve(outDir, 'office.css'), styles),
    writeFile(resolve(outDir, 'index.html'), html),
    copyFile(resolve(HERE, 'favicon.svg'), resolve(outDir, 'favicon.svg')),
  ]);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(HERE, 'build.ts')) {
  await buildOfficePage();
  console.log(`office page built in ${DIST}`);
}
