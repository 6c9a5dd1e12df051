// The simulated host's side of the wire: runs batches all-or-nothing, enforces Excel on the web's
// 5 MB request/response limit and the host's API version, counts round trips, and raises
// worksheet change events.
import type { CellValue } from '../../ledger';
import { localAddress } from './address';
import type { Action, CellChange } from './batch';
import { Exec } from './batch';
import { SimApiError } from './errors';
import { shiftEventFields } from './shift';
import { WorkbookState, type SimChangedEventArgs } from './state';

/** Excel on the web refuses a request or a response above 5 MB. */
export const EXCEL_PAYLOAD_LIMIT = 5_000_000;
/** Office.js wraps every batch in an envelope besides its actions. */
const REQUEST_ENVELOPE_BYTES = 256;

export interface SyncRecord {
  requestBytes: number;
  responseBytes: number;
  /** The error code when the host refused the batch. */
  error?: string;
}

/** "1.13" > "1.7": versions compare part by part as numbers, never as text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** Excel's RangeValueType of a stored value. */
export function valueType(v: CellValue): string {
  if (v === null || v === '') return 'Empty';
  if (typeof v === 'number') return 'Double';
  if (typeof v === 'boolean') return 'Boolean';
  return v.startsWith('#') ? 'Error' : 'String';
}

export class SimCore {
  readonly book = new WorkbookState();
  syncCount = 0;
  readonly syncs: SyncRecord[] = [];
  /** Errors thrown by change-event handlers (Excel swallows them; tests look here). */
  readonly handlerErrors: unknown[] = [];
  readonly #inFlight = new Set<Promise<void>>();

  constructor(
    readonly maxApiVersion: string,
    readonly payloadLimit: number,
  ) {}

  supports(set: string, version = '1.1'): boolean {
    return set === 'ExcelApi' && compareVersions(version, this.maxApiVersion) <= 0;
  }

  async execute(actions: readonly Action[]): Promise<void> {
    this.syncCount++;
    // A round trip: callers never see the result in the same tick.
    await Promise.resolve();
    const record: SyncRecord = { requestBytes: REQUEST_ENVELOPE_BYTES, responseBytes: 0 };
    for (const a of actions) record.requestBytes += a.bytes;
    this.syncs.push(record);
    if (record.requestBytes > this.payloadLimit) {
      record.error = 'RequestPayloadSizeLimitExceeded';
      throw new SimApiError('RequestPayloadSizeLimitExceeded', 'RequestContext.sync', `request of ${record.requestBytes} bytes, limit ${this.payloadLimit}`);
    }
    const exec = new Exec(this);
    try {
      for (const a of actions) a.run(exec);
    } catch (e) {
      exec.journal.rollback();
      record.error = e instanceof SimApiError ? e.code : 'GeneralException';
      throw e;
    }
    record.responseBytes = exec.responseBytes;
    if (exec.responseBytes > this.payloadLimit) {
      exec.journal.rollback();
      record.error = 'ResponsePayloadSizeLimitExceeded';
      throw new SimApiError('ResponsePayloadSizeLimitExceeded', 'RequestContext.sync', `response of ${exec.responseBytes} bytes, limit ${this.payloadLimit}`);
    }
    exec.commit();
    void this.dispatch(exec.changes, 'Local', 'ThisLocalAddin');
  }

  /** Calls the change handlers registered on each changed sheet; resolves when they have all finished. */
  dispatch(changes: readonly CellChange[], source: 'Local' | 'Remote', trigger: 'Unknown' | 'ThisLocalAddin'): Promise<void> {
    const runs: Promise<void>[] = [];
    for (const change of changes) {
      const args: SimChangedEventArgs = {
        type: 'WorksheetChanged',
        worksheetId: change.sheet.id,
        address: localAddress(change.rect),
        ...(change.structure ? shiftEventFields(change.structure, this.supports('ExcelApi', '1.14')) : { changeType: 'RangeEdited' as const }),
        source,
        triggerSource: trigger,
        ...(change.single && {
          details: {
            valueBefore: change.single.before ?? '',
            valueAfter: change.single.after ?? '',
            valueTypeBefore: valueType(change.single.before),
            valueTypeAfter: valueType(change.single.after),
          },
        }),
      };
      for (const handler of change.sheet.changeHandlers) {
        const run = Promise.resolve()
          .then(() => handler(args))
          .then(
            () => undefined,
            (e: unknown) => void this.handlerErrors.push(e),
          );
        this.#inFlight.add(run);
        void run.finally(() => this.#inFlight.delete(run));
        runs.push(run);
      }
    }
    return Promise.all(runs).then(() => undefined);
  }

  /** Waits until every change handler started so far (and any they started) has finished. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }
}
