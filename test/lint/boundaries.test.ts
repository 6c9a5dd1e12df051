// The lint is what keeps the add-in, the service and the domain apart: each case lints a few lines
// as if they sat at a path in the repository, with the repository's own eslint.config.js.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function problemsIn(filePath: string, code: string): Promise<{ rule: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => ({ rule: m.ruleId, message: m.message }));
}

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const problems = await problemsIn(filePath, code);
  return problems
    .filter((p) => p.rule === 'no-restricted-imports' || p.rule === 'no-restricted-syntax' || p.rule === 'no-restricted-globals')
    .map((p) => p.message);
}

describe('npm run lint keeps the add-in and the service apart', () => {
  it('fails when add-in code imports the service, and says to share through ledger/ instead', async () => {
    const errors = await boundaryErrors('addin/sync/leak.ts', "import { openStore } from '../../server/store';\nexport const s = openStore;\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('addin/ 不能导入 server/');
    expect(errors[0]).toContain('move shared code into ledger/');
  });

  it('fails when add-in code loads the service with a dynamic import', async () => {
    const errors = await boundaryErrors('addin/pane/leak.ts', "export const load = () => import('../../server/store/store');\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('addin/ may not import server/');
  });

  it('fails when service code imports the add-in', async () => {
    const errors = await boundaryErrors('server/sync/leak.ts', "export { readSheetGrid } from '../../addin/excel/read';\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('server/ may not import addin/');
  });

  it('lets both import the domain library', async () => {
    expect(await boundaryErrors('addin/sync/fine.ts', "import { readLedger } from '../../ledger/read';\nexport const r = readLedger;\n")).toEqual([]);
    expect(await boundaryErrors('server/sync/fine.ts', "import { readLedger } from '../../ledger/read';\nexport const r = readLedger;\n")).toEqual([]);
  });
});

describe('npm run lint keeps ledger/ free of I/O', () => {
  it('fails when ledger/ imports a Node module, with or without the node: prefix', async () => {
    const prefixed = await boundaryErrors('ledger/leak.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n");
    const bare = await boundaryErrors('ledger/leak.ts', "import { join } from 'path';\nexport const j = join;\n");
    expect(prefixed).toHaveLength(1);
    expect(prefixed[0]).toContain('ledger/ is the pure domain and does no I/O');
    expect(bare).toHaveLength(1);
  });

  it('fails when ledger/ imports a package that does I/O (database, workbook, HTTP)', async () => {
    for (const name of ['better-sqlite3', 'exceljs', 'hono/http-exception', '@azure/msal-node']) {
      const errors = await boundaryErrors('ledger/leak.ts', `import x from '${name}';\nexport const y = x;\n`);
      expect(errors, name).toHaveLength(1);
    }
  });

  it('fails when ledger/ loads a Node module or a package with a dynamic import', async () => {
    const errors = await boundaryErrors('ledger/leak.ts', "export const load = () => import('node:fs');\nexport const book = () => import('exceljs');\n");
    expect(errors).toHaveLength(2);
    expect(errors.every((e) => e.includes('does no I/O'))).toBe(true);
  });

  it('fails when ledger/ imports a file outside ledger/', async () => {
    const errors = await boundaryErrors('ledger/leak.ts', "import { x } from '../server/x';\nexport const y = x;\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('ledger/ imports only its own files and zod');
  });

  it('fails when ledger/ touches the page, the network or the Office host', async () => {
    const errors = await boundaryErrors(
      'ledger/leak.ts',
      'export const title = () => document.title;\nexport const get = () => fetch("/api");\nexport const book = () => Excel.run(async () => undefined);\n',
    );
    expect(errors).toHaveLength(3);
    expect(errors.every((e) => e.includes('does no I/O'))).toBe(true);
  });

  it('passes a ledger file that imports its own schema and zod', async () => {
    const problems = await problemsIn(
      'ledger/clean.ts',
      "import { z } from 'zod';\nimport { Measure } from './schema';\nexport const Pair = z.object({ a: Measure, b: Measure });\n",
    );
    expect(problems).toEqual([]);
  });
});
