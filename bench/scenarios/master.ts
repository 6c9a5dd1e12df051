// Merging 20 units' ledgers into a master of N measures and writing it: with our streaming writer
// (server/xlsx/write-master: the familiar layout, styles, merges, dropdowns, formulas) or with
// SheetJS (same rows, values and problem merges, no styles).
//
// Each write runs in a process of its own, so its peak memory is the writer's and not the merge's
// (the merge of 100,000 rows alone peaks at about 240 MB, in ledger/, before any writing):
// - "rows streamed from storage": the merged rows are read back in chunks, as the service reads them
//   from its database; ours never holds them all (writeMasterStream), SheetJS builds its whole sheet.
// - "master in memory": the whole master is loaded first, as `ledger merge` has it, then written
//   (writeMasterWorkbook, or SheetJS from the same master).
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CampaignConfig, FIELD_LABELS, mergeLedgers, readLedger, statusLabel, type LedgerRow, type Master, type Measure, type Rollup } from '../../ledger';
import { masterShape, type MasterShape } from '../../server/xlsx/master-layout';
import { masterSource, writeMasterStream, writeMasterWorkbook, type MasterSource } from '../../server/xlsx/write-master';
import { unitWorkbooks } from '../data';
import { peakRssMb, report, rerun, timed } from '../measure';

// SheetJS's ES module build has no file system access; its CommonJS build does.
const XLSX = createRequire(import.meta.url)('xlsx') as typeof import('xlsx');

const lib = process.argv[2] === 'sheetjs' ? 'SheetJS' : 'ours';
const total = Number(process.argv[3] ?? 100_000);
const phase = process.argv[4] as 'stream' | 'memory' | undefined;
const config = CampaignConfig.parse({});

/** The merged master as stored: a first line of everything but the rows, then one row per line, in master order. */
interface Head {
  master: Omit<Master, 'rows'>;
  rollup: Rollup;
  shape: MasterShape;
}

if (!phase) {
  const books = unitWorkbooks(20, total);
  const { value: result, ms: mergeMs } = await timed(() =>
    mergeLedgers(
      books.map((b) => readLedger(b)),
      { asOf: '2018-09-10', config },
    ),
  );
  const mergePeak = peakRssMb();
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  try {
    const stored = join(dir, 'master.ndjson');
    await store(result.master, result.rollup, stored);
    // The merge is ledger/'s in both runs: reported once, beside nothing.
    if (lib === 'ours') report({ name: `merge ${total} (ledger/, before writing)`, lib, ms: mergeMs, peakRssMb: mergePeak });
    for (const step of ['stream', 'memory'] as const) {
      const out = execFileSync(process.execPath, ['--expose-gc', ...rerun(), process.argv[2] ?? 'ours', String(total), step, stored, join(dir, `${step}.xlsx`)], {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      });
      process.stdout.write(out);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  const [stored, out] = [process.argv[5]!, process.argv[6]!];
  const head = await readHead(stored);
  let ms: number;
  if (phase === 'stream') {
    const source = storedSource(stored, head);
    ({ ms } = await timed(() => (lib === 'ours' ? writeStream(source, head.rollup, out) : writeWithSheetJs(source, out))));
  } else {
    const master = await load(stored, head);
    ({ ms } = await timed(() =>
      lib === 'ours' ? writeMasterWorkbook(master, head.rollup, out, { config }) : writeWithSheetJs(masterSource(master), out),
    ));
  }
  const name = phase === 'stream' ? `write master ${total} (rows streamed from storage)` : `write master ${total} (master in memory)`;
  report({ name, lib, ms, peakRssMb: peakRssMb(), extra: { fileMb: Math.round(statSync(out).size / 1e5) / 10 } });
}

async function readHead(path: string): Promise<Head> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return JSON.parse(line) as Head;
  }
  throw new Error(`${path} is empty`);
}

async function store(master: Master, rollup: Rollup, path: string): Promise<void> {
  const file = createWriteStream(path);
  const { rows: _rows, ...rest } = master;
  const head: Head = { master: rest, rollup, shape: masterShape(master.rows) };
  file.write(`${JSON.stringify(head)}\n`);
  for await (const chunk of masterSource(master).rows()) {
    if (!file.write(chunk.map((r) => JSON.stringify(r.measure)).join('\n') + '\n')) await new Promise<void>((r) => file.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => file.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

/** The stored rows read back in chunks of 1,000, each time they are asked for. */
function storedSource(path: string, head: Head): MasterSource {
  return {
    ...head.master,
    shape: head.shape,
    async *rows() {
      const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
      let first = true;
      let chunk: LedgerRow[] = [];
      let n = 0;
      for await (const line of lines) {
        if (first) {
          first = false;
          continue;
        }
        chunk.push({ measure: JSON.parse(line) as Measure, source: { file: 'bench', sheet: '整改台账', row: ++n } });
        if (chunk.length === 1000) {
          yield chunk;
          chunk = [];
        }
      }
      if (chunk.length) yield chunk;
    },
  };
}

async function load(path: string, head: Head): Promise<Master> {
  const rows: LedgerRow[] = [];
  for await (const chunk of storedSource(path, head).rows()) rows.push(...chunk);
  return { ...head.master, rows };
}

async function writeStream(source: MasterSource, rollup: Rollup, out: string): Promise<void> {
  const file = createWriteStream(out);
  await writeMasterStream(source, rollup, file, { config });
  await new Promise<void>((resolve) => (file.closed ? resolve() : file.once('close', () => resolve())));
}

/** The same sheet SheetJS would be asked to write: header, one row per measure, problem cells merged. */
async function writeWithSheetJs(source: MasterSource, out: string): Promise<void> {
  const fields = ['category', 'problem', 'measure', 'leader', 'leadUnit', 'unit', 'owner', 'deadline', 'status', 'progress', 'evidence', 'remarks'] as const;
  const aoa: unknown[][] = [[source.title], [`统计日期：${source.asOf}`], ['序号', ...fields.map((f) => FIELD_LABELS[f].zh), ...source.extraColumns.map((e) => e.label), '__id']];
  const merges: import('xlsx').Range[] = [];
  let start = -1;
  let prev: Measure | undefined;
  let i = 0;
  for await (const chunk of source.rows()) {
    for (const r of chunk) {
      const m = r.measure;
      if (prev && prev.problem === m.problem && m.problem) {
        if (start < 0) start = aoa.length - 1;
      } else if (start >= 0) {
        merges.push({ s: { r: start, c: 2 }, e: { r: aoa.length - 1, c: 2 } });
        start = -1;
      }
      aoa.push([
        ++i,
        ...fields.map((f) => (f === 'deadline' ? (m.deadline?.kind === 'date' ? m.deadline.date : m.deadline?.text) : f === 'status' ? (m.status ? statusLabel(m.status) : m.statusText) : m[f])),
        ...source.extraColumns.map((e) => m.extras[e.key] ?? null),
        m.id ?? '',
      ]);
      prev = m;
    }
  }
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  ws['!merges'] = merges;
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '整改台账');
  XLSX.writeFile(wb, out, { compression: true });
}
