// A real spreadsheet engine for the workbook tests: LibreOffice (Debian's libreoffice-calc-nogui,
// installed by .ci/run) recalculates, re-saves and prints our workbooks; poppler-utils reads the
// printed PDF back. Where a program is missing, the tests that need it fail saying what to install
// (test/support/requires.ts) instead of skipping.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import yauzl from 'yauzl';
import { buildZip } from './zip';

const found = (paths: string[]) => paths.find((p) => existsSync(p));

/** The soffice binary, or undefined where it is not installed. */
export const SOFFICE = found(['/usr/bin/soffice', '/usr/local/bin/soffice']);
/** The folder holding poppler's pdftotext, pdfinfo and pdftoppm, or undefined where they are not installed. */
export const POPPLER = found(['/usr/bin/pdftotext']) ? '/usr/bin' : undefined;

/**
 * Opens `input` in LibreOffice and saves it as `format` (xlsx: as a user re-saving it would; pdf: as
 * printing it would). Returns the path of the file written.
 */
export function convert(input: string, format: 'xlsx' | 'pdf'): string {
  const work = mkdtempSync(join(tmpdir(), 'lo-'));
  const out = join(work, 'out');
  // A profile of its own per run: two conversions at once would otherwise fight over one.
  execFileSync(SOFFICE!, ['--headless', `-env:UserInstallation=file://${work}/profile`, '--convert-to', format, '--outdir', out, input], {
    stdio: 'ignore',
    timeout: 180_000,
  });
  const written = readdirSync(out).find((f) => f.endsWith(`.${format}`));
  if (!written) throw new Error(`LibreOffice wrote no ${format} for ${basename(input)}`);
  return join(out, written);
}

/** The workbook with every cached formula result removed, so whoever opens it has to calculate. */
export async function withoutCachedResults(buf: Buffer): Promise<Buffer> {
  const zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true });
  const parts: { name: string; data: string }[] = [];
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    let data = Buffer.concat(chunks).toString('utf8');
    if (/^xl\/worksheets\/sheet\d+\.xml$/.test(entry.fileName)) data = data.replace(/(<\/f>)<v>[^<]*<\/v>/g, '$1');
    parts.push({ name: entry.fileName, data });
  }
  zip.close();
  return buildZip(parts);
}

/** Writes `buf` to a temporary file named `name` and returns its path. */
export function tempFile(name: string, buf: Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lo-in-')), name);
  writeFileSync(path, buf);
  return path;
}

export interface PdfWord {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface PdfText {
  pages: number;
  /** Every word with its box, as poppler places it. */
  words: PdfWord[];
  /** Each page's text in the order it was drawn (a cell's lines stay together). */
  pageText: string[];
}

/** Reads a PDF back: page count, words with their positions, and each page's text. */
export function readPdf(path: string): PdfText {
  const info = execFileSync(join(POPPLER!, 'pdfinfo'), [path], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
  const html = execFileSync(join(POPPLER!, 'pdftotext'), ['-bbox', path, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const words: PdfWord[] = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) words.push({ page, xMin: +m[1]!, yMin: +m[2]!, xMax: +m[3]!, yMax: +m[4]!, text: unescapeHtml(m[5]!) });
  }
  const raw = execFileSync(join(POPPLER!, 'pdftotext'), ['-raw', path, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const pageText = raw.split('\f').slice(0, pages);
  return { pages, words, pageText };
}

function unescapeHtml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** Pages as PNG images (for people to look at), into `dir` as `<prefix>-<n>.png`. */
export function pageImages(path: string, dir: string, prefix: string): string[] {
  execFileSync(join(POPPLER!, 'pdftoppm'), ['-png', '-r', '60', path, join(dir, prefix)], { stdio: 'ignore', timeout: 180_000 });
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.png'))
    .sort();
}

export function readBytes(path: string): Buffer {
  return readFileSync(path);
}
