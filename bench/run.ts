// `npm run bench`: each scenario runs in its own process so its peak memory is its own; figures are
// printed side by side with a peer library's where one exists. Scenarios run as esbuild bundles, the
// form our code takes in the product (the pane's bundle, the ledger command's), not through a loader.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import { bundleText, writeWhole } from '../bin/bundle.js';
import type { Figure } from './measure';

interface Pair {
  title: string;
  ours: [string, ...string[]];
  peer?: [string, ...string[]];
  peerName?: string;
}

const PAIRS: Pair[] = [
  { title: 'Check 10,000 rows in ledger/ (no peer: nothing else reads these ledgers)', ours: ['bench/scenarios/ledger-check.ts', '10000'] },
  {
    title: 'Merge 20 unit workbooks into a 100,000-measure master and write it',
    ours: ['bench/scenarios/master.ts', 'ours', '100000'],
    peer: ['bench/scenarios/master.ts', 'sheetjs', '100000'],
    peerName: 'SheetJS',
  },
  {
    title: 'Read a 100,000-row ledger workbook into a grid',
    ours: ['bench/scenarios/read.ts', 'ours', '100000'],
    peer: ['bench/scenarios/read.ts', 'sheetjs', '100000'],
    peerName: 'SheetJS',
  },
  {
    title: 'Check a sheet in the task pane (simulated Excel: strict batching, 5 MB payloads): our check with marks, beside reading the whole sheet first and checking without marks',
    ours: ['bench/scenarios/pane-check.ts', 'ours'],
    peer: ['bench/scenarios/pane-check.ts', 'full-read'],
    peerName: 'full read',
  },
  {
    title: 'The service on loopback: one 10,000-row push, the consolidated workbook of 100,000 rows, 50 concurrent clients (SQLite beside PostgreSQL)',
    ours: ['bench/scenarios/service.ts', 'sqlite', '100000'],
    peer: ['bench/scenarios/service.ts', 'postgres', '100000'],
    peerName: 'PostgreSQL',
  },
];

const bundles = new Map<string, string>();

async function bundled(entry: string): Promise<string> {
  let file = bundles.get(entry);
  if (file === undefined) {
    const text = await bundleText(resolve(entry));
    const stamp = createHash('sha256').update(text).digest('hex').slice(0, 12);
    file = join('node_modules/.cache/bench', `${basename(entry, '.ts')}-${stamp}.mjs`);
    writeWhole(file, text);
    bundles.set(entry, file);
  }
  return file;
}

async function run([entry, ...args]: [string, ...string[]]): Promise<Figure[]> {
  const r = spawnSync(process.execPath, ['--expose-gc', await bundled(entry), ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Figure);
}

const only = process.argv[2];
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
console.log(`Rectification Ledger benchmarks — ${new Date().toISOString()} — node ${process.version}`);
for (const pair of PAIRS) {
  if (only && !pair.title.toLowerCase().includes(only.toLowerCase())) continue;
  console.log(`\n## ${pair.title}`);
  const ours = await run(pair.ours);
  const peer = pair.peer ? await run(pair.peer) : [];
  for (const f of ours) {
    const p = peer.find((x) => x.name === f.name);
    const extra = f.extra ? `  ${Object.entries(f.extra).map(([k, v]) => `${k}=${v}`).join(' ')}` : '';
    const peak = (mb: number) => (mb > 0 ? `peak ${String(mb).padStart(5)} MB` : `${''.padStart(13)}`);
    const extras = (x: Figure) => (x.extra ? `  ${Object.entries(x.extra).map(([k, v]) => `${k}=${v}`).join(' ')}` : '');
    let line = `  ${`${f.name} [${f.lib}]`.padEnd(48)} ${fmt(f.ms).padStart(8)} ms  ${peak(f.peakRssMb)}${extra}`;
    if (p) {
      line += `\n  ${`${p.name} [${p.lib}]`.padEnd(48)} ${fmt(p.ms).padStart(8)} ms  ${peak(p.peakRssMb)}${extras(p)}`;
      const mem = f.peakRssMb > 0 && p.peakRssMb > 0 ? `     ${(p.peakRssMb / f.peakRssMb).toFixed(2).padStart(5)} × memory` : '';
      line += `\n  ${'ratio (peer / ours)'.padEnd(48)} ${(p.ms / f.ms).toFixed(2).padStart(8)} × time${mem}`;
    }
    console.log(line);
  }
  // A figure only the peer has (a PostgreSQL-only measurement) is printed on its own.
  for (const p of peer.filter((x) => !ours.some((f) => f.name === x.name))) {
    const extras = p.extra ? `  ${Object.entries(p.extra).map(([k, v]) => `${k}=${v}`).join(' ')}` : '';
    console.log(`  ${`${p.name} [${p.lib}]`.padEnd(48)} ${fmt(p.ms).padStart(8)} ms${extras}`);
  }
}
