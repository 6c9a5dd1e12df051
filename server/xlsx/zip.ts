// The workbook's zip, opened through its central directory (yauzl) so parts are read in the order we
// choose, and only the parts we need are ever inflated. Every byte inflated is counted as it comes
// out of zlib: declared sizes are checked first for a quick refusal, but never trusted.
import { StringDecoder } from 'node:string_decoder';
import yauzl from 'yauzl';
import { WorkbookReadError, suspiciousRatio, tooManyParts, unpacksTooLarge, unreadable } from './errors';

export interface ZipLimits {
  /** Most zip entries a workbook may have. */
  maxEntries: number;
  /** Most bytes one part may inflate to. */
  maxEntryBytes: number;
  /** Most bytes all the parts read may inflate to, together. */
  maxTotalBytes: number;
  /** Highest inflated/compressed ratio accepted once a part has inflated past `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

export type ZipSource = { path: string } | { buffer: Buffer };

export class ZipArchive {
  private inflated = 0;

  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
    readonly file: string,
    private readonly limits: ZipLimits,
  ) {}

  static async open(source: ZipSource, file: string, limits: ZipLimits): Promise<ZipArchive> {
    const options: yauzl.Options = { lazyEntries: true, autoClose: false, validateEntrySizes: false, strictFileNames: false };
    let zip: yauzl.ZipFile;
    try {
      zip = 'path' in source ? await yauzl.openPromise(source.path, options) : await yauzl.fromBufferPromise(source.buffer, options);
    } catch (e) {
      throw unreadable(file, 'not_xlsx', errorText(e));
    }
    try {
      if (zip.entryCount > limits.maxEntries) throw tooManyParts(file, limits.maxEntries);
      const entries = new Map<string, yauzl.Entry>();
      for await (const entry of zip.eachEntry()) entries.set(partKey(entry.fileName), entry);
      return new ZipArchive(zip, entries, file, limits);
    } catch (e) {
      zip.close();
      throw e instanceof WorkbookReadError ? e : unreadable(file, 'damaged', errorText(e));
    }
  }

  /** Part names are case-insensitive (OPC); a leading slash is not part of the name. */
  has(part: string): boolean {
    return this.entries.has(partKey(part));
  }

  /** The size a part says it inflates to (0 if absent): for a quick refusal only. */
  private declaredSize(part: string): number {
    return this.entries.get(partKey(part))?.uncompressedSize ?? 0;
  }

  /** Refuse at once when the parts about to be read say they are bigger than the limits. */
  checkDeclared(parts: string[]): void {
    let total = this.inflated;
    for (const part of parts) {
      const size = this.declaredSize(part);
      if (size > this.limits.maxEntryBytes) throw unpacksTooLarge(this.file, this.limits.maxEntryBytes);
      total += size;
    }
    if (total > this.limits.maxTotalBytes) throw unpacksTooLarge(this.file, this.limits.maxTotalBytes);
  }

  /** Inflate a part, handing its text (UTF-8 decoded across chunk boundaries) to `onText` piece by piece. */
  async read(part: string, onText: (text: string) => void): Promise<void> {
    const entry = this.entries.get(partKey(part));
    if (!entry) throw unreadable(this.file, 'damaged', `missing part ${part}`);
    if (entry.isEncrypted()) throw unreadable(this.file, 'legacy_or_encrypted');
    this.checkDeclared([part]);
    const { maxEntryBytes, maxTotalBytes, maxRatio, ratioFloorBytes } = this.limits;
    const stream = await this.zip.openReadStreamPromise(entry);
    const decoder = new StringDecoder('utf8');
    let count = 0;
    // Leaving the loop early (a limit, a handler error) destroys the stream, so zlib stops at once.
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      count += chunk.length;
      this.inflated += chunk.length;
      if (count > maxEntryBytes) throw unpacksTooLarge(this.file, maxEntryBytes);
      if (this.inflated > maxTotalBytes) throw unpacksTooLarge(this.file, maxTotalBytes);
      if (count > ratioFloorBytes && count / Math.max(1, entry.compressedSize) > maxRatio) {
        throw suspiciousRatio(this.file, entry.fileName, maxRatio);
      }
      const text = decoder.write(chunk);
      if (text) onText(text);
    }
    const rest = decoder.end();
    if (rest) onText(rest);
    if (count !== entry.uncompressedSize) {
      throw unreadable(this.file, 'damaged', `${entry.fileName}: ${count} bytes, header says ${entry.uncompressedSize}`);
    }
  }

  /** A small part's whole text. */
  async readText(part: string): Promise<string> {
    const pieces: string[] = [];
    await this.read(part, (t) => pieces.push(t));
    return pieces.join('');
  }

  close(): void {
    this.zip.close();
  }
}

function partKey(name: string): string {
  return name.replace(/^\/+/, '').toLowerCase();
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
