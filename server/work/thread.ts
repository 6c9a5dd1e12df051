// A work thread (see operations.ts): opens the database itself and runs the calls the request thread
// sends. The writer runs them one after another in arrival order, the reader as they come; the
// consolidated workbook streams back in chunks, one more only when the last was taken.
import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { openStore, type Store } from '../store';
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

const store = await openStore(config);
let turn: Promise<void> = Promise.resolve();
port.on('message', (m: ToWorker) => {
  // Acks never wait their turn: a workbook being written is waiting for them.
  if (role === 'writer' && m.type !== 'ack') turn = turn.then(() => handle(store, m));
  else void handle(store, m);
});
send({ type: 'ready' });
