// One JavaScript module made by esbuild from one of our TypeScript entry points, for code that runs
// without a TypeScript loader: the ledger command (bin/ledger.js) and the service's work threads
// (server/work/bundle.ts). Packages stay outside the bundle and resolve from node_modules, where
// the bundles are written.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The bundle of `entry` as text (an inline source map keeps stack traces in TypeScript lines). */
export async function bundleText(entry) {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    write: false,
    outfile: 'bundle.mjs',
    logLevel: 'warning',
  });
  const text = result.outputFiles[0]?.text;
  if (text === undefined) throw new Error(`esbuild produced nothing for ${entry}`);
  return text;
}

/** Writes `text` to `file` aside and renames it: another process starting at the same moment never loads half a file. */
export function writeWhole(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  const aside = `${file}.${process.pid}.${Date.now()}`;
  writeFileSync(aside, text);
  renameSync(aside, file);
}
