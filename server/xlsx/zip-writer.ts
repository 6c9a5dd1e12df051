// The workbook's zip, written front to back as its entries are made. Each entry is deflated by zlib
// off the JavaScript thread, and its CRC-32 is read from the trailer of a gzip stream (zlib computes
// it natively as it deflates): a checksum taken in JavaScript over the 100+ MB of XML of a
// 100,000-row master cost a tenth of the export. An entry streamed live carries its sizes in a data
// descriptor after its data (as Excel's own writer and the readers we test with accept); an entry
// spooled is deflated into memory while another is being written, and goes out whole later.
import { createGzip, gzipSync, type Gzip } from 'node:zlib';

/** gzip's fixed header (no name, no comment) before the deflate data, and its trailer (CRC-32, size) after. */
const GZIP_HEADER = 10;
const GZIP_TRAILER = 8;
/** Bytes zlib hands out at a time: fewer, larger pieces for the output (a worker's messages). */
const ZLIB_CHUNK = 64 * 1024;
/** No ZIP64: an entry or an offset past 4 GiB is refused rather than written wrong. */
const MAX_32 = 0xffffffff;
const DESCRIPTOR_FLAG = 0x0008;
const UTF8_FLAG = 0x0800;
const DEFLATE = 8;
/** Made by Unix, zip 6.3; needs zip 2.0 (deflate); a regular file, rw-rw-r--. */
const MADE_BY = 0x033f;
const NEEDS = 20;
const FILE_ATTRS = (0o100664 << 16) >>> 0;

export interface Sums {
  crc: number;
  size: number;
  compressed: number;
}

interface Written extends Sums {
  name: Buffer;
  flags: number;
  offset: number;
}

export class ZipTooLargeError extends Error {
  constructor() {
    super('工作簿超过 4 GB，无法写出 / the workbook is larger than 4 GB and cannot be written');
  }
}

/** One entry's data through zlib: the gzip header dropped, the trailer kept back and read at the end. */
export class ZipEntry {
  private readonly gzip: Gzip;
  private skip = GZIP_HEADER;
  /** zlib's last piece, passed on when the next comes (the gzip trailer ends the last one). */
  private held: Buffer | undefined;
  private size = 0;
  private compressed = 0;
  /** The entry's sums once zlib has given its last byte; rejects when zlib fails. */
  readonly done: Promise<Sums>;

  constructor(
    level: number,
    private readonly sink: (deflated: Buffer) => void,
  ) {
    this.gzip = createGzip({ level, chunkSize: ZLIB_CHUNK });
    this.gzip.on('data', (piece: Buffer) => this.take(piece));
    this.done = new Promise<Sums>((resolve, reject) => {
      this.gzip.once('end', () => {
        try {
          resolve(this.sums());
        } catch (e) {
          reject(e);
        }
      });
      this.gzip.once('error', reject);
    });
    this.done.catch(() => undefined);
  }

  /** Hands bytes to zlib (`taken` once it has read them); false: wait for `drain` before handing more. */
  write(bytes: Buffer, taken?: () => void): boolean {
    this.size += bytes.length;
    if (this.size > MAX_32) throw new ZipTooLargeError();
    return this.gzip.write(bytes, taken && ((e) => e || taken()));
  }

  on(event: 'drain', listener: () => void): void {
    this.gzip.on(event, listener);
  }

  off(event: 'drain', listener: () => void): void {
    this.gzip.off(event, listener);
  }

  get needsDrain(): boolean {
    return this.gzip.writableNeedDrain;
  }

  /** Stops zlib's output until `resume` (the output is full). */
  pause(): void {
    this.gzip.pause();
  }

  resume(): void {
    this.gzip.resume();
  }

  end(): Promise<Sums> {
    this.gzip.end();
    return this.done;
  }

  destroy(): void {
    this.gzip.destroy();
  }

  private take(piece: Buffer): void {
    if (this.skip > 0) {
      const n = Math.min(this.skip, piece.length);
      piece = piece.subarray(n);
      this.skip -= n;
    }
    if (piece.length === 0) return;
    // The trailer may straddle the last two pieces: a short last one joins the one before.
    if (this.held && piece.length < GZIP_TRAILER) {
      this.held = Buffer.concat([this.held, piece]);
      return;
    }
    if (this.held) this.pass(this.held);
    this.held = piece;
  }

  /** zlib has ended: the last piece held back gives its data and, in its last 8 bytes, the trailer. */
  private sums(): Sums {
    const held = this.held!;
    this.pass(held.subarray(0, held.length - GZIP_TRAILER));
    return { crc: held.readUInt32LE(held.length - GZIP_TRAILER), size: this.size, compressed: this.compressed };
  }

  private pass(data: Buffer): void {
    if (data.length === 0) return;
    this.compressed += data.length;
    this.sink(data);
  }
}

/** A spooled entry: deflated into memory, written out by `ZipWriter.addSpooled` once complete. */
export interface Spooled {
  entry: ZipEntry;
  pieces: Buffer[];
}

export class ZipWriter {
  private offset = 0;
  private readonly written: Written[] = [];
  private readonly time: number;
  private readonly date: number;
  private stopped = false;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly level: number,
    mtime: Date,
  ) {
    this.time = (mtime.getHours() << 11) | (mtime.getMinutes() << 5) | (mtime.getSeconds() >> 1);
    this.date = ((mtime.getFullYear() - 1980) << 9) | ((mtime.getMonth() + 1) << 5) | mtime.getDate();
  }

  /** A small entry, deflated at once. */
  addWhole(name: string, data: Buffer): void {
    const gz = gzipSync(data, { level: this.level });
    const deflated = gz.subarray(GZIP_HEADER, gz.length - GZIP_TRAILER);
    this.complete(name, 0, { crc: gz.readUInt32LE(gz.length - GZIP_TRAILER), size: data.length, compressed: deflated.length }, [deflated]);
  }

  /**
   * An entry whose deflated bytes go to the output as they come. `onFull` is told when the output
   * asks to wait (the caller pauses the entry until it drains). `end` writes its data descriptor.
   */
  openLive(name: string, onFull: (entry: ZipEntry) => void): { entry: ZipEntry; end: () => Promise<void> } {
    const nameBytes = Buffer.from(name, 'utf8');
    const flags = DESCRIPTOR_FLAG | utf8Flag(name);
    const offset = this.offset;
    this.emit(this.localHeader(nameBytes, flags, { crc: 0, size: 0, compressed: 0 }));
    const entry: ZipEntry = new ZipEntry(this.level, (data) => {
      if (!this.emit(data)) onFull(entry);
    });
    const end = async () => {
      const sums = await entry.end();
      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(sums.crc, 4);
      descriptor.writeUInt32LE(sums.compressed, 8);
      descriptor.writeUInt32LE(sums.size, 12);
      this.emit(descriptor);
      this.written.push({ name: nameBytes, flags, offset, ...sums });
    };
    return { entry, end };
  }

  /** An entry deflated into memory, for writing out later with `addSpooled`. */
  spool(): Spooled {
    const pieces: Buffer[] = [];
    return { entry: new ZipEntry(this.level, (data) => pieces.push(data)), pieces };
  }

  /** A spooled entry, complete (`sums` from its `end()`): written out whole. */
  addSpooled(name: string, spooled: Spooled, sums: Sums): void {
    this.complete(name, 0, sums, spooled.pieces.splice(0));
  }

  /** Writes the central directory and ends the output. */
  finish(): void {
    const start = this.offset;
    for (const w of this.written) this.emit(this.centralHeader(w));
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.written.length, 8);
    end.writeUInt16LE(this.written.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    this.emit(end);
    this.out.end();
  }

  /** After a failure: nothing more is written. */
  stop(): void {
    this.stopped = true;
  }

  private complete(name: string, flags: number, sums: Sums, data: Buffer[]): void {
    const nameBytes = Buffer.from(name, 'utf8');
    const all = flags | utf8Flag(name);
    this.written.push({ name: nameBytes, flags: all, offset: this.offset, ...sums });
    this.emit(this.localHeader(nameBytes, all, sums));
    for (const d of data) this.emit(d);
  }

  /** Writes to the output; false when the output asks the writer to wait for its drain. */
  private emit(bytes: Buffer): boolean {
    if (this.stopped) return true;
    this.offset += bytes.length;
    if (this.offset > MAX_32) throw new ZipTooLargeError();
    return this.out.write(bytes);
  }

  private localHeader(name: Buffer, flags: number, sums: Sums): Buffer {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(NEEDS, 4);
    h.writeUInt16LE(flags, 6);
    h.writeUInt16LE(DEFLATE, 8);
    h.writeUInt16LE(this.time, 10);
    h.writeUInt16LE(this.date, 12);
    h.writeUInt32LE(sums.crc, 14);
    h.writeUInt32LE(sums.compressed, 18);
    h.writeUInt32LE(sums.size, 22);
    h.writeUInt16LE(name.length, 26);
    return Buffer.concat([h, name]);
  }

  private centralHeader(w: Written): Buffer {
    const h = Buffer.alloc(46);
    h.writeUInt32LE(0x02014b50, 0);
    h.writeUInt16LE(MADE_BY, 4);
    h.writeUInt16LE(NEEDS, 6);
    h.writeUInt16LE(w.flags, 8);
    h.writeUInt16LE(DEFLATE, 10);
    h.writeUInt16LE(this.time, 12);
    h.writeUInt16LE(this.date, 14);
    h.writeUInt32LE(w.crc, 16);
    h.writeUInt32LE(w.compressed, 20);
    h.writeUInt32LE(w.size, 24);
    h.writeUInt16LE(w.name.length, 28);
    h.writeUInt32LE(FILE_ATTRS, 38);
    h.writeUInt32LE(w.offset, 42);
    return Buffer.concat([h, w.name]);
  }
}

function utf8Flag(name: string): number {
  return /^[\x20-\x7e]*$/.test(name) ? 0 : UTF8_FLAG;
}
