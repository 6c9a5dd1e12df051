// The request thread's side of the work threads (operations.ts): a writer thread for every write and
// a reader thread for the heavy reads, each with its own database connection, so a 100,000-row push
// or a workbook being written never holds up /healthz, sign-in or a small rollup. An in-memory SQLite
// database cannot be opened twice: its work runs on the request thread, writes in arrival order.
import type { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { Store } from '../store';
import { workerScript } from './bundle';
import { READS, WRITES, workbook, type OpArgs, type OpResult, type Reads, type WorkbookRequest, type Writes } from './operations';
import { fromWire, type FromWorker, type ToWorker } from './wire';

export interface Work {
  /** A write, after the writes that came before it. */
  write<K extends keyof Writes>(op: K, ...args: OpArgs<Writes[K]>): Promise<OpResult<Writes[K]>>;
  /** A heavy read, beside the writes. */
  read<K extends keyof Reads>(op: K, ...args: OpArgs<Reads[K]>): Promise<OpResult<Reads[K]>>;
  /** Writes the consolidated workbook into `out` as it is made; settles when it is complete. */
  workbook(request: WorkbookRequest, out: Writable): Promise<void>;
  close(): Promise<void>;
}

export function inlineWork(store: Store): Work {
  const table = <T>(ops: T) => ops as Record<string, (store: Store, ...args: unknown[]) => Promise<unknown>>;
  return {
    write: (op, ...args) => store.inTurn(() => table(WRITES)[op]!(store, ...args)) as never,
    read: (op, ...args) => table(READS)[op]!(store, ...args) as never,
    workbook: (request, out) => workbook(store, out, request),
    close: async () => undefined,
  };
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  chunk?(data: Uint8Array): void;
}

/**
 * The reader's young generation: 16 MB instead of V8's up to 48. The reader streams pages of rows
 * through, and the larger space kept some 20–30 MB more resident; a smaller one is collected so often
 * that a workbook spends more in it (100,000 rows, measured: 12 MB 3.8 s / 260 MB peak, 16 MB 3.5–3.7 s
 * / 266–283 MB, V8's own 3.6–4.0 s / 287–306 MB). The writer keeps V8's size: a push's rows live
 * until its commit, and with less room they are copied over more often.
 */
const LIMITS: Record<'writer' | 'reader', ResourceLimits> = { writer: {}, reader: { maxYoungGenerationSizeMb: 16 } };

/**
 * After a full collection V8 lets a heap grow to up to four times what survived before collecting it
 * again. A workbook's first read keeps 100,000 light rows alive through one such collection, and
 * the pages read after it then piled up as garbage to 130 MB in the reader alone: the service's peak
 * was 320 MB for a workbook whose live data is under 40. Half again what survived is the bound here
 * (V8 reads the flag whenever it sets a heap's next limit, on every thread). Measured, with the
 * reader's young generation above: the 100,000-row workbook's peak 290–350 → 260–290 MB at the same
 * time; a push ~3% slower, in the noise.
 */
function boundHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=50');
}

/** One work thread, started again if it dies; what was waiting on the dead one fails with its error. */
class Thread {
  private worker: Worker | undefined;
  private started: Promise<Worker> | undefined;
  private next = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly store: Store,
    private readonly role: 'writer' | 'reader',
  ) {}

  start(): Promise<Worker> {
    this.started ??= workerScript().then((script) => this.spawn(script));
    return this.started;
  }

  private spawn(script: URL): Promise<Worker> {
    return new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(script, { workerData: { config: this.store.config, role: this.role }, resourceLimits: LIMITS[this.role] });
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') {
          this.worker = worker;
          resolve(worker);
          return;
        }
        const p = this.pending.get(m.id);
        if (!p) return;
        if (m.type === 'chunk') p.chunk?.(m.data);
        else {
          this.pending.delete(m.id);
          if (m.type === 'done') p.resolve(m.value);
          else p.reject(fromWire(m.error));
        }
      });
      const fail = (error: Error) => {
        this.worker = undefined;
        this.started = undefined;
        reject(error);
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (this.worker === worker || this.started) fail(new Error(`工作线程意外退出 / a work thread exited unexpectedly (code ${code})`));
      });
    });
  }

  async send(message: (id: number) => ToWorker, pending: Pending, transfer: ArrayBuffer[] = []): Promise<void> {
    const worker = await this.start();
    const id = this.next++;
    this.pending.set(id, pending);
    worker.postMessage(message(id), transfer);
  }

  call(op: string, args: unknown[]): Promise<unknown> {
    // A push body is handed over, not copied.
    const transfer = args.filter((a): a is Uint8Array => a instanceof Uint8Array).map((a) => a.buffer as ArrayBuffer);
    return new Promise((resolve, reject) => {
      this.send((id) => ({ type: 'call', id, op, args }), { resolve, reject }, transfer).catch(reject);
    });
  }

  workbook(request: WorkbookRequest, out: Writable): Promise<void> {
    return new Promise((resolve, reject) => {
      let id = 0;
      const ack = () => this.worker?.postMessage({ type: 'ack', id } satisfies ToWorker);
      const chunk = (data: Uint8Array) => {
        if (out.write(data)) ack();
        else out.once('drain', ack);
      };
      this.send((n) => ({ type: 'workbook', id: (id = n), request }), { resolve: () => resolve(), reject, chunk }).catch(reject);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.started = undefined;
    await worker?.terminate();
  }
}

/** The work threads for a store; in-memory SQLite works on the request thread instead. */
export async function startWork(store: Store): Promise<Work> {
  if (store.config.kind === 'sqlite' && store.config.file === ':memory:') return inlineWork(store);
  boundHeapGrowth();
  const writer = new Thread(store, 'writer');
  const reader = new Thread(store, 'reader');
  await Promise.all([writer.start(), reader.start()]);
  return {
    write: (op, ...args) => writer.call(op, args) as never,
    read: (op, ...args) => reader.call(op, args) as never,
    workbook: (request, out) => reader.workbook(request, out),
    close: async () => {
      await Promise.all([writer.close(), reader.close()]);
    },
  };
}
