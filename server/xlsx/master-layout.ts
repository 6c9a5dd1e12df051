// What goes where in the master ledger sheet: its columns, the category groups with their separator
// lines, the problems whose cells are merged down over their measures, and each cell's value.
import {
  DUE_HEADER,
  EVIDENCE_FILES_HEADER,
  FIELD_LABELS,
  NO_CATEGORY,
  categoryOf,
  categoryKey,
  closureText,
  extensionText,
  isoToSerial,
  parseCategory,
  statusWords,
  textMeaning,
  toChineseNumber,
  type CampaignConfig,
  type ExtraColumn,
  type Field,
  type LedgerRow,
  type Master,
  type Measure,
} from '../../ledger';

export interface LedgerColumn {
  /**
   * 'due': the hidden due dates that formulas and colours read (deadlines keep the office's words);
   * 'files': the names of the measure's evidence files, linked to the office page (never read back).
   */
  field: Field | 'extra' | 'due' | 'files';
  /** For an extra column: its key in Measure.extras. */
  extraKey?: string;
  header: string;
  width: number;
  hidden: boolean;
}

const FIELD_ORDER: Field[] = [
  'seq', 'category', 'problemNo', 'problem', 'measureNo', 'measure', 'leader', 'leadUnit', 'unit', 'coUnit',
  'owner', 'deadline', 'status', 'progress', 'completedOn', 'evidence', 'remarks', 'closure', 'extension',
];
/** Written only when some row has a value, as many ledgers have no such column. */
export const OPTIONAL_FIELDS = ['problemNo', 'measureNo', 'coUnit', 'closure', 'extension'] as const satisfies readonly Field[];
const isOptional = (f: Field) => (OPTIONAL_FIELDS as readonly Field[]).includes(f);
const WIDTHS: Partial<Record<Field, number>> = {
  seq: 6, category: 14, problemNo: 10, problem: 32, measureNo: 10, measure: 42, leader: 10, leadUnit: 14, unit: 14,
  coUnit: 14, owner: 10, deadline: 15, status: 16, progress: 32, completedOn: 15, evidence: 22, remarks: 14, closure: 16, extension: 24,
};

/** Facts about all of a master's rows that fix its columns, known before the first row is written. */
export interface MasterShape {
  /** How many rows (measures). */
  rows: number;
  /** The optional fields (problemNo, measureNo, coUnit, closure) some row has. */
  fields: Field[];
  /** The display width of the longest category name (a CJK character counts two). */
  longestCategory: number;
}

/** The shape of these rows: one pass over them. */
export function masterShape(rows: Iterable<LedgerRow>): MasterShape {
  let n = 0;
  let longest = 0;
  const fields = new Set<Field>();
  for (const r of rows) {
    n++;
    const m = r.measure;
    if (m.category) longest = Math.max(longest, displayWidth(m.category));
    for (const f of OPTIONAL_FIELDS) if (m[f] !== undefined) fields.add(f);
  }
  return { rows: n, fields: OPTIONAL_FIELDS.filter((f) => fields.has(f)), longestCategory: longest };
}

export function ledgerColumns(master: Master): LedgerColumn[] {
  return ledgerColumnsOf(masterShape(master.rows), master.extraColumns);
}

/**
 * The ledger sheet's columns for rows of this shape: the fields in their usual order, the extra
 * columns, the evidence files when some measure has any, then the hidden ones.
 */
export function ledgerColumnsOf(shape: MasterShape, extraColumns: ExtraColumn[], withFiles = false): LedgerColumn[] {
  const present = (f: Field) => !isOptional(f) || shape.fields.includes(f);
  // Long category names ("党的政治建设方面：贯彻落实…") get a wider column, so they take fewer lines.
  const widths: Partial<Record<Field, number>> = {
    ...WIDTHS,
    category: Math.min(24, Math.max(WIDTHS.category!, Math.ceil(shape.longestCategory / 5) + 1)),
  };
  return [
    ...FIELD_ORDER.filter(present).map((field) => ({ field, header: FIELD_LABELS[field].zh, width: widths[field] ?? 14, hidden: false })),
    ...extraColumns.map((e) => ({ field: 'extra' as const, extraKey: e.key, header: e.label, width: 14, hidden: false })),
    ...(withFiles ? [{ field: 'files' as const, header: EVIDENCE_FILES_HEADER, width: 24, hidden: false }] : []),
    { field: 'id', header: FIELD_LABELS.id.zh, width: 10, hidden: true },
    { field: 'version', header: FIELD_LABELS.version.zh, width: 10, hidden: true },
    { field: 'due', header: DUE_HEADER, width: 12, hidden: true },
  ];
}

/** A value as written: text stays text (never a formula), `date` marks an Excel date serial. */
export interface WrittenValue {
  value: string | number | boolean | null;
  date?: boolean;
}

const EMPTY: WrittenValue = { value: null };
const text = (s: string | undefined): WrittenValue => (s ? { value: s } : EMPTY);

export function measureValue(m: Measure, col: LedgerColumn, config: CampaignConfig): WrittenValue {
  switch (col.field) {
    case 'extra': {
      const v = m.extras[col.extraKey!];
      return v === undefined || v === '' ? EMPTY : { value: v };
    }
    case 'deadline':
      return deadlineValue(m);
    case 'due':
      return m.deadline?.kind === 'date' ? { value: isoToSerial(m.deadline.date), date: true } : EMPTY;
    case 'status':
      return text(statusWords(m, config));
    case 'completedOn':
      return m.completedOn ? { value: isoToSerial(m.completedOn), date: true } : text(m.completedOnText);
    case 'closure':
      return text(m.closure && closureText(m.closure));
    case 'extension':
      return text(m.extension && extensionText(m.extension));
    case 'version':
      return m.version === undefined ? EMPTY : { value: m.version };
    case 'seq':
    case 'files':
      return EMPTY;
    default:
      return text(m[col.field]);
  }
}

/**
 * A deadline in the office's own words ("2018年9月底前", "长期坚持"); one that was a date cell (or typed
 * as a bare ISO date) stays a date cell.
 */
export function deadlineValue(m: Measure): WrittenValue {
  const d = m.deadline;
  if (!d) return EMPTY;
  return d.kind === 'date' && (d.text === d.date || d.text === '') ? { value: isoToSerial(d.date), date: true } : text(d.text);
}

export interface CategoryBlock {
  /** The category as the master names it; undefined for rows without one. */
  category?: string;
  /** "一、理论学习不深入"; undefined for rows without a category, which come first with no line above. */
  separator?: string;
  rows: LedgerRow[];
}

/**
 * Rows grouped under their categories in the master's order, then any category it does not list, in
 * first-seen order. Rows without a category come first: below a separator line, a reader would give
 * them that line's category.
 */
export function categoryBlocks(master: Master): CategoryBlock[] {
  const uncategorised: LedgerRow[] = [];
  const groups = new Map<string, { category: string; rows: LedgerRow[] }>();
  for (const c of master.categories) if (!groups.has(categoryKey(c))) groups.set(categoryKey(c), { category: c, rows: [] });
  for (const row of master.rows) {
    const c = categoryOf(row.measure);
    if (c === NO_CATEGORY) {
      uncategorised.push(row);
      continue;
    }
    let g = groups.get(categoryKey(c));
    if (!g) {
      g = { category: c, rows: [] };
      groups.set(categoryKey(c), g);
    }
    g.rows.push(row);
  }
  const blocks: CategoryBlock[] = uncategorised.length ? [{ rows: uncategorised }] : [];
  let ordinal = 0;
  for (const g of groups.values()) {
    if (g.rows.length === 0) continue;
    ordinal++;
    const name = parseCategory(g.category).name || g.category;
    blocks.push({ category: g.category, separator: `${toChineseNumber(ordinal)}、${name}`, rows: g.rows });
  }
  return blocks;
}

/**
 * What rows of one problem share (undefined: a row without a problem, a run of its own). Rows share
 * the merged cell only when their problem reads the same (ledger/meaning): a variant with other
 * punctuation keeps its own words, so the workbook reads back as it was written.
 */
export function problemKey(row: LedgerRow): string | undefined {
  return row.measure.problem ? textMeaning(row.measure.problem) : undefined;
}

// Wrapped text only grows a row in Excel when the row has no fixed height, and LibreOffice and WPS do
// not grow it on opening at all: so rows get the height their longest text needs.
const LINE_POINTS = 15;
const MAX_ROW_POINTS = 409;

/** Display width of a text in Excel's column-width units (a CJK character takes two). */
export function displayWidth(line: string): number {
  return widthOf(line, 0, line.length);
}

/** Display width of s[from, to): one unit a character up to U+2E80, two past it (a surrogate pair is one character). */
function widthOf(s: string, from: number, to: number): number {
  let w = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x2e80) {
      w += 1;
    } else {
      w += 2;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < to && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    }
  }
  return w;
}

/** Lines a value needs in a column of this width, counting its own line breaks. */
export function linesNeeded(value: string | number | boolean | null, width: number): number {
  if (typeof value !== 'string' || value === '') return 1;
  const usable = Math.max(1, width - 1);
  let lines = 0;
  for (let start = 0; ; ) {
    const nl = value.indexOf('\n', start);
    const end = nl === -1 ? value.length : nl;
    lines += Math.max(1, Math.ceil(widthOf(value, start, end) / usable));
    if (nl === -1) return lines;
    start = nl + 1;
  }
}

/** Row height in points for `lines` lines of text, or undefined for a single line (Excel's default). */
export function rowHeightFor(lines: number): number | undefined {
  return lines > 1 ? Math.min(MAX_ROW_POINTS, lines * LINE_POINTS + 3) : undefined;
}

/** The height a row of these values needs in columns of these widths (undefined: one line). */
export function heightFor(values: (string | number | boolean | null)[], widths: number[]): number | undefined {
  return rowHeightFor(Math.max(1, ...values.map((v, c) => linesNeeded(v, widths[c] ?? 10))));
}
