// A work thread (see operations.ts): opens the database itself and runs the calls the request thread
// sends. The writer runs them one after another in arrival order, the reader as they come; the
// consolidated workbook streams back in chunks, one more only when the last was taken.
import { Writable } from 'node:stream';
import type Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { openStore, type Store } from '../store';
import { statisticsRefresher } from '../store/statistics';
import type { StoreConfig } from '../store/config';
import { READS, WRITES, workbook } from './operations';
import { toWire, type FromWorker, type ToWorker } from './wire';

const port = parentPort!;
const { config, role } = workerData as { config: StoreConfig; role: 'writer' | 'reader' };
const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

/** How many workbook chunks may be on their way before the thread waits for the request thread. */
const IN_FLIGHT = 4;
const acks = new Map<number, () => void>();

function chunkSink(id: number): Writable {
  let inFlight = 0;
  let waiting: (() => void) | undefined;
  acks.set(id, () => {
    inFlight--;
    const go = waiting;
    waiting = undefined;
    go?.();
  });
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      const data = new Uint8Array(chunk.byteLength);
      data.set(chunk);
      inFlight++;
      send({ type: 'chunk', id, data }, [data.buffer]);
      if (inFlight < IN_FLIGHT) done();
      else waiting = () => done();
    },
  });
}

async function handle(store: Store, m: ToWorker): Promise<void> {
  if (m.type === 'ack') return acks.get(m.id)?.();
  try {
    if (m.type === 'workbook') {
      await workbook(store, chunkSink(m.id), m.request);
      send({ type: 'done', id: m.id, value: null });
      return;
    }
    const table = (role === 'writer' ? WRITES : READS) as Record<string, (store: Store, ...args: unknown[]) => Promise<unknown>>;
    const op = table[m.op];
    if (!op) throw new Error(`no ${role} operation ${m.op}`);
    const value = await op(store, ...m.args);
    // Bytes (a push's answer) are handed over, not copied.
    send({ type: 'done', id: m.id, value }, value instanceof Uint8Array ? [value.buffer as ArrayBuffer] : []);
  } catch (e) {
    send({ type: 'failed', id: m.id, error: toWire(e) });
  } finally {
    if (m.type === 'workbook') acks.delete(m.id);
  }
}

/**
 * SQLite copies its write-ahead log back into the database file (a checkpoint, with an fsync of its
 * own) inside the commit that takes the log past 1000 pages: a fifth of a 10,000-row push's time
 * before its answer. The writer's connection checkpoints after answering instead, once as many rows
 * changed as make about that many pages. A commit is on disk in the log (synchronous=FULL) before it
 * is answered either way; readers read through the log until it is copied.
 */
const CHECKPOINT_AFTER_CHANGES = 1000;

function checkpointer(sqlite: Database.Database): () => void {
  sqlite.pragma('wal_autocheckpoint = 0');
  const changes = sqlite.prepare('select total_changes()').pluck();
  let checkpointed = 0;
  return () => {
    try {
      const total = changes.get() as number;
      if (total - checkpointed < CHECKPOINT_AFTER_CHANGES) return;
      checkpointed = total;
      // PASSIVE: never waits for readers; what a long read still needs is copied next time.
      sqlite.pragma('wal_checkpoint(PASSIVE)');
    } catch (e) {
      // The commits are safe in the log; the next write tries again (and the writes go on meanwhile).
      console.error(`检查点失败 / checkpoint failed: ${(e as Error).message}`);
    }
  };
}

const store = await openStore(config);
/** What the writer does after answering each write: SQLite copies its log back, PostgreSQL refreshes its statistics. */
async function afterEachWrite(): Promise<() => void | Promise<void>> {
  if (role !== 'writer') return () => undefined;
  return store.sqlite ? checkpointer(store.sqlite) : statisticsRefresher(store);
}
const afterWrite = await afterEachWrite();
let turn: Promise<void> = Promise.resolve();
port.on('message', (m: ToWorker) => {
  // Acks never wait their turn: a workbook being written is waiting for them.
  if (role === 'writer' && m.type !== 'ack') turn = turn.then(() => handle(store, m)).then(afterWrite);
  else void handle(store, m);
});
send({ type: 'ready' });
