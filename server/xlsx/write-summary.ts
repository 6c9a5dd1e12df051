// The "汇总" sheet: the report sentence, then counts by category and by unit. Every count is a live
// COUNTIFS over the ledger sheet, so it follows the office's later edits, and carries the rollup's
// figure as its cached result, so a reader that does not calculate (a previewer, SheetJS) still shows it.
//
// The category column cannot be a COUNTIFS criterion: its cells are merged down over each problem's
// measures and hold the name in the top cell only. Category rows are written as one block each,
// under their "一、…" line, so a category's counts are taken over its block of rows instead.
import {
  CLOSED_WORDS,
  NO_CATEGORY,
  NO_UNIT,
  categoryKey,
  columnLetter,
  isoToSerial,
  statusLabel,
  type CampaignConfig,
  type CategoryRollup,
  type Lang,
  type Rollup,
  type StatusCode,
} from '../../ledger';
import { heightFor, linesNeeded } from './master-layout';
import { pageSetup } from './print';
import { SheetWriter, formulaText, type Cell } from './sheet-writer';
import type { WorkbookWriter } from './workbook-writer';

/** Where the ledger sheet put things, for the formulas that count over it. */
export interface LedgerRanges {
  sheet: string;
  firstData: number;
  lastData: number;
  seqCol: string;
  problemCol: string;
  unitCol: string;
  deadlineCol: string;
  /** The hidden column of due dates (deadline words resolved to a date). */
  dueCol: string;
  statusCol: string;
  /** The 销号情况 column, when the ledger has one: the summary then counts closed measures too. */
  closureCol?: string;
  /** Each category's block of data rows (undefined: the rows without a category). */
  categoryRanges: Map<string | undefined, { first: number; last: number }>;
  /** Deadline texts that mean 立行立改, as written in the ledger. */
  immediateTexts: string[];
}

const LABELS = {
  zh: {
    asOf: '统计日期',
    byCategory: '按问题类别统计',
    byUnit: '按责任单位统计',
    category: '问题类别',
    unit: '责任单位',
    problems: '问题数',
    measures: '整改措施数',
    completed: '完成数',
    rate: '完成率',
    overdue: '逾期数',
    closed: '已销号数',
    total: '合计',
  },
  en: {
    asOf: 'As of',
    byCategory: 'By category',
    byUnit: 'By unit',
    category: 'Category',
    unit: 'Unit',
    problems: 'Problems',
    measures: 'Measures',
    completed: 'Completed',
    rate: 'Completion rate',
    overdue: 'Overdue',
    closed: 'Closed off',
    total: 'Total',
  },
};

type Figures = Pick<CategoryRollup, 'problems' | 'measures' | 'status' | 'completed' | 'completionRate' | 'overdue' | 'closed'>;

interface Column {
  header: string;
  value: (f: Figures) => number;
  /** The formula for table row `r` (its cells are referred to by letter within the same row). */
  formula: (q: Query, r: number) => string;
  /** A count is totalled by SUM; the rate is recomputed from the totals of measures and completed. */
  kind: 'count' | 'rate';
  role?: 'measures' | 'completed';
}

/** How to count one table row over the ledger sheet. */
interface Query {
  /** A ledger column's data rows as an absolute range on the ledger sheet. */
  range(col: string): string;
  /** COUNTIFS criteria that pick this row's measures (none for a category: its range already does). */
  criteria: string[];
}

/** How the summary counts over the ledger: the formulas of each column, from its labels and ranges. */
class Counting {
  readonly label: (code: StatusCode) => string;

  constructor(
    private readonly t: (typeof LABELS)[Lang],
    private readonly ranges: LedgerRanges,
    config: CampaignConfig,
    /** The cell holding the as-of date (overdue is counted as of it). */
    private readonly asOfCell: string,
  ) {
    this.label = (code) => statusLabel(code, config);
  }

  /** A range of the ledger's rows `first` to `last`, by column letter. */
  onLedger(first: number, last: number): Query['range'] {
    return (col) => `'${this.ranges.sheet}'!$${col}$${first}:$${col}$${last}`;
  }

  countifs(q: Query, more: string[]): string {
    return `COUNTIFS(${[...q.criteria, ...more].join(',')})`;
  }

  withStatus(code: StatusCode): Column['formula'] {
    return (q) => this.countifs(q, [q.range(this.ranges.statusCol), formulaText(this.label(code))]);
  }

  /** Overdue: a deadline date before the as-of date, or a 立行立改 deadline; and not completed. */
  overdue(q: Query): string {
    const { ranges } = this;
    const notDone = [this.label('done'), this.label('done_ongoing')].flatMap((d) => [q.range(ranges.statusCol), formulaText(`<>${d}`)]);
    return [
      this.countifs(q, [q.range(ranges.dueCol), `"<"&${this.asOfCell}`, ...notDone]),
      ...ranges.immediateTexts.map((text) => this.countifs(q, [q.range(ranges.deadlineCol), formulaText(`=${escapeWildcards(text)}`), ...notDone])),
    ].join('+');
  }

  /** The columns from "measures" on; `at(0)` is the measures column's letter, `at(n)` the n-th after it. */
  figureColumns(measures: Column['formula'], at: (n: number) => string): Column[] {
    const { t, label } = this;
    const closureCol = this.ranges.closureCol;
    return [
      { header: t.measures, value: (f) => f.measures, formula: measures, kind: 'count', role: 'measures' },
      { header: label('done'), value: (f) => f.status.done, formula: this.withStatus('done'), kind: 'count' },
      { header: label('done_ongoing'), value: (f) => f.status.done_ongoing, formula: this.withStatus('done_ongoing'), kind: 'count' },
      { header: label('in_progress'), value: (f) => f.status.in_progress, formula: this.withStatus('in_progress'), kind: 'count' },
      // Not started is everything else, as the rollup counts it: an empty or unknown status is no progress.
      {
        header: label('not_started'),
        value: (f) => f.status.not_started,
        formula: (_q, r) => `${at(0)}${r}-${at(1)}${r}-${at(2)}${r}-${at(3)}${r}`,
        kind: 'count',
      },
      { header: t.completed, value: (f) => f.completed, formula: (_q, r) => `${at(1)}${r}+${at(2)}${r}`, kind: 'count', role: 'completed' },
      { header: t.rate, value: (f) => f.completionRate, formula: (_q, r) => `IF(${at(0)}${r}=0,0,${at(5)}${r}/${at(0)}${r})`, kind: 'rate' },
      { header: t.overdue, value: (f) => f.overdue, formula: (q) => this.overdue(q), kind: 'count' },
      ...(closureCol === undefined
        ? []
        : [{ header: t.closed, value: (f: Figures) => f.closed, formula: (q: Query) => this.countifs(q, [q.range(closureCol), formulaText(`${CLOSED_WORDS}*`)]), kind: 'count' as const }]),
    ];
  }
}

/** Writes the summary into its tab (kept for it before the ledger was written). */
export async function writeSummarySheet(
  wb: WorkbookWriter,
  rollup: Rollup,
  ranges: LedgerRanges,
  config: CampaignConfig,
  lang: Lang,
  tab: number,
): Promise<void> {
  const t = LABELS[lang];
  const widths = ranges.closureCol === undefined ? WIDTHS : [...WIDTHS, CLOSED_WIDTH];
  // The report sentence and the date head every printed page.
  const sheet = wb.addSheet('汇总', { columns: widths.map((width) => ({ width })), print: pageSetup('1:2') }, { tab });
  const count = new Counting(t, ranges, config, writeReport(sheet, rollup, widths, t.asOf));
  sheet.row([]);
  writeCategoryTable(sheet, t, count, rollup, ranges);
  sheet.row([]);
  writeUnitTable(sheet, t, count, rollup, ranges);
  await sheet.end();
}

/** The report sentence over the table's width, then the as-of date; gives the date's cell. */
function writeReport(sheet: SheetWriter, rollup: Rollup, widths: number[], asOfLabel: string): string {
  // The sentence is set in 12 points over the merged width: its characters are wider and its lines
  // taller than the body text linesNeeded measures.
  const reportLines = linesNeeded(rollup.report, Math.floor(widths.reduce((a, b) => a + b, 0) * 0.8));
  const report = sheet.row([{ value: rollup.report, style: 'report' }], Math.max(48, reportLines * 18 + 6));
  sheet.merge(report, 0, report, widths.length - 1);
  const asOfRow = sheet.row([
    { value: asOfLabel, style: 'note' },
    { value: isoToSerial(rollup.asOf), style: 'bareDate' },
    { value: null, style: 'note' },
  ]);
  // The date (yyyy年m月d日) is wider than the counts column it sits in.
  sheet.merge(asOfRow, 1, asOfRow, 2);
  return `$B$${asOfRow}`;
}

/** Category table: A name, B problems, C measures, … each counted over its category's block of rows. */
function writeCategoryTable(sheet: SheetWriter, t: (typeof LABELS)[Lang], count: Counting, rollup: Rollup, ranges: LedgerRanges): void {
  const columns: Column[] = [
    { header: t.problems, value: (f) => f.problems, formula: (q) => `COUNTA(${q.range(ranges.problemCol)})`, kind: 'count' },
    ...count.figureColumns((q) => `COUNT(${q.range(ranges.seqCol)})`, (n) => columnLetter(2 + n)),
  ];
  const rows = rollup.byCategory.map((c): TableRow => {
    const block = findBlock(ranges, c.category);
    return { name: c.category, figures: c, query: () => block && { range: count.onLedger(block.first, block.last), criteria: [] } };
  });
  writeTable(sheet, t.byCategory, t.category, t.total, columns, rows);
}

/** Unit table: A name, B measures, … counted over all the measure rows by their unit cell. */
function writeUnitTable(sheet: SheetWriter, t: (typeof LABELS)[Lang], count: Counting, rollup: Rollup, ranges: LedgerRanges): void {
  const all = count.onLedger(ranges.firstData, ranges.lastData);
  const hasRows = ranges.lastData >= ranges.firstData;
  const rows = rollup.byUnit.map((u): TableRow => ({
    name: u.unit,
    figures: u,
    query: (r: number) => {
      if (!hasRows) return undefined;
      // The rows without a unit: blank unit cells, but only on measure rows (category lines are blank too).
      const criteria = u.unit === NO_UNIT ? [all(ranges.unitCol), '""', all(ranges.seqCol), '"<>"'] : [all(ranges.unitCol), `"="&$A$${r}`];
      return { range: all, criteria };
    },
  }));
  writeTable(sheet, t.byUnit, t.unit, t.total, count.figureColumns((q) => count.countifs(q, []), (n) => columnLetter(1 + n)), rows);
}

interface TableRow {
  name: string;
  figures: Figures;
  query: (excelRow: number) => Query | undefined;
}

const WIDTHS = [24, 10, 12, 12, 18, 12, 10, 10, 10, 10];
/** The 已销号数 column's, after the others, when the ledger has a 销号情况 column. */
const CLOSED_WIDTH = 10;

function writeTable(sheet: SheetWriter, heading: string, nameHeader: string, totalLabel: string, columns: Column[], rows: TableRow[]): void {
  sheet.row([{ value: heading, style: 'section' }], 22);
  sheet.row([{ value: nameHeader, style: 'header' }, ...columns.map((c): Cell => ({ value: c.header, style: 'header' }))], 30);
  const first = sheet.rowNumber;
  const sums = columns.map(() => 0);
  for (const row of rows) {
    const r = sheet.rowNumber;
    const query = row.query(r);
    // A long category name wraps in its column: the row grows with it (LibreOffice and WPS do not).
    sheet.row(
      [
        { value: row.name, style: 'centered' },
        ...columns.map((c, i): Cell => {
          const value = c.value(row.figures);
          sums[i]! += value;
          const style = c.kind === 'rate' ? 'percent' : 'number';
          return query ? { value, style, formula: c.formula(query, r) } : { value, style };
        }),
      ],
      heightFor([row.name], WIDTHS),
    );
  }
  const last = sheet.rowNumber - 1;
  const at = (role: Column['role']) => columns.findIndex((c) => c.role === role);
  const [measures, completed] = [sums[at('measures')]!, sums[at('completed')]!];
  const totalRow = sheet.rowNumber;
  const [m, c] = [columnLetter(1 + at('measures')), columnLetter(1 + at('completed'))];
  sheet.row([
    { value: totalLabel, style: 'total' },
    ...columns.map((col, i): Cell => {
      if (rows.length === 0) return { value: 0, style: col.kind === 'rate' ? 'totalPercent' : 'total' };
      if (col.kind === 'rate') {
        return { value: measures === 0 ? 0 : completed / measures, style: 'totalPercent', formula: `IF(${m}${totalRow}=0,0,${c}${totalRow}/${m}${totalRow})` };
      }
      const letter = columnLetter(i + 1);
      return { value: sums[i]!, style: 'total', formula: `SUM(${letter}${first}:${letter}${last})` };
    }),
  ]);
}

function findBlock(ranges: LedgerRanges, category: string) {
  if (category === NO_CATEGORY) return ranges.categoryRanges.get(undefined);
  for (const [name, block] of ranges.categoryRanges) {
    if (name !== undefined && categoryKey(name) === categoryKey(category)) return block;
  }
  return undefined;
}

/** COUNTIFS treats * ? and ~ as wildcards; a tilde makes them literal. */
function escapeWildcards(s: string): string {
  return s.replace(/[*?~]/g, '~$&');
}
