// The work threads run plain JavaScript, bundled from our TypeScript once per process with esbuild
// (already used for the add-in). Loaded through tsx instead, each thread would bring a loader of its
// own: Node runs registered module hooks in one more thread per thread, and each costs tens of
// megabytes and seconds of compiling at start. The bundle is made as the ledger command's is
// (bin/bundle.js).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleText, writeWhole } from '../../bin/bundle.js';
import { PROJECT_ROOT } from '../paths';

const ROOT = PROJECT_ROOT;
const ENTRY = resolve(ROOT, 'server/work/thread.ts');
const OUT_DIR = resolve(ROOT, 'node_modules/.cache/ledger-work');

let bundled: Promise<URL> | undefined;

/** The work thread's script: built on first use, named by its content so concurrent processes agree. */
export function workerScript(): Promise<URL> {
  bundled ??= (async () => {
    const text = await bundleText(ENTRY);
    const file = resolve(OUT_DIR, `thread-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.mjs`);
    const existing = await readFile(file, 'utf8').catch(() => undefined);
    if (existing !== text) writeWhole(file, text);
    return pathToFileURL(file);
  })();
  return bundled;
}
