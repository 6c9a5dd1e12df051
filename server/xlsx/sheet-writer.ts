// One worksheet's XML, written row by row into its part of the package: the sheet's head (views,
// columns) first, then each row as it comes, then what SpreadsheetML puts after the rows (merges,
// conditional formats, dropdowns, print settings, page breaks). Only those trailing lists, a few
// short strings per problem, are held until the end; rows are never held.
import { columnLetter } from '../../ledger';
import { MAIN_NS, SHEET_RELS_CLOSE, SHEET_RELS_OPEN, escapeAttr, escapeCellText, escapeXml, hyperlinkRelXml } from './ooxml';
import type { PartWriter } from './package-writer';
import { printSetupXml, type PageSetup } from './print';
import { STYLE_INDEX, type StyleName } from './styles';

/** A cell to write: text is always a plain string value, so "=SUM(1)" stays text and never becomes a formula. */
export interface Cell {
  value: string | number | boolean | null;
  /** No style: the workbook's default format. */
  style?: StyleName;
  /** A live formula (without "="), written only by our own code with `value` as its cached result. */
  formula?: string;
}

export interface SheetLayout {
  columns: { width: number; hidden?: boolean }[];
  /** Rows kept in view while scrolling (frozen panes). */
  frozenRows?: number;
  /** The sheet shown when the workbook opens. */
  selected?: boolean;
  print?: PageSetup;
}

export interface ConditionalRule {
  formula: string;
  /** Index of the differential format (styles.ts DXF_FILLS). */
  dxf: number;
}

const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const DOC_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
/** Merges and other trailing entries written per piece, so a long list goes out in chunks. */
const TRAIL_BATCH = 2000;

const letters: string[] = [];
function letterOf(i: number): string {
  return (letters[i] ??= columnLetter(i));
}

const styleAttr: Record<string, string> = Object.fromEntries(Object.entries(STYLE_INDEX).map(([name, i]) => [name, ` s="${i}"`]));

export class SheetWriter {
  private next = 1;
  private readonly merges: string[] = [];
  private readonly validations: string[] = [];
  private readonly conditional: string[] = [];
  private readonly breaks: number[] = [];
  /** Each link's cell and target; its relationship is rId<position + 1>. */
  private readonly links: { ref: string; target: string }[] = [];
  private priority = 0;

  /** `relsPart` opens the sheet's relationships part, needed only when the sheet has links. */
  constructor(
    private readonly part: PartWriter,
    private readonly layout: SheetLayout,
    private readonly relsPart?: () => PartWriter,
  ) {
    const views = layout.frozenRows
      ? `<sheetViews><sheetView${layout.selected ? ' tabSelected="1"' : ''} workbookViewId="0">` +
        `<pane ySplit="${layout.frozenRows}" topLeftCell="A${layout.frozenRows + 1}" activePane="bottomLeft" state="frozen"/>` +
        `<selection pane="bottomLeft" activeCell="A${layout.frozenRows + 1}" sqref="A${layout.frozenRows + 1}"/>` +
        '</sheetView></sheetViews>'
      : layout.selected
        ? '<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
        : '';
    const cols = layout.columns.length
      ? `<cols>${layout.columns
          .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}"${c.hidden ? ' hidden="1"' : ''} customWidth="1"/>`)
          .join('')}</cols>`
      : '';
    part.write(
      `${DECLARATION}<worksheet xmlns="${MAIN_NS}" xmlns:r="${DOC_REL}">` +
        (layout.print ? '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' : '') +
        views +
        '<sheetFormatPr defaultRowHeight="15"/>' +
        cols +
        '<sheetData>',
    );
  }

  /** The Excel row number the next `row()` call writes. */
  get rowNumber(): number {
    return this.next;
  }

  /** Writes a row (its cells from column A); `height` in points, or the default. Returns its row number. */
  row(cells: Cell[], height?: number): number {
    const n = this.next++;
    let xml = '';
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i]!;
      const s = c.style ? styleAttr[c.style]! : '';
      const v = c.value;
      const ref = letterOf(i) + n;
      if (c.formula !== undefined) {
        const f = `<f>${escapeXml(c.formula)}</f>`;
        if (typeof v === 'number' && Number.isFinite(v)) xml += `<c r="${ref}"${s}>${f}<v>${v}</v></c>`;
        else if (typeof v === 'string') xml += `<c r="${ref}"${s} t="str">${f}<v>${escapeCellText(v)}</v></c>`;
        else if (typeof v === 'boolean') xml += `<c r="${ref}"${s} t="b">${f}<v>${v ? 1 : 0}</v></c>`;
        else xml += `<c r="${ref}"${s}>${f}</c>`;
      } else if (typeof v === 'string' && v !== '') {
        const t = escapeCellText(v);
        // Text of nothing but characters XML cannot carry is no text: an empty cell.
        if (t === '') {
          if (s) xml += `<c r="${ref}"${s}/>`;
          continue;
        }
        const space = t.charCodeAt(0) <= 32 || t.charCodeAt(t.length - 1) <= 32 ? ' xml:space="preserve"' : '';
        xml += `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${t}</t></is></c>`;
      } else if (typeof v === 'number' && Number.isFinite(v)) {
        xml += `<c r="${ref}"${s}><v>${v}</v></c>`;
      } else if (typeof v === 'boolean') {
        xml += `<c r="${ref}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
      } else if (s) {
        // Empty, but bordered (or otherwise formatted) like its neighbours.
        xml += `<c r="${ref}"${s}/>`;
      }
    }
    if (xml === '' && !height) return n;
    const ht = height ? ` ht="${height}" customHeight="1"` : '';
    this.part.write(xml === '' ? `<row r="${n}"${ht}/>` : `<row r="${n}"${ht}>${xml}</row>`);
    return n;
  }

  /** Merge 1-based inclusive rows and 0-based inclusive columns. */
  merge(top: number, left: number, bottom: number, right: number): void {
    if (top === bottom && left === right) return;
    this.merges.push(`${letterOf(left)}${top}:${letterOf(right)}${bottom}`);
  }

  /** A dropdown over a range ("M4:M100"): `source` is an inline list ("\"a,b\"") or a range reference. */
  dropdown(range: string, source: string, message: { title: string; text: string }): void {
    this.validations.push(
      `<dataValidation type="list" allowBlank="1" showErrorMessage="1" errorStyle="warning" errorTitle="${escapeAttr(message.title)}" error="${escapeAttr(message.text)}" sqref="${range}">` +
        `<formula1>${escapeXml(source)}</formula1></dataValidation>`,
    );
  }

  /** Formats cells of `range` where a formula (relative to its top-left cell) holds; rules take priority in order. */
  conditionalFormat(range: string, rules: ConditionalRule[]): void {
    const xml = rules
      .map((r) => `<cfRule type="expression" dxfId="${r.dxf}" priority="${++this.priority}"><formula>${escapeXml(r.formula)}</formula></cfRule>`)
      .join('');
    this.conditional.push(`<conditionalFormatting sqref="${range}">${xml}</conditionalFormatting>`);
  }

  /** A link from a cell (1-based row, 0-based column) to an address outside the workbook. */
  link(row: number, col: number, target: string): void {
    if (!this.relsPart) throw new Error('SheetWriter.link: this sheet was started without a relationships part');
    this.links.push({ ref: letterOf(col) + row, target });
  }

  /** A manual page break after this row (printing starts a new page below it). */
  breakAfter(row: number): void {
    this.breaks.push(row);
  }

  /** Lets the zip catch up when a chunk of rows is ready. Call every few hundred rows. */
  settle(): Promise<void> {
    return this.part.settle();
  }

  /** Writes what follows the rows and closes the part. */
  async end(): Promise<void> {
    this.part.write('</sheetData>');
    if (this.merges.length) await this.list('mergeCells', ` count="${this.merges.length}"`, this.merges.map((ref) => `<mergeCell ref="${ref}"/>`));
    for (const cf of this.conditional) this.part.write(cf);
    if (this.validations.length) this.part.write(`<dataValidations count="${this.validations.length}">${this.validations.join('')}</dataValidations>`);
    if (this.links.length) await this.list('hyperlinks', '', this.links.map((l, i) => `<hyperlink ref="${l.ref}" r:id="rId${i + 1}"/>`));
    if (this.layout.print) this.part.write(printSetupXml());
    if (this.breaks.length) {
      const n = this.breaks.length;
      await this.list('rowBreaks', ` count="${n}" manualBreakCount="${n}"`, this.breaks.map((r) => `<brk id="${r}" max="16383" man="1"/>`));
    }
    this.part.write('</worksheet>');
    await this.part.end();
    if (this.links.length) await this.writeRels(this.relsPart!());
  }

  private async writeRels(rels: PartWriter): Promise<void> {
    rels.write(SHEET_RELS_OPEN);
    for (let i = 0; i < this.links.length; i += TRAIL_BATCH) {
      rels.write(this.links.slice(i, i + TRAIL_BATCH).map((l, k) => hyperlinkRelXml(i + k + 1, l.target)).join(''));
      await rels.settle();
    }
    rels.write(SHEET_RELS_CLOSE);
    await rels.end();
  }

  private async list(tag: string, attrs: string, items: string[]): Promise<void> {
    this.part.write(`<${tag}${attrs}>`);
    for (let i = 0; i < items.length; i += TRAIL_BATCH) {
      this.part.write(items.slice(i, i + TRAIL_BATCH).join(''));
      await this.part.settle();
    }
    this.part.write(`</${tag}>`);
  }
}

/** A text as a string literal inside a formula. */
export function formulaText(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
