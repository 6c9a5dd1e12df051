// The workbook-level parts: where the workbook and its sheets live, the sheets in tab order, the
// shared strings, and (for the rare 1904-dated workbook) which cell styles are dates.
import { XmlTokenizer, decodeText, parseAttrs, type XmlHandler } from './xml';

export interface Relationship {
  type: string;
  /** Part name inside the zip, resolved against the source part's folder. */
  target: string;
}

export function parseRels(xml: string, sourceDir: string): Map<string, Relationship> {
  const rels = new Map<string, Relationship>();
  tokenize(xml, {
    open(name, attrs) {
      if (name !== 'Relationship') return;
      const a = parseAttrs(attrs);
      if (!a.Id || !a.Target || a.TargetMode === 'External') return;
      rels.set(a.Id, { type: a.Type ?? '', target: resolvePart(sourceDir, a.Target) });
    },
    close() {},
    text() {},
  });
  return rels;
}

/** The first relationship whose type ends with `/kind` (transitional and strict OOXML differ in the prefix only). */
export function relOfType(rels: Map<string, Relationship>, kind: string): Relationship | undefined {
  for (const rel of rels.values()) if (rel.type.endsWith(`/${kind}`)) return rel;
  return undefined;
}

export interface SheetEntry {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  relId: string;
}

export interface WorkbookPart {
  sheets: SheetEntry[];
  date1904: boolean;
}

export function parseWorkbook(xml: string): WorkbookPart {
  const sheets: SheetEntry[] = [];
  let date1904 = false;
  tokenize(xml, {
    open(name, attrs) {
      if (name === 'workbookPr') {
        const v = parseAttrs(attrs).date1904;
        date1904 = v === '1' || v === 'true';
      } else if (name === 'sheet') {
        const a = parseAttrs(attrs);
        const relKey = Object.keys(a).find((k) => k === 'id' || k.endsWith(':id'));
        const state = a.state === 'hidden' || a.state === 'veryHidden' ? a.state : 'visible';
        sheets.push({ name: a.name ?? '', state, relId: relKey ? a[relKey]! : '' });
      }
    },
    close() {},
    text() {},
  });
  return { sheets, date1904 };
}

/** Collects the shared strings: each item's text runs joined, phonetic guides (rPh) left out. */
export class SharedStringsHandler implements XmlHandler {
  readonly strings: string[] = [];
  private item: string[] | undefined;
  private inText = false;
  private phonetic = 0;

  open(name: string, _attrs: string, selfClosing: boolean): void {
    if (selfClosing) {
      if (name === 'si') this.strings.push('');
      return;
    }
    if (name === 'si') this.item = [];
    else if (name === 'rPh') this.phonetic++;
    else if (name === 't' && this.item && this.phonetic === 0) this.inText = true;
  }

  close(name: string): void {
    if (name === 't') this.inText = false;
    else if (name === 'rPh') this.phonetic--;
    else if (name === 'si' && this.item) {
      this.strings.push(decodeText(this.item.join('')));
      this.item = undefined;
    }
  }

  text(raw: string): void {
    if (this.inText) this.item!.push(raw);
  }
}

// Built-in number formats that are dates or times, including the East Asian locale ones (27-36, 50-58)
// that Chinese Excel and WPS use for 年月日 without writing the format code into the file.
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a number format code shows a date or time: a y/m/d/h/s token outside quotes, escapes and colours. */
function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\.|_.|\*./g, '')
    .replace(/\[([^\]]*)\]/g, (_m, inner: string) => (/^(h+|m+|s+)$/i.test(inner) ? 'h' : ''));
  return /[ymdhs]/i.test(bare);
}

// Built-in number formats by id, as Excel in a Chinese locale shows them (ids 14 and 27–58 follow the
// locale; files name the id only). Ids not listed are shown as General.
const BUILTIN_FORMATS: Record<number, string> = {
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  14: 'yyyy/m/d',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  22: 'yyyy/m/d h:mm',
  27: 'yyyy"年"m"月"',
  28: 'm"月"d"日"',
  29: 'm"月"d"日"',
  30: 'm-d-yy',
  31: 'yyyy"年"m"月"d"日"',
  36: 'yyyy"年"m"月"',
  49: '@',
  50: 'yyyy"年"m"月"',
  51: 'm"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};

/** Each cell style's (cellXfs entry's) number format code, "General" where it has none we know. */
export function parseCellFormats(xml: string): string[] {
  const custom = new Map<number, string>();
  const formats: string[] = [];
  let inCellXfs = false;
  tokenize(xml, {
    open(name, attrs, selfClosing) {
      if (name === 'numFmt') {
        const a = parseAttrs(attrs);
        if (a.formatCode !== undefined) custom.set(Number(a.numFmtId), a.formatCode);
      } else if (name === 'cellXfs') {
        inCellXfs = !selfClosing;
      } else if (name === 'xf' && inCellXfs) {
        const id = Number(parseAttrs(attrs).numFmtId ?? 0);
        formats.push(custom.get(id) ?? BUILTIN_FORMATS[id] ?? 'General');
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
    text() {},
  });
  return formats;
}

/** Indexes of the cell styles (cellXfs) whose number format is a date or time. */
export function parseDateStyles(xml: string): Set<number> {
  const customDates = new Set<number>();
  const dateStyles = new Set<number>();
  let inCellXfs = false;
  let xfIndex = 0;
  tokenize(xml, {
    open(name, attrs, selfClosing) {
      if (name === 'numFmt') {
        const a = parseAttrs(attrs);
        if (a.formatCode !== undefined && isDateFormatCode(a.formatCode)) customDates.add(Number(a.numFmtId));
      } else if (name === 'cellXfs') {
        inCellXfs = !selfClosing;
      } else if (name === 'xf' && inCellXfs) {
        const id = Number(parseAttrs(attrs).numFmtId ?? 0);
        if (BUILTIN_DATE_FORMATS.has(id) || customDates.has(id)) dateStyles.add(xfIndex);
        xfIndex++;
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
    text() {},
  });
  return dateStyles;
}

function resolvePart(sourceDir: string, target: string): string {
  const raw = target.startsWith('/') ? target.slice(1) : sourceDir + target;
  const out: string[] = [];
  for (const seg of raw.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

/** "xl/workbook.xml" → "xl/"; the folder relative targets are resolved against. */
export function partDir(part: string): string {
  return part.slice(0, part.lastIndexOf('/') + 1);
}

/** "xl/workbook.xml" → "xl/_rels/workbook.xml.rels" */
export function relsPartOf(part: string): string {
  return `${partDir(part)}_rels/${part.slice(part.lastIndexOf('/') + 1)}.rels`;
}

function tokenize(xml: string, handler: XmlHandler): void {
  const t = new XmlTokenizer(handler);
  t.write(xml);
  t.end();
}
