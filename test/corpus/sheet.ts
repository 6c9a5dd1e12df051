// Lays a declared ledger out on a grid the way offices really do (title, 填报单位 line, one or two
// header rows, separator rows, vertically merged problem cells, notes below) and writes it with exceljs.
// The plan is pure so expected row and column positions come from the same place the sheet does.
import ExcelJS from 'exceljs';
import type { Cell, ColumnSource, Layout, LedgerSheet, MeasureRow, SheetSpec } from './spec';

/** 0-based, inclusive. */
export interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface SheetPlan {
  name: string;
  cells: Cell[][];
  merges: Merge[];
  widths: number[];
  headerRows: number[];
  /** 0-based sheet row of each declared measure, in declaration order. */
  measureRows: number[];
  /** Rows that are separators, notes or signature lines: present in the sheet, not measures. */
  otherRows: number[];
  /** Empty spacer columns (0-based). */
  spacers: number[];
}

export { columnLetter as letter } from '../../ledger/grid';

export function columnOf(layout: Layout, source: ColumnSource): number {
  const i = layout.columns.findIndex((c) => c.source === source);
  if (i < 0) throw new Error(`layout of ${layout.sheet} has no ${source} column`);
  return i;
}

function valueFor(row: MeasureRow, source: ColumnSource, header: string): Cell {
  switch (source) {
    case 'spacer':
    case 'seq':
      return null;
    case 'extra':
      return row.extras?.[header] ?? null;
    case 'deadline':
      return row.deadline.cell;
    case 'category':
      return row.categoryCell ?? row.category ?? null;
    case 'problem':
      return row.problemCell ?? row.problem ?? null;
    default:
      return row[source] ?? null;
  }
}

/** Runs of consecutive rows sharing a key (no run crosses a category change). */
function runs(rows: MeasureRow[], key: (r: MeasureRow) => string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let i = 1; i <= rows.length; i++) {
    const prev = rows[i - 1]!;
    const cur = rows[i];
    if (!cur || key(cur) !== key(prev) || cur.category !== prev.category) {
      out.push([start, i - 1]);
      start = i;
    }
  }
  return out;
}

export function planLedger({ layout, rows }: LedgerSheet): SheetPlan {
  const width = layout.columns.length;
  const last = width - 1;
  const cells: Cell[][] = [];
  const merges: Merge[] = [];
  const otherRows: number[] = [];
  const line = (l: { cells: Array<[number, string]>; mergeAcross?: boolean }) => {
    const r = cells.length;
    const out: Cell[] = Array(width).fill(null);
    for (const [c, text] of l.cells) out[c] = text;
    cells.push(out);
    if (l.mergeAcross) merges.push({ top: r, left: 0, bottom: r, right: last });
    return r;
  };

  if (layout.title) line({ cells: [[0, layout.title]], mergeAcross: true });
  for (const l of layout.preamble ?? []) line(l);

  const twoRows = layout.columns.some((c) => c.group);
  const headerRows = twoRows ? [cells.length, cells.length + 1] : [cells.length];
  if (twoRows) {
    const top: Cell[] = Array(width).fill(null);
    const sub: Cell[] = Array(width).fill(null);
    const h = cells.length;
    layout.columns.forEach((c, i) => {
      if (c.source === 'spacer') return;
      if (c.group) {
        sub[i] = c.header;
        if (layout.columns[i - 1]?.group !== c.group) {
          top[i] = c.group;
          let j = i;
          while (layout.columns[j + 1]?.group === c.group) j++;
          if (j > i) merges.push({ top: h, left: i, bottom: h, right: j });
        }
      } else {
        top[i] = c.header;
        merges.push({ top: h, left: i, bottom: h + 1, right: i });
      }
    });
    cells.push(top, sub);
  } else {
    cells.push(layout.columns.map((c) => (c.source === 'spacer' ? null : c.header)));
  }

  const measureRows: number[] = [];
  const problemRunStart = new Map<number, number>();
  const categoryRunStart = new Map<number, number>();
  if (layout.mergeProblem) for (const [a, b] of runs(rows, (r) => r.problem ?? '')) problemRunStart.set(a, b);
  if (layout.mergeCategory) for (const [a, b] of runs(rows, () => '')) categoryRunStart.set(a, b);
  const inRun = (starts: Map<number, number>, i: number) => {
    for (const [a, b] of starts) if (i > a && i <= b) return true;
    return false;
  };

  let ordinal = 0;
  let seq = 0;
  rows.forEach((row, i) => {
    const newCategory = i === 0 || row.category !== rows[i - 1]!.category;
    if (newCategory && row.category !== undefined) {
      ordinal += 1;
      if (layout.seq === 'restart') seq = 0;
      if (layout.separator) otherRows.push(line({ cells: [[0, layout.separator(row.category, ordinal)]], mergeAcross: true }));
    }
    const r = cells.length;
    seq += 1;
    const out = layout.columns.map((c) => {
      if (c.source === 'seq') return layout.seq === 'given' ? (row.seq ?? null) : seq;
      const covered =
        ((c.source === 'problem' || c.source === 'problemNo') && inRun(problemRunStart, i)) ||
        (c.source === 'category' && inRun(categoryRunStart, i));
      return covered ? null : valueFor(row, c.source, c.header);
    });
    cells.push(out);
    measureRows.push(r);
  });
  // Vertical merges over the measure rows of one problem / one category.
  const vertical = (starts: Map<number, number>, source: ColumnSource) => {
    const col = layout.columns.findIndex((c) => c.source === source);
    if (col < 0) return;
    for (const [a, b] of starts) if (b > a) merges.push({ top: measureRows[a]!, left: col, bottom: measureRows[b]!, right: col });
  };
  vertical(problemRunStart, 'problem');
  vertical(problemRunStart, 'problemNo');
  vertical(categoryRunStart, 'category');

  if (layout.footer?.length) {
    cells.push(Array(width).fill(null));
    for (const l of layout.footer) otherRows.push(line(l));
  }
  return {
    name: layout.sheet,
    cells,
    merges,
    widths: layout.columns.map((c) => c.width ?? (c.source === 'spacer' ? 3 : 14)),
    headerRows,
    measureRows,
    otherRows,
    spacers: layout.columns.flatMap((c, i) => (c.source === 'spacer' ? [i] : [])),
  };
}

const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

function writePlan(ws: ExcelJS.Worksheet, plan: SheetPlan, tableFrom: number): void {
  plan.widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  plan.cells.forEach((row, r) => {
    row.forEach((v, c) => {
      const cell = ws.getCell(r + 1, c + 1);
      if (v !== null) cell.value = v;
      if (v instanceof Date) cell.numFmt = 'yyyy"年"m"月"d"日"';
      const inTable = r >= tableFrom && !plan.otherRows.includes(r) && !plan.spacers.includes(c);
      if (inTable) {
        cell.border = BORDER;
        cell.alignment = { vertical: 'middle', wrapText: true };
      }
    });
  });
  for (const r of plan.headerRows) {
    ws.getRow(r + 1).font = { bold: true };
    ws.getRow(r + 1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }
  for (const m of plan.merges) ws.mergeCells(m.top + 1, m.left + 1, m.bottom + 1, m.right + 1);
}

export function planOf(sheets: SheetSpec[]): SheetPlan {
  const spec = sheets.find((s) => s.kind === 'ledger');
  if (!spec || spec.kind !== 'ledger') throw new Error('workbook spec has no ledger sheet');
  return planLedger(spec.ledger);
}

export function renderWorkbook(sheets: SheetSpec[], creator: string): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = creator;
  wb.created = new Date(Date.UTC(2018, 8, 1));
  for (const s of sheets) {
    if (s.kind === 'empty') wb.addWorksheet(s.name);
    else if (s.kind === 'cover') {
      const ws = wb.addWorksheet(s.name);
      ws.getColumn(2).width = 60;
      s.lines.forEach((text, i) => {
        const cell = ws.getCell(3 + i * 2, 2);
        cell.value = text;
        cell.alignment = { horizontal: 'center' };
        cell.font = { size: i === 0 ? 20 : 14, bold: i === 0 };
      });
    } else {
      const ws = wb.addWorksheet(s.ledger.layout.sheet);
      const plan = planLedger(s.ledger);
      writePlan(ws, plan, plan.headerRows[0]!);
      if (s.ledger.layout.title) ws.getRow(1).font = { size: 16, bold: true };
      ws.views = [{ state: 'frozen', ySplit: plan.headerRows.at(-1)! + 1 }];
    }
  }
  return wb;
}
