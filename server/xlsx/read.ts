// Reading a workbook file into the plain grids the ledger reader works on, with bounded memory and
// refusals a person can act on.
//
// Why not exceljs's streaming WorkbookReader: in 4.4.0 it decodes each inflated chunk on its own, so
// a Chinese character split across a 16 KiB chunk boundary turns into "��" (exceljs issues #2063,
// #2084, #2316; fix PR #1665 unmerged); it also drops merged ranges, hidden columns, the text of
// formula errors and all but the last run of inline rich text, and follows the zip's local headers
// rather than its central directory. The parts are simple enough to stream ourselves.
import { open } from 'node:fs/promises';
import type { Grid, GridWorkbook } from '../../ledger/grid';
import { WorkbookReadError, emptyWorkbook, unreadable } from './errors';
import { parseCellFormats, parseDateStyles, parseRels, parseWorkbook, partDir, relOfType, relsPartOf, SharedStringsHandler, type Relationship } from './parts';
import { SheetBuilder } from './sheet';
import { XmlTokenizer, type XmlHandler } from './xml';
import { ZipArchive, errorText, type ZipSource } from './zip';

export interface ReadLimits {
  /** Most bytes all parts read may inflate to (default 400 MiB). */
  maxTotalBytes?: number;
  /** Most bytes one part may inflate to (default 400 MiB). */
  maxEntryBytes?: number;
  /** Highest compression ratio accepted for a part past 8 MiB inflated (default 250:1). */
  maxRatio?: number;
  /** Most zip entries (default 10,000). */
  maxEntries?: number;
  /** Most non-empty cells in one sheet (default 5,000,000). */
  maxCells?: number;
  /** Most rows in one sheet (default 1,048,576, Excel's own limit). */
  maxRows?: number;
  /** Longest text in one cell, in characters (default 1,000,000; Excel itself stops at 32,767). */
  maxTextLength?: number;
}

const MIB = 1024 * 1024;
export const DEFAULT_READ_LIMITS: Required<ReadLimits> = {
  maxTotalBytes: 400 * MIB,
  maxEntryBytes: 400 * MIB,
  maxRatio: 250,
  maxEntries: 10_000,
  maxCells: 5_000_000,
  maxRows: 1_048_576,
  maxTextLength: 1_000_000,
};
const RATIO_FLOOR_BYTES = 8 * MIB;

export async function readWorkbookFile(path: string, opts: ReadLimits = {}): Promise<GridWorkbook> {
  let head: Buffer;
  try {
    const fh = await open(path, 'r');
    try {
      head = Buffer.alloc(8);
      const { bytesRead } = await fh.read(head, 0, 8, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw new WorkbookReadError(
      'unreadable_file',
      path,
      `无法打开文件“${path}”：${errorText(e)}`,
      `Cannot open "${path}": ${errorText(e)}`,
    );
  }
  return readArchive({ path }, head, path, opts, false);
}

/** `file` is the name shown in messages (an upload's original name, say). */
export async function readWorkbookBuffer(buf: Buffer, file: string, opts: ReadLimits = {}): Promise<GridWorkbook> {
  return readArchive({ buffer: buf }, buf.subarray(0, 8), file, opts, false);
}

/** A workbook with its cells' number formats: sheet name → A1 address → format code (General left out). */
export type WorkbookWithFormats = GridWorkbook & { numberFormats: Record<string, Record<string, string>> };

/** As readWorkbookBuffer, with the number formats the playground needs to show cells as Excel does. */
export async function readWorkbookWithFormats(buf: Buffer, file: string, opts: ReadLimits = {}): Promise<WorkbookWithFormats> {
  return readArchive({ buffer: buf }, buf.subarray(0, 8), file, opts, true);
}

const ZIP_MAGIC = Buffer.from('PK');
// Compound File Binary: legacy .xls, and also any password-protected .xlsx.
const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

async function readArchive(source: ZipSource, head: Buffer, file: string, opts: ReadLimits, formats: true): Promise<WorkbookWithFormats>;
async function readArchive(source: ZipSource, head: Buffer, file: string, opts: ReadLimits, formats: boolean): Promise<GridWorkbook>;
async function readArchive(source: ZipSource, head: Buffer, file: string, opts: ReadLimits, formats: boolean): Promise<GridWorkbook | WorkbookWithFormats> {
  if (head.equals(CFB_MAGIC)) throw unreadable(file, 'legacy_or_encrypted');
  if (!head.subarray(0, 2).equals(ZIP_MAGIC)) throw unreadable(file, 'not_xlsx');
  const limits = { ...DEFAULT_READ_LIMITS, ...opts };
  const zip = await ZipArchive.open(source, file, {
    maxEntries: limits.maxEntries,
    maxEntryBytes: limits.maxEntryBytes,
    maxTotalBytes: limits.maxTotalBytes,
    maxRatio: limits.maxRatio,
    ratioFloorBytes: RATIO_FLOOR_BYTES,
  });
  try {
    return await readParts(zip, file, limits, formats);
  } catch (e) {
    if (e instanceof WorkbookReadError) throw e;
    throw unreadable(file, 'damaged', errorText(e));
  } finally {
    zip.close();
  }
}

async function readParts(zip: ZipArchive, file: string, limits: Required<ReadLimits>, formats: boolean): Promise<GridWorkbook | WorkbookWithFormats> {
  const workbookPart = await findWorkbookPart(zip, file);
  const workbook = parseWorkbook(await zip.readText(workbookPart));
  const relsPart = relsPartOf(workbookPart);
  const rels = zip.has(relsPart) ? parseRels(await zip.readText(relsPart), partDir(workbookPart)) : new Map<string, Relationship>();
  if (workbook.sheets.length === 0) throw emptyWorkbook(file, true);

  const sheetParts = workbook.sheets.map((s) => {
    const rel = rels.get(s.relId);
    if (!rel || !zip.has(rel.target)) throw unreadable(file, 'damaged', `sheet "${s.name}" has no content part`);
    return rel.target;
  });
  const stringsPart = relOfType(rels, 'sharedStrings')?.target;
  const stylesPart = workbook.date1904 || formats ? relOfType(rels, 'styles')?.target : undefined;
  zip.checkDeclared([...sheetParts, ...[stringsPart, stylesPart].filter((p): p is string => !!p && zip.has(p))]);

  const strings = new SharedStringsHandler();
  if (stringsPart && zip.has(stringsPart)) await stream(zip, stringsPart, strings);
  const stylesXml = stylesPart && zip.has(stylesPart) ? await zip.readText(stylesPart) : undefined;
  const dateStyles1904 = stylesXml !== undefined && workbook.date1904 ? parseDateStyles(stylesXml) : undefined;
  const cellFormats = stylesXml !== undefined && formats ? parseCellFormats(stylesXml) : undefined;
  const numberFormats: Record<string, Record<string, string>> = {};

  const sheets: Grid[] = [];
  let nonEmpty = 0;
  for (const [i, entry] of workbook.sheets.entries()) {
    const builder = new SheetBuilder({
      file,
      sheet: entry.name,
      sharedStrings: strings.strings,
      ...(dateStyles1904 ? { dateStyles1904 } : {}),
      ...(cellFormats ? { cellFormats } : {}),
      maxCells: limits.maxCells,
      maxRows: limits.maxRows,
      maxTextLength: limits.maxTextLength,
    });
    await stream(zip, sheetParts[i]!, builder);
    nonEmpty += builder.nonEmptyCells;
    numberFormats[entry.name] = builder.numberFormats;
    sheets.push({
      sheet: entry.name,
      cells: builder.cells,
      merges: builder.merges,
      hidden: entry.state !== 'visible',
      hiddenColumns: builder.hiddenColumns,
    });
  }
  if (nonEmpty === 0) throw emptyWorkbook(file, false);
  return formats ? { file, sheets, numberFormats } : { file, sheets };
}

async function findWorkbookPart(zip: ZipArchive, file: string): Promise<string> {
  const root = zip.has('_rels/.rels') ? relOfType(parseRels(await zip.readText('_rels/.rels'), ''), 'officeDocument') : undefined;
  const part = root?.target ?? 'xl/workbook.xml';
  if (part.toLowerCase().endsWith('.bin')) throw unreadable(file, 'xlsb');
  if (!zip.has(part)) throw unreadable(file, 'not_xlsx', 'no workbook part');
  return part;
}

async function stream(zip: ZipArchive, part: string, handler: XmlHandler): Promise<void> {
  const tokenizer = new XmlTokenizer(handler);
  await zip.read(part, (text) => tokenizer.write(text));
  tokenizer.end();
}
