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
   * chunks. May be called a second time (for the overdue sheet, when there are many overdue
   * rows): every call must give the same rows.
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
/** Overdue measures held for the 逾期 sheet while the ledger is written; past this many it reads the source again. */
const OVERDUE_HELD = 10_000;
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
    const { ranges, overdue } = await race(wb, writeLedgerSheet(wb, source, opts.config, lists));
    await race(wb, writeSummarySheet(wb, rollup, ranges, opts.config, lang));
    await race(wb, writeOverdueSheet(wb, source, overdue, opts.config, lang));
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

/**
 * The overdue measures seen while writing the ledger, for the 逾期 sheet; undefined when there were
 * more than OVERDUE_HELD, and the sheet reads the source a second time instead.
 */
type OverdueRows = Measure[] | undefined;

async function writeLedgerSheet(
  wb: WorkbookWriter,
  source: MasterSource,
  config: CampaignConfig,
  lists: ListSource,
): Promise<{ ranges: LedgerRanges; overdue: OverdueRows }> {
  const files = source.attachments?.names.size ? source.attachments : undefined;
  const columns = ledgerColumnsOf(source.shape, source.extraColumns, files !== undefined);
  const sheet = wb.addSheet(LEDGER_SHEET, {
    columns: columns.map((c) => ({ width: c.width, hidden: c.hidden })),
    frozenRows: HEADER_ROWS,
    print: pageSetup(`1:${HEADER_ROWS}`),
  });
  const lastVisible = columns.filter((c) => !c.hidden).length - 1;
  const blank = (style: StyleName): Cell[] => columns.map(() => ({ value: null, style }));
  const colOf = (field: LedgerColumn['field']) => columns.findIndex((c) => c.field === field);

  const title = blank('title');
  title[0] = { value: source.title, style: 'title' };
  const titleRow = sheet.row(title, TITLE_POINTS);
  sheet.merge(titleRow, 0, titleRow, lastVisible);
  sheet.row([{ value: `统计日期：${chineseDate(source.asOf)}`, style: 'note' }]);
  sheet.row(columns.map((c) => ({ value: c.header, style: 'header' })), HEADER_POINTS);

  const categoryCol = colOf('category');
  const problemCol = colOf('problem');
  const filesCol = colOf('files');
  const categoryRanges = new Map<string | undefined, { first: number; last: number }>();
  const immediateTexts = new Set<string>([DEADLINE_WORDS.immediate]);
  const units = new Set<string>();
  let overdue: OverdueRows = [];
  let firstData = 0;
  let seq = 0;
  // Printed, a problem's run of rows stays on one page (with its category line above it, if any):
  // a merged cell split by a page break is printed over the next page's header by LibreOffice.
  const pages = new PageBreaks(
    columns.filter((c) => !c.hidden).map((c) => c.width),
    TITLE_POINTS + DEFAULT_ROW_POINTS + HEADER_POINTS,
  );

  /** Writes one problem's rows (its category line first, when it opens a block). */
  const writeRun = (run: LedgerRow[], block: Block): void => {
    const rows: { cells: Cell[]; height: number | undefined; link: string | undefined }[] = [];
    for (let k = 0; k < run.length; k++) {
      const m = run[k]!.measure;
      if (m.deadline?.kind === 'immediate') immediateTexts.add(m.deadline.text);
      if (m.unit) units.add(m.unit);
      if (overdue && isOverdue(m, source.asOf) && overdue.push(m) > OVERDUE_HELD) overdue = undefined;
      seq++;
      const names = m.id === undefined ? undefined : files?.names.get(m.id);
      const cells = columns.map((col, c): Cell => {
        if (col.field === 'seq') return { value: seq, style: 'number' };
        if (col.field === 'files') return names ? { value: names.join('\n'), style: 'link' } : { value: null, style: 'text' };
        // Merged problem and category cells hold their value in the top cell only.
        if (k > 0 && (c === categoryCol || c === problemCol)) return { value: null, style: textStyle(col) };
        const v = measureValue(m, col, config);
        if (col.hidden) return { value: v.value, style: v.date ? 'hiddenDate' : 'hidden' };
        return { value: v.value, style: v.date ? 'date' : textStyle(col) };
      });
      // A merged problem or category cell spreads its lines over the rows of its run.
      let lines = 1;
      for (let c = 0; c < cells.length; c++) {
        if (columns[c]!.hidden) continue;
        const n = linesNeeded(cells[c]!.value, columns[c]!.width);
        lines = Math.max(lines, c === categoryCol || c === problemCol ? Math.ceil(n / run.length) : n);
      }
      rows.push({ cells, height: rowHeightFor(lines), link: names && files!.link(m.id!) });
    }
    const height = rows.reduce((h, r) => h + (r.height ?? DEFAULT_ROW_POINTS), block.separator ? SEPARATOR_POINTS : 0);
    if (pages.startsNewPage(height) && sheet.rowNumber > HEADER_ROWS + 1) sheet.breakAfter(sheet.rowNumber - 1);
    if (block.separator) {
      const line = blank('separator');
      line[0] = { value: block.separator, style: 'separator' };
      const r = sheet.row(line, SEPARATOR_POINTS);
      sheet.merge(r, 0, r, lastVisible);
      block.separator = undefined;
    }
    const top = sheet.rowNumber;
    for (const r of rows) {
      const written = sheet.row(r.cells, r.height);
      if (r.link) sheet.link(written, filesCol, r.link);
      firstData ||= written;
    }
    if (run.length > 1) {
      sheet.merge(top, categoryCol, top + run.length - 1, categoryCol);
      sheet.merge(top, problemCol, top + run.length - 1, problemCol);
    }
  };

  // Rows come in master order; blocks and problem runs are found as they go by.
  const named = new Map<string, string>();
  for (const c of source.categories) if (!named.has(categoryKey(c))) named.set(categoryKey(c), c);
  const seen = new Set<string | undefined>();
  let ordinal = 0;
  let block: Block | undefined;
  let run: LedgerRow[] = [];
  let runKey: string | undefined;
  let taken = 0;
  const closeBlock = () => {
    if (run.length) writeRun(run, block!);
    run = [];
    if (block) categoryRanges.set(block.category, { first: block.first, last: sheet.rowNumber - 1 });
  };
  // An optional field the shape left out has no column: a row holding one would lose it.
  const missing = OPTIONAL_FIELDS.filter((f) => !source.shape.fields.includes(f));
  for await (const chunk of source.rows()) {
    for (const row of chunk) {
      for (const f of missing) {
        if (row.measure[f] !== undefined) throw new Error(`writeMasterStream: a row has ${f}, which the source's shape does not list`);
      }
      const c = categoryOf(row.measure);
      const key = c === NO_CATEGORY ? undefined : categoryKey(c);
      if (!block || key !== block.key) {
        closeBlock();
        // A block that comes back, or rows without a category after a category's, would put rows under the wrong line.
        if (seen.has(key) || (key === undefined && seen.size > 0)) {
          throw new Error(`writeMasterStream: the source's rows are not in master order (category "${c}" after ${[...seen].length} other block(s))`);
        }
        seen.add(key);
        const category = key === undefined ? undefined : (named.get(key) ?? c);
        let separator: string | undefined;
        if (category !== undefined) separator = `${toChineseNumber(++ordinal)}、${parseCategory(category).name || category}`;
        block = { key, category, separator, first: sheet.rowNumber + (separator ? 1 : 0) };
        runKey = undefined;
      }
      const p = problemKey(row);
      if (run.length && (p === undefined || p !== runKey)) {
        writeRun(run, block);
        run = [];
      }
      run.push(row);
      runKey = p;
      if (++taken % SETTLE_EVERY === 0) await sheet.settle();
    }
    await sheet.settle();
  }
  closeBlock();
  // Dropdowns, highlights and summary formulas cover the first to the last measure row (the category
  // lines between them never match: their deadline and status cells are empty).
  const lastData = sheet.rowNumber - 1;
  firstData ||= sheet.rowNumber;

  const letter = (field: LedgerColumn['field']) => columnLetter(colOf(field));
  const doneLabels = [statusLabel('done', config), statusLabel('done_ongoing', config)];
  if (seq > 0) {
    const range = (field: LedgerColumn['field']) => `${letter(field)}${firstData}:${letter(field)}${lastData}`;
    const unitList = config.units.length ? config.units : [...units];
    const categories = source.categories.length ? source.categories : config.categories;
    const pick = { title: '请从下拉列表中选择', text: '该值不在下拉列表中，请确认是否填写正确。' };
    sheet.dropdown(range('status'), lists.formula(STATUS_CODES.map((s) => statusLabel(s, config))), pick);
    if (categories.length) sheet.dropdown(range('category'), lists.formula(categories), pick);
    if (unitList.length) sheet.dropdown(range('unit'), lists.formula(unitList), pick);
    addDeadlineHighlights(sheet, `A${firstData}:${columnLetter(columns.length - 1)}${lastData}`, firstData, letter('due'), letter('deadline'), letter('status'), doneLabels, [...immediateTexts]);
  }
  await sheet.end();
  const ranges: LedgerRanges = {
    sheet: LEDGER_SHEET,
    firstData,
    lastData,
    seqCol: letter('seq'),
    problemCol: letter('problem'),
    unitCol: letter('unit'),
    deadlineCol: letter('deadline'),
    dueCol: letter('due'),
    statusCol: letter('status'),
    ...(colOf('closure') >= 0 ? { closureCol: letter('closure') } : {}),
    categoryRanges,
    immediateTexts: [...immediateTexts],
  };
  return { ranges, overdue };
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
  dueCol: string,
  deadlineCol: string,
  statusCol: string,
  doneLabels: string[],
  immediateTexts: string[],
): void {
  // Dates are compared in the hidden due-date column; 立行立改 is found by its words.
  const d = `$${dueCol}${firstRow}`;
  const words = `$${deadlineCol}${firstRow}`;
  const s = `$${statusCol}${firstRow}`;
  const notDone = doneLabels.map((l) => `${s}<>${formulaText(l)}`).join(',');
  const immediate = immediateTexts.map((t) => `${words}=${formulaText(t)}`).join(',');
  sheet.conditionalFormat(ref, [
    { formula: `AND(${notDone},OR(AND(ISNUMBER(${d}),${d}<TODAY()),${immediate}))`, dxf: OVERDUE_DXF },
    { formula: `AND(${notDone},ISNUMBER(${d}),${d}>=TODAY(),${d}<=TODAY()+${DUE_SOON_DAYS})`, dxf: DUE_SOON_DXF },
  ]);
}

/** The overdue sheet's columns: ledger fields under the ledger's own headers, then the days overdue. */
const OVERDUE_FIELDS = ['seq', 'category', 'problem', 'measure', 'unit', 'owner', 'deadline', 'status'] as const;

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

/** The overdue measures in ledger order: those held from the ledger's pass, or a second pass over the source's rows. */
async function writeOverdueSheet(wb: WorkbookWriter, source: MasterSource, held: OverdueRows, config: CampaignConfig, lang: Lang): Promise<void> {
  const labels = OVERDUE_LABELS[lang];
  const widths = [6, 14, 32, 42, 14, 10, 15, 16, 10];
  const sheet = wb.addSheet('逾期', { columns: widths.map((width) => ({ width })), frozenRows: 2, print: pageSetup('1:2') });
  const width = labels.headers.length;
  const titleRow = sheet.row([{ value: labels.title(source.asOf), style: 'title' }], 36);
  sheet.merge(titleRow, 0, titleRow, width - 1);
  sheet.row(labels.headers.map((h) => ({ value: h, style: 'header' })), 24);
  let n = 0;
  const chunks: AsyncIterable<Measure[]> = held ? once(held) : measuresOf(source);
  for await (const chunk of chunks) {
    for (const m of chunk) {
      if (!isOverdue(m, source.asOf)) continue;
      n++;
      const due = deadlineValue(m);
      const deadline: Cell = { value: due.value, style: due.date ? 'date' : 'centered' };
      const cells: Cell[] = [
        { value: n, style: 'number' },
        { value: m.category ?? null, style: 'centered' },
        { value: m.problem ?? null, style: 'text' },
        { value: m.measure ?? null, style: 'text' },
        { value: m.unit ?? null, style: 'centered' },
        { value: m.owner ?? null, style: 'centered' },
        deadline,
        { value: statusWords(m, config) ?? null, style: 'centered' },
        // 立行立改 has no date to count from.
        { value: m.deadline?.kind === 'date' ? overdueDays(m, source.asOf) : null, style: 'number' },
      ];
      sheet.row(cells, heightFor(cells.map((c) => c.value), widths));
      if (n % SETTLE_EVERY === 0) await sheet.settle();
    }
    await sheet.settle();
  }
  if (n === 0) sheet.row([{ value: labels.none, style: 'note' }]);
  await sheet.end();
}

async function* once<T>(value: T): AsyncIterable<T> {
  yield value;
}

async function* measuresOf(source: MasterSource): AsyncIterable<Measure[]> {
  for await (const chunk of source.rows()) yield chunk.map((r) => r.measure);
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
