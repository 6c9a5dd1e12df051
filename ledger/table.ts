// Finding the ledger table on a sheet: the header row(s) among title lines, two-level merged headers,
// and which column holds which field (BRIEF §4).
import { looksLikeStatusColumn } from './status';
import { cellAt, columnCount, columnLetter, type Grid, type MergedRange } from './grid';
import { headerMeaning, type HeaderDictionary, type HeaderMeaning } from './headers';
import type { FieldColumn } from './model';
import type { CellValue, ExtraColumn, Field } from './schema';
import { cellText, textKey } from './text';

/** How far down a sheet a header is looked for: past a title, a 填报单位 line and a blank or two. */
const HEADER_SEARCH_ROWS = 40;
/** A table needs this many recognised fields, one of them the problem or the measure. */
const MIN_FIELDS = 3;

export interface TableLayout {
  headerRows: number[];
  dataStart: number;
  columns: FieldColumn[];
  extraColumns: (ExtraColumn & { index: number })[];
  /** Number of distinct fields recognised: how confident the detection is. */
  score: number;
}

/** Index of merged ranges by the rows they cross, for quick look-ups while scanning rows. */
export class MergeIndex {
  // The ranges crossing row r are crossing[first[r]] … crossing[first[r + 1] - 1], in the order given:
  // a ledger's rows cross one to three (problem cells merged down), a short scan, where a table of
  // covered cells cost an array for every row. A row crossed by more than SCANNED ranges (a hostile
  // file) gets such a table instead, so no look-up scans more than a few.
  private readonly first: Int32Array;
  private readonly crossing: MergedRange[];
  private readonly tables = new Map<number, (MergedRange | undefined)[]>();
  constructor(
    readonly merges: MergedRange[],
    private readonly width: number,
  ) {
    // Ranges wider than a sheet row cannot exist; a bound keeps a hostile file from exhausting memory.
    const kept = merges.filter((m) => (m.bottom - m.top + 1) * (m.right - m.left + 1) <= 2_000_000);
    const rows = kept.reduce((n, m) => Math.max(n, m.bottom + 1), 0);
    this.first = new Int32Array(rows + 1);
    kept.forEach((m) => {
      for (let r = Math.max(m.top, 0); r <= m.bottom; r++) this.first[r + 1]! += 1;
    });
    for (let r = 0; r < rows; r++) this.first[r + 1]! += this.first[r]!;
    const next = this.first.slice(0, rows);
    this.crossing = new Array<MergedRange>(this.first[rows]!);
    kept.forEach((m) => {
      for (let r = Math.max(m.top, 0); r <= m.bottom; r++) this.crossing[next[r]!++] = m;
    });
  }

  at(row: number, col: number): MergedRange | undefined {
    if (row < 0 || row + 1 >= this.first.length || col >= this.width) return undefined;
    const from = this.first[row]!;
    const to = this.first[row + 1]!;
    if (to - from > SCANNED) return this.table(row, from, to)[col];
    // Where ranges overlap the last given wins, as it did in a table filled in order.
    for (let i = to - 1; i >= from; i--) {
      const m = this.crossing[i]!;
      if (col >= m.left && col <= m.right) return m;
    }
    return undefined;
  }

  private table(row: number, from: number, to: number): (MergedRange | undefined)[] {
    let cells = this.tables.get(row);
    if (!cells) {
      cells = [];
      for (let i = from; i < to; i++) {
        const m = this.crossing[i]!;
        for (let c = m.left; c <= Math.min(m.right, this.width - 1); c++) cells[c] = m;
      }
      this.tables.set(row, cells);
    }
    return cells;
  }
}
const SCANNED = 8;

/** A header cell's text as shown: a covered cell of a merged header shows the merge's value. */
function headerText(grid: Grid, merges: MergeIndex, row: number, col: number): string | undefined {
  const m = merges.at(row, col);
  const v = m ? cellAt(grid, m.top, m.left) : cellAt(grid, row, col);
  return cellText(v);
}

interface Candidate {
  headerRows: number[];
  labels: (string[] | undefined)[];
  meanings: (HeaderMeaning | undefined)[];
  score: number;
}

function scoreOf(meanings: (HeaderMeaning | undefined)[]): number {
  const fields = new Set(meanings.filter((m): m is HeaderMeaning => m !== undefined && m !== 'seq' && m !== 'derived'));
  const core = fields.has('measure') || fields.has('problem');
  return core ? fields.size : Math.min(fields.size, MIN_FIELDS - 1);
}

function candidate(grid: Grid, merges: MergeIndex, width: number, rows: number[], dict: HeaderDictionary): Candidate {
  const labels: (string[] | undefined)[] = [];
  const meanings: (HeaderMeaning | undefined)[] = [];
  const [upperRow, lowerRow] = rows;
  for (let c = 0; c < width; c++) {
    let options: string[] | undefined;
    const upper = headerText(grid, merges, upperRow!, c);
    if (lowerRow === undefined) {
      options = upper === undefined ? undefined : [upper];
    } else {
      // In a two-level header a column headed only in the upper row is merged down over the lower one.
      const m = merges.at(lowerRow, c);
      const fromAbove = m !== undefined && m.top <= upperRow!;
      const lower = fromAbove ? undefined : cellText(cellAt(grid, lowerRow, c));
      if (lower !== undefined) options = upper !== undefined && upper !== lower ? [lower, upper + lower] : [lower];
      else options = upper === undefined ? undefined : [upper];
    }
    labels.push(options);
    let meaning: HeaderMeaning | undefined;
    for (const o of options ?? []) {
      meaning = headerMeaning(o, dict);
      if (meaning) break;
    }
    meanings.push(meaning);
  }
  return { headerRows: rows, labels, meanings, score: scoreOf(meanings) };
}

/** Column-number rows ("1 2 3 …" or "(1) (2) …") that some forms put under the header. */
function isColumnNumberRow(grid: Grid, row: number, width: number): boolean {
  let n = 0;
  for (let c = 0; c < width; c++) {
    const t = cellText(cellAt(grid, row, c));
    if (t === undefined) continue;
    if (!/^[(（]?\d{1,2}[)）]?$/.test(t)) return false;
    n++;
  }
  return n >= 3;
}

/** The header row, or pair of rows, among the first HEADER_SEARCH_ROWS whose labels name the most fields. */
function bestHeader(grid: Grid, index: MergeIndex, width: number, dict: HeaderDictionary): Candidate | undefined {
  const last = Math.min(grid.cells.length, HEADER_SEARCH_ROWS);
  let best: Candidate | undefined;
  for (let r = 0; r < last; r++) {
    const single = candidate(grid, index, width, [r], dict);
    if (!best || single.score > best.score) best = single;
    if (r + 1 < grid.cells.length) {
      const double = candidate(grid, index, width, [r, r + 1], dict);
      const lower = candidate(grid, index, width, [r + 1], dict);
      // Header cells merged down from row r into r+1 tie the two rows into one two-level header.
      let linked = false;
      for (let c = 0; c < width && !linked; c++) {
        const m = index.at(r + 1, c);
        linked = m !== undefined && m.top === r;
      }
      const wins = linked ? double.score >= Math.max(single.score, lower.score) : double.score > Math.max(single.score, lower.score);
      if (wins && double.score >= best.score) best = double;
    }
  }
  return best;
}

/**
 * Finds the header and maps columns to fields. Undefined when no row looks like a ledger header.
 * A field claimed by two columns goes to the first; the second is kept as an extra column.
 */
export function detectTable(grid: Grid, dict: HeaderDictionary, merges?: MergeIndex): TableLayout | undefined {
  const width = columnCount(grid);
  if (width === 0) return undefined;
  const index = merges ?? new MergeIndex(grid.merges, width);
  const best = bestHeader(grid, index, width, dict);
  if (!best || best.score < MIN_FIELDS) return undefined;

  const lastHeader = best.headerRows[best.headerRows.length - 1]!;
  let dataStart = lastHeader + 1;
  if (dataStart < grid.cells.length && isColumnNumberRow(grid, dataStart, width)) dataStart++;

  const columns: FieldColumn[] = [];
  const extraColumns: (ExtraColumn & { index: number })[] = [];
  const taken = new Set<Field>();
  const ambiguous: number[] = [];
  const derived: number[] = [];
  const labelOf = (c: number) => best.labels[c]![best.labels[c]!.length > 1 && !best.meanings[c] ? 1 : 0]!;
  const addExtra = (c: number, label: string) => {
    const key = textKey(label);
    extraColumns.push({ key: extraColumns.some((e) => e.key === key) ? `${key}#${c}` : key, label, index: c });
  };
  for (let c = 0; c < width; c++) {
    const meaning = best.meanings[c];
    if (!best.labels[c]) continue;
    const label = labelOf(c);
    if (meaning === 'derived') derived.push(c);
    else if (meaning === 'statusOrProgress') ambiguous.push(c);
    else if (meaning && !taken.has(meaning)) {
      taken.add(meaning);
      columns.push({ field: meaning, index: c, header: label });
    } else addExtra(c, label);
  }
  // 整改进展 holds status words in some ledgers and notes in others: the cells say which.
  for (const c of ambiguous) {
    const values: CellValue[] = [];
    for (let r = dataStart; r < grid.cells.length && values.length < 200; r++) values.push(cellAt(grid, r, c));
    const field: Field | undefined =
      !taken.has('status') && looksLikeStatusColumn(values) ? 'status' : !taken.has('progress') ? 'progress' : undefined;
    if (field) {
      taken.add(field);
      columns.push({ field, index: c, header: labelOf(c) });
    } else addExtra(c, labelOf(c));
  }
  columns.sort((a, b) => a.index - b.index);
  extraColumns.sort((a, b) => a.index - b.index);
  // A column with data but no header is still the unit's data: keep it under its letter.
  const headed = new Set([...columns.map((c) => c.index), ...extraColumns.map((e) => e.index), ...derived]);
  for (let c = 0; c < width; c++) {
    if (headed.has(c)) continue;
    let hasData = false;
    for (let r = dataStart; r < grid.cells.length && !hasData; r++) {
      if (index.at(r, c)) continue;
      hasData = cellText(cellAt(grid, r, c)) !== undefined;
    }
    if (hasData) addExtra(c, `(${columnLetter(c)}列)`);
  }
  extraColumns.sort((a, b) => a.index - b.index);
  return { headerRows: best.headerRows, dataStart, columns, extraColumns, score: best.score };
}

