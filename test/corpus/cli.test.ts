// Contract tests of `ledger check` and `ledger merge` (BRIEF §5) against the generated corpus: the
// real CLI as a child process, its one JSON object on stdout, its exit codes, and the workbook it writes.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Finding, Rollup } from '../../ledger/schema';
import { SAMPLE_AS_OF, SAMPLE_FILE, SAMPLE_FIGURES } from '../support/sample';
import { badInputs } from './bad-inputs';
import { type Corpus, buildCorpus } from './build';
import { type Expected, categoryKey, textKey } from './spec';
import {
  type Variant,
  auditLedger,
  badLedger,
  bigLedger,
  govLedger,
  mergeScenarios,
  placeholderLedger,
  schoolLedger,
  twoHeaderLedger,
  variants,
} from './variants';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'bin', 'ledger.js');
const CANONICAL_LABELS = ['未启动', '正在推进', '已完成', '已完成并长期坚持'];

const Output = Rollup.extend({ findings: z.array(Finding) });
type Output = z.infer<typeof Output>;
const FindingsOnly = z.object({ findings: z.array(Finding) });

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // A CLI that hangs (say, inflating a zip bomb) must fail the test rather than the whole run.
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const runs = new Map<string, Promise<Run>>();
/** Each distinct command runs once per test file; several tests read its result. */
function cli(...args: string[]): Promise<Run> {
  const key = JSON.stringify(args);
  let run = runs.get(key);
  if (!run) {
    run = runCli(args);
    runs.set(key, run);
  }
  return run;
}

function parseOutput(run: Run): Output {
  let json: unknown;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    throw new Error(`stdout is not one JSON object (exit ${run.code}):\n${run.stdout.slice(0, 2000)}\nstderr:\n${run.stderr.slice(0, 2000)}`);
  }
  return Output.parse(json);
}

const FIGURES = ['measures', 'problems', 'categories', 'completed', 'overdue'] as const;

function expectFigures(out: Output, e: Expected, asOf: string): void {
  expect({ ...Object.fromEntries(FIGURES.map((k) => [k, out[k]])), status: out.status }).toEqual({
    ...Object.fromEntries(FIGURES.map((k) => [k, e[k]])),
    status: e.status,
  });
  expect(out.completionRate).toBeCloseTo(e.measures ? e.completed / e.measures : 0, 3);
  expect(out.asOf).toBe(asOf);
  expect(out.report.length).toBeGreaterThan(0);
}

function expectBreakdowns(out: Output, e: Expected): void {
  if (e.byUnit) {
    const got = Object.fromEntries(out.byUnit.map((u) => [u.unit, u.measures]));
    expect(got).toEqual(e.byUnit);
  }
  if (e.byCategory) {
    const got = Object.fromEntries(out.byCategory.map((c) => [categoryKey(c.category), c.measures]));
    const want = Object.fromEntries(Object.entries(e.byCategory).map(([c, n]) => [categoryKey(c), n]));
    expect(got).toEqual(want);
  }
}

let corpus: Corpus;
let outDir: string;
beforeAll(async () => {
  corpus = await buildCorpus(await mkdtemp(join(tmpdir(), 'ledger-cli-corpus-')));
  outDir = await mkdtemp(join(tmpdir(), 'ledger-cli-out-'));
});
afterAll(async () => {
  if (corpus) await rm(corpus.dir, { recursive: true, force: true });
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

const pathOf = (v: Variant) => corpus.paths[v.name]!;
const checkVariant = (v: Variant, ...more: string[]) => cli('check', pathOf(v), '--as-of', v.asOf, '--json', ...more);
const countOf = (out: Output, code: string) => out.findings.filter((f) => f.code === code).length;

describe('check: the shared sample', () => {
  it('as of 2018-09-10 gives 2 categories, 3 problems, 5 measures, 2/1/1/1 by status, 1 overdue', async () => {
    const run = await cli('check', SAMPLE_FILE, '--as-of', SAMPLE_AS_OF, '--json');
    expect(run.code).toBe(0);
    expect(parseOutput(run)).toMatchObject(SAMPLE_FIGURES);
  });
});

describe('check: each variant alone', () => {
  for (const v of variants) {
    describe(`${v.name} (${v.fileName})`, () => {
      it('rollup figures', async () => {
        const out = parseOutput(await checkVariant(v));
        expectFigures(out, v.expected, v.asOf);
        expectBreakdowns(out, v.expected);
      });

      it('finding counts for the codes the file exercises', async () => {
        const out = parseOutput(await checkVariant(v));
        const got = Object.fromEntries(Object.keys(v.expected.findings).map((c) => [c, countOf(out, c)]));
        expect(got).toEqual(v.expected.findings);
        for (const [code, n] of Object.entries(v.expected.atLeast)) expect(countOf(out, code), code).toBeGreaterThanOrEqual(n);
        for (const f of out.findings) expect(basename(f.file)).toBe(v.fileName);
      });

      it(`exit code ${v.expected.errors ? 1 : 0}`, async () => {
        const run = await checkVariant(v);
        expect(run.code, run.stderr).toBe(v.expected.errors ? 1 : 0);
        const out = parseOutput(run);
        expect(out.findings.some((f) => f.severity === 'error')).toBe(v.expected.errors);
      });

      if (v.targets.length > 0) {
        it('findings name the sheet, row and column of the offending cells', async () => {
          const out = parseOutput(await checkVariant(v));
          for (const t of v.targets) {
            const at = out.findings.filter((f) => f.code === t.code).map((f) => ({ code: f.code, sheet: f.sheet, row: f.row, column: f.column }));
            expect(at).toContainEqual(t);
          }
        });
      }
    });
  }

  it('checking several files together adds them up', async () => {
    const files = [schoolLedger, twoHeaderLedger, govLedger];
    const out = parseOutput(await cli('check', ...files.map(pathOf), '--as-of', '2018-12-20', '--json'));
    const single = await Promise.all(files.map(async (v) => parseOutput(await cli('check', pathOf(v), '--as-of', '2018-12-20', '--json'))));
    expect(out.measures).toBe(single.reduce((n, o) => n + o.measures, 0));
    expect(out.completed).toBe(single.reduce((n, o) => n + o.completed, 0));
    expect(out.overdue).toBe(single.reduce((n, o) => n + o.overdue, 0));
    for (const f of out.findings) expect(files.map((v) => v.fileName)).toContain(basename(f.file));
  });
});

/** The master ledger sheet of a written workbook: the sheet with an `__id` header, and that header row. */
function ledgerSheetOf(wb: ExcelJS.Workbook): { ws: ExcelJS.Worksheet; headerRow: number; col: Map<string, number> } {
  for (const ws of wb.worksheets) {
    for (let r = 1; r <= Math.min(ws.rowCount, 20); r++) {
      const row = ws.getRow(r);
      const col = new Map<string, number>();
      row.eachCell((cell, c) => {
        if (typeof cell.value === 'string') col.set(cell.value.replace(/\s+/g, ''), c);
      });
      if (col.has('__id')) return { ws, headerRow: r, col };
    }
  }
  throw new Error('no sheet with an __id column');
}

/** A cell's own text: a cell covered by a merge (a separator row's tail) holds nothing of its own. */
function ownText(cell: ExcelJS.Cell): string {
  return cell.type === ExcelJS.ValueType.Merge ? '' : textOf(cell.value);
}

function textOf(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  return String(v);
}

async function readMaster(path: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return ledgerSheetOf(wb);
}

/** Measure rows of the master: below the header, with a status label or a measure (separator rows have neither). */
function measureRows(m: Awaited<ReturnType<typeof readMaster>>): ExcelJS.Row[] {
  const statusCol = m.col.get('完成情况')!;
  const measureCol = m.col.get('整改措施')!;
  const out: ExcelJS.Row[] = [];
  for (let r = m.headerRow + 1; r <= m.ws.rowCount; r++) {
    const row = m.ws.getRow(r);
    if (CANONICAL_LABELS.includes(ownText(row.getCell(statusCol))) || ownText(row.getCell(measureCol)).trim() !== '') out.push(row);
  }
  return out;
}

describe('merge scenarios', () => {
  for (const s of mergeScenarios) {
    describe(s.name, () => {
      const out = () => join(outDir, `合并-${s.name}.xlsx`);
      const merge = () => cli('merge', ...s.files.map(pathOf), '-o', out(), '--as-of', s.asOf, '--json');

      it('exit 0 and the consolidated rollup', async () => {
        const run = await merge();
        expect(run.code, run.stderr).toBe(0);
        const res = parseOutput(run);
        expectFigures(res, s.expected, s.asOf);
        expectBreakdowns(res, s.expected);
      });

      if (s.expected.findings.copies_differ !== undefined) {
        it(`${s.expected.findings.copies_differ} copies_differ findings`, async () => {
          const res = parseOutput(await merge());
          expect(countOf(res, 'copies_differ')).toBe(s.expected.findings.copies_differ);
        });
      }

      it('the written master keeps every extra column and the later file’s values', async () => {
        await merge();
        const m = await readMaster(out());
        for (const h of s.extraColumns) expect([...m.col.keys()], h).toContain(h.replace(/\s+/g, ''));
        const rows = measureRows(m);
        for (const c of s.cellChecks) {
          const measureCol = m.col.get('整改措施')!;
          const unitCol = m.col.get('责任单位')!;
          const row = rows.find((r) => textKey(textOf(r.getCell(measureCol).value)) === textKey(c.measure) && textOf(r.getCell(unitCol).value) === c.unit);
          expect(row, `${c.unit} / ${c.measure}`).toBeDefined();
          const got = row!.getCell(m.col.get(c.header.replace(/\s+/g, ''))!).value;
          expect(typeof c.value === 'number' ? Number(got) : textOf(got), `${c.measure} / ${c.header}`).toEqual(c.value);
        }
      });

      it('round trip: `check` of the merged master gives the same figures', async () => {
        await merge();
        const res = parseOutput(await cli('check', out(), '--as-of', s.asOf, '--json'));
        expectFigures(res, s.expected, s.asOf);
      });

      it('the merged master opens in SheetJS with one row per measure and canonical status labels', async () => {
        await merge();
        expectSheetJsMaster(out(), s.expected.measures);
      });
    });
  }
});

/**
 * The merged master read by SheetJS: the sheet headed with __id has one row per measure, and every
 * status written is a canonical label (a measure whose status was missing may stay blank).
 */
function expectSheetJsMaster(path: string, measures: number): void {
  const wb = XLSX.readFile(path);
  const found = wb.SheetNames.map((name) => {
    const grid = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[name]!, { header: 1, raw: true, defval: null });
    return { grid, h: grid.findIndex((r) => r.includes('__id')) };
  }).find((x) => x.h >= 0);
  expect(found, 'a sheet with an __id header').toBeDefined();
  const { grid, h } = found!;
  const header = grid[h]!.map((c) => String(c ?? '').replace(/\s+/g, ''));
  const statusCol = header.indexOf('完成情况');
  const measureCol = header.indexOf('整改措施');
  expect(statusCol).toBeGreaterThanOrEqual(0);
  const rows = grid.slice(h + 1).filter((r) => r[statusCol] !== null || r[measureCol] !== null);
  expect(rows).toHaveLength(measures);
  for (const r of rows) if (r[statusCol] !== null) expect(CANONICAL_LABELS).toContain(r[statusCol]);
}

describe('ids in the merged master', () => {
  it('every measure row carries a unique id in the hidden __id column (BRIEF §3 identity)', async () => {
    const s = mergeScenarios[0]!;
    const out = join(outDir, `带编号-${s.name}.xlsx`);
    const run = await cli('merge', ...s.files.map(pathOf), '-o', out, '--as-of', s.asOf, '--json');
    expect(run.code, run.stderr).toBe(0);
    const m = await readMaster(out);
    const idCol = m.col.get('__id')!;
    expect(m.ws.getColumn(idCol).hidden).toBe(true);
    const ids = measureRows(m).map((r) => textOf(r.getCell(idCol).value).trim());
    expect(ids).toHaveLength(s.expected.measures);
    expect(ids.filter((id) => id === '')).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('merge of a single file round-trips through check', () => {
  for (const v of [schoolLedger, twoHeaderLedger, govLedger, placeholderLedger, auditLedger, bigLedger]) {
    it(`${v.name}: merge → check gives the file's own figures, SheetJS sees ${v.expected.measures} rows`, async () => {
      const out = join(outDir, `单表合并-${v.name}.xlsx`);
      const merged = await cli('merge', pathOf(v), '-o', out, '--as-of', v.asOf, '--json');
      expect(merged.code, merged.stderr).toBe(0);
      expectFigures(parseOutput(merged), v.expected, v.asOf);
      const again = await cli('check', out, '--as-of', v.asOf, '--json');
      expect(again.code, again.stderr).toBe(0);
      expectFigures(parseOutput(again), v.expected, v.asOf);
      expectSheetJsMaster(out, v.expected.measures);
    });
  }

  it('the audit ledger keeps all 18 of its extra columns and their values', async () => {
    const out = join(outDir, `单表合并-${auditLedger.name}.xlsx`);
    await cli('merge', pathOf(auditLedger), '-o', out, '--as-of', auditLedger.asOf, '--json');
    const m = await readMaster(out);
    const extras = auditLedger.ledger.layout.columns.filter((c) => c.source === 'extra').map((c) => c.header);
    expect(extras).toHaveLength(18);
    for (const h of extras) expect([...m.col.keys()], h).toContain(h);
    const rows = measureRows(m);
    const blockAmounts = rows.filter((r) => textOf(r.getCell(m.col.get('问题编号')!).value) === 'SJ-2019-020').map((r) => Number(r.getCell(m.col.get('涉及金额（万元）')!).value));
    expect(blockAmounts).toEqual([0.36]);
  });
});

describe('text that looks like a formula stays text', () => {
  it('"=同上" in a remarks cell comes out of merge as a string, not a formula', async () => {
    const out = join(outDir, '公式文本.xlsx');
    const run = await cli('merge', pathOf(placeholderLedger), '-o', out, '--as-of', placeholderLedger.asOf, '--json');
    expect(run.code, run.stderr).toBe(0);
    expectTextCell(out, '=同上');
    const m = await readMaster(out);
    const cell = measureRows(m)
      .map((r) => r.getCell(m.col.get('备注')!))
      .find((c) => textOf(c.value) === '=同上');
    expect(cell).toBeDefined();
    expect(cell!.formula).toBeUndefined();
    expect(cell!.type).toBe(ExcelJS.ValueType.String);
  });

  it('the bad file merges with exit 1, its rows kept, "=SUM(A1)" written as text', async () => {
    const out = join(outDir, '有误合并.xlsx');
    const run = await cli('merge', pathOf(badLedger), '-o', out, '--as-of', badLedger.asOf, '--json');
    expect(run.code, run.stderr).toBe(1);
    expectFigures(parseOutput(run), badLedger.expected, badLedger.asOf);
    expect(existsSync(out), 'merge writes the master even when rows have errors').toBe(true);
    expectTextCell(out, '=SUM(A1)');
  });
});

function expectTextCell(path: string, text: string): void {
  const wb = XLSX.readFile(path, { cellFormula: true });
  const hits = wb.SheetNames.flatMap((n) => {
    const ws = wb.Sheets[n]!;
    return Object.keys(ws)
      .filter((k) => !k.startsWith('!'))
      .map((k) => ws[k] as XLSX.CellObject)
      .filter((c) => c.v === text || (c.f !== undefined && `=${c.f}` === text));
  });
  expect(hits.length, `a cell holding ${text}`).toBeGreaterThan(0);
  for (const c of hits) {
    expect(c.t).toBe('s');
    expect(c.f).toBeUndefined();
  }
}

describe('--lang en', () => {
  it('gives English messages for the same findings', async () => {
    const zh = parseOutput(await checkVariant(badLedger));
    const en = parseOutput(await checkVariant(badLedger, '--lang', 'en'));
    expect(en.findings.map((f) => [f.code, f.row, f.column])).toEqual(zh.findings.map((f) => [f.code, f.row, f.column]));
    const words = /[A-Za-z]{3,}\s+[A-Za-z]{2,}/;
    const target = badLedger.targets.find((t) => t.code === 'unknown_status')!;
    const pick = (o: Output) => o.findings.find((f) => f.code === 'unknown_status' && f.row === target.row)!;
    expect(pick(en).message).toMatch(words);
    expect(pick(zh).message).not.toMatch(words);
    expect(pick(zh).message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('human-readable output names the file, in Chinese by default and English with --lang en', async () => {
    const zh = await cli('check', pathOf(badLedger), '--as-of', badLedger.asOf);
    const en = await cli('check', pathOf(badLedger), '--as-of', badLedger.asOf, '--lang', 'en');
    expect(zh.code).toBe(1);
    expect(en.code).toBe(1);
    expect(() => JSON.parse(zh.stdout)).toThrow();
    expect(zh.stdout + zh.stderr).toContain(badLedger.fileName);
    expect(en.stdout + en.stderr).toContain(badLedger.fileName);
    expect(en.stdout + en.stderr).toMatch(/[A-Za-z]{3,}\s+[A-Za-z]{2,}/);
    expect(zh.stdout + zh.stderr).not.toBe(en.stdout + en.stderr);
  });
});

describe('unreadable input: exit 2 naming the file', () => {
  for (const b of badInputs) {
    it(`${b.name} (${b.fileName})`, async () => {
      const path = corpus.paths[b.name]!;
      const run = await cli('check', path, '--as-of', '2018-09-10', '--json');
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(b.fileName);
      const out = FindingsOnly.parse(JSON.parse(run.stdout));
      const about = out.findings.filter((f) => basename(f.file) === b.fileName && f.severity === 'error');
      expect(about.length, JSON.stringify(out.findings)).toBeGreaterThan(0);
      expect(b.codes).toContain(about[0]!.code);

      const plain = await cli('check', path, '--as-of', '2018-09-10');
      expect(plain.code).toBe(2);
      expect(plain.stderr).toContain(b.fileName);
    });
  }

  it('one unreadable file among good ones still exits 2, naming the bad one', async () => {
    const bad = badInputs.find((b) => b.name === 'pdf-named-xlsx')!;
    const run = await cli('check', pathOf(schoolLedger), corpus.paths[bad.name]!, '--as-of', schoolLedger.asOf, '--json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(bad.fileName);
    expect(run.stderr).not.toContain(schoolLedger.fileName);
  });

  it('merge refuses an unreadable input and names it', async () => {
    const bad = badInputs.find((b) => b.name === 'zip-bomb')!;
    const out = join(outDir, '不应生成.xlsx');
    const run = await cli('merge', pathOf(schoolLedger), corpus.paths[bad.name]!, '-o', out, '--as-of', schoolLedger.asOf, '--json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(bad.fileName);
  });

  it('a file that does not exist', async () => {
    const run = await cli('check', join(corpus.dir, '不存在的台账.xlsx'), '--json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('不存在的台账.xlsx');
  });
});

describe('usage errors exit 2', () => {
  it('check without files', async () => {
    expect((await cli('check')).code).toBe(2);
  });
  it('merge without -o', async () => {
    expect((await cli('merge', pathOf(schoolLedger))).code).toBe(2);
  });
  it('a malformed --as-of', async () => {
    const run = await cli('check', pathOf(schoolLedger), '--as-of', '2018/13/45');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--as-of');
  });
});

