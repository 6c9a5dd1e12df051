// Where the project is: the service serves the built pages from it and builds its work threads from
// its sources. Found by walking up from this module to our package.json, so it holds whether the
// code runs from the sources (tests, bin/run-ts.js) or from the bundle bin/ledger.js runs, which
// lives in node_modules/.cache.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const PACKAGE_NAME = 'rectification-ledger';

function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = resolve(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME) return dir;
    if (dirname(dir) === dir) throw new Error(`找不到项目目录（${PACKAGE_NAME}）/ project folder (${PACKAGE_NAME}) not found above ${from}`);
  }
}

export const PROJECT_ROOT = projectRoot(import.meta.dirname);
