// Writes grids built in code to real .xlsx files (exceljs), for tests that go through the reader.
import ExcelJS from 'exceljs';
import { rangeRef, type GridWorkbook } from '../../ledger';

export async function writeGridWorkbook(book: GridWorkbook, path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  for (const grid of book.sheets) {
    const ws = wb.addWorksheet(grid.sheet);
    grid.cells.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v !== null) ws.getCell(r + 1, c + 1).value = v;
      }),
    );
    for (const m of grid.merges) ws.mergeCells(rangeRef(m));
  }
  await wb.xlsx.writeFile(path);
}
