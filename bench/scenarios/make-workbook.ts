// Writes a unit ledger workbook of N rows (exceljs streaming writer) for the read benchmark.
import ExcelJS from 'exceljs';
import { rangeRef } from '../../ledger';
import { unitGrid } from '../data';

const [out, n] = [process.argv[2]!, Number(process.argv[3] ?? 100_000)];
const grid = unitGrid(0, n);
const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useSharedStrings: true, useStyles: false });
const ws = wb.addWorksheet(grid.sheet);
// The streaming writer wants a merge declared before any row it covers is committed, and a value set
// on a covered cell lands on the merge's top cell: so set only non-empty values, merge, then commit.
const mergesAt = new Map<number, string[]>();
for (const m of grid.merges) mergesAt.set(m.top, [...(mergesAt.get(m.top) ?? []), rangeRef(m)]);
grid.cells.forEach((values, r) => {
  const row = ws.getRow(r + 1);
  values.forEach((v, c) => {
    if (v !== null) row.getCell(c + 1).value = v;
  });
  for (const ref of mergesAt.get(r) ?? []) ws.mergeCells(ref);
  row.commit();
});
ws.commit();
await wb.commit();
