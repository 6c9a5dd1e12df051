// Automatic calculation, as Excel does it: every formula cell holds the value its formula computes
// to, across sheets, as of the workbook's TODAY(). Done when values are read (Range.values, the
// host's snapshots), and only after a cell, a sheet or the day changed: the 汇总 sheet's COUNTIFS
// read whole ledger columns, which one pass reads once (`areas`).
import type { CellValue } from '../../ledger';
import { cellKey, keyCell } from './address';
import { evaluate, type Sheets } from './formulas';
import { cellChanges, type SheetState, type WorkbookState } from './state';

const calculatedAt = new WeakMap<WorkbookState, string>();

export function recalculate(book: WorkbookState): void {
  const today = book.today();
  const stamp = `${cellChanges()}|${book.sheets.map((s) => `${s.id}:${s.name}`).join('|')}|${today}`;
  if (calculatedAt.get(book) === stamp) return;
  const done = new Map<SheetState, Map<number, CellValue>>();
  const running = new Set<string>();
  const areas = new Map<string, CellValue[][]>();
  const valueOf = (sheet: SheetState, row: number, col: number): CellValue => {
    const key = cellKey(row, col);
    const formula = sheet.formulas.get(key);
    if (formula === undefined) return sheet.value(row, col);
    const known = done.get(sheet)?.get(key);
    if (known !== undefined) return known;
    // A circular reference: Excel warns and shows 0.
    const id = `${sheet.id}:${key}`;
    if (running.has(id)) return 0;
    running.add(id);
    const value = evaluate(formula, sheet.name, sheets, today, areas);
    running.delete(id);
    if (!done.has(sheet)) done.set(sheet, new Map());
    done.get(sheet)!.set(key, value);
    return value;
  };
  const sheets: Sheets = {
    value: (name, row, col) => {
      const sheet = book.sheetNamed(name);
      return sheet ? valueOf(sheet, row, col) : undefined;
    },
  };
  for (const sheet of book.sheets) {
    for (const key of sheet.formulas.keys()) {
      const { row, col } = keyCell(key);
      sheet.put(row, col, valueOf(sheet, row, col));
    }
  }
  calculatedAt.set(book, stamp);
}
