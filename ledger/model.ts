// What reading, checking and merging produce. Plain data: the writer, the service and the add-in
// consume these without knowing how they were made.
import type { ExtraColumn, Field, Finding, IsoDate, Measure, RowSource, Rollup } from './schema';

/** One measure read from a sheet, with where it came from and which column held each field. */
export interface LedgerRow {
  measure: Measure;
  source: RowSource;
}

/** A field's column in a sheet: 0-based index and its header as written. */
export interface FieldColumn {
  field: Field;
  index: number;
  header: string;
}

/** The ledger table found in one workbook. */
export interface ParsedLedger {
  file: string;
  sheet: string;
  /** The title line above the table, if any ("某学院巡视整改工作台账"). */
  title?: string;
  /** The unit named in a "填报单位：…" line, if any. */
  reportingUnit?: string;
  /** 0-based rows the header occupies. */
  headerRows: number[];
  columns: FieldColumn[];
  /** Columns kept as they are, in sheet order, with their 0-based index. */
  extraColumns: (ExtraColumn & { index: number })[];
  rows: LedgerRow[];
  /** Problems found while reading (no header, unreadable cells); rule findings come from checking. */
  findings: Finding[];
}

/** The consolidated ledger: what `merge` and the service write out as the master workbook. */
export interface Master {
  title: string;
  asOf: IsoDate;
  /** Categories in ledger order (the writer groups rows under them in this order). */
  categories: string[];
  extraColumns: ExtraColumn[];
  rows: LedgerRow[];
}

export interface CheckResult {
  ledgers: ParsedLedger[];
  findings: Finding[];
  rollup: Rollup;
}

export interface MergeResult {
  master: Master;
  findings: Finding[];
  rollup: Rollup;
  /** For each input ledger, for each of its rows: the index in `master.rows` of the row it became. */
  placement: number[][];
}
