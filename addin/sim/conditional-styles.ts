// What the sheet's conditional formats make each cell look like, as Excel draws them: each custom
// rule's formula is evaluated for every cell it covers, its relative references moved from the
// rule's top-left cell to that cell; a rule that comes out TRUE (or a non-zero number) gives the
// cell its fill and font colour, the first such rule winning each property, and a true rule with
// stopIfTrue ends the search for that cell. A rule whose references are column-absolute (the pane's
// are) is evaluated once per row.
import type { CellValue } from '../../ledger';
import { cellKey, keyCell, localAddress } from './address';
import { evaluateTree, type Sheets } from './formulas';
import { FormulaUnsupported, parseFormula, relativeReferences, type FormulaNode } from './formula-syntax';
import { recalculate } from './recalc';
import type { ConditionalFormatState, SheetState, WorkbookState } from './state';

export interface ConditionalStyle {
  fill?: string;
  fontColor?: string;
}

function treeOf(cf: ConditionalFormatState): FormulaNode | undefined {
  try {
    return parseFormula(cf.formula);
  } catch (e) {
    if (e instanceof FormulaUnsupported) return undefined;
    throw e;
  }
}

/** Styles by A1 address for the cells above row `rowLimit` (0-based, exclusive) that some rule colours. */
export function conditionalStyles(book: WorkbookState, sheet: SheetState, rowLimit = Infinity): Record<string, ConditionalStyle> {
  recalculate(book);
  const sheets: Sheets = { value: (name, row, col) => book.sheetNamed(name)?.value(row, col) };
  const today = book.today();
  const styles = new Map<number, ConditionalStyle & { stopped?: boolean }>();
  const areas = new Map<string, CellValue[][]>();
  for (const cf of sheet.conditionalFormats) {
    const tree = treeOf(cf);
    if (!tree || cf.rects.length === 0 || (cf.fill === undefined && cf.fontColor === undefined)) continue;
    const top = Math.min(...cf.rects.map((r) => r.top));
    const left = Math.min(...cf.rects.map((r) => r.left));
    const relative = relativeReferences(tree);
    const results = new Map<string, CellValue>();
    const valueAt = (rows: number, cols: number): CellValue => {
      const key = `${relative.rows ? rows : ''},${relative.cols ? cols : ''}`;
      if (!results.has(key)) results.set(key, evaluateTree(tree, { sheet: sheet.name, sheets, today, areas, shift: { rows, cols } }));
      return results.get(key)!;
    };
    for (const rect of cf.rects) {
      for (let row = rect.top; row <= Math.min(rect.bottom, rowLimit - 1); row++) {
        for (let col = rect.left; col <= rect.right; col++) {
          const key = cellKey(row, col);
          const style = styles.get(key) ?? {};
          if (style.stopped) continue;
          const v = valueAt(row - top, col - left);
          if (v !== true && !(typeof v === 'number' && v !== 0)) continue;
          if (cf.fill !== undefined) style.fill ??= cf.fill;
          if (cf.fontColor !== undefined) style.fontColor ??= cf.fontColor;
          if (cf.stopIfTrue) style.stopped = true;
          styles.set(key, style);
        }
      }
    }
  }
  const out: Record<string, ConditionalStyle> = {};
  for (const [key, { fill, fontColor }] of styles) {
    const { row, col } = keyCell(key);
    out[localAddress({ top: row, left: col, bottom: row, right: col })] = { ...(fill !== undefined && { fill }), ...(fontColor !== undefined && { fontColor }) };
  }
  return out;
}
