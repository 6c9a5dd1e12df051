// Reading a workbook's ledger: pick the ledger sheet, find the table, turn each data row into a
// Measure. Nothing is dropped: rows that cannot be read well are kept, and checking flags them.
import { hasOrdinalPrefix } from './category';
import { parseClosure } from './closure';
import { parseDate, parseDeadline } from './deadline';
import { parseExtension } from './extension';
import { cellAt, columnCount, columnLetter, type Grid, type GridWorkbook } from './grid';
import { sharedHeaderDictionary } from './headers';
import { findingMessage } from './messages';
import type { FieldColumn, LedgerRow, ParsedLedger } from './model';
import type { CampaignConfig, CellValue, Field, Finding, FindingCode, Lang, Measure, RowSource } from './schema';
import { parseStatus } from './status';
import { cellCode, cellLongText, cellText } from './text';
import { detectTable, MergeIndex, type TableLayout } from './table';

export interface ReadOptions {
  config?: CampaignConfig;
  lang?: Lang;
}

/** Lines under a table that are notes or signatures, not measures. */
const FOOTER = /^(说明|注|备注|附注|填表人|填报人|审核人|审核|制表人|制表|负责人|单位负责人|联系人|联系电话|签字|盖章|分管领导|主要负责人|填表说明|填报说明)\s*[:：\d、.]/;
const REPORTING_UNIT = /(?:填报|报送)单位\s*[:：]\s*([^\s:：]+?)(?:[（(]\s*(?:盖章|签章|公章)\s*[)）])?(?=\s|$|填报|日期|时间)/;
const BARE_ORDINAL = /^[（(]?[一二三四五六七八九十\d]+[)）、.．]?$/;

function fileFinding(file: string, sheet: string, code: FindingCode, lang: Lang, value?: string): Finding {
  return {
    file,
    sheet,
    row: 0,
    column: '',
    field: '',
    code,
    severity: 'error',
    message: findingMessage(code, lang, value === undefined ? {} : { value }),
  };
}

function hasAnyValue(grid: Grid): boolean {
  return grid.cells.some((row) => row.some((v) => cellText(v) !== undefined));
}

/** Read one workbook's ledger table. File-level problems come back as findings with no rows. */
export function readLedger(book: GridWorkbook, opts: ReadOptions = {}): ParsedLedger {
  const lang = opts.lang ?? 'zh';
  const dict = sharedHeaderDictionary(opts.config);
  const sheets = book.sheets.filter((s) => !s.hidden && s.sheet !== '_lists' && hasAnyValue(s));
  const empty = (code: FindingCode, sheet: string): ParsedLedger => ({
    file: book.file,
    sheet,
    headerRows: [],
    columns: [],
    extraColumns: [],
    rows: [],
    findings: [fileFinding(book.file, sheet, code, lang)],
  });
  if (sheets.length === 0) return empty('empty_workbook', book.sheets[0]?.sheet ?? '');
  // The ledger is the sheet whose header is recognised best; a cover sheet or a summary scores lower.
  let best: { grid: Grid; layout: TableLayout; merges: MergeIndex } | undefined;
  for (const grid of sheets) {
    const merges = new MergeIndex(grid.merges, columnCount(grid));
    const layout = detectTable(grid, dict, merges);
    if (layout && (!best || layout.score > best.layout.score)) best = { grid, layout, merges };
  }
  if (!best) return empty('no_header', sheets[0]!.sheet);
  return readTable(book.file, best.grid, best.layout, best.merges, lang);
}

function preamble(grid: Grid, merges: MergeIndex, headerTop: number): { title?: string; reportingUnit?: string } {
  let title: string | undefined;
  let reportingUnit: string | undefined;
  for (let r = 0; r < headerTop; r++) {
    const texts: string[] = [];
    (grid.cells[r] ?? []).forEach((v, c) => {
      const m = merges.at(r, c);
      const t = m && (m.top !== r || m.left !== c) ? undefined : cellText(v);
      if (t !== undefined) texts.push(t);
    });
    const line = texts.join(' ');
    if (!line) continue;
    const unit = REPORTING_UNIT.exec(line);
    if (unit) reportingUnit ??= unit[1];
    else if (!title && texts.length === 1 && !/[:：]/.test(line)) title = line;
  }
  return { ...(title ? { title } : {}), ...(reportingUnit ? { reportingUnit } : {}) };
}

const BARE_NUMBER = /^\d+$/;

const TEXT_FIELDS = ['problem', 'measure', 'progress', 'evidence', 'remarks'] as const;
const NAME_FIELDS = ['category', 'leader', 'leadUnit', 'unit', 'coUnit', 'owner'] as const;
const CODE_FIELDS = ['problemNo', 'measureNo'] as const;

/** Where each field's column is, read for every row. */
type FieldIndexes = Partial<Record<Field, number>>;

/**
 * A table's fields of each kind that it has a column for, with that column, in the order a Measure
 * gets them: worked out once per table, so reading a row visits only the columns there are.
 */
interface RowPlan {
  at: FieldIndexes;
  texts: PlannedField<(typeof TEXT_FIELDS)[number]>[];
  names: PlannedField<(typeof NAME_FIELDS)[number]>[];
  codes: PlannedField<(typeof CODE_FIELDS)[number]>[];
}

interface PlannedField<F extends Field> {
  field: F;
  column: number;
}

function rowPlan(at: FieldIndexes): RowPlan {
  const present = <F extends Field>(fields: readonly F[]) =>
    fields.flatMap((field): PlannedField<F>[] => (at[field] === undefined ? [] : [{ field, column: at[field] }]));
  return { at, texts: present(TEXT_FIELDS), names: present(NAME_FIELDS), codes: present(CODE_FIELDS) };
}

/**
 * A measure as read, a field at a time. Made by a constructor rather than as `{ extras }`, it is laid
 * out by V8 for all the fields it gets, instead of having its property store copied as it grows.
 */
class ReadMeasure {
  constructor(readonly extras: Record<string, CellValue>) {}
}

/**
 * A row as read and where it came from, also made by constructors: V8 allocates object literals that
 * keep surviving straight into its old generation, which made `{ measure, source: {…} }` the costliest
 * line of reading 100,000 rows (about a seventh of the time); a constructor's objects start young.
 */
class ReadRow implements LedgerRow {
  constructor(
    readonly measure: Measure,
    readonly source: RowSource,
  ) {}
}

class ReadSource implements RowSource {
  constructor(
    readonly file: string,
    readonly sheet: string,
    readonly row: number,
  ) {}
}

function toMeasure(cells: RowCells, plan: RowPlan, extras: Record<string, CellValue>): Measure {
  const m: Measure = new ReadMeasure(extras);
  // Indexed loops: a table is read once, and for…of allocates per step until V8 has optimised the loop.
  for (let i = 0; i < plan.texts.length; i++) {
    const { field, column } = plan.texts[i]!;
    const t = cellLongText(cells.value(column), cells.text(column));
    if (t !== undefined) m[field] = t;
  }
  for (let i = 0; i < plan.names.length; i++) {
    const { field, column } = plan.names[i]!;
    const t = cells.text(column);
    if (t !== undefined) m[field] = t;
  }
  for (let i = 0; i < plan.codes.length; i++) {
    const { field, column } = plan.codes[i]!;
    const t = cellCode(cells.value(column));
    if (t !== undefined) m[field] = t;
  }
  readKinds(m, cells, plan.at);
  return m;
}

/**
 * `read` remembering its answers, which the caller only reads: a status or completion column repeats
 * a few values over thousands of rows. Emptied when full, so a service reading for months holds only so many.
 */
function remembered<T>(read: (v: CellValue) => T): (v: CellValue) => T {
  const seen = new Map<CellValue, T>();
  return (v) => {
    if (seen.has(v)) return seen.get(v)!;
    const answer = read(v);
    if (seen.size >= 10_000) seen.clear();
    seen.set(v, answer);
    return answer;
  };
}
const statusOf = remembered(parseStatus);
const completionOf = remembered(parseDate);

/** The fields read by kind: deadline, status, dates, closure, extension, and the service's id and version. */
function readKinds(m: Measure, cells: RowCells, at: FieldIndexes): void {
  const value = (c: number) => cells.value(c);
  if (at.deadline !== undefined) {
    const d = parseDeadline(value(at.deadline));
    if (d) m.deadline = d;
  }
  if (at.status !== undefined) {
    const s = statusOf(value(at.status));
    if (s.status) m.status = s.status;
    if (s.text !== undefined) m.statusText = s.text;
  }
  if (at.completedOn !== undefined) {
    const d = completionOf(value(at.completedOn));
    if (d?.date) m.completedOn = d.date;
    if (d?.text !== undefined) m.completedOnText = d.text;
  }
  if (at.closure !== undefined) {
    const c = parseClosure(value(at.closure));
    if (c) m.closure = c;
  }
  if (at.extension !== undefined) {
    const e = parseExtension(value(at.extension));
    if (e) m.extension = e;
  }
  if (at.id !== undefined) {
    const id = cells.text(at.id);
    if (id) m.id = id;
  }
  if (at.version !== undefined) {
    const v = Number(cells.text(at.version));
    if (Number.isInteger(v) && v >= 0) m.version = v;
  }
}

/** A cell of a table row that holds its own text: not the lower or right part of a merged range. */
interface OwnCell {
  c: number;
  text: string;
}

/**
 * The cells of the table row being read. Each cell's text is worked out once, though both the row's
 * shape (is it a category line, a footer, a blank template row?) and its fields need it; a cell
 * merged down over several rows (a problem over its measures) once for all of them.
 */
class RowCells {
  private r = -1;
  private readonly texts: (string | undefined)[] = [];
  /** The row of the cell each column's text was worked out from. */
  private readonly textRow: number[] = [];

  constructor(
    private readonly grid: Grid,
    private readonly merges: MergeIndex,
    private readonly dataStart: number,
  ) {}

  moveTo(r: number): void {
    this.r = r;
  }

  /** The value a cell shows: problem and category cells merged down hold it in the top cell only. */
  value(c: number): CellValue {
    const from = this.source(c);
    return from < 0 ? null : cellAt(this.grid, from, c);
  }

  /** The row whose cell in column c holds what this row's cell shows, or -1 when it shows nothing. */
  private source(c: number): number {
    const m = this.merges.at(this.r, c);
    if (!m) return this.r;
    if (m.left !== c) return -1;
    if (m.top === this.r) return this.r;
    return m.top >= this.dataStart ? m.top : -1;
  }

  text(c: number): string | undefined {
    const from = this.source(c);
    if (from < 0) return undefined;
    if (this.textRow[c] === from) return this.texts[c];
    const t = cellText(cellAt(this.grid, from, c));
    this.textRow[c] = from;
    this.texts[c] = t;
    return t;
  }

  /** The cells among `cols` that hold text of their own (not a merged range's lower or right part). */
  own(cols: number[]): OwnCell[] {
    const own: OwnCell[] = [];
    this.every(cols, (c, text) => own.push({ c, text }) > 0);
    return own;
  }

  /** Whether every cell among `cols` with text of its own passes `test` (true when there is none). */
  every(cols: number[], test: (c: number, text: string) => boolean): boolean {
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i]!;
      const m = this.merges.at(this.r, c);
      if (m && (m.top !== this.r || m.left !== c)) continue;
      const t = this.text(c);
      if (t !== undefined && !test(c, t)) return false;
    }
    return true;
  }
}

/**
 * The category a line without a measure names, if it is a category line: "一 | 理论学习…" is one;
 * "1 | some problem" is a row whose measure is missing.
 */
function categoryLine(own: OwnCell[], r: number, merges: MergeIndex, tableWidth: number, categoryCol: number | undefined): string | undefined {
  const words = own.filter((o) => !BARE_ORDINAL.test(o.text));
  if (own.length > 2 || words.length !== 1) return undefined;
  const cell = words[0]!;
  const m = merges.at(r, cell.c);
  const wide = m !== undefined && m.top === m.bottom && m.right - m.left + 1 >= Math.min(3, tableWidth);
  const chineseOrdinal = own.length === 2 && own.some((o) => o !== cell && !/^\d+$/.test(o.text));
  return wide || hasOrdinalPrefix(cell.text) || chineseOrdinal || cell.c === categoryCol ? cell.text : undefined;
}

function readTable(file: string, grid: Grid, layout: TableLayout, merges: MergeIndex, lang: Lang): ParsedLedger {
  const { title, reportingUnit } = preamble(grid, merges, layout.headerRows[0]!);
  const colOf = new Map<Field, FieldColumn>(layout.columns.map((c) => [c.field, c]));
  const has = new Set(colOf.keys());
  const at: FieldIndexes = Object.fromEntries(layout.columns.map((c) => [c.field, c.index]));
  const tableCols = [...layout.columns.map((c) => c.index), ...layout.extraColumns.map((e) => e.index)].sort((a, b) => a - b);
  const measureCol = colOf.get('measure')?.index;
  const seqCol = colOf.get('seq')?.index;
  const bookkeeping = new Set(['id', 'version'].map((f) => colOf.get(f as Field)?.index));
  // Template rows numbered in advance but never filled hold only a number in 序号 (and maybe our ids).
  const isBlankTemplateCell = (c: number, text: string) => bookkeeping.has(c) || (c === seqCol && BARE_NUMBER.test(text));
  const isFooterCell = (_: number, text: string) => FOOTER.test(text);
  const tableWidth = tableCols.length;

  const plan = rowPlan(at);
  const cells = new RowCells(grid, merges, layout.dataStart);
  const rows: LedgerRow[] = [];
  let category: string | undefined;
  for (let r = layout.dataStart; r < grid.cells.length; r++) {
    cells.moveTo(r);
    if (cells.every(tableCols, isBlankTemplateCell)) continue;
    // A signature line ("填表人：… 审核人：…") may spread over the measure column too.
    if (cells.every(tableCols, isFooterCell)) continue;
    const measureText = measureCol === undefined ? undefined : cells.text(measureCol);
    if (measureText === undefined) {
      const own = cells.own(tableCols);
      if (FOOTER.test(own[0]!.text)) continue;
      const named = categoryLine(own, r, merges, tableWidth, colOf.get('category')?.index);
      if (named !== undefined) {
        category = named;
        continue;
      }
    }
    const extras: Record<string, CellValue> = {};
    for (let i = 0; i < layout.extraColumns.length; i++) {
      const e = layout.extraColumns[i]!;
      const v = cells.value(e.index);
      if (v !== null && v !== '') extras[e.key] = v;
    }
    const measure = toMeasure(cells, plan, extras);
    if (measure.category === undefined && category !== undefined) measure.category = category;
    if (measure.unit === undefined && !has.has('unit') && reportingUnit) measure.unit = reportingUnit;
    rows.push(new ReadRow(measure, new ReadSource(file, grid.sheet, r + 1)));
  }

  const findings: Finding[] = [];
  if (rows.length === 0) findings.push({ ...fileFinding(file, grid.sheet, 'no_rows', lang), severity: 'warning' });
  return {
    file,
    sheet: grid.sheet,
    ...(title ? { title } : {}),
    ...(reportingUnit ? { reportingUnit } : {}),
    headerRows: layout.headerRows,
    columns: layout.columns,
    extraColumns: layout.extraColumns,
    rows,
    findings,
  };
}

/** The Excel column letters of a field in a parsed ledger, or "" when the sheet has no such column. */
export function fieldColumn(ledger: Pick<ParsedLedger, 'columns'>, field: Field): string {
  // Asked for every finding: the letters are worked out once per ledger's columns (never changed once read).
  let letters = columnLetters.get(ledger.columns);
  if (!letters) columnLetters.set(ledger.columns, (letters = new Map()));
  let letter = letters.get(field);
  if (letter === undefined) {
    const c = ledger.columns.find((col) => col.field === field);
    letters.set(field, (letter = c ? columnLetter(c.index) : ''));
  }
  return letter;
}
const columnLetters = new WeakMap<readonly FieldColumn[], Map<Field, string>>();
