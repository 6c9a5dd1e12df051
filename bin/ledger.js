#!/usr/bin/env node
// The CLI runs from one JavaScript bundle that esbuild makes from our TypeScript sources, remade
// whenever a source changes, so `npx ledger` works after `npm ci` with no build step. (Run through a
// TypeScript loader instead, a service carried the loader's own thread and some 50 MB more.)
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleText, writeWhole } from './bundle.js';

const ROOT = resolve(import.meta.dirname, '..');
const ENTRY = join(ROOT, 'server/cli/main.ts');
const OUT_DIR = join(ROOT, 'node_modules/.cache/ledger-cli');
/** The sources the CLI is built from: a change to any of them (by path, size and time) means a new bundle. */
const SOURCES = ['server', 'ledger'];

function sourceStamp() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'dist' && entry.name !== 'node_modules') walk(path);
      } else if (entry.name.endsWith('.ts')) {
        const { size, mtimeMs } = statSync(path);
        hash.update(`${path}\0${size}\0${mtimeMs}\n`);
      }
    }
  };
  for (const dir of SOURCES) walk(join(ROOT, dir));
  return hash.digest('hex').slice(0, 16);
}

async function bundle() {
  const file = join(OUT_DIR, `main-${sourceStamp()}.mjs`);
  if (!existsSync(file)) writeWhole(file, await bundleText(ENTRY));
  return file;
}

try {
  process.setSourceMapsEnabled(true);
  const { main } = await import(pathToFileURL(await bundle()).href);
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  // Not the input's fault, but the contract has no other code: say so plainly and exit 2.
  console.error(`内部错误 / internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 2;
}
