// mergeLedgers over generated sets of unit ledgers (BRIEF §3 "Identity" and "Round trip"): every row
// placed once, rows matched exactly when they are the same true measure, and the written master
// merging and checking back to the same counts. The sets come from ./unit-sets.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CampaignConfig,
  checkLedgers,
  COLUMN_FIELDS,
  fieldMeaning,
  mergeLedgers,
  readLedger,
  textKey,
  type CellValue,
  type Master,
  type MergeResult,
  type ParsedLedger,
  type Rollup,
  type StatusCode,
} from '../../ledger';
import { readWorkbookFile } from '../../server/xlsx/read';
import { categoryBlocks } from '../../server/xlsx/master-layout';
import { writeMasterWorkbook } from '../../server/xlsx/write-master';
import { book, grid } from './grids';
import { AS_OF, describeRow, describeSet, unitFileBook, unitSetArb, type UnitFile, type UnitSet } from './unit-sets';

const config = CampaignConfig.parse({});
/** The unit a row answers for, compared as text ('' when it names none). */
const unitKey = (m: { unit?: string | undefined }): string => textKey(m.unit ?? '');
const dir = mkdtempSync(join(tmpdir(), 'merge-property-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SEED = Number(process.env.FC_SEED ?? 20181015);
const RUNS = Number(process.env.FC_RUNS ?? 40);

/** One input of a merge: the parsed ledger and, per row, its truth id and a description. */
interface Input {
  ledger: ParsedLedger;
  tids: string[];
  what: string[];
}

/** Thrown with the set and every broken rule, so a failure reads without a debugger. */
class SetFailure extends Error {}

const rowLabel = (input: Input, i: number) => {
  const r = input.ledger.rows[i]!;
  return `${input.ledger.file} row ${r.source.row}: ${input.what[i]}`;
};

// ---------------------------------------------------------------------------------------------
// Reading the generated files, and writing a master and reading it back.

/** Read a generated file, checking first that the reader saw the rows the generator wrote. */
function readUnitFile(f: UnitFile, set: UnitSet, problems: string[]): Input {
  const ledger = readLedger(unitFileBook(f, set.mode), { config });
  if (ledger.rows.length !== f.rows.length) {
    problems.push(`reader: ${f.name} has ${f.rows.length} rows, readLedger found ${ledger.rows.length}`);
  }
  f.rows.forEach((r, i) => {
    const m = ledger.rows[i]?.measure;
    if (!m) return;
    const got = [unitKey(m), textKey(m.problem ?? ''), textKey(m.measure ?? ''), textKey(m.problemNo ?? ''), textKey(m.measureNo ?? '')];
    const want = [textKey(r.unit), textKey(r.problem), textKey(r.measure), textKey(r.problemNo ?? ''), textKey(r.measureNo ?? '')];
    if (got.join('|') !== want.join('|')) problems.push(`reader: ${f.name} row ${i + 1} read as ${got.join(' | ')}, written as ${want.join(' | ')}`);
  });
  return { ledger, tids: f.rows.map((r) => r.tid), what: f.rows.map(describeRow) };
}

let written = 0;

/**
 * Write a master with writeMasterWorkbook, read it back with readWorkbookFile + readLedger. Also the
 * index in `master.rows` of each row read back: the writer lays rows out under their categories
 * (rows without one first), which is not always the order of `master.rows`.
 */
async function writeAndRead(master: Master, rollup: Rollup, name: string): Promise<{ ledger: ParsedLedger; index: number[] }> {
  const path = join(dir, `${++written}-${name}`);
  await writeMasterWorkbook(master, rollup, path, { config });
  // Named as the office would name it in messages, not by its temporary path.
  const ledger = readLedger({ ...(await readWorkbookFile(path)), file: name }, { config });
  const at = new Map(master.rows.map((r, j) => [r, j]));
  const index = categoryBlocks(master).flatMap((b) => b.rows.map((r) => at.get(r)!));
  return { ledger, index };
}

/** The rows read back are the master's rows, in the writer's order (compared by identity fields and status). */
function checkWrittenRows(master: Master, back: { ledger: ParsedLedger; index: number[] }, what: string, problems: string[]) {
  if (back.ledger.rows.length !== master.rows.length) {
    problems.push(`${what}: written with ${master.rows.length} rows, read back ${back.ledger.rows.length}`);
    return;
  }
  back.ledger.rows.forEach((r, k) => {
    const m = master.rows[back.index[k]!]!.measure;
    const key = (x: typeof m) => [unitKey(x), textKey(x.problem ?? ''), textKey(x.measure ?? ''), textKey(x.problemNo ?? ''), textKey(x.measureNo ?? ''), x.status ?? ''].join('|');
    if (key(r.measure) !== key(m)) problems.push(`${what}: row ${r.source.row} read back as ${key(r.measure)}, master row ${back.index[k]} is ${key(m)}`);
  });
}

/**
 * BRIEF §3 "Round trip": the rows read back mean, field by field, what was written (values compare
 * by meaning: text ignoring white space around it, statuses by code, deadlines by kind and date).
 */
function checkWrittenMeaning(master: Master, back: { ledger: ParsedLedger; index: number[] }, what: string, problems: string[]) {
  if (back.ledger.rows.length !== master.rows.length) return;
  back.ledger.rows.forEach((r, k) => {
    const m = master.rows[back.index[k]!]!.measure;
    for (const f of COLUMN_FIELDS) {
      const [was, now] = [fieldMeaning(f, m), fieldMeaning(f, r.measure)];
      if (was !== now) problems.push(`${what}: row ${r.source.row} (${m.unit}, master row ${back.index[k]}) ${f} reads back as “${now}”, was written as “${was}”`);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The properties of one merge.

/**
 * Every input row placed once per file in a row of its own unit, every output row some row's image,
 * and two rows in one output row exactly when they are one true measure. Returns each output row's
 * truth id.
 */
function checkPlacement(result: MergeResult, inputs: Input[], what: string, problems: string[]): string[] {
  const n = result.master.rows.length;
  const holders: { l: number; i: number }[][] = Array.from({ length: n }, () => []);
  if (result.placement.length !== inputs.length) problems.push(`${what}: placement has ${result.placement.length} files, merged ${inputs.length}`);
  inputs.forEach((input, l) => {
    const placed = result.placement[l] ?? [];
    if (placed.length !== input.ledger.rows.length) problems.push(`${what}: placement[${l}] has ${placed.length} rows, ${input.ledger.file} has ${input.ledger.rows.length}`);
    const taken = new Map<number, number>();
    input.ledger.rows.forEach((row, i) => {
      const p = placed[i];
      if (p === undefined || !Number.isInteger(p) || p < 0 || p >= n) {
        problems.push(`${what}: ${rowLabel(input, i)} is placed at ${p}, not a row of the ${n}-row master`);
        return;
      }
      const other = taken.get(p);
      if (other !== undefined) problems.push(`${what}: ${rowLabel(input, other)} and ${rowLabel(input, i)} (one file) both became master row ${p}`);
      taken.set(p, i);
      holders[p]!.push({ l, i });
      const out = result.master.rows[p]!.measure;
      if (unitKey(out) !== unitKey(row.measure)) problems.push(`${what}: ${rowLabel(input, i)} became master row ${p} of unit “${out.unit ?? ''}”`);
    });
  });
  const rowTids: string[] = [];
  const rowOf = new Map<string, number>();
  holders.forEach((h, p) => {
    if (h.length === 0) {
      problems.push(`${what}: master row ${p} (${result.master.rows[p]!.measure.unit}｜${result.master.rows[p]!.measure.measure}) comes from no input row`);
      rowTids.push('');
      return;
    }
    const tids = new Set(h.map(({ l, i }) => inputs[l]!.tids[i]!));
    if (tids.size > 1) {
      problems.push(`${what}: different measures merged into master row ${p}:\n${h.map(({ l, i }) => `      ${rowLabel(inputs[l]!, i)}`).join('\n')}`);
    }
    const tid = inputs[h[0]!.l]!.tids[h[0]!.i]!;
    rowTids.push(tid);
    for (const t of tids) {
      const q = rowOf.get(t);
      if (q !== undefined && q !== p) {
        const where = (row: number) => holders[row]!.map(({ l, i }) => `      ${rowLabel(inputs[l]!, i)}`).join('\n');
        problems.push(`${what}: one measure [${t}] split over master rows ${q} and ${p}:\n${where(q)}\n    and\n${where(p)}`);
      }
      rowOf.set(t, p);
    }
  });

  const distinct = new Set(inputs.flatMap((i) => i.tids));
  if (n !== distinct.size) problems.push(`${what}: ${n} master rows for ${distinct.size} distinct measures`);
  // Per unit: the rollup counts each true measure of the unit once.
  const perUnit = new Map<string, Set<string>>();
  inputs.forEach((input) =>
    input.ledger.rows.forEach((r, i) => {
      const u = unitKey(r.measure);
      if (!perUnit.has(u)) perUnit.set(u, new Set());
      perUnit.get(u)!.add(input.tids[i]!);
    }),
  );
  const expected = [...perUnit].map(([u, s]) => `${u}:${s.size}`).sort();
  const actual = result.rollup.byUnit.map((u) => `${textKey(u.unit)}:${u.measures}`).sort();
  if (expected.join(' ') !== actual.join(' ')) problems.push(`${what}: rollup.byUnit ${actual.join(' ')}, distinct measures per unit ${expected.join(' ')}`);
  // The later file wins: each measure's status is that of the last input listing it.
  const last = new Map<string, StatusCode>();
  inputs.forEach((input) => input.ledger.rows.forEach((r, i) => last.set(input.tids[i]!, r.measure.status ?? 'not_started')));
  const status: Record<StatusCode, number> = { not_started: 0, in_progress: 0, done: 0, done_ongoing: 0 };
  for (const s of last.values()) status[s]++;
  if (JSON.stringify(status) !== JSON.stringify(result.rollup.status)) {
    problems.push(`${what}: rollup.status ${JSON.stringify(result.rollup.status)}, the last word on each measure gives ${JSON.stringify(status)}`);
  }
  return rowTids;
}

const COUNTS = ['measures', 'problems', 'categories', 'status', 'completed', 'overdue'] as const;
const counts = (r: Rollup) => Object.fromEntries(COUNTS.map((k) => [k, r[k]]));
const groups = (r: Rollup) => ({
  byUnit: r.byUnit.map((u) => `${u.unit}:${u.measures}`).sort(),
  byCategory: r.byCategory.map((c) => `${c.category}:${c.measures}`).sort(),
});

function same(what: string, actual: unknown, expected: unknown, problems: string[]) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) problems.push(`${what}:\n      got      ${a}\n      expected ${e}`);
}

/** The old master of a set: its early files merged, written (with ids, when the set says so) and read back. */
async function oldMasterInput(set: UnitSet, problems: string[]): Promise<Input | undefined> {
  if (!set.oldMaster) return undefined;
  const early = set.oldMaster.files.map((f) => readUnitFile(f, set, problems));
  const merged = mergeLedgers(
    early.map((e) => e.ledger),
    { asOf: AS_OF, config },
  );
  const rowTids = checkPlacement(merged, early, 'old master merge', problems);
  let master = merged.master;
  if (set.oldMaster.ids) {
    // As pulled from the service: every row with its id and version.
    master = { ...master, rows: master.rows.map((r, j) => ({ ...r, measure: { ...r.measure, id: `m-${j + 1}`, version: 3 } })) };
  }
  const back = await writeAndRead(master, merged.rollup, '办公室总台账（8月）.xlsx');
  checkWrittenRows(master, back, 'old master read back', problems);
  const tids = back.index.map((j) => rowTids[j]!);
  return {
    ledger: back.ledger,
    tids: back.ledger.rows.map((_, k) => tids[k]!),
    what: back.ledger.rows.map((r, k) => `[${tids[k]}] ${r.measure.unit} ${r.measure.problemNo ?? ''}/${r.measure.measureNo ?? ''} ${r.measure.problem}｜${r.measure.measure} (old master)`),
  };
}

function fail(set: UnitSet, problems: string[]): void {
  if (problems.length === 0) return;
  const shown = problems.slice(0, 12).map((p) => `  - ${p}`);
  if (problems.length > 12) shown.push(`  … and ${problems.length - 12} more`);
  throw new SetFailure(`\n${describeSet(set)}\nbroken:\n${shown.join('\n')}\n`);
}

/** A set read, merged, and its master written and read back. */
async function mergeSet(set: UnitSet, problems: string[]) {
  const old = await oldMasterInput(set, problems);
  const inputs = [...(old ? [old] : []), ...set.files.map((f) => readUnitFile(f, set, problems))];
  const result = mergeLedgers(
    inputs.map((i) => i.ledger),
    { asOf: AS_OF, config },
  );
  const rowTids = checkPlacement(result, inputs, 'merge', problems);
  const back = await writeAndRead(result.master, result.rollup, '总台账.xlsx');
  checkWrittenRows(result.master, back, 'master read back', problems);
  return { inputs, result, rowTids, back };
}

async function mergeProperties(set: UnitSet): Promise<void> {
  const problems: string[] = [];
  const { inputs, result, rowTids, back } = await mergeSet(set, problems);
  const ledgers = inputs.map((i) => i.ledger);

  // check(merge(files)) = merge's rollup.
  const checked = checkLedgers([back.ledger], { asOf: AS_OF, config }).rollup;
  same('check of the written master: counts', counts(checked), counts(result.rollup), problems);
  same('check of the written master: byUnit / byCategory', groups(checked), groups(result.rollup), problems);

  // Merging the output with its inputs again changes no count, and matches as the truth says.
  const masterInput: Input = {
    ledger: back.ledger,
    tids: back.index.map((j) => rowTids[j] ?? ''),
    what: back.ledger.rows.map(
      (r, k) => `[${rowTids[back.index[k]!] ?? ''}] ${r.measure.unit} ${r.measure.problemNo ?? ''}/${r.measure.measureNo ?? ''} ${r.measure.problem}｜${r.measure.measure} (written master)`,
    ),
  };
  const again = mergeLedgers([back.ledger, ...ledgers], { asOf: AS_OF, config });
  same('merge of [written master, ...inputs]: row count', again.master.rows.length, result.master.rows.length, problems);
  same('merge of [written master, ...inputs]: counts', counts(again.rollup), counts(result.rollup), problems);
  same('merge of [written master, ...inputs]: byUnit / byCategory', groups(again.rollup), groups(result.rollup), problems);
  if (back.ledger.rows.length === result.master.rows.length) checkPlacement(again, [masterInput, ...inputs], 'merge of [written master, ...inputs]', problems);
  fail(set, problems);
}

/** The written master, merged back after its inputs without edits, changes nothing. */
async function roundTripProperties(set: UnitSet): Promise<void> {
  const problems: string[] = [];
  const { inputs, result, back } = await mergeSet(set, problems);
  checkWrittenMeaning(result.master, back, 'master read back', problems);
  const after = mergeLedgers([...inputs.map((i) => i.ledger), back.ledger], { asOf: AS_OF, config });
  same('merge of [...inputs, written master]: row count', after.master.rows.length, result.master.rows.length, problems);
  for (const f of after.findings) {
    if (f.code === 'copies_differ' && f.file === back.ledger.file) problems.push(`merge of [...inputs, written master]: ${f.file} row ${f.row}${f.column}: ${f.message}`);
  }
  fail(set, problems);
}

const fcOptions = {
  numRuns: RUNS,
  seed: SEED,
  // A failing set is re-run while shrinking; stop shrinking rather than the suite.
  interruptAfterTimeLimit: 20_000,
  markInterruptAsFailure: false,
};

describe('merge over generated sets of unit ledgers', () => {
  it('places every row once, matches exactly the same measures, and round-trips its counts', async () => {
    await fc.assert(fc.asyncProperty(unitSetArb, mergeProperties), fcOptions);
  });

  it('writes a master that reads back meaning what it meant, and merges back after its inputs changing nothing', async () => {
    await fc.assert(fc.asyncProperty(unitSetArb, roundTripProperties), fcOptions);
  });
});

// ---------------------------------------------------------------------------------------------
// The sharp cases, one by one.

const HEAD = ['序号', '问题编号', '存在问题', '整改措施', '责任单位', '完成时限', '完成情况'];
const ledgerOf = (file: string, rows: CellValue[][], head = HEAD, above: CellValue[][] = []) => readLedger(book(file, grid('整改台账', [...above, head, ...rows])));
const statusesByUnit = (r: MergeResult) => r.master.rows.map((x) => `${x.measure.unit} ${x.measure.problemNo ?? ''} ${x.measure.status}`);

describe('merge: the sharp cases of identity', () => {
  it('keeps both units when two units number their rows alike', () => {
    const a = ledgerOf('计算机学院.xlsx', [
      [1, '1', '中心组学习计划性不强', '制定年度学习计划', '计算机学院', '2018年9月底前', '未启动'],
      [2, '2', '中心组学习计划性不强', '建立学习考勤制度', '计算机学院', '2018-12-31', '未启动'],
    ]);
    const b = ledgerOf('外国语学院.xlsx', [
      [1, '1', '中心组学习计划性不强', '制定年度学习计划', '外国语学院', '2018年9月底前', '正在推进'],
      [2, '2', '中心组学习计划性不强', '建立学习考勤制度', '外国语学院', '2018-12-31', '正在推进'],
    ]);
    const update = ledgerOf('计算机学院（更新）.xlsx', [
      [1, '2', '中心组学习计划性不强', '建立学习考勤制度', '计算机学院', '2018-12-31', '已完成'],
      [2, '1', '中心组学习计划性不强', '制定年度学习计划', '计算机学院', '2018年9月底前', '已完成并长期坚持'],
    ]);
    const r = mergeLedgers([a, b, update], { asOf: AS_OF });
    expect(r.master.rows).toHaveLength(4);
    expect(r.placement).toEqual([[0, 1], [2, 3], [1, 0]]);
    expect(statusesByUnit(r)).toEqual(['计算机学院 1 done_ongoing', '计算机学院 2 done', '外国语学院 1 in_progress', '外国语学院 2 in_progress']);
    expect(r.rollup).toMatchObject({ measures: 4, problems: 1 });
  });

  it('keeps both units’ rows when a file is copied with only the 填报单位 changed', () => {
    const head = ['序号', '存在问题', '整改措施', '完成时限', '完成情况'];
    const rows: CellValue[][] = [
      [1, '票据管理不规范', '规范票据管理', '2018-12-31', '正在推进'],
      [2, '票据管理不规范', '开展专项检查', '长期坚持', '已完成'],
    ];
    const original = ledgerOf('财务处.xlsx', rows, head, [['财务处巡视整改工作台账'], ['填报单位：财务处']]);
    const copy = ledgerOf('图书馆.xlsx', rows, head, [['财务处巡视整改工作台账'], ['填报单位：图书馆']]);
    const update = ledgerOf('财务处（更新）.xlsx', [[1, '票据管理不规范', '规范票据管理', '2018-12-31', '已完成']], head, [['填报单位：财务处']]);
    const r = mergeLedgers([original, copy, update], { asOf: AS_OF });
    expect(r.master.rows.map((x) => `${x.measure.unit} ${x.measure.measure} ${x.measure.status}`)).toEqual([
      '财务处 规范票据管理 done',
      '财务处 开展专项检查 done',
      '图书馆 规范票据管理 in_progress',
      '图书馆 开展专项检查 done',
    ]);
    expect(r.placement).toEqual([[0, 1], [2, 3], [0]]);
    expect(r.rollup.byUnit.map((u) => [u.unit, u.measures])).toEqual([['财务处', 2], ['图书馆', 2]]);
  });

  it('tells identical texts of one unit apart by their 问题编号, whatever their order', () => {
    const rows = (statuses: string[], order: number[]) =>
      order.map((k, i): CellValue[] => [i + 1, `SJ-${k}`, '票据管理不规范', '规范票据管理', '财务处', '2018-12-31', statuses[k - 1]!]);
    const before = ledgerOf('财务处（8月）.xlsx', rows(['未启动', '未启动', '未启动'], [1, 2, 3]));
    const after = ledgerOf('财务处（9月）.xlsx', rows(['已完成', '正在推进', '已完成并长期坚持'], [3, 1, 2]));
    const r = mergeLedgers([before, after], { asOf: AS_OF });
    expect(r.master.rows).toHaveLength(3);
    expect(r.placement[1]).toEqual([2, 0, 1]);
    expect(statusesByUnit(r)).toEqual(['财务处 SJ-1 done', '财务处 SJ-2 in_progress', '财务处 SJ-3 done_ongoing']);
  });

  it('never pairs by text two rows whose numbers both exist and differ: a new SJ-3 is not the SJ-2 an update left out', () => {
    const row = (no: string, status: string): CellValue[] => [1, no, '票据管理不规范', '规范票据管理', '财务处', '2018-12-31', status];
    const before = ledgerOf('财务处（8月）.xlsx', [row('SJ-1', '未启动'), row('SJ-2', '未启动')]);
    const after = ledgerOf('财务处（9月）.xlsx', [row('SJ-1', '已完成'), row('SJ-3', '正在推进')]);
    const r = mergeLedgers([before, after], { asOf: AS_OF });
    expect(statusesByUnit(r)).toEqual(['财务处 SJ-1 done', '财务处 SJ-2 not_started', '财务处 SJ-3 in_progress']);
    expect(r.placement).toEqual([[0, 1], [0, 2]]);
  });

  it('matches an edited measure text by its number within its unit, never across units', () => {
    const a = ledgerOf('计算机学院.xlsx', [[1, '1', '会风文风不实', '开展专项检查', '计算机学院', '2018年9月底前', '未启动']]);
    const b = ledgerOf('外国语学院.xlsx', [[1, '1', '会风文风不实', '开展专项检查', '外国语学院', '2018年9月底前', '未启动']]);
    // 计算机学院 rewords its measure; 财务处, a third unit numbering alike, sends the reworded text too.
    const editA = ledgerOf('计算机学院（更新）.xlsx', [[1, '1', '会风文风不实', '开展专项检查并建立长效机制', '计算机学院', '2018年9月底前', '已完成']]);
    const c = ledgerOf('财务处.xlsx', [[1, '1', '会风文风不实', '开展专项检查并建立长效机制', '财务处', '2018年9月底前', '正在推进']]);
    const r = mergeLedgers([a, b, editA, c], { asOf: AS_OF });
    expect(r.placement).toEqual([[0], [1], [0], [2]]);
    expect(r.master.rows.map((x) => `${x.measure.unit} ${x.measure.measure} ${x.measure.status}`)).toEqual([
      '计算机学院 开展专项检查并建立长效机制 done',
      '外国语学院 开展专项检查 not_started',
      '财务处 开展专项检查并建立长效机制 in_progress',
    ]);
    expect(r.findings.filter((f) => f.code === 'copies_differ').map((f) => `${f.file} ${f.field}`)).toEqual([
      '计算机学院（更新）.xlsx measure',
      '计算机学院（更新）.xlsx status',
    ]);
  });
});
