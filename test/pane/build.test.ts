// The built add-in: the pages Office and the service need, Office.js from Microsoft's CDN in the
// task pane (not in the playground), icons at the manifest's sizes, and no pane code reaching for
// the global Office or Excel objects outside the bootstrap module.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAddin, OFFICE_JS } from '../../addin/build';

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'addin-dist-'));
  await buildAddin(out);
});
afterAll(() => rm(out, { recursive: true, force: true }));

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

describe('the built add-in', () => {
  it('has every file the manifest and the service point at', async () => {
    const files = (await readdir(out, { recursive: true })).map(String).sort();
    expect(files).toEqual(
      expect.arrayContaining(['taskpane.html', 'taskpane.js', 'taskpane.css', 'help.html', 'auth-dialog.html', 'auth-dialog.js', 'playground.html', 'playground.js', 'playground.css']),
    );
    for (const size of [16, 32, 64, 80]) {
      const png = await readFile(join(out, `assets/icon-${size}.png`));
      expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(size);
    }
  });

  it('loads Office.js from Microsoft in the task pane, before the pane, and never in the playground', async () => {
    const pane = await readFile(join(out, 'taskpane.html'), 'utf8');
    expect(pane.indexOf(OFFICE_JS)).toBeGreaterThan(0);
    expect(pane.indexOf(OFFICE_JS)).toBeLessThan(pane.indexOf('taskpane.js?v='));
    expect(pane).toMatch(/taskpane\.css\?v=[0-9a-f]{12}/);
    const playground = await readFile(join(out, 'playground.html'), 'utf8');
    expect(playground).not.toContain('office.js');
    expect(playground).toContain('/addin/playground.js?v=');
    expect(await readFile(join(out, 'auth-dialog.html'), 'utf8')).toContain(OFFICE_JS);
  });

  it('reaches the global Office and Excel objects only in the bootstrap module', async () => {
    const root = resolve(import.meta.dirname, '../../addin');
    const offenders: string[] = [];
    for (const dir of ['pane', 'sync', 'auth']) {
      for (const file of await sources(join(root, dir))) {
        if (file.endsWith('pane/bootstrap.ts')) continue;
        const code = (await readFile(file, 'utf8')).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
        if (/(?<![\w.'"])(Office|Excel)\s*\./.test(code)) offenders.push(relative(root, file));
      }
    }
    expect(offenders).toEqual([]);
  });
});
