// The built add-in: the pages Office and the service need, Office.js from Microsoft's CDN in the
// task pane (not in the playground), icons at the manifest's sizes, no pane code reaching for the
// global Office or Excel objects outside the bootstrap module, and the legacy bundles for the
// webviews of Office 2016/2019 in ES5 throughout (their regular expressions too).
import { parse, type Node as AcornNode } from 'acorn';
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

/** Where `code` stops being ES5, as position and the code around it; undefined when it is ES5 throughout. */
function notEs5(code: string): string | undefined {
  const at = (pos: number, why: string) => `${why} at offset ${pos}: …${code.slice(Math.max(0, pos - 60), pos + 60)}…`;
  let ast: AcornNode;
  try {
    ast = parse(code, { ecmaVersion: 5, sourceType: 'script' });
  } catch (e) {
    return at((e as { pos: number }).pos, (e as Error).message);
  }
  // Babel cannot lower a RegExp built from a string, and IE11 throws on its newer syntax when the module loads.
  const built: { pattern: string; flags: string; pos: number }[] = [];
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as { type?: string; callee?: { type: string; name?: string }; arguments?: { type: string; value?: unknown }[]; start: number };
    if ((n.type === 'NewExpression' || n.type === 'CallExpression') && n.callee?.type === 'Identifier' && n.callee.name === 'RegExp') {
      const [pattern, flags] = n.arguments ?? [];
      if (pattern?.type === 'Literal' && typeof pattern.value === 'string') {
        built.push({ pattern: pattern.value, flags: flags?.type === 'Literal' && typeof flags.value === 'string' ? flags.value : '', pos: n.start });
      }
    }
    for (const value of Object.values(node)) if (typeof value === 'object') visit(value);
  };
  visit(ast);
  for (const { pattern, flags, pos } of built) {
    const literal = `/${pattern.replace(/\\[\s\S]|\//g, (m) => (m === '/' ? '\\/' : m)).replace(/\n/g, '\\n')}/${flags}`;
    try {
      parse(literal, { ecmaVersion: 5, sourceType: 'script' });
    } catch (e) {
      return at(pos, `new RegExp(${JSON.stringify(pattern)}, ${JSON.stringify(flags)}): ${(e as Error).message}`);
    }
  }
  return undefined;
}

describe('the built add-in', () => {
  it('has every file the manifest and the service point at', async () => {
    const files = (await readdir(out, { recursive: true })).map(String).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        ...['taskpane.html', 'taskpane.js', 'taskpane-legacy.js', 'taskpane.css', 'help.html', 'auth-dialog.html', 'auth-dialog.js', 'auth-dialog-legacy.js'],
        ...['legacy-gate.js', 'playground.html', 'playground.js', 'playground.css'],
      ]),
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

  it('loads the modern bundle as a module and the legacy one without, on the pane and the sign-in page', async () => {
    for (const name of ['taskpane', 'auth-dialog']) {
      const html = await readFile(join(out, `${name}.html`), 'utf8');
      const modern = html.indexOf(`<script type="module" src="${name}.js?v=`);
      const legacy = html.indexOf(`<script nomodule defer src="${name}-legacy.js?v=`);
      const gate = html.indexOf('<script type="module" src="legacy-gate.js?v=');
      // Office.js first; the legacy script before the gate, so a browser that runs it marks the page first.
      expect([html.indexOf(OFFICE_JS) > 0, modern > html.indexOf(OFFICE_JS), legacy > modern, gate > legacy]).toEqual([true, true, true, true]);
    }
  });

  it('builds the legacy bundles in ES5, their regular expressions too, marked as legacy and without MSAL', async () => {
    for (const name of ['taskpane-legacy.js', 'auth-dialog-legacy.js']) {
      const code = await readFile(join(out, name), 'utf8');
      expect(notEs5(code), name).toBeUndefined();
      expect(code.startsWith('window.ledgerBundle="legacy";')).toBe(true);
      expect(code).not.toMatch(/msal/i);
    }
  });

  it('builds the modern bundles with syntax Edge Legacy cannot parse, which is what sends it to the legacy one', async () => {
    for (const name of ['taskpane.js', 'auth-dialog.js']) {
      const code = await readFile(join(out, name), 'utf8');
      expect(code.startsWith('window.ledgerBundle="modern";')).toBe(true);
      expect(() => parse(code, { ecmaVersion: 2020, sourceType: 'module' })).not.toThrow();
      expect(() => parse(code, { ecmaVersion: 2019, sourceType: 'module' })).toThrow();
    }
  });

  it('finds where code stops being ES5', () => {
    expect(notEs5('var a = function () { return 1; };')).toBeUndefined();
    expect(notEs5('var a = 1; let b = 2;')).toMatch(/at offset 15: …var a = 1; let b = 2;…/);
    expect(notEs5('var a = new RegExp("(?<!x)y", "g");')).toMatch(/^new RegExp\("\(\?<!x\)y", "g"\): Invalid regular expression.* at offset 8/);
    expect(notEs5('var a = RegExp("a/b", "u");')).toMatch(/Invalid regular expression flag/);
    expect(notEs5('var a = new RegExp("a\\/b|c/d", "gi");')).toBeUndefined();
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
