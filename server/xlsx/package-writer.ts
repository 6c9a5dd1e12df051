// An .xlsx package written as a stream: small parts given whole, worksheets streamed part by part
// into the zip (yazl) as they are produced, with backpressure all the way from the output to the
// code producing rows. The zip holds at most a few chunks of a part at any time.
import { PassThrough } from 'node:stream';
import yazl from 'yazl';

/** What a part is fed in: chunks of up to this many bytes. */
const CHUNK_BYTES = 128 * 1024;

export interface PackageOptions {
  /** zlib level for the parts (1 fastest … 9 smallest). */
  compressionLevel: number;
}

export class XlsxPackage {
  private readonly zip = new yazl.ZipFile();
  private readonly mtime = new Date();
  private error: unknown;
  private fail: (e: unknown) => void = () => undefined;
  /** Rejects with the first failure of the output (or of the zip): every wait races it. */
  readonly failed: Promise<never>;
  private finished = false;
  private done: () => void = () => undefined;
  private readonly whenFinished: Promise<void>;
  private readonly parts: PassThrough[] = [];
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
    private readonly opts: PackageOptions,
  ) {
    this.failed = new Promise<never>((_resolve, reject) => (this.fail = reject));
    // Keep a failure nobody is waiting on yet from becoming an unhandled rejection.
    this.failed.catch(() => undefined);
    this.whenFinished = new Promise<void>((resolve) => (this.done = resolve));
    out.on('error', this.onError);
    out.on('finish', this.onFinish);
    out.on('close', this.onClose);
    this.zip.on('error', this.onError);
    this.zip.outputStream.on('error', this.onError);
    this.zip.outputStream.pipe(out as NodeJS.WritableStream);
  }

  /** Throws the output's failure, if it has failed. */
  check(): void {
    if (this.error !== undefined) throw this.error;
  }

  /** A small part, whole. */
  addPart(name: string, xml: string): void {
    this.check();
    this.zip.addBuffer(Buffer.from(xml, 'utf8'), name, { mtime: this.mtime, compressionLevel: this.opts.compressionLevel });
  }

  /** A part written piece by piece; the zip takes it after the parts added before it. */
  openPart(name: string): PartWriter {
    this.check();
    const stream = new PassThrough({ highWaterMark: 2 * CHUNK_BYTES });
    this.parts.push(stream);
    this.zip.addReadStream(stream, name, { mtime: this.mtime, compressionLevel: this.opts.compressionLevel });
    return new PartWriter(stream, this);
  }

  /** Waits for the stream to take more, or for the output to fail. */
  drain(stream: PassThrough): Promise<void> {
    if (this.error !== undefined) return Promise.reject(this.error);
    // It may have drained already, while the writer was waiting for its rows.
    if (!stream.writableNeedDrain) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const settle = (e?: unknown) => {
        stream.removeListener('drain', onDrain);
        this.waiting.delete(settle);
        if (e === undefined) resolve();
        else reject(e);
      };
      const onDrain = () => settle();
      stream.once('drain', onDrain);
      this.waiting.add(settle);
    });
  }

  /** Writes the zip's central directory and waits until the output has taken the last byte. */
  async finish(): Promise<void> {
    this.check();
    this.zip.end();
    await Promise.race([this.whenFinished, this.failed]);
  }

  /** After a failure: stop the zip and let go of what it holds. */
  abort(): void {
    for (const p of this.parts) p.destroy();
    this.zip.outputStream.unpipe(this.out as NodeJS.WritableStream);
    (this.zip.outputStream as unknown as { destroy(): void }).destroy();
  }

  /** Stop listening to a stream that is the caller's. */
  detach(): void {
    this.out.removeListener('error', this.onError);
    this.out.removeListener('finish', this.onFinish);
    this.out.removeListener('close', this.onClose);
  }
}

/** One part's text, encoded into chunks as it comes and handed to the zip with backpressure. */
export class PartWriter {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  /** The zip has asked us to wait: the next settle() waits for it to drain. */
  private blocked = false;

  constructor(
    private readonly stream: PassThrough,
    private readonly pkg: XlsxPackage,
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

  /** Lets the zip (and the output behind it) catch up, when it has asked to. */
  async settle(): Promise<void> {
    this.pkg.check();
    if (this.blocked) {
      this.blocked = false;
      await this.pkg.drain(this.stream);
    }
  }

  /** Hands the bytes gathered so far to the zip. */
  private hand(): void {
    if (this.used === 0) return;
    const full = this.chunk.subarray(0, this.used);
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    this.send(full);
  }

  private send(bytes: Buffer): void {
    this.pkg.check();
    if (!this.stream.write(bytes)) this.blocked = true;
  }

  async end(): Promise<void> {
    this.hand();
    await this.settle();
    this.stream.end();
  }
}
