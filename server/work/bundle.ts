// The work threads run plain JavaScript, bundled from our TypeScript once per process with esbuild
// (already used for the add-in). Loaded through tsx instead, each thread would bring a loader of its
// own: Node runs registered module hooks in one more thread per thread, and each costs tens of
// megabytes and seconds of compiling at start. Packages stay outside the bundle and are resolved from
// the project's node_modules, where the bundle is written.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../paths';

const ROOT = PROJECT_ROOT;
const ENTRY = resolve(ROOT, 'server/work/thread.ts');
const OUT_DIR = resolve(ROOT, 'node_modules/.cache/ledger-work');

let bundled: Promise<URL> | undefined;

/** The work thread's script: built on first use, named by its content so concurrent processes agree. */
export function workerScript(): Promise<URL> {
  bundled ??= (async () => {
    const result = await build({
      entryPoints: [ENTRY],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: 'inline',
      write: false,
      outfile: 'thread.mjs',
      logLevel: 'warning',
    });
    const text = result.outputFiles[0]?.text;
    if (text === undefined) throw new Error('esbuild produced no work thread script');
    const file = resolve(OUT_DIR, `thread-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.mjs`);
    await mkdir(OUT_DIR, { recursive: true });
    const existing = await readFile(file, 'utf8').catch(() => undefined);
    if (existing !== text) {
      // Written aside and renamed: another process starting at the same moment never loads half a file.
      const aside = `${file}.${process.pid}.${Date.now()}`;
      await writeFile(aside, text);
      await rename(aside, file);
    }
    return pathToFileURL(file);
  })();
  return bundled;
}
