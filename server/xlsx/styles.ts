// The look of the workbooks we write: the plain bordered 宋体 table offices print and file. Each style
// is one shared object, so exceljs registers it once however many cells use it.
import type { Borders, Fill, Style } from 'exceljs';

const thin = { style: 'thin' as const, color: { argb: 'FF000000' } };
const border: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const font = { name: '宋体', size: 11 };
const headerFill: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };

export const DATE_FORMAT = 'yyyy"年"m"月"d"日"';

export const STYLES = {
  title: {
    font: { name: '宋体', size: 18, bold: true },
    alignment: { horizontal: 'center', vertical: 'middle' },
  },
  note: { font, alignment: { horizontal: 'left', vertical: 'middle' } },
  report: { font: { ...font, size: 12 }, alignment: { horizontal: 'left', vertical: 'middle', wrapText: true } },
  section: { font: { ...font, bold: true }, alignment: { horizontal: 'left', vertical: 'middle' } },
  header: {
    font: { ...font, bold: true },
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    border,
    fill: headerFill,
  },
  separator: {
    font: { ...font, bold: true },
    alignment: { horizontal: 'left', vertical: 'middle' },
    border,
  },
  text: { font, alignment: { horizontal: 'left', vertical: 'middle', wrapText: true }, border },
  centered: { font, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true }, border },
  date: { font, alignment: { horizontal: 'center', vertical: 'middle' }, border, numFmt: DATE_FORMAT },
  bareDate: { font, alignment: { horizontal: 'left', vertical: 'middle' }, numFmt: DATE_FORMAT },
  /** The hidden bookkeeping columns: one line, never wrapped (LibreOffice lays wrapped text out even in a hidden column). */
  hidden: { font },
  hiddenDate: { font, numFmt: DATE_FORMAT },
  number: { font, alignment: { horizontal: 'center', vertical: 'middle' }, border },
  percent: { font, alignment: { horizontal: 'center', vertical: 'middle' }, border, numFmt: '0.0%' },
  total: { font: { ...font, bold: true }, alignment: { horizontal: 'center', vertical: 'middle' }, border },
  totalPercent: { font: { ...font, bold: true }, alignment: { horizontal: 'center', vertical: 'middle' }, border, numFmt: '0.0%' },
} satisfies Record<string, Partial<Style>>;

export type StyleName = keyof typeof STYLES;

/** Conditional-format fills: light red for overdue rows, light amber for rows due within the week. */
export const OVERDUE_FILL: Partial<Style> = { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } } };
export const DUE_SOON_FILL: Partial<Style> = { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFEB9C' } } };
