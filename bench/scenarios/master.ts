// Merging 20 units' ledgers into a master of N measures and writing it: with our streaming writer
// (exceljs WorkbookWriter, the familiar layout) or with SheetJS (same rows, values and merges).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { CampaignConfig, FIELD_LABELS, mergeLedgers, readLedger, statusLabel, type Master } from '../../ledger';
import { writeMasterWorkbook } from '../../server/xlsx/write-master';
import { unitWorkbooks } from '../data';
import { peakRssMb, report, timed } from '../measure';

// SheetJS's ES module build has no file system access; its CommonJS build does.
const XLSX = createRequire(import.meta.url)('xlsx') as typeof import('xlsx');

const lib = process.argv[2] === 'sheetjs' ? 'SheetJS' : 'ours';
const total = Number(process.argv[3] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
const out = join(dir, 'master.xlsx');
const config = CampaignConfig.parse({});

const books = unitWorkbooks(20, total);
const { value: result, ms: mergeMs } = await timed(() =>
  mergeLedgers(
    books.map((b) => readLedger(b)),
    { asOf: '2018-09-10', config },
  ),
);

/** The same sheet SheetJS would be asked to write: header, one row per measure, problem cells merged. */
function writeWithSheetJs(master: Master) {
  const fields = ['category', 'problem', 'measure', 'leader', 'leadUnit', 'unit', 'owner', 'deadline', 'status', 'progress', 'evidence', 'remarks'] as const;
  const aoa: unknown[][] = [[master.title], [`统计日期：${master.asOf}`], ['序号', ...fields.map((f) => FIELD_LABELS[f].zh), ...master.extraColumns.map((e) => e.label), '__id']];
  const merges: import('xlsx').Range[] = [];
  let start = -1;
  master.rows.forEach((r, i) => {
    const m = r.measure;
    const prev = master.rows[i - 1]?.measure;
    if (prev && prev.problem === m.problem && m.problem) {
      if (start < 0) start = aoa.length - 1;
    } else if (start >= 0) {
      merges.push({ s: { r: start, c: 2 }, e: { r: aoa.length - 1, c: 2 } });
      start = -1;
    }
    aoa.push([
      i + 1,
      ...fields.map((f) => (f === 'deadline' ? (m.deadline?.kind === 'date' ? m.deadline.date : m.deadline?.text) : f === 'status' ? (m.status ? statusLabel(m.status) : m.statusText) : m[f])),
      ...master.extraColumns.map((e) => m.extras[e.key] ?? null),
      m.id ?? '',
    ]);
  });
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  ws['!merges'] = merges;
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '整改台账');
  XLSX.writeFile(wb, out, { compression: true });
}

const { ms: writeMs } = await timed(() =>
  lib === 'ours' ? writeMasterWorkbook(result.master, result.rollup, out, { config }) : writeWithSheetJs(result.master),
);
const size = statSync(out).size;
rmSync(dir, { recursive: true, force: true });
// The merge is ledger/'s in both runs: reported once, beside nothing.
if (lib === 'ours') report({ name: `merge ${total} (ledger/, before writing)`, lib, ms: mergeMs, peakRssMb: 0 });
report({ name: `write master ${total}`, lib, ms: writeMs, peakRssMb: peakRssMb(), extra: { fileMb: Math.round(size / 1e5) / 10 } });
