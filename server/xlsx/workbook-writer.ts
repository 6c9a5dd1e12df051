// A workbook written sheet after sheet into a streamed package: each sheet's rows go out as they
// are written. The styles and theme come first; the parts that list the sheets (workbook, content
// types, properties) follow the sheets, once it is known whether the hidden _lists sheet is needed.
import { appXml, contentTypesXml, coreXml, rootRelsXml, themeXml, workbookRelsXml, workbookXml, type SheetEntry } from './ooxml';
import { XlsxPackage } from './package-writer';
import { SheetWriter, type SheetLayout } from './sheet-writer';
import { stylesXml } from './styles';

/**
 * zlib level for the parts. Level 1 deflates the repetitive sheet XML about three times as fast as
 * the default 6, into a file about a quarter larger.
 */
const COMPRESSION_LEVEL = 1;

export interface SheetOptions {
  hidden?: boolean;
  /** Written into memory beside the sheet being written (deflated), and out once ended. */
  spooled?: boolean;
  /** The tab kept for it by `reserveTab` (default: the next tab). */
  tab?: number;
}

export class WorkbookWriter {
  readonly pkg: XlsxPackage;
  private readonly sheets: (SheetEntry | undefined)[] = [];

  constructor(out: NodeJS.WritableStream) {
    this.pkg = new XlsxPackage(out, { compressionLevel: COMPRESSION_LEVEL });
    // The parts known before any sheet go first, for readers that take a zip front to back.
    this.pkg.addPart('_rels/.rels', rootRelsXml());
    this.pkg.addPart('docProps/core.xml', coreXml('整改台账', new Date()));
    this.pkg.addPart('xl/styles.xml', stylesXml());
    this.pkg.addPart('xl/theme/theme1.xml', themeXml());
  }

  /** Keeps the next tab for a sheet started later (the summary, whose figures follow the ledger). */
  reserveTab(): number {
    return this.sheets.push(undefined) - 1;
  }

  /**
   * Starts a sheet in the next tab (or its reserved one). One sheet at a time is written live: a
   * live sheet must have been ended before the next live one starts.
   */
  addSheet(name: string, layout: SheetLayout, opts: SheetOptions = {}): SheetWriter {
    const index = opts.tab ?? this.sheets.push(undefined) - 1;
    if (this.sheets[index]) throw new Error(`WorkbookWriter.addSheet(${name}): tab ${index + 1} is taken`);
    this.sheets[index] = { name, hidden: !!opts.hidden, ...(layout.print ? { printTitles: layout.print.printTitlesRow } : {}) };
    const part = (name: string) => this.pkg.openPart(name, { spooled: !!opts.spooled });
    return new SheetWriter(part(`xl/worksheets/sheet${index + 1}.xml`), { ...layout, selected: index === 0 }, () =>
      part(`xl/worksheets/_rels/sheet${index + 1}.xml.rels`),
    );
  }

  /** Writes the parts that list the sheets (known only now) and waits until the output has the whole file. */
  async finish(): Promise<void> {
    const sheets = this.sheets.map((s, i) => {
      if (!s) throw new Error(`WorkbookWriter.finish: tab ${i + 1} was reserved but never written`);
      return s;
    });
    await this.pkg.settled();
    this.pkg.addPart('xl/workbook.xml', workbookXml(sheets));
    this.pkg.addPart('xl/_rels/workbook.xml.rels', workbookRelsXml(sheets));
    this.pkg.addPart('docProps/app.xml', appXml(sheets));
    this.pkg.addPart('[Content_Types].xml', contentTypesXml(sheets));
    await this.pkg.finish();
  }
}
