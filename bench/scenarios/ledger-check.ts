// Checking 10,000 rows in ledger/: table detection, normalisation, rules and rollup on a grid,
// the same work the add-in does in the task pane (no xlsx parsing involved).
import { checkLedgers, readLedger } from '../../ledger';
import { unitWorkbooks } from '../data';
import { peakRssMb, report, timed } from '../measure';

const rows = Number(process.argv[2] ?? 10_000);
const [book] = unitWorkbooks(1, rows);
// The pane checks again after every edit, so the figure is a check once the code is warm: the median
// of nine after three. The first check, on code not yet compiled, is given beside it.
const check = () => timed(() => checkLedgers([readLedger(book!)], { asOf: '2018-09-10' }));
const first = await check();
for (let i = 0; i < 2; i++) await check();
const times: number[] = [];
for (let i = 0; i < 9; i++) times.push((await check()).ms);
times.sort((a, b) => a - b);
report({
  name: `check ${rows} rows`,
  lib: 'ledger/',
  ms: times[4]!,
  peakRssMb: peakRssMb(),
  extra: { findings: first.value.findings.length, firstMs: Math.round(first.ms) },
});
