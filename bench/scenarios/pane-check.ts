// The task pane's check of a unit's sheet on the simulated Excel host (strict batching, 5 MB payload
// limit): our plan (two round trips: size and header, then only the columns the rules read) beside
// reading the whole used range first, as a straightforward add-in would. Time here is the pane's own
// work; in Excel each round trip adds the host's latency, which is why their count is printed.
import { checkLedgers, readLedger } from '../../ledger';
import { readSheetGrid } from '../../addin/excel/adapter';
import { Checker } from '../../addin/pane/check';
import { effectiveConfig } from '../../addin/pane/settings';
import { fromGrids } from '../../addin/sim';
import { unitGrid } from '../data';
import { peakRssMb, report, timed } from '../measure';

const plan = process.argv[2] === 'full-read' ? 'full-read' : 'ours';
const config = effectiveConfig(undefined, {});
const AS_OF = '2018-09-10';

for (const rows of [100, 20_000]) {
  const host = fromGrids([unitGrid(0, rows)]);
  const excel = { run: host.Excel.run.bind(host.Excel), requirements: host.Office.context.requirements };
  const { ms } = await timed(async () => {
    if (plan === 'ours') {
      const checker = new Checker({ excel, config: () => config, sheetName: () => undefined, asOf: () => AS_OF, lang: () => 'zh' });
      await checker.check();
    } else {
      const grid = await excel.run((context) => readSheetGrid(context, excel.requirements));
      checkLedgers([readLedger({ file: grid.sheet, sheets: [grid] }, { config })], { asOf: AS_OF, config });
    }
  });
  report({ name: `pane check ${rows} rows`, lib: plan, ms, peakRssMb: peakRssMb(), extra: { syncs: host.syncCount } });
}
