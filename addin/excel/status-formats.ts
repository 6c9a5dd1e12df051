// Overdue and due-soon colouring of the data rows as conditional formats (ExcelApi 1.6), so the
// colours follow the sheet as people type. A formula can only read a deadline that is a date (or
// the words for "due at once"); deadlines written as text ("2018年12月底前") are the task pane's to
// mark, from the ledger's own reading.
import type { IsoDate } from '../../ledger';
import { columnLetter, DEADLINE_WORDS, DUE_SOON_DAYS } from '../../ledger';
import { requireCapability } from './capabilities';
import { AdapterError } from './errors';
import type { HostContext, Requirements } from './host';

export const OVERDUE_STYLE = { fill: '#FFC7CE', font: '#9C0006' } as const;
export const DUE_SOON_STYLE = { fill: '#FFEB9C', font: '#9C5700' } as const;

export interface StatusFormatSpec {
  /** Data rows and the table's columns to colour, 0-based and inclusive. */
  firstRow: number;
  lastRow: number;
  firstCol: number;
  lastCol: number;
  deadlineCol: number;
  statusCol: number;
  /** Status words that count as completed (a completed row is never coloured). */
  doneWords: readonly string[];
  /** Deadline words meaning "due at once" (立行立改): overdue while not completed. */
  immediateWords?: readonly string[];
  /** Colour as of this day instead of Excel's TODAY(). */
  asOf?: IsoDate;
}

function quoted(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/** The two formulas, written for the range's top-left cell (row-relative, column-absolute). */
function statusFormulas(spec: StatusFormatSpec): { overdue: string; dueSoon: string } {
  const row = spec.firstRow + 1;
  const deadline = `$${columnLetter(spec.deadlineCol)}${row}`;
  const status = `TRIM($${columnLetter(spec.statusCol)}${row})`;
  const today = spec.asOf ? `DATE(${spec.asOf.slice(0, 4)},${Number(spec.asOf.slice(5, 7))},${Number(spec.asOf.slice(8, 10))})` : 'TODAY()';
  const notDone = spec.doneWords.length > 0 ? `AND(${spec.doneWords.map((w) => `${status}<>${quoted(w.trim())}`).join(',')})` : 'TRUE';
  const immediate = (spec.immediateWords ?? [DEADLINE_WORDS.immediate]).map((w) => `TRIM(${deadline})=${quoted(w.trim())}`);
  const late = [`AND(ISNUMBER(${deadline}),${deadline}<${today})`, ...immediate].join(',');
  return {
    overdue: `=AND(${notDone},OR(${late}))`,
    dueSoon: `=AND(${notDone},ISNUMBER(${deadline}),${deadline}>=${today},${deadline}<=${today}+${DUE_SOON_DAYS})`,
  };
}

/**
 * Replaces the conditional formats on the data rows with two: overdue (red) and due soon (amber).
 * Refuses on hosts below ExcelApi 1.6 before changing anything. One round trip.
 */
export async function applyStatusFormats(context: HostContext, requirements: Requirements, sheetName: string, spec: StatusFormatSpec): Promise<void> {
  requireCapability(requirements, 'statusFormats');
  if (spec.lastRow < spec.firstRow || spec.lastCol < spec.firstCol || spec.firstRow < 0 || spec.firstCol < 0) {
    throw new AdapterError('bad_input', `着色范围无效。/ Invalid range to colour: rows ${spec.firstRow}–${spec.lastRow}, columns ${spec.firstCol}–${spec.lastCol}.`);
  }
  const formulas = statusFormulas(spec);
  const range = context.workbook.worksheets
    .getItem(sheetName)
    .getRangeByIndexes(spec.firstRow, spec.firstCol, spec.lastRow - spec.firstRow + 1, spec.lastCol - spec.firstCol + 1);
  range.conditionalFormats.clearAll();
  for (const [formula, style] of [
    [formulas.overdue, OVERDUE_STYLE],
    [formulas.dueSoon, DUE_SOON_STYLE],
  ] as const) {
    const cf = range.conditionalFormats.add('Custom');
    cf.custom.rule.formula = formula;
    cf.custom.format.fill.color = style.fill;
    cf.custom.format.font.color = style.font;
  }
  await context.sync();
}
