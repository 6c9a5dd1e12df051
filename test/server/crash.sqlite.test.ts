// A service process killed with SIGKILL in the middle of a push leaves all of that batch or none of
// it: the batch is pushed by a child process that is killed while its transaction is open (after
// thousands of its records reached the WAL file), or right after it committed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store';
import { push, replayHistory } from '../../server/sync';
import { crashBatch } from './fixtures/crash-batch';
import { counts, snapshot } from './helpers';

const ROWS = 5000;

/** Runs the child until it signals, then kills it with SIGKILL; returns the WAL size at that moment. */
async function pushAndKill(file: string, mode: 'inside' | 'after'): Promise<number> {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'test/server/fixtures/crash-push.ts', file, mode, String(ROWS)], {
    cwd: resolve(import.meta.dirname, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((done) => child.on('exit', (code, signal) => done(signal ?? code)));
  const signalled = await new Promise<boolean>((done) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('SIGNAL')) done(true);
    });
    child.on('exit', () => done(false));
  });
  if (!signalled) throw new Error(`the child ended without signalling:\n${stderr}`);
  const walSize = statSync(`${file}-wal`).size;
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return walSize;
}

describe('a push killed with SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('inside its transaction leaves none of the batch, and the batch can be sent again', async () => {
    const file = join(dir, 'inside.db');
    const walSize = await pushAndKill(file, 'inside');
    // The uncommitted part of the batch had spilled into the WAL file when the process died.
    expect(walSize).toBeGreaterThan(1_000_000);

    const store = await openStore({ kind: 'sqlite', file });
    try {
      expect(await counts(store, 'default')).toEqual({ rows: 0, changes: 0, conflicts: 0, mutations: 0, lastSeq: 0 });
      const again = await push(store, 'default', crashBatch(ROWS), { kind: 'office', name: 'retry' });
      expect(again).toMatchObject({ replayed: false, result: { counts: { created: ROWS } } });
      expect((await counts(store, 'default')).changes).toBe(ROWS);
    } finally {
      await store.close();
    }
  });

  it('after its commit keeps all of the batch', async () => {
    const file = join(dir, 'after.db');
    await pushAndKill(file, 'after');
    const store = await openStore({ kind: 'sqlite', file });
    try {
      expect(await counts(store, 'default')).toEqual({
        rows: ROWS,
        changes: ROWS,
        conflicts: 0,
        mutations: 1,
        lastSeq: ROWS,
      });
      const current = await snapshot(store, 'default');
      const replayed = await replayHistory(store, 'default');
      for (const [id, row] of current) expect(replayed.get(id)?.measure).toEqual(row.measure);
    } finally {
      await store.close();
    }
  });
});
