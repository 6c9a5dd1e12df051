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

export class WorkbookWriter {
  readonly pkg: XlsxPackage;
  private readonly sheets: SheetEntry[] = [];
  private open: SheetWriter | undefined;

  constructor(out: NodeJS.WritableStream) {
    this.pkg = new XlsxPackage(out, { compressionLevel: COMPRESSION_LEVEL });
    // The parts known before any sheet go first, for readers that take a zip front to back.
    this.pkg.addPart('_rels/.rels', rootRelsXml());
    this.pkg.addPart('docProps/core.xml', coreXml('整改台账', new Date()));
    this.pkg.addPart('xl/styles.xml', stylesXml());
    this.pkg.addPart('xl/theme/theme1.xml', themeXml());
  }

  /** Starts the next sheet (tab order); the previous one must have been ended. */
  addSheet(name: string, layout: SheetLayout, opts: { hidden?: boolean } = {}): SheetWriter {
    const index = this.sheets.length;
    this.sheets.push({ name, hidden: !!opts.hidden, ...(layout.print ? { printTitles: layout.print.printTitlesRow } : {}) });
    const part = `xl/worksheets/sheet${index + 1}.xml`;
    this.open = new SheetWriter(this.pkg.openPart(part), { ...layout, selected: index === 0 }, () => this.pkg.openPart(`xl/worksheets/_rels/sheet${index + 1}.xml.rels`));
    return this.open;
  }

  /** Writes the parts that list the sheets (known only now) and waits until the output has the whole file. */
  async finish(): Promise<void> {
    const sheets = this.sheets;
    this.pkg.addPart('xl/workbook.xml', workbookXml(sheets));
    this.pkg.addPart('xl/_rels/workbook.xml.rels', workbookRelsXml(sheets));
    this.pkg.addPart('docProps/app.xml', appXml(sheets));
    this.pkg.addPart('[Content_Types].xml', contentTypesXml(sheets));
    await this.pkg.finish();
  }
}
