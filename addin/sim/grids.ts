// Between ledger grids and the simulated workbook: load a workbook read from an xlsx file (the
// playground does this through the service) and export what the add-in left in it.
import { Grid, parseRangeRef, type CellValue, type GridInput } from '../../ledger';
import { Journal, SheetState, type WorkbookState } from './state';

export function fillWorkbook(book: WorkbookState, grids: readonly GridInput[], numberFormats: Readonly<Record<string, Readonly<Record<string, string>>>> = {}): void {
  for (const input of grids) {
    const grid = Grid.parse(input);
    const sheet = new SheetState(grid.sheet);
    if (grid.hidden) sheet.visibility = 'Hidden';
    grid.cells.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v !== null && v !== '') sheet.put(r, c, v);
      }),
    );
    sheet.merges = grid.merges.map((m) => ({ ...m }));
    for (const c of grid.hiddenColumns) sheet.hiddenColumns.add(c);
    for (const [address, format] of Object.entries(numberFormats[grid.sheet] ?? {})) {
      const at = parseRangeRef(address);
      sheet.setNumberFormat(at.top, at.left, format, new Journal());
    }
    book.sheets.push(sheet);
  }
  book.activeSheet = book.sheets.find((s) => s.visibility === 'Visible') ?? book.sheets[0];
}

/** A sheet as a grid: rows without trailing empty cells, no trailing empty rows, merges in reading order. */
export function sheetGrid(sheet: SheetState): Grid {
  const cells: CellValue[][] = [];
  sheet.rows().forEach((line, r) => {
    const row: CellValue[] = [];
    line?.forEach((v, c) => {
      if (v !== null && v !== undefined) {
        while (row.length < c) row.push(null);
        row.push(v);
      }
    });
    while (cells.length < r) cells.push([]);
    cells.push(row);
  });
  while (cells.length > 0 && cells[cells.length - 1]!.length === 0) cells.pop();
  return {
    sheet: sheet.name,
    cells,
    merges: [...sheet.merges].sort((a, b) => a.top - b.top || a.left - b.left),
    hidden: sheet.visibility !== 'Visible',
    hiddenColumns: [...sheet.hiddenColumns].sort((a, b) => a - b),
  };
}
