// The consolidated workbook the office receives: the ledger in its familiar shape (title, date line,
// header, "一、…" category lines, problem cells merged over their measures), a summary with live
// COUNTIFS formulas, and the overdue measures.
//
// Written as a stream (sheet-writer.ts, package-writer.ts): each row's XML goes into the zip as it is
// made, text as inline strings (no shared-strings table to hold), with backpressure from the output
// back to the rows, so a 100,000-row master takes bounded memory. `writeMasterStream` takes its rows
// in chunks from a source (the service's storage) and never holds them all; `writeMasterWorkbook`
// writes a master already in memory through it.
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import {
  NO_CATEGORY,
  STATUS_CODES,
  categoryKey,
  categoryOf,
  chineseDate,
  columnLetter,
  isOverdue,
  overdueDays,
  DEADLINE_WORDS,
  DUE_SOON_DAYS,
  FIELD_LABELS,
  parseCategory,
  statusLabel,
  statusWords,
  toChineseNumber,
  type CampaignConfig,
  type ExtraColumn,
  type IsoDate,
  type Lang,
  type LedgerRow,
  type Master,
  type Measure,
  type Rollup,
} from '../../ledger';
import {
  categoryBlocks,
  deadlineValue,
  heightFor,
  ledgerColumnsOf,
  linesNeeded,
  masterShape,
  measureValue,
  OPTIONAL_FIELDS,
  problemKey,
  rowHeightFor,
  type LedgerColumn,
  type MasterShape,
} from './master-layout';
import { DEFAULT_ROW_POINTS, PageBreaks, pageSetup } from './print';
import { formulaText, type Cell, type SheetWriter } from './sheet-writer';
import { DUE_SOON_DXF, OVERDUE_DXF, type StyleName } from './styles';
import { WorkbookWriter } from './workbook-writer';
import { writeSummarySheet, type LedgerRanges } from './write-summary';

export interface WriteMasterOptions {
  config: CampaignConfig;
  /** Language of the summary and overdue sheets; the ledger sheet keeps the office's Chinese headers. */
  lang?: Lang;
}

/** A master ledger given row by row, for writing without holding all its rows. */
export interface MasterSource {
  title: string;
  asOf: IsoDate;
  /** Categories in the master's order (as Master.categories). */
  categories: string[];
  extraColumns: ExtraColumn[];
  /** Facts about all the rows, known before the first is written. */
  shape: MasterShape;
  /** The measures' evidence files, listed in a column of their own when some measure has any. */
  attachments?: Attachments;
  /**
   * The rows in master order: rows without a category first, then category blocks in `categories`
   * order (then any other category, first seen), each problem's measures consecutive; delivered in
   * chunks. Called once.
   */
  rows(): AsyncIterable<LedgerRow[]>;
}

export type { MasterShape } from './master-layout';

/** Evidence files by row id, and where a row's files are shown (a page of the service). */
export interface Attachments {
  names: ReadonlyMap<string, readonly string[]>;
  link(rowId: string): string;
}

const LEDGER_SHEET = '整改台账';
const LISTS_SHEET = '_lists';
const HEADER_ROWS = 3;
const TITLE_POINTS = 36;
const HEADER_POINTS = 32;
const SEPARATOR_POINTS = 22;
/** Rows between chances for the zip to catch up (it waits only when a chunk of XML is ready). */
const SETTLE_EVERY = 200;
/** Rows handed to the writer at a time by writeMasterWorkbook. */
const CHUNK_ROWS = 1000;

/** Writes the master workbook to a file (removed again if writing fails) or a stream. */
export async function writeMasterWorkbook(
  master: Master,
  rollup: Rollup,
  out: string | NodeJS.WritableStream,
  opts: WriteMasterOptions,
): Promise<void> {
  const source = masterSource(master);
  if (typeof out !== 'string') return writeMasterStream(source, rollup, out, opts);
  const file = createWriteStream(out);
  // A late error from a stream we destroyed stays handled.
  file.on('error', () => undefined);
  try {
    await writeMasterStream(source, rollup, file, opts);
    await closed(file);
  } catch (e) {
    file.destroy();
    await closed(file);
    await rm(out, { force: true });
    throw e;
  }
}

/** The rows of a master in memory as a source: grouped into their category blocks, given in chunks. */
export function masterSource(master: Master): MasterSource {
  const blocks = categoryBlocks(master);
  return {
    title: master.title,
    asOf: master.asOf,
    categories: master.categories,
    extraColumns: master.extraColumns,
    shape: masterShape(master.rows),
    async *rows() {
      let chunk: LedgerRow[] = [];
      for (const block of blocks) {
        for (const row of block.rows) {
          chunk.push(row);
          if (chunk.length === CHUNK_ROWS) {
            yield chunk;
            chunk = [];
          }
        }
      }
      if (chunk.length) yield chunk;
    },
  };
}

function closed(file: WriteStream): Promise<void> {
  if (file.closed) return Promise.resolve();
  return new Promise((resolve) => file.once('close', () => resolve()));
}

/**
 * Writes the master workbook from a source that gives its rows in chunks, to a stream, and ends the
 * stream after the last byte. Rejects when the source fails, or the stream fails or is closed before
 * the workbook is complete (the stream is then left to the caller, to destroy).
 */
export async function writeMasterStream(
  source: MasterSource,
  rollup: Rollup,
  out: NodeJS.WritableStream,
  opts: WriteMasterOptions,
): Promise<void> {
  const wb = new WorkbookWriter(out);
  const lang = opts.lang ?? 'zh';
  try {
    const lists = new ListSource();
    // One pass over the rows: the 逾期 sheet (third tab) is written beside the ledger, into memory,
    // and the summary (second tab) after it, once the ledger's ranges are known.
    const ledger = new LedgerSheet(wb, source, opts.config, lists);
    const summaryTab = wb.reserveTab();
    const overdue = new OverdueSheet(wb, source.asOf, opts.config, lang);
    const ranges = await race(wb, ledger.write(source.rows(), overdue));
    await race(wb, overdue.end());
    await race(wb, writeSummarySheet(wb, rollup, ranges, opts.config, lang, summaryTab));
    await race(wb, lists.write(wb));
    await wb.finish();
  } catch (e) {
    wb.pkg.abort();
    throw e;
  } finally {
    wb.pkg.detach();
  }
}

/** A step of writing, given up at once when the output fails (its source may be waiting on something else). */
function race<T>(wb: WorkbookWriter, step: Promise<T>): Promise<T> {
  step.catch(() => undefined);
  return Promise.race([step, wb.pkg.failed]);
}

/** The category block being written, as the source's rows reveal it. */
interface Block {
  key: string | undefined;
  /** The category as the master names it (undefined: rows without one). */
  category: string | undefined;
  separator: string | undefined;
  first: number;
}

/** A measure's row as written: its cells, height and evidence link. */
interface PreparedRow {
  cells: Cell[];
  height: number | undefined;
  link: string | undefined;
}

/**
 * The ledger sheet, written as the source's rows come in master order: category blocks and problem
 * runs are found as they go by, each run written whole (its problem and category cells merged).
 */
class LedgerSheet {
  private readonly files: Attachments | undefined;
  private readonly columns: LedgerColumn[];
  private readonly sheet: SheetWriter;
  private readonly lastVisible: number;
  private readonly categoryCol: number;
  private readonly problemCol: number;
  private readonly categoryRanges = new Map<string | undefined, { first: number; last: number }>();
  private readonly immediateTexts = new Set<string>([DEADLINE_WORDS.immediate]);
  private readonly units = new Set<string>();
  /** Printed, a problem's run of rows stays on one page (with its category line above it, if any):
   * a merged cell split by a page break is printed over the next page's header by LibreOffice. */
  private readonly pages: PageBreaks;
  /** Categories by key as the master names them. */
  private readonly named = new Map<string, string>();
  private readonly seen = new Set<string | undefined>();
  /** An optional field the shape left out has no column: a row holding one would lose it. */
  private readonly missing: (typeof OPTIONAL_FIELDS)[number][];
  private firstData = 0;
  private seq = 0;
  private ordinal = 0;
  private block: Block | undefined;
  private run: LedgerRow[] = [];
  private runKey: string | undefined;

  constructor(
    wb: WorkbookWriter,
    private readonly source: MasterSource,
    private readonly config: CampaignConfig,
    private readonly lists: ListSource,
  ) {
    this.files = source.attachments?.names.size ? source.attachments : undefined;
    this.columns = ledgerColumnsOf(source.shape, source.extraColumns, this.files !== undefined);
    this.sheet = wb.addSheet(LEDGER_SHEET, {
      columns: this.columns.map((c) => ({ width: c.width, hidden: c.hidden })),
      frozenRows: HEADER_ROWS,
      print: pageSetup(`1:${HEADER_ROWS}`),
    });
    const visible = this.columns.filter((c) => !c.hidden);
    this.lastVisible = visible.length - 1;
    this.categoryCol = this.colOf('category');
    this.problemCol = this.colOf('problem');
    this.pages = new PageBreaks(visible.map((c) => c.width), TITLE_POINTS + DEFAULT_ROW_POINTS + HEADER_POINTS);
    for (const c of source.categories) if (!this.named.has(categoryKey(c))) this.named.set(categoryKey(c), c);
    this.missing = OPTIONAL_FIELDS.filter((f) => !source.shape.fields.includes(f));
    this.writeHead();
  }

  /** Writes every row (each measure also offered to the 逾期 sheet) and what follows them; gives the ranges the summary counts over. */
  async write(rows: AsyncIterable<LedgerRow[]>, overdue: OverdueSheet): Promise<LedgerRanges> {
    let taken = 0;
    for await (const chunk of rows) {
      for (const row of chunk) {
        this.add(row);
        overdue.add(row.measure);
        if (++taken % SETTLE_EVERY === 0) await Promise.all([this.sheet.settle(), overdue.settle()]);
      }
      await Promise.all([this.sheet.settle(), overdue.settle()]);
    }
    this.closeBlock();
    return this.end();
  }

  private colOf(field: LedgerColumn['field']): number {
    return this.columns.findIndex((c) => c.field === field);
  }

  private blank(style: StyleName): Cell[] {
    return this.columns.map(() => ({ value: null, style }));
  }

  private writeHead(): void {
    const title = this.blank('title');
    title[0] = { value: this.source.title, style: 'title' };
    const titleRow = this.sheet.row(title, TITLE_POINTS);
    this.sheet.merge(titleRow, 0, titleRow, this.lastVisible);
    this.sheet.row([{ value: `统计日期：${chineseDate(this.source.asOf)}`, style: 'note' }]);
    this.sheet.row(this.columns.map((c) => ({ value: c.header, style: 'header' })), HEADER_POINTS);
  }

  /** Takes the next row: a new block or a new problem writes the run before it. */
  private add(row: LedgerRow): void {
    for (const f of this.missing) {
      if (row.measure[f] !== undefined) throw new Error(`writeMasterStream: a row has ${f}, which the source's shape does not list`);
    }
    const c = categoryOf(row.measure);
    const key = c === NO_CATEGORY ? undefined : categoryKey(c);
    if (!this.block || key !== this.block.key) this.openBlock(c, key);
    const p = problemKey(row);
    if (this.run.length && (p === undefined || p !== this.runKey)) {
      this.writeRun(this.run, this.block!);
      this.run = [];
    }
    this.run.push(row);
    this.runKey = p;
  }

  private openBlock(c: string, key: string | undefined): void {
    this.closeBlock();
    // A block that comes back, or rows without a category after a category's, would put rows under the wrong line.
    if (this.seen.has(key) || (key === undefined && this.seen.size > 0)) {
      throw new Error(`writeMasterStream: the source's rows are not in master order (category "${c}" after ${this.seen.size} other block(s))`);
    }
    this.seen.add(key);
    const category = key === undefined ? undefined : (this.named.get(key) ?? c);
    const separator = category === undefined ? undefined : `${toChineseNumber(++this.ordinal)}、${parseCategory(category).name || category}`;
    this.block = { key, category, separator, first: this.sheet.rowNumber + (separator ? 1 : 0) };
    this.runKey = undefined;
  }

  private closeBlock(): void {
    if (this.run.length) this.writeRun(this.run, this.block!);
    this.run = [];
    if (this.block) this.categoryRanges.set(this.block.category, { first: this.block.first, last: this.sheet.rowNumber - 1 });
  }

  /** Writes one problem's rows (its category line first, when it opens a block), on a new page if they would not fit. */
  private writeRun(run: LedgerRow[], block: Block): void {
    const rows = run.map((r, k) => this.prepare(r.measure, k, run.length));
    const height = rows.reduce((h, r) => h + (r.height ?? DEFAULT_ROW_POINTS), block.separator ? SEPARATOR_POINTS : 0);
    const sheet = this.sheet;
    if (this.pages.startsNewPage(height) && sheet.rowNumber > HEADER_ROWS + 1) sheet.breakAfter(sheet.rowNumber - 1);
    if (block.separator) {
      const line = this.blank('separator');
      line[0] = { value: block.separator, style: 'separator' };
      const r = sheet.row(line, SEPARATOR_POINTS);
      sheet.merge(r, 0, r, this.lastVisible);
      block.separator = undefined;
    }
    const top = sheet.rowNumber;
    const filesCol = this.colOf('files');
    for (const r of rows) {
      const written = sheet.row(r.cells, r.height);
      if (r.link) sheet.link(written, filesCol, r.link);
      this.firstData ||= written;
    }
    if (run.length > 1) {
      sheet.merge(top, this.categoryCol, top + run.length - 1, this.categoryCol);
      sheet.merge(top, this.problemCol, top + run.length - 1, this.problemCol);
    }
  }

  /** The `k`-th measure of a run of `runLength`: its cells and the height its longest text needs. */
  private prepare(m: Measure, k: number, runLength: number): PreparedRow {
    if (m.deadline?.kind === 'immediate') this.immediateTexts.add(m.deadline.text);
    if (m.unit) this.units.add(m.unit);
    const seq = ++this.seq;
    const names = m.id === undefined ? undefined : this.files?.names.get(m.id);
    const cells = this.columns.map((col, c): Cell => {
      if (col.field === 'seq') return { value: seq, style: 'number' };
      if (col.field === 'files') return names ? { value: names.join('\n'), style: 'link' } : { value: null, style: 'text' };
      // Merged problem and category cells hold their value in the top cell only.
      if (k > 0 && (c === this.categoryCol || c === this.problemCol)) return { value: null, style: textStyle(col) };
      const v = measureValue(m, col, this.config);
      if (col.hidden) return { value: v.value, style: v.date ? 'hiddenDate' : 'hidden' };
      return { value: v.value, style: v.date ? 'date' : textStyle(col) };
    });
    // A merged problem or category cell spreads its lines over the rows of its run.
    let lines = 1;
    for (let c = 0; c < cells.length; c++) {
      const col = this.columns[c]!;
      if (col.hidden) continue;
      const n = linesNeeded(cells[c]!.value, col.width);
      lines = Math.max(lines, c === this.categoryCol || c === this.problemCol ? Math.ceil(n / runLength) : n);
    }
    return { cells, height: rowHeightFor(lines), link: names && this.files!.link(m.id!) };
  }

  /**
   * Dropdowns, highlights and summary formulas cover the first to the last measure row (the category
   * lines between them never match: their deadline and status cells are empty).
   */
  private async end(): Promise<LedgerRanges> {
    const sheet = this.sheet;
    const lastData = sheet.rowNumber - 1;
    const firstData = this.firstData || sheet.rowNumber;
    const letter = (field: LedgerColumn['field']) => columnLetter(this.colOf(field));
    if (this.seq > 0) this.addChecks(firstData, lastData, letter);
    await sheet.end();
    return {
      sheet: LEDGER_SHEET,
      firstData,
      lastData,
      seqCol: letter('seq'),
      problemCol: letter('problem'),
      unitCol: letter('unit'),
      deadlineCol: letter('deadline'),
      dueCol: letter('due'),
      statusCol: letter('status'),
      ...(this.colOf('closure') >= 0 ? { closureCol: letter('closure') } : {}),
      categoryRanges: this.categoryRanges,
      immediateTexts: [...this.immediateTexts],
    };
  }

  /** The dropdowns of status, category and unit, and the deadline colours, over the measure rows. */
  private addChecks(firstData: number, lastData: number, letter: (field: LedgerColumn['field']) => string): void {
    const { sheet, config, lists } = this;
    const range = (field: LedgerColumn['field']) => `${letter(field)}${firstData}:${letter(field)}${lastData}`;
    const unitList = config.units.length ? config.units : [...this.units];
    const categories = this.source.categories.length ? this.source.categories : config.categories;
    const pick = { title: '请从下拉列表中选择', text: '该值不在下拉列表中，请确认是否填写正确。' };
    sheet.dropdown(range('status'), lists.formula(STATUS_CODES.map((s) => statusLabel(s, config))), pick);
    if (categories.length) sheet.dropdown(range('category'), lists.formula(categories), pick);
    if (unitList.length) sheet.dropdown(range('unit'), lists.formula(unitList), pick);
    const doneLabels = [statusLabel('done', config), statusLabel('done_ongoing', config)];
    const ref = `A${firstData}:${columnLetter(this.columns.length - 1)}${lastData}`;
    addDeadlineHighlights(sheet, ref, firstData, { due: letter('due'), deadline: letter('deadline'), status: letter('status') }, doneLabels, [...this.immediateTexts]);
  }
}

function textStyle(col: LedgerColumn): StyleName {
  switch (col.field) {
    case 'problem':
    case 'measure':
    case 'progress':
    case 'evidence':
    case 'remarks':
    case 'extra':
      return 'text';
    default:
      return 'centered';
  }
}

/** Light red for overdue rows, light amber for rows due within DUE_SOON_DAYS; both recomputed by Excel each day. */
function addDeadlineHighlights(
  sheet: SheetWriter,
  ref: string,
  firstRow: number,
  cols: { due: string; deadline: string; status: string },
  doneLabels: string[],
  immediateTexts: string[],
): void {
  // Dates are compared in the hidden due-date column; 立行立改 is found by its words.
  const d = `$${cols.due}${firstRow}`;
  const words = `$${cols.deadline}${firstRow}`;
  const s = `$${cols.status}${firstRow}`;
  const notDone = doneLabels.map((l) => `${s}<>${formulaText(l)}`).join(',');
  const immediate = immediateTexts.map((t) => `${words}=${formulaText(t)}`).join(',');
  sheet.conditionalFormat(ref, [
    { formula: `AND(${notDone},OR(AND(ISNUMBER(${d}),${d}<TODAY()),${immediate}))`, dxf: OVERDUE_DXF },
    { formula: `AND(${notDone},ISNUMBER(${d}),${d}>=TODAY(),${d}<=TODAY()+${DUE_SOON_DAYS})`, dxf: DUE_SOON_DXF },
  ]);
}

/** The overdue sheet's columns: ledger fields under the ledger's own headers, then the days overdue. */
const OVERDUE_FIELDS = ['seq', 'category', 'problem', 'measure', 'unit', 'owner', 'deadline', 'status'] as const;
const OVERDUE_WIDTHS = [6, 14, 32, 42, 14, 10, 15, 16, 10];

const OVERDUE_LABELS = {
  zh: {
    title: (asOf: string) => `逾期整改措施（截至${chineseDate(asOf)}）`,
    headers: [...OVERDUE_FIELDS.map((f) => FIELD_LABELS[f].zh), '逾期天数'],
    none: '无逾期整改措施。',
  },
  en: {
    title: (asOf: string) => `Overdue measures (as of ${asOf})`,
    headers: [...OVERDUE_FIELDS.map((f) => FIELD_LABELS[f].en), 'Days overdue'],
    none: 'No measure is overdue.',
  },
};

/**
 * The 逾期 sheet: the overdue measures in ledger order, written as the ledger's rows go by into a
 * part spooled in memory (deflated, a sixth of its XML), so the rows are read once and never held.
 */
class OverdueSheet {
  private readonly sheet: SheetWriter;
  private readonly labels: (typeof OVERDUE_LABELS)[Lang];
  private n = 0;

  constructor(
    wb: WorkbookWriter,
    private readonly asOf: IsoDate,
    private readonly config: CampaignConfig,
    lang: Lang,
  ) {
    this.labels = OVERDUE_LABELS[lang];
    const layout = { columns: OVERDUE_WIDTHS.map((width) => ({ width })), frozenRows: 2, print: pageSetup('1:2') };
    this.sheet = wb.addSheet('逾期', layout, { spooled: true });
    const titleRow = this.sheet.row([{ value: this.labels.title(asOf), style: 'title' }], 36);
    this.sheet.merge(titleRow, 0, titleRow, this.labels.headers.length - 1);
    this.sheet.row(this.labels.headers.map((h) => ({ value: h, style: 'header' })), 24);
  }

  /** Writes the measure's row when it is overdue. */
  add(m: Measure): void {
    if (!isOverdue(m, this.asOf)) return;
    const due = deadlineValue(m);
    const cells: Cell[] = [
      { value: ++this.n, style: 'number' },
      { value: m.category ?? null, style: 'centered' },
      { value: m.problem ?? null, style: 'text' },
      { value: m.measure ?? null, style: 'text' },
      { value: m.unit ?? null, style: 'centered' },
      { value: m.owner ?? null, style: 'centered' },
      { value: due.value, style: due.date ? 'date' : 'centered' },
      { value: statusWords(m, this.config) ?? null, style: 'centered' },
      // 立行立改 has no date to count from.
      { value: m.deadline?.kind === 'date' ? overdueDays(m, this.asOf) : null, style: 'number' },
    ];
    this.sheet.row(cells, heightFor(cells.map((c) => c.value), OVERDUE_WIDTHS));
  }

  settle(): Promise<void> {
    return this.sheet.settle();
  }

  async end(): Promise<void> {
    if (this.n === 0) this.sheet.row([{ value: this.labels.none, style: 'note' }]);
    await this.sheet.end();
  }
}

/**
 * Where dropdown values come from: short lists inline in the validation, long ones (or ones with
 * commas or quotes, which an inline list cannot carry) in a column of the hidden sheet "_lists".
 */
class ListSource {
  private readonly columns: string[][] = [];

  formula(values: string[]): string {
    const inline = values.join(',');
    if (inline.length <= 255 && !values.some((v) => /[,"]/.test(v))) return `"${inline}"`;
    this.columns.push(values);
    const col = columnLetter(this.columns.length - 1);
    return `'${LISTS_SHEET}'!$${col}$1:$${col}$${values.length}`;
  }

  async write(wb: WorkbookWriter): Promise<void> {
    if (this.columns.length === 0) return;
    const sheet = wb.addSheet(LISTS_SHEET, { columns: [] }, { hidden: true });
    const height = Math.max(...this.columns.map((c) => c.length));
    for (let r = 0; r < height; r++) {
      sheet.row(this.columns.map((values) => ({ value: values[r] ?? null })));
      if (r % 500 === 499) await sheet.settle();
    }
    await sheet.end();
  }
}
