// Excel.RequestContext for the simulated host: the queue of one Excel.run batch.
import type { Action } from './batch';
import type { SimCore } from './core';
import { SimApiError } from './errors';
import { SimWorkbook } from './workbook';

export class SimRequestContext {
  readonly workbook: SimWorkbook;
  /** Round trips made through this context. */
  syncCount = 0;
  #queue: Action[] = [];
  #closed = false;

  constructor(readonly core: SimCore) {
    this.workbook = new SimWorkbook(this);
  }

  enqueue(action: Action): void {
    if (this.#closed) throw new SimApiError('InvalidRequestContext', 'RequestContext', 'this object belongs to an Excel.run batch that has finished');
    this.#queue.push(action);
  }

  /** Commands queued since the last sync. */
  get pending(): number {
    return this.#queue.length;
  }

  async sync(): Promise<void> {
    if (this.#closed) throw new SimApiError('InvalidRequestContext', 'RequestContext.sync', 'this Excel.run batch has finished');
    const actions = this.#queue;
    this.#queue = [];
    this.syncCount++;
    await this.core.execute(actions);
  }

  close(): void {
    this.#closed = true;
  }
}
