// One worksheet's XML, streamed into a Grid: cell values (cached results for formulas), merged
// ranges and hidden columns. Dates come out as Excel serial numbers in the 1900 system.
import { columnLetter, parseRangeRef, type MergedRange } from '../../ledger/grid';
import type { CellValue } from '../../ledger/schema';
import { cellTooLong, sheetTooLarge } from './errors';
import { XmlSyntaxError, decodeText, decodeXml, parseAttrs, type XmlHandler } from './xml';

export interface SheetContext {
  file: string;
  sheet: string;
  sharedStrings: string[];
  /** Set only for 1904-dated workbooks: styles whose numbers are dates, to be moved to the 1900 system. */
  dateStyles1904?: Set<number>;
  /** Each cell style's number format, when the reader is asked for them (the playground shows dates as dates). */
  cellFormats?: readonly string[];
  maxCells: number;
  maxRows: number;
  maxTextLength: number;
}

// Days between the 1900 and 1904 date systems' day zero.
const DATE1904_OFFSET = 1462;
const DAY_MS = 86_400_000;
const UNIX_EPOCH_SERIAL = 25_569;
const MAX_COLUMNS = 16_384;

export class SheetBuilder implements XmlHandler {
  readonly cells: CellValue[][] = [];
  readonly merges: MergedRange[] = [];
  /** Number formats other than General by A1 address, when the context names the styles' formats. */
  readonly numberFormats: Record<string, string> = {};
  private readonly hidden = new Set<number>();
  private nonEmpty = 0;

  private row = -1;
  private col = -1;
  private inCell = false;
  private type = '';
  private style = 0;
  /** Which text is being collected: the cell's <v>, or an inline string's <t>. */
  private collecting: 'v' | 't' | undefined;
  private value: string[] = [];
  private inline: string[] = [];
  private inInline = false;
  private phonetic = 0;
  private textLength = 0;

  constructor(private readonly ctx: SheetContext) {}

  get hiddenColumns(): number[] {
    return [...this.hidden].sort((a, b) => a - b);
  }

  get nonEmptyCells(): number {
    return this.nonEmpty;
  }

  open(name: string, attrs: string, selfClosing: boolean): void {
    switch (name) {
      case 'row': {
        const r = parseAttrs(attrs).r;
        this.row = r ? Number(r) - 1 : this.row + 1;
        if (!Number.isInteger(this.row) || this.row < 0) throw new XmlSyntaxError(`bad row number "${r}"`);
        if (this.row >= this.ctx.maxRows) throw sheetTooLarge(this.ctx.file, this.ctx.sheet, 'rows', this.ctx.maxRows);
        this.col = -1;
        break;
      }
      case 'c': {
        const a = parseAttrs(attrs);
        this.placeCell(a.r);
        if (selfClosing) break;
        this.inCell = true;
        this.type = a.t ?? 'n';
        this.style = a.s ? Number(a.s) : 0;
        this.value = [];
        this.inline = [];
        this.inInline = false;
        this.phonetic = 0;
        this.textLength = 0;
        break;
      }
      case 'v':
        if (this.inCell && !selfClosing) this.collecting = 'v';
        break;
      case 'is':
        if (this.inCell && !selfClosing) this.inInline = true;
        break;
      case 'rPh':
        if (this.inCell && !selfClosing) this.phonetic++;
        break;
      case 't':
        if (this.inInline && this.phonetic === 0 && !selfClosing) this.collecting = 't';
        break;
      case 'mergeCell': {
        const ref = parseAttrs(attrs).ref;
        if (ref) this.merges.push(parseRangeRef(ref));
        break;
      }
      case 'col': {
        const a = parseAttrs(attrs);
        if (a.hidden !== '1' && a.hidden !== 'true') break;
        const min = Number(a.min);
        const max = Math.min(Number(a.max ?? a.min), MAX_COLUMNS);
        for (let c = min; c <= max; c++) this.hidden.add(c - 1);
        break;
      }
      default:
        break;
    }
  }

  close(name: string): void {
    switch (name) {
      case 'v':
      case 't':
        this.collecting = undefined;
        break;
      case 'is':
        this.inInline = false;
        break;
      case 'rPh':
        this.phonetic--;
        break;
      case 'c':
        if (this.inCell) this.store(this.cellValue());
        this.inCell = false;
        this.collecting = undefined;
        break;
      default:
        break;
    }
  }

  text(raw: string): void {
    if (!this.collecting) return;
    this.textLength += raw.length;
    if (this.textLength > this.ctx.maxTextLength) throw cellTooLong(this.ctx.file, this.ctx.sheet, this.ctx.maxTextLength);
    (this.collecting === 'v' ? this.value : this.inline).push(raw);
  }

  /** Position the next cell: its own reference when it has one, else just right of the last. */
  private placeCell(ref: string | undefined): void {
    if (!ref) {
      this.col++;
      return;
    }
    const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref);
    if (!m) throw new XmlSyntaxError(`bad cell reference "${ref}"`);
    let col = 0;
    for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
    if (col > MAX_COLUMNS) throw new XmlSyntaxError(`bad cell reference "${ref}"`);
    this.col = col - 1;
    this.row = Number(m[2]) - 1;
    if (this.row >= this.ctx.maxRows) throw sheetTooLarge(this.ctx.file, this.ctx.sheet, 'rows', this.ctx.maxRows);
  }

  private cellValue(): CellValue {
    const v = this.value.join('');
    switch (this.type) {
      case 's': {
        if (v === '') return null;
        return this.ctx.sharedStrings[Number(v)] ?? null;
      }
      case 'inlineStr':
        return decodeText(this.inline.join(''));
      case 'str':
        return decodeText(v);
      case 'b':
        return v === '' ? null : v === '1' || v === 'true';
      case 'e':
        return v === '' ? null : decodeXml(v);
      case 'd':
        return v === '' ? null : isoToSerial(v.trim());
      default: {
        if (v.trim() === '') return null;
        const n = Number(v);
        if (!Number.isFinite(n)) return null;
        return this.ctx.dateStyles1904?.has(this.style) ? n + DATE1904_OFFSET : n;
      }
    }
  }

  private store(value: CellValue): void {
    if (value === null || value === '') return;
    if (++this.nonEmpty > this.ctx.maxCells) throw sheetTooLarge(this.ctx.file, this.ctx.sheet, 'cells', this.ctx.maxCells);
    const cells = this.cells;
    while (cells.length <= this.row) cells.push([]);
    const row = cells[this.row]!;
    while (row.length < this.col) row.push(null);
    row[this.col] = value;
    const format = this.ctx.cellFormats?.[this.style];
    if (format !== undefined && format !== 'General') this.numberFormats[`${columnLetter(this.col)}${this.row + 1}`] = format;
  }
}

/** An ISO 8601 date-time cell (t="d") as a 1900-system serial; a time without a zone is taken as written. */
function isoToSerial(iso: string): CellValue {
  const hasTime = iso.includes('T');
  const zoned = hasTime && /(?:Z|[+-]\d{2}:?\d{2})$/.test(iso);
  const ms = Date.parse(hasTime && !zoned ? `${iso}Z` : iso);
  if (Number.isNaN(ms)) return iso;
  const serial = ms / DAY_MS + UNIX_EPOCH_SERIAL;
  // Excel counts a fictitious 1900-02-29 (serial 60): serials before it are one lower.
  return serial < 61 ? serial - 1 : serial;
}
