// Time and peak memory to write and read a 100,000-row master, each step in a fresh process so
// its peak RSS is its own. Not a test (no timed assertions on a shared machine): run it with
//   npx tsx test/xlsx/measure-100k.ts [rows]
// The exceljs streaming reader is measured beside ours on the same file, with the number of text
// cells it garbles (a Chinese character split across an inflate chunk turns into U+FFFD).
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { readWorkbookFile } from '../../server/xlsx/read';
import { writeMasterWorkbook } from '../../server/xlsx/write-master';
import { bigMaster, config } from './fixtures';

const [, , arg, phase, file] = process.argv;

async function run(step: string, path: string): Promise<Record<string, number>> {
  const rows = Number(arg);
  const started = performance.now();
  const out: Record<string, number> = {};
  if (step === 'write') {
    const { master, rollup } = bigMaster(rows);
    const built = performance.now();
    await writeMasterWorkbook(master, rollup, path, { config });
    out.buildMs = built - started;
    out.ms = performance.now() - built;
    out.bytes = statSync(path).size;
  } else if (step === 'read') {
    const book = await readWorkbookFile(path);
    out.ms = performance.now() - started;
    out.rows = book.sheets[0]!.cells.length;
    out.garbled = countGarbled(book.sheets[0]!.cells.flat());
  } else {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {});
    let n = 0;
    let garbled = 0;
    for await (const ws of reader) {
      for await (const row of ws) {
        n++;
        row.eachCell((cell) => {
          if (typeof cell.value === 'string' && cell.value.includes('\uFFFD')) garbled++;
        });
      }
      break;
    }
    out.ms = performance.now() - started;
    out.rows = n;
    out.garbled = garbled;
  }
  out.peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  return out;
}

function countGarbled(values: unknown[]): number {
  return values.filter((v) => typeof v === 'string' && v.includes('\uFFFD')).length;
}

if (phase) {
  console.log(JSON.stringify(await run(phase, file!)));
} else {
  const rows = Number(arg ?? 100_000);
  const path = join(tmpdir(), `measure-${rows}-${process.pid}.xlsx`);
  const self = fileURLToPath(import.meta.url);
  const step = (name: string) =>
    JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', self, String(rows), name, path], { encoding: 'utf8' })) as Record<string, number>;
  const write = step('write');
  console.log(`write ${rows} rows: ${(write.ms! / 1000).toFixed(1)} s, peak RSS ${write.peakRssMiB} MiB (building the master in memory: ${(write.buildMs! / 1000).toFixed(1)} s), file ${(write.bytes! / 1024 / 1024).toFixed(1)} MiB`);
  const read = step('read');
  console.log(`read  (server/xlsx/read): ${(read.ms! / 1000).toFixed(1)} s, peak RSS ${read.peakRssMiB} MiB, ${read.rows} rows, garbled text cells ${read.garbled}`);
  const peer = step('exceljs');
  console.log(`read  (exceljs WorkbookReader, cell values only): ${(peer.ms! / 1000).toFixed(1)} s, peak RSS ${peer.peakRssMiB} MiB, ${peer.rows} rows, garbled text cells ${peer.garbled}`);
}
