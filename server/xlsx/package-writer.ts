// An .xlsx package written as a stream (zip-writer.ts): small parts given whole, worksheets written
// part by part into the zip as they are produced, with backpressure all the way from the output to
// the code producing rows. One part at a time goes to the output live; a part spooled (deflated into
// memory) may be written beside it, and goes out once complete and the live part is done.
import { ZipWriter, type ZipEntry } from './zip-writer';

/** What a part is fed in: chunks of up to this many bytes. */
const CHUNK_BYTES = 128 * 1024;

export interface PackageOptions {
  /** zlib level for the parts (1 fastest … 9 smallest). */
  compressionLevel: number;
}

export class XlsxPackage {
  private readonly zip: ZipWriter;
  private error: unknown;
  private fail: (e: unknown) => void = () => undefined;
  /** Rejects with the first failure of the output (or of zlib): every wait races it. */
  readonly failed: Promise<never>;
  private finished = false;
  private done: () => void = () => undefined;
  private readonly whenFinished: Promise<void>;
  private readonly entries = new Set<ZipEntry>();
  /** The part going to the output now, if any; spooled parts wait for it to end. */
  private live: Promise<void> | undefined;
  /** Writers waiting for a part to drain: told at once when the output fails. */
  private readonly waiting = new Set<(e: unknown) => void>();
  private readonly onError = (e: unknown) => {
    if (this.error !== undefined) return;
    this.error = e ?? new Error('the output stream failed');
    this.fail(this.error);
    for (const w of [...this.waiting]) w(this.error);
  };
  private readonly onFinish = () => {
    this.finished = true;
    this.done();
  };
  // A consumer that goes away (a client hanging up) closes the stream without an error, and
  // without the 'finish' that follows the last byte.
  private readonly onClose = () => {
    if (!this.finished) this.onError(new Error('the output stream closed before the workbook was complete'));
  };

  constructor(
    private readonly out: NodeJS.WritableStream,
    opts: PackageOptions,
  ) {
    this.failed = new Promise<never>((_resolve, reject) => (this.fail = reject));
    // Keep a failure nobody is waiting on yet from becoming an unhandled rejection.
    this.failed.catch(() => undefined);
    this.whenFinished = new Promise<void>((resolve) => (this.done = resolve));
    out.on('error', this.onError);
    out.on('finish', this.onFinish);
    out.on('close', this.onClose);
    this.zip = new ZipWriter(out, opts.compressionLevel, new Date());
  }

  /** Throws the output's failure, if it has failed. */
  check(): void {
    if (this.error !== undefined) throw this.error;
  }

  /** A small part, whole (after the live part, if one is being written). */
  addPart(name: string, xml: string): void {
    this.check();
    if (this.live) throw new Error(`XlsxPackage.addPart(${name}): a part is being written`);
    this.zip.addWhole(name, Buffer.from(xml, 'utf8'));
  }

  /**
   * A part written piece by piece: live (straight to the output, one at a time) or spooled (into
   * memory, then out once complete, after the live part).
   */
  openPart(name: string, opts: { spooled?: boolean } = {}): PartWriter {
    this.check();
    if (opts.spooled) {
      const spooled = this.zip.spool();
      return new PartWriter(this.watch(spooled.entry), this, async () => {
        const sums = await this.race(spooled.entry.end());
        await this.settled();
        this.zip.addSpooled(name, spooled, sums);
      });
    }
    if (this.live) throw new Error(`XlsxPackage.openPart(${name}): another part is being written`);
    let paused = false;
    const { entry, end } = this.zip.openLive(name, (full) => {
      if (paused) return;
      paused = true;
      full.pause();
      this.out.once('drain', () => {
        paused = false;
        full.resume();
      });
    });
    let ended: () => void = () => undefined;
    this.live = new Promise<void>((resolve) => (ended = resolve));
    return new PartWriter(this.watch(entry), this, async () => {
      await this.race(end());
      this.live = undefined;
      ended();
    });
  }

  /** Waits for the entry to take more, or for the output to fail. */
  drain(entry: ZipEntry): Promise<void> {
    if (this.error !== undefined) return Promise.reject(this.error);
    // It may have drained already, while the writer was waiting for its rows.
    if (!entry.needsDrain) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const settle = (e?: unknown) => {
        entry.off('drain', onDrain);
        this.waiting.delete(settle);
        if (e === undefined) resolve();
        else reject(e);
      };
      const onDrain = () => settle();
      entry.on('drain', onDrain);
      this.waiting.add(settle);
    });
  }

  /** Waits until no part is being written live. */
  async settled(): Promise<void> {
    while (this.live) await this.race(this.live);
  }

  /** Writes the zip's central directory and waits until the output has taken the last byte. */
  async finish(): Promise<void> {
    this.check();
    await this.settled();
    this.zip.finish();
    await Promise.race([this.whenFinished, this.failed]);
  }

  /** After a failure: stop writing and let go of what zlib holds. */
  abort(): void {
    this.zip.stop();
    for (const e of this.entries) e.destroy();
  }

  /** Stop listening to a stream that is the caller's. */
  detach(): void {
    this.out.removeListener('error', this.onError);
    this.out.removeListener('finish', this.onFinish);
    this.out.removeListener('close', this.onClose);
  }

  private watch(entry: ZipEntry): ZipEntry {
    this.entries.add(entry);
    entry.done.then(() => this.entries.delete(entry), this.onError);
    return entry;
  }

  private race<T>(step: Promise<T>): Promise<T> {
    return Promise.race([step, this.failed]);
  }
}

/**
 * One part's text, encoded into chunks as it comes and handed to zlib with backpressure. A chunk
 * zlib has taken comes back for the next text: new 128 KB buffers for each would wait for a full
 * collection of the heap to be freed, as they outlive the young generation's.
 */
export class PartWriter {
  private chunk: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private readonly spare: Buffer[] = [];
  /** zlib has asked us to wait: the next settle() waits for it to drain. */
  private blocked = false;

  constructor(
    private readonly entry: ZipEntry,
    private readonly pkg: XlsxPackage,
    private readonly close: () => Promise<void>,
  ) {}

  write(xml: string): void {
    // A UTF-16 code unit takes at most three bytes of UTF-8.
    if (this.used + xml.length * 3 > this.chunk.length) {
      this.hand();
      if (xml.length * 3 > this.chunk.length) {
        this.send(Buffer.from(xml, 'utf8'));
        return;
      }
    }
    this.used += this.chunk.write(xml, this.used);
  }

  /** Lets zlib (and the output behind it) catch up, when it has asked to. */
  async settle(): Promise<void> {
    this.pkg.check();
    if (this.blocked) {
      this.blocked = false;
      await this.pkg.drain(this.entry);
    }
  }

  /** Hands the bytes gathered so far to zlib. */
  private hand(): void {
    if (this.used === 0) return;
    const full = this.chunk;
    const bytes = full.subarray(0, this.used);
    this.chunk = this.spare.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    this.send(bytes, () => this.spare.push(full));
  }

  private send(bytes: Buffer, taken?: () => void): void {
    this.pkg.check();
    if (!this.entry.write(bytes, taken)) this.blocked = true;
  }

  async end(): Promise<void> {
    this.hand();
    await this.settle();
    await this.close();
  }
}
