// How every sheet we write prints: landscape A4, one page wide, its title rows repeated on every
// page, page numbers at the foot (Excel, LibreOffice and WPS all read these codes).
import { escapeXml } from './ooxml';

export const PAGE_FOOTER = '&C第 &P 页，共 &N 页';

export interface PageSetup {
  /** Rows repeated at the top of every printed page ("1:3"): the workbook's _xlnm.Print_Titles for the sheet. */
  printTitlesRow: string;
}

export function pageSetup(titleRows: string): PageSetup {
  return { printTitlesRow: titleRows };
}

const MARGINS = { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };

/** The sheet's print settings, in the order a worksheet holds them (the print titles live in the workbook). */
export function printSetupXml(): string {
  const m = MARGINS;
  return (
    '<printOptions horizontalCentered="1"/>' +
    `<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>` +
    // paperSize 9 is A4; fitToHeight 0: as many pages tall as the rows need.
    '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>' +
    `<headerFooter><oddFooter>${escapeXml(PAGE_FOOTER)}</oddFooter></headerFooter>`
  );
}

// A4 landscape and the margins above, in points.
const PRINTABLE_WIDTH = 842 - (MARGINS.left + MARGINS.right) * 72;
const PRINTABLE_HEIGHT = 595 - (MARGINS.top + MARGINS.bottom) * 72;
/** The height of a row given none: Excel's default for 宋体 11 (LibreOffice's is lower). */
export const DEFAULT_ROW_POINTS = 15;
/** Our estimate of a page stops short of the engines' by this much, so our break comes first. */
const SAFETY = 0.9;

/**
 * Where a sheet printed one page wide should start new pages, worked out as Excel, LibreOffice and
 * WPS lay it out: the visible columns scaled to the paper's width (never enlarged), then as many
 * rows per page as fit below the repeated title rows. Column widths are in Excel's character units.
 */
export class PageBreaks {
  private used = 0;
  private readonly room: number;

  constructor(columnWidths: number[], titlePoints: number) {
    // A column of width w is about 7w + 5 pixels of 宋体 11, three quarters of a point each.
    const tablePoints = columnWidths.reduce((sum, w) => sum + (7 * w + 5) * 0.75, 0);
    const scale = Math.min(1, PRINTABLE_WIDTH / tablePoints);
    this.room = (PRINTABLE_HEIGHT * SAFETY) / scale - titlePoints;
  }

  /** Places a block of rows that must stay together: true when it should start a new page. */
  startsNewPage(height: number): boolean {
    if (this.used > 0 && this.used + height > this.room) {
      this.used = height;
      return true;
    }
    this.used += height;
    return false;
  }
}
