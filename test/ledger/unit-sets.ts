// Generated sets of unit ledgers for the merge properties (BRIEF §3 "Identity"): several units'
// workbooks, numbered alike or not, sharing problems, repeating texts, copied with only the unit
// changed, updated in another order with edited texts, and sometimes an old master first.
//
// Every row of every generated file carries a hidden truth id (`tid`, never written to the file):
// the true measure it stands for. Two rows stand for one measure exactly when the brief's identity
// rules say they must be matched, so the generator avoids the inputs where those rules themselves
// would pair two different true measures:
// - texts within a unit are unique when the files carry no number columns;
// - a measure's text is changed in words only (not merely spacing or punctuation) when its canonical
//   problem and measure text is unique within its unit, and the edited text is new to the unit (so
//   the texts never point at another measure before the number is consulted);
// - the number key (问题编号 + 措施编号) is unique per true measure within a unit;
// - a measure whose text another measure of its unit repeats is in the unit's first file (so its
//   twin cannot claim it by text when it first turns up).
import fc from 'fast-check';
import { columnLetter, isoToSerial, textKey, toChineseNumber, type CellValue, type GridWorkbook } from '../../ledger';
import { book, grid } from './grids';

export const AS_OF = '2018-10-15';

/** Units that send files of their own. */
export const FILED_UNITS = ['计算机学院', '外国语学院', '财务处', '后勤保障处'] as const;
/** Units that only ever get a copy of another unit's file with the unit changed. */
export const COPY_UNITS = ['马克思主义学院', '图书馆', '资产管理处'] as const;

export const CATEGORIES = ['理论学习不深入', '基层组织建设薄弱', '作风建设不扎实', '财务管理不规范'] as const;

/** The campaign's problems, each in one category; in mode 'shared' numbered "类.题" across units. */
export const PROBLEMS: readonly { category: number; text: string }[] = [
  { category: 0, text: '中心组学习计划性不强' },
  { category: 0, text: '学习形式单一' },
  { category: 1, text: '支部组织生活不规范' },
  { category: 1, text: '发展党员程序不严' },
  { category: 2, text: '会风文风不实' },
  { category: 2, text: '调查研究不够深入' },
  { category: 3, text: '票据管理不规范' },
  { category: 3, text: '公务接待超标准' },
];

export const MEASURES = [
  '制定年度学习计划并按月落实',
  '建立学习考勤和通报制度',
  '开展专项检查',
  '完善工作记录',
  '组织专题培训',
  '修订管理办法',
  '加强督促检查',
  '建立整改台账',
] as const;

const DEADLINES: readonly ({ kind: 'date'; date: string } | { kind: 'ongoing' })[] = [
  { kind: 'date', date: '2018-09-30' },
  { kind: 'date', date: '2018-10-31' },
  { kind: 'date', date: '2018-12-31' },
  { kind: 'ongoing' },
];

export const STATUS_WORDS = ['未启动', '正在推进', '已启动', '推进中', '已完成', '完成', '已完成并长期坚持'] as const;

/** Word changes to a measure text (never only spacing or punctuation). */
const WORD_EDITS: ((s: string) => string)[] = [(s) => `切实${s}`, (s) => `${s}并建立长效机制`];

export type NumberMode = 'local' | 'shared' | 'none';
export type LocalStyle = 'seq' | 'dash';

export interface Layout {
  title: boolean;
  /** The unit in a 责任单位 column, in a "填报单位：" line above the header, or both. */
  unitAs: 'column' | 'line' | 'both';
  separators: boolean;
  categoryColumn: boolean;
  mergeProblems: boolean;
  progress: boolean;
  footer: boolean;
  problemHeader: '存在问题' | '问题描述' | '具体问题';
  measureHeader: '整改措施' | '具体措施';
  numbersAsNumbers: boolean;
  /** 序号 starts again from 1 under each separator line (序号 is a row counter, never identity). */
  seqRestart: boolean;
}

/** A true measure of one unit. */
export interface TrueMeasure {
  tid: string;
  unit: string;
  category: string;
  problem: string;
  problemNo?: string;
  measureNo?: string;
  measure: string;
  deadline: number;
  /** Is its problem and measure text unique within its unit? */
  unique: boolean;
  /** May its measure text be changed in words (see the header)? */
  editable: boolean;
}

export interface FileRow extends Omit<TrueMeasure, 'deadline' | 'unique' | 'editable'> {
  deadline: CellValue;
  status: string;
  /** How the texts were varied: '' (as is), 'ws', 'punct', 'edit'. */
  variant: string;
}

export type FileKind = 'early' | 'original' | 'update' | 'copy';

export interface UnitFile {
  name: string;
  /** The unit the file names (column or 填报单位 line). */
  unit: string;
  /** The unit its title names: a copied file keeps the title of the file it was copied from. */
  titleUnit: string;
  kind: FileKind;
  layout: Layout;
  rows: FileRow[];
}

export interface UnitSet {
  mode: NumberMode;
  localStyle: LocalStyle;
  units: string[];
  copies: { from: string; to: string }[];
  truths: TrueMeasure[];
  /** Early files of some units, merged, written and read back as the set's first input. */
  oldMaster?: { files: UnitFile[]; ids: boolean };
  files: UnitFile[];
}

// ---------------------------------------------------------------------------------------------
// Plans: what fast-check generates (and shrinks); `buildSet` turns a plan into files, deterministically.

const MAX_MEASURES = 6;

const layoutArb: fc.Arbitrary<Layout> = fc.record({
  title: fc.boolean(),
  unitAs: fc.constantFrom('column' as const, 'line' as const, 'both' as const),
  separators: fc.boolean(),
  categoryColumn: fc.boolean(),
  mergeProblems: fc.boolean(),
  progress: fc.boolean(),
  footer: fc.boolean(),
  problemHeader: fc.constantFrom('存在问题' as const, '问题描述' as const, '具体问题' as const),
  measureHeader: fc.constantFrom('整改措施' as const, '具体措施' as const),
  numbersAsNumbers: fc.boolean(),
  seqRestart: fc.boolean(),
});

const rowPlanArb = fc.record({
  include: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
  key: fc.nat(99),
  status: fc.nat(STATUS_WORDS.length - 1),
  variant: fc.nat(7),
  deadlineFormat: fc.nat(2),
});
type RowPlan = typeof rowPlanArb extends fc.Arbitrary<infer T> ? T : never;

const filePlanArb = fc.record({
  layout: layoutArb,
  rows: fc.array(rowPlanArb, { minLength: MAX_MEASURES, maxLength: MAX_MEASURES }),
});
type FilePlan = typeof filePlanArb extends fc.Arbitrary<infer T> ? T : never;

const unitPlanArb = fc.record({
  picks: fc.array(
    fc.record({ problem: fc.nat(PROBLEMS.length - 1), measure: fc.nat(MEASURES.length - 1), deadline: fc.nat(DEADLINES.length - 1) }),
    { minLength: 2, maxLength: MAX_MEASURES - 1 },
  ),
  /** Index of a measure repeated word for word as another true measure (numbered modes only). */
  duplicate: fc.option(fc.nat(MAX_MEASURES - 2), { nil: undefined }),
  early: fc.option(filePlanArb, { nil: undefined }),
  original: filePlanArb,
  update: fc.option(filePlanArb, { nil: undefined }),
  orderKey: fc.nat(99),
});
type UnitPlan = typeof unitPlanArb extends fc.Arbitrary<infer T> ? T : never;

export const setPlanArb = fc.record({
  mode: fc.constantFrom('local' as const, 'shared' as const, 'none' as const),
  localStyle: fc.constantFrom('seq' as const, 'dash' as const),
  unitPicks: fc.uniqueArray(fc.nat(FILED_UNITS.length - 1), { minLength: 2, maxLength: 4 }),
  units: fc.array(unitPlanArb, { minLength: 4, maxLength: 4 }),
  copies: fc.array(fc.record({ from: fc.nat(3), to: fc.nat(COPY_UNITS.length - 1), orderKey: fc.nat(99) }), { maxLength: 2 }),
  oldMaster: fc.option(fc.record({ ids: fc.boolean() }), { nil: undefined }),
});
export type SetPlan = typeof setPlanArb extends fc.Arbitrary<infer T> ? T : never;

/** Generated sets; a counterexample prints as the files it stands for (see describeSet). */
export const unitSetArb: fc.Arbitrary<UnitSet> = setPlanArb.map((plan) => {
  const set = buildSet(plan);
  Object.defineProperty(set, fc.toStringMethod, { value: () => `\n${describeSet(set)}\n`, enumerable: false });
  return set;
});

// ---------------------------------------------------------------------------------------------

function problemNoShared(problem: number): string {
  const p = PROBLEMS[problem]!;
  const within = PROBLEMS.slice(0, problem).filter((q) => q.category === p.category).length;
  return `${p.category + 1}.${within + 1}`;
}

const contentOf = (problem: string, measure: string) => `${textKey(problem)}|${textKey(measure)}`;

/** A unit's true measures in the order its own ledger lists them: by category, then problem. */
function truthsOf(unit: string, plan: UnitPlan, mode: NumberMode, style: LocalStyle): TrueMeasure[] {
  let picks = plan.picks.map((p) => ({ ...p }));
  if (mode === 'none') {
    const seen = new Set<string>();
    picks = picks.filter((p) => {
      const k = `${p.problem}|${p.measure}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  } else if (plan.duplicate !== undefined) {
    picks.push({ ...picks[plan.duplicate % picks.length]!, deadline: (picks[plan.duplicate % picks.length]!.deadline + 1) % DEADLINES.length });
  }
  const ordered = picks
    .map((p, i) => ({ p, i }))
    .sort((a, b) => PROBLEMS[a.p.problem]!.category - PROBLEMS[b.p.problem]!.category || a.p.problem - b.p.problem || a.i - b.i)
    .map((x) => x.p);
  const localProblem = new Map<number, number>();
  const perProblem = new Map<number, number>();
  const counts = new Map<string, number>();
  for (const p of ordered) {
    const k = contentOf(PROBLEMS[p.problem]!.text, MEASURES[p.measure]!);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return ordered.map((p, k) => {
    const problem = PROBLEMS[p.problem]!;
    if (!localProblem.has(p.problem)) localProblem.set(p.problem, localProblem.size + 1);
    const m = (perProblem.get(p.problem) ?? 0) + 1;
    perProblem.set(p.problem, m);
    const numbers: Pick<TrueMeasure, 'problemNo' | 'measureNo'> =
      mode === 'local'
        ? { problemNo: style === 'seq' ? String(k + 1) : `${localProblem.get(p.problem)}-${m}` }
        : mode === 'shared'
          ? { problemNo: problemNoShared(p.problem), measureNo: String(k + 1) }
          : {};
    return {
      tid: `${unit}#${k + 1}`,
      unit,
      category: CATEGORIES[problem.category]!,
      problem: problem.text,
      ...numbers,
      measure: MEASURES[p.measure]!,
      deadline: p.deadline,
      unique: counts.get(contentOf(problem.text, MEASURES[p.measure]!)) === 1,
      editable: mode !== 'none' && counts.get(contentOf(problem.text, MEASURES[p.measure]!)) === 1,
    };
  });
}

function deadlineCell(t: TrueMeasure, format: number): CellValue {
  const d = DEADLINES[t.deadline]!;
  if (d.kind === 'ongoing') return '长期坚持';
  const [y, m] = d.date.split('-');
  if (format === 0) return `${y}年${Number(m)}月底前`;
  if (format === 1) return d.date;
  return isoToSerial(d.date);
}

/** A text as it appears in one file: as is, re-spaced, re-punctuated, or (when allowed) reworded. */
function varied(t: TrueMeasure, variant: number, wordsAllowed: boolean, unitTexts: Set<string>): { problem: string; measure: string; variant: string } {
  const mid = (s: string, ins: string) => s.slice(0, 2) + ins + s.slice(2);
  switch (variant) {
    case 2:
      return { problem: mid(t.problem, '　'), measure: mid(t.measure, ' '), variant: 'ws' };
    case 3:
      return { problem: t.problem, measure: mid(t.measure, '\n'), variant: 'ws' };
    case 4:
      return { problem: `${t.problem}。`, measure: `${t.measure}。`, variant: 'punct' };
    case 5:
      return { problem: t.problem, measure: mid(t.measure, '，'), variant: 'punct' };
    case 6:
    case 7: {
      if (!wordsAllowed || !t.editable) return { problem: t.problem, measure: t.measure, variant: '' };
      const measure = WORD_EDITS[variant - 6]!(t.measure);
      // An edit must be new to the unit, or the texts would name another measure before the number does.
      if (unitTexts.has(contentOf(t.problem, measure))) return { problem: t.problem, measure: t.measure, variant: '' };
      return { problem: t.problem, measure, variant: 'edit' };
    }
    default:
      return { problem: t.problem, measure: t.measure, variant: '' };
  }
}

function fileOf(name: string, unit: string, kind: FileKind, truths: TrueMeasure[], plan: FilePlan, earlyStatuses = false): UnitFile {
  const unitTexts = new Set(truths.map((t) => contentOf(t.problem, t.measure)));
  let chosen = truths.map((t, k) => ({ t, p: plan.rows[k % plan.rows.length]! as RowPlan, k }));
  if (kind === 'original') {
    // A unit's first file may lack a measure it adds later (a problem it found itself). Not one whose
    // text another of its measures repeats: met first in a later file, the brief pairs it with that
    // other measure by their texts before looking at the numbers.
    const listed = chosen.filter((c) => !c.t.unique || c.p.key % 5 !== 0);
    if (listed.length > 0) chosen = listed;
  } else if (kind === 'early' || kind === 'update') {
    const subset = chosen.filter((c) => c.p.include);
    chosen = (subset.length > 0 ? subset : chosen.slice(0, 1)).sort((a, b) => a.p.key - b.p.key || b.k - a.k);
  }
  const listed = chosen.map(({ t, p }): FileRow => {
    const text = varied(t, p.variant, kind === 'early' || kind === 'update', unitTexts);
    return {
      tid: t.tid,
      unit: t.unit,
      category: t.category,
      problem: text.problem,
      ...(t.problemNo !== undefined ? { problemNo: t.problemNo } : {}),
      ...(t.measureNo !== undefined ? { measureNo: t.measureNo } : {}),
      measure: text.measure,
      deadline: deadlineCell(t, p.deadlineFormat),
      status: STATUS_WORDS[earlyStatuses ? p.status % 4 : p.status]!,
      variant: text.variant,
    };
  });
  const file: UnitFile = { name, unit, titleUnit: unit, kind, layout: plan.layout, rows: listed };
  // Under separator lines the rows of one category stand together: this is the order of the file.
  return { ...file, rows: rowsInFileOrder(file).flat() };
}

export function buildSet(plan: SetPlan): UnitSet {
  const units = plan.unitPicks.map((i) => FILED_UNITS[i]!);
  const truths: TrueMeasure[] = [];
  const own: { unit: string; plan: UnitPlan; truths: TrueMeasure[]; original: UnitFile; update?: UnitFile }[] = [];
  units.forEach((unit, u) => {
    const up = plan.units[u]!;
    const ts = truthsOf(unit, up, plan.mode, plan.localStyle);
    truths.push(...ts);
    const original = fileOf(`${unit}整改台账.xlsx`, unit, 'original', ts, up.original);
    const update = up.update && fileOf(`${unit}整改台账（10月更新）.xlsx`, unit, 'update', ts, up.update);
    own.push({ unit, plan: up, truths: ts, original, ...(update ? { update } : {}) });
  });

  // Copies: a unit's file sent again for a unit without a file of its own, only the unit changed.
  const copies: { from: string; to: string }[] = [];
  const copyFiles: { key: number; file: UnitFile }[] = [];
  for (const c of plan.copies) {
    const src = own[c.from % own.length]!;
    const to = COPY_UNITS[c.to]!;
    if (copies.some((x) => x.to === to)) continue;
    copies.push({ from: src.unit, to });
    const tidOf = (tid: string) => tid.replace(src.unit, to);
    truths.push(...src.truths.map((t) => ({ ...t, tid: tidOf(t.tid), unit: to })));
    copyFiles.push({
      key: c.orderKey,
      file: { ...src.original, name: `${to}整改台账.xlsx`, unit: to, kind: 'copy', rows: src.original.rows.map((r) => ({ ...r, tid: tidOf(r.tid), unit: to })) },
    });
  }

  // First everyone's first file (and the copies) in some order, then the updates.
  const firsts = [...own.map((o) => ({ key: o.plan.orderKey, file: o.original })), ...copyFiles].sort((a, b) => a.key - b.key).map((x) => x.file);
  const updates = own
    .filter((o) => o.update)
    .sort((a, b) => b.plan.orderKey - a.plan.orderKey)
    .map((o) => o.update!);

  let oldMaster: UnitSet['oldMaster'];
  if (plan.oldMaster) {
    let early = own.filter((o) => o.plan.early).map((o) => fileOf(`${o.unit}整改台账（8月）.xlsx`, o.unit, 'early', o.truths, o.plan.early!, true));
    if (early.length === 0) early = [fileOf(`${own[0]!.unit}整改台账（8月）.xlsx`, own[0]!.unit, 'early', own[0]!.truths, own[0]!.plan.original, true)];
    oldMaster = { files: early, ids: plan.oldMaster.ids };
  }
  return {
    mode: plan.mode,
    localStyle: plan.localStyle,
    units,
    copies,
    truths,
    ...(oldMaster ? { oldMaster } : {}),
    files: [...firsts, ...updates],
  };
}

// ---------------------------------------------------------------------------------------------
// Files as grids.

interface Col {
  head: string;
  cell: (r: FileRow, seq: number) => CellValue;
  /** Merged down over the measures of one problem when the layout merges problem cells. */
  mergedWithProblem?: boolean;
}

function columnsOf(f: UnitFile, mode: NumberMode): Col[] {
  const L = f.layout;
  const num = (s: string | undefined): CellValue => (s === undefined ? null : L.numbersAsNumbers && /^\d+$/.test(s) ? Number(s) : s);
  const cols: Col[] = [{ head: '序号', cell: (_r, n) => n }];
  if (L.categoryColumn) cols.push({ head: '问题类别', cell: (r) => r.category, mergedWithProblem: true });
  if (mode !== 'none') cols.push({ head: '问题编号', cell: (r) => num(r.problemNo), mergedWithProblem: mode === 'shared' });
  cols.push({ head: L.problemHeader, cell: (r) => r.problem, mergedWithProblem: true });
  if (mode === 'shared') cols.push({ head: '措施编号', cell: (r) => num(r.measureNo) });
  cols.push({ head: L.measureHeader, cell: (r) => r.measure });
  if (L.unitAs !== 'line') cols.push({ head: '责任单位', cell: (r) => r.unit });
  cols.push({ head: '完成时限', cell: (r) => r.deadline });
  cols.push({ head: '完成情况', cell: (r) => r.status });
  if (L.progress) cols.push({ head: '进展情况', cell: (r) => (/完成/.test(r.status) ? '已按要求完成' : '按计划推进') });
  cols.push({ head: '备注', cell: () => null });
  return cols;
}

/**
 * The data rows in file order, grouped under their categories when the layout has separator lines
 * (a separator names the category of the rows below it). Also the order `readLedger` returns them in.
 */
export function rowsInFileOrder(f: UnitFile): FileRow[][] {
  if (!f.layout.separators) return [f.rows];
  const groups = new Map<string, FileRow[]>();
  for (const r of f.rows) {
    const g = groups.get(r.category);
    if (g) g.push(r);
    else groups.set(r.category, [r]);
  }
  return [...groups.values()];
}

export function unitFileBook(f: UnitFile, mode: NumberMode): GridWorkbook {
  const L = f.layout;
  const cols = columnsOf(f, mode);
  const last = cols.length - 1;
  const cells: CellValue[][] = [];
  const merges: string[] = [];
  const across = (r: number) => `A${r + 1}:${columnLetter(last)}${r + 1}`;
  if (L.title) {
    merges.push(across(cells.length));
    cells.push([`${f.titleUnit}巡视整改工作台账`]);
  }
  if (L.unitAs !== 'column') {
    const line: CellValue[] = cols.map(() => null);
    line[0] = L.title ? `填报单位：${f.unit}（盖章）` : `填报单位：${f.unit}`;
    line[last - 1] = '填报时间：2018年10月10日';
    cells.push(line);
  }
  cells.push(cols.map((c) => c.head));
  let seq = 0;
  rowsInFileOrder(f).forEach((group, g) => {
    if (L.separators) {
      merges.push(across(cells.length));
      cells.push([`${toChineseNumber(g + 1)}、${group[0]!.category}`]);
      if (L.seqRestart) seq = 0;
    }
    for (let i = 0; i < group.length; ) {
      let j = i + 1;
      while (L.mergeProblems && j < group.length && textKey(group[j]!.problem) === textKey(group[i]!.problem)) j++;
      const top = cells.length;
      for (let k = i; k < j; k++) {
        seq++;
        cells.push(cols.map((c) => (k > i && c.mergedWithProblem ? null : c.cell(group[k]!, seq))));
      }
      if (j - i > 1) {
        cols.forEach((c, ci) => {
          if (c.mergedWithProblem) merges.push(`${columnLetter(ci)}${top + 1}:${columnLetter(ci)}${top + j - i}`);
        });
      }
      i = j;
    }
  });
  if (L.footer) cells.push([], ['填表人：张某', null, null, '审核人：李某']);
  return book(f.name, grid('整改台账', cells, merges));
}

// ---------------------------------------------------------------------------------------------
// Readable descriptions for failure messages.

export function describeRow(r: FileRow): string {
  const no = [r.problemNo, r.measureNo].filter((x) => x !== undefined).join('/');
  return `[${r.tid}] ${r.unit} ${no ? `${no} ` : ''}${r.problem.replace(/\n/g, '⏎')}｜${r.measure.replace(/\n/g, '⏎')} ${r.status}${r.variant ? ` (${r.variant})` : ''}`;
}

function describeLayout(L: Layout): string {
  return [
    L.title ? 'title' : 'no title',
    `unit:${L.unitAs}`,
    L.separators ? 'separators' : 'no separators',
    L.categoryColumn ? 'category column' : '',
    L.mergeProblems ? 'merged problems' : 'repeated problems',
  ]
    .filter(Boolean)
    .join(', ');
}

export function describeFile(f: UnitFile): string {
  return [`  ${f.name} (${f.kind}; ${describeLayout(f.layout)})`, ...rowsInFileOrder(f).flat().map((r, i) => `    ${i + 1}. ${describeRow(r)}`)].join('\n');
}

export function describeSet(s: UnitSet): string {
  const lines = [
    `mode=${s.mode}${s.mode === 'local' ? `/${s.localStyle}` : ''} units=[${s.units.join(', ')}] copies=[${s.copies.map((c) => `${c.from}→${c.to}`).join(', ')}]`,
  ];
  if (s.oldMaster) {
    lines.push(`old master${s.oldMaster.ids ? ' (with ids)' : ''} merged from:`);
    lines.push(...s.oldMaster.files.map(describeFile));
  }
  lines.push('files:', ...s.files.map(describeFile));
  return lines.join('\n');
}
