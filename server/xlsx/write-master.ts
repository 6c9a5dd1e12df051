// The consolidated workbook the office receives: the ledger in its familiar shape (title, date line,
// header, "一、…" category lines, problem cells merged over their measures), a summary with live
// COUNTIFS formulas, and the overdue measures. Written with exceljs's streaming writer, one row at a
// time, so a 100,000-row master takes bounded memory.
//
// The streaming writer (exceljs 4.4.0 lib/stream/xlsx/worksheet-writer.js) serialises merges,
// dataValidations, conditional formats (dxf styles included), page setup, frozen views, hidden columns
// and sheet state; print titles come from pageSetup.printTitlesRow via the workbook's defined names.
// Two things need care: merges are added without exceljs's quadratic overlap check (see
// SheetWriter), and everything that goes into the sheet's opening XML (views, page setup) must be
// given when the sheet is created, since it is written at once.
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Stream } from 'node:stream';
import { rm } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import {
  STATUS_CODES,
  chineseDate,
  columnLetter,
  isOverdue,
  overdueDays,
  statusLabel,
  type CampaignConfig,
  type Lang,
  type Master,
  type Rollup,
} from '../../ledger';
import { categoryBlocks, deadlineValue, heightFor, ledgerColumns, linesNeeded, measureValue, problemRuns, rowHeightFor, type LedgerColumn } from './master-layout';
import { DEFAULT_ROW_POINTS, PAGE_FOOTER, PageBreaks, pageSetup } from './print';
import { SheetWriter, formulaText, type Cell, type Flow } from './sheet-writer';
import { DUE_SOON_FILL, OVERDUE_FILL, type StyleName } from './styles';
import { writeSummarySheet, type LedgerRanges } from './write-summary';

export interface WriteMasterOptions {
  config: CampaignConfig;
  /** Language of the summary and overdue sheets; the ledger sheet keeps the office's Chinese headers. */
  lang?: Lang;
}

const LEDGER_SHEET = '整改台账';
const LISTS_SHEET = '_lists';
const HEADER_ROWS = 3;
const TITLE_POINTS = 36;
const HEADER_POINTS = 32;
const SEPARATOR_POINTS = 22;
const SETTLE_EVERY = 200;

export async function writeMasterWorkbook(
  master: Master,
  rollup: Rollup,
  out: string | NodeJS.WritableStream,
  opts: WriteMasterOptions,
): Promise<void> {
  const stream: NodeJS.WritableStream = typeof out === 'string' ? createWriteStream(out) : out;
  const flow: Flow = {};
  let fail: (e: unknown) => void = () => undefined;
  const failed = new Promise<never>((_resolve, reject) => (fail = reject));
  // Keep a failure that happens before we await `failed` from becoming an unhandled rejection.
  failed.catch(() => undefined);
  const onError = (e: unknown) => {
    flow.error ??= e;
    fail(e);
  };
  // A consumer that goes away (a client hanging up) closes the stream without an error, and
  // without the 'finish' that follows the last byte.
  let finished = false;
  const onFinish = () => (finished = true);
  const onClose = () => {
    if (!finished) onError(new Error('the output stream closed before the workbook was complete'));
  };
  stream.on('error', onError);
  stream.on('finish', onFinish);
  stream.on('close', onClose);
  try {
    // exceljs types the sink as a Stream class; it only pipes its zip into it, which any writable supports.
    const sink = stream as unknown as Stream;
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true, useStyles: true });
    const lists = new ListSource();
    const ranges = await writeLedgerSheet(wb, flow, master, opts.config, lists);
    writeSummarySheet(wb, flow, rollup, ranges, opts.config, opts.lang ?? 'zh');
    await writeOverdueSheet(wb, flow, master, opts.config, opts.lang ?? 'zh');
    lists.write(wb);
    await Promise.race([wb.commit(), failed]);
  } catch (e) {
    if (typeof out === 'string') {
      (stream as WriteStream).destroy();
      await rm(out, { force: true });
    }
    throw e;
  } finally {
    // A file stream is ours and keeps the listener: late errors from a destroyed stream stay handled.
    if (typeof out !== 'string') {
      stream.removeListener('error', onError);
      stream.removeListener('finish', onFinish);
      stream.removeListener('close', onClose);
    }
  }
}

async function writeLedgerSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  flow: Flow,
  master: Master,
  config: CampaignConfig,
  lists: ListSource,
): Promise<LedgerRanges> {
  const columns = ledgerColumns(master);
  const ws = wb.addWorksheet(LEDGER_SHEET, {
    views: [{ state: 'frozen', ySplit: HEADER_ROWS, topLeftCell: `A${HEADER_ROWS + 1}`, activeCell: `A${HEADER_ROWS + 1}` }],
    pageSetup: pageSetup(`1:${HEADER_ROWS}`),
    headerFooter: PAGE_FOOTER,
  });
  ws.columns = columns.map((c) => ({ width: c.width, hidden: c.hidden }));
  const sheet = new SheetWriter(ws, flow);
  const lastVisible = columns.filter((c) => !c.hidden).length - 1;
  const blank = (style: StyleName): Cell[] => columns.map(() => ({ value: null, style }));
  const colOf = (field: LedgerColumn['field']) => columns.findIndex((c) => c.field === field);

  const title = blank('title');
  title[0] = { value: master.title, style: 'title' };
  const titleRow = sheet.row(title, TITLE_POINTS);
  sheet.merge(titleRow, 0, titleRow, lastVisible);
  sheet.row([{ value: `统计日期：${chineseDate(master.asOf)}`, style: 'note' }]);
  sheet.row(columns.map((c) => ({ value: c.header, style: 'header' })), HEADER_POINTS);

  const categoryCol = colOf('category');
  const problemCol = colOf('problem');
  const categoryRanges = new Map<string | undefined, { first: number; last: number }>();
  const immediateTexts = new Set<string>(['立行立改']);
  let firstData = 0;
  let seq = 0;
  // Printed, a problem's run of rows stays on one page (with its category line above it, if any):
  // a merged cell split by a page break is printed over the next page's header by LibreOffice.
  const pages = new PageBreaks(
    columns.filter((c) => !c.hidden).map((c) => c.width),
    TITLE_POINTS + DEFAULT_ROW_POINTS + HEADER_POINTS,
  );
  const breaks = (ws as unknown as { rowBreaks: { id: number; max: number; man: number }[] }).rowBreaks;
  for (const block of categoryBlocks(master)) {
    let separator = block.separator;
    const first = sheet.rowNumber + (separator ? 1 : 0);
    let i = 0;
    for (const run of problemRuns(block.rows)) {
      const rows: { cells: Cell[]; height: number | undefined }[] = [];
      for (let k = 0; k < run; k++, i++) {
        const m = block.rows[i]!.measure;
        if (m.deadline?.kind === 'immediate') immediateTexts.add(m.deadline.text);
        seq++;
        const cells = columns.map((col, c): Cell => {
          if (col.field === 'seq') return { value: seq, style: 'number' };
          // Merged problem and category cells hold their value in the top cell only.
          if (k > 0 && (c === categoryCol || c === problemCol)) return { value: null, style: textStyle(col) };
          const v = measureValue(m, col, config);
          if (col.hidden) return { value: v.value, style: v.date ? 'hiddenDate' : 'hidden' };
          return { value: v.value, style: v.date ? 'date' : textStyle(col) };
        });
        // A merged problem or category cell spreads its lines over the rows of its run.
        const lines = Math.max(
          ...cells.map((cell, c) => {
            if (columns[c]!.hidden) return 1;
            const n = linesNeeded(cell.value, columns[c]!.width);
            return c === categoryCol || c === problemCol ? Math.ceil(n / run) : n;
          }),
        );
        rows.push({ cells, height: rowHeightFor(lines) });
      }
      const height = rows.reduce((h, r) => h + (r.height ?? DEFAULT_ROW_POINTS), separator ? SEPARATOR_POINTS : 0);
      if (pages.startsNewPage(height) && sheet.rowNumber > HEADER_ROWS + 1) breaks.push({ id: sheet.rowNumber - 1, max: 16383, man: 1 });
      if (separator) {
        const line = blank('separator');
        line[0] = { value: separator, style: 'separator' };
        const r = sheet.row(line, SEPARATOR_POINTS);
        sheet.merge(r, 0, r, lastVisible);
        separator = undefined;
      }
      const top = sheet.rowNumber;
      for (const r of rows) {
        const written = sheet.row(r.cells, r.height);
        firstData ||= written;
        if (written % SETTLE_EVERY === 0) await sheet.settle();
      }
      if (run > 1) {
        sheet.merge(top, categoryCol, top + run - 1, categoryCol);
        sheet.merge(top, problemCol, top + run - 1, problemCol);
      }
    }
    categoryRanges.set(block.category, { first, last: sheet.rowNumber - 1 });
  }
  // Dropdowns, highlights and summary formulas cover the first to the last measure row (the category
  // lines between them never match: their deadline and status cells are empty).
  const lastData = sheet.rowNumber - 1;
  firstData ||= sheet.rowNumber;

  const letter = (field: LedgerColumn['field']) => columnLetter(colOf(field));
  const doneLabels = [statusLabel('done', config), statusLabel('done_ongoing', config)];
  if (seq > 0) {
    const rows = (field: LedgerColumn['field']) => `${letter(field)}${firstData}:${letter(field)}${lastData}`;
    const units = config.units.length ? config.units : distinct(master.rows.map((r) => r.measure.unit));
    const categories = master.categories.length ? master.categories : config.categories;
    const pick = { title: '请从下拉列表中选择', text: '该值不在下拉列表中，请确认是否填写正确。' };
    sheet.dropdown(rows('status'), lists.formula(STATUS_CODES.map((s) => statusLabel(s, config))), pick);
    if (categories.length) sheet.dropdown(rows('category'), lists.formula(categories), pick);
    if (units.length) sheet.dropdown(rows('unit'), lists.formula(units), pick);
    addDeadlineHighlights(ws, `A${firstData}:${columnLetter(columns.length - 1)}${lastData}`, firstData, letter('due'), letter('deadline'), letter('status'), doneLabels, [...immediateTexts]);
  }
  ws.commit();
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
    categoryRanges,
    immediateTexts: [...immediateTexts],
  };
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

/** Light red for overdue rows, light amber for rows due within 7 days; both recomputed by Excel each day. */
function addDeadlineHighlights(
  ws: ExcelJS.Worksheet,
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
  ws.addConditionalFormatting({
    ref,
    rules: [
      {
        type: 'expression',
        priority: 1,
        formulae: [`AND(${notDone},OR(AND(ISNUMBER(${d}),${d}<TODAY()),${immediate}))`],
        style: OVERDUE_FILL,
      },
      {
        type: 'expression',
        priority: 2,
        formulae: [`AND(${notDone},ISNUMBER(${d}),${d}>=TODAY(),${d}<=TODAY()+7)`],
        style: DUE_SOON_FILL,
      },
    ],
  });
}

function distinct(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v))];
}

const OVERDUE_LABELS = {
  zh: {
    title: (asOf: string) => `逾期整改措施（截至${chineseDate(asOf)}）`,
    headers: ['序号', '问题类别', '存在问题', '整改措施', '责任单位', '责任人', '完成时限', '完成情况', '逾期天数'],
    none: '无逾期整改措施。',
  },
  en: {
    title: (asOf: string) => `Overdue measures (as of ${asOf})`,
    headers: ['No.', 'Category', 'Problem', 'Measure', 'Responsible unit', 'Owner', 'Deadline', 'Status', 'Days overdue'],
    none: 'No measure is overdue.',
  },
};

async function writeOverdueSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  flow: Flow,
  master: Master,
  config: CampaignConfig,
  lang: Lang,
): Promise<void> {
  const labels = OVERDUE_LABELS[lang];
  const ws = wb.addWorksheet('逾期', {
    views: [{ state: 'frozen', ySplit: 2, topLeftCell: 'A3', activeCell: 'A3' }],
    pageSetup: pageSetup('1:2'),
    headerFooter: PAGE_FOOTER,
  });
  const widths = [6, 14, 32, 42, 14, 10, 15, 16, 10];
  ws.columns = widths.map((width) => ({ width }));
  const sheet = new SheetWriter(ws, flow);
  const width = labels.headers.length;
  const titleRow = sheet.row([{ value: labels.title(master.asOf), style: 'title' }], 36);
  sheet.merge(titleRow, 0, titleRow, width - 1);
  sheet.row(labels.headers.map((h) => ({ value: h, style: 'header' })), 24);
  let n = 0;
  for (const { measure: m } of master.rows) {
    if (!isOverdue(m, master.asOf)) continue;
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
      { value: m.status ? statusLabel(m.status, config) : (m.statusText ?? null), style: 'centered' },
      // 立行立改 has no date to count from.
      { value: m.deadline?.kind === 'date' ? overdueDays(m, master.asOf) : null, style: 'number' },
    ];
    sheet.row(cells, heightFor(cells.map((c) => c.value), widths));
    if (n % SETTLE_EVERY === 0) await sheet.settle();
  }
  if (n === 0) sheet.row([{ value: labels.none, style: 'note' }]);
  ws.commit();
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

  write(wb: ExcelJS.stream.xlsx.WorkbookWriter): void {
    if (this.columns.length === 0) return;
    const ws = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
    const height = Math.max(...this.columns.map((c) => c.length));
    for (let r = 0; r < height; r++) {
      const row = ws.getRow(r + 1);
      this.columns.forEach((values, c) => {
        row.getCell(c + 1).value = values[r] ?? null;
      });
      row.commit();
    }
    ws.commit();
  }
}
