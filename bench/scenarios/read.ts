// Reading a 100,000-row ledger workbook into a grid: our reader (streaming SAX over the zip, with
// zip-bomb and size limits) against SheetJS's readFile + sheet_to_json.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { readWorkbookFile } from '../../server/xlsx/read';
import { peakRssMb, report, timed } from '../measure';

// SheetJS's ES module build has no file system access; its CommonJS build does.
const XLSX = createRequire(import.meta.url)('xlsx') as typeof import('xlsx');

const lib = process.argv[2] === 'sheetjs' ? 'SheetJS' : 'ours';
const rows = Number(process.argv[3] ?? 100_000);
const file = join(tmpdir(), `ledger-bench-unit-${rows}.xlsx`);
if (!existsSync(file)) {
  const r = spawnSync(process.execPath, ['bin/run-ts.js', 'bench/scenarios/make-workbook.ts', file, String(rows)], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('could not write the benchmark workbook');
}
const { value: cells, ms } = await timed(async () => {
  if (lib === 'ours') return (await readWorkbookFile(file)).sheets[0]!.cells.length;
  const wb = XLSX.readFile(file, { cellDates: false, dense: true });
  return XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]!]!, { header: 1 }).length;
});
report({ name: `read ${rows} rows`, lib, ms, peakRssMb: peakRssMb(), extra: { rows: cells } });
