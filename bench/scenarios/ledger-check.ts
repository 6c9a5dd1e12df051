// Checking 10,000 rows in ledger/: table detection, normalisation, rules and rollup on a grid,
// the same work the add-in does in the task pane (no xlsx parsing involved).
import { checkLedgers, readLedger } from '../../ledger';
import { unitWorkbooks } from '../data';
import { peakRssMb, report, timed } from '../measure';

const rows = Number(process.argv[2] ?? 10_000);
const [book] = unitWorkbooks(1, rows);
// The first run warms the JIT; the figure is the median of the next five.
checkLedgers([readLedger(book!)], { asOf: '2018-09-10' });
const times: number[] = [];
let findings = 0;
for (let i = 0; i < 5; i++) {
  const { value, ms } = await timed(() => checkLedgers([readLedger(book!)], { asOf: '2018-09-10' }));
  findings = value.findings.length;
  times.push(ms);
}
times.sort((a, b) => a - b);
report({ name: `check ${rows} rows`, lib: 'ledger/', ms: times[2]!, peakRssMb: peakRssMb(), extra: { findings } });
