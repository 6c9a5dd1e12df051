// The look of the workbooks we write: the plain bordered 宋体 table offices print and file. Each
// named style becomes one cell format (xf) of xl/styles.xml; cells refer to it by index.
import { escapeXml } from './ooxml';

interface Font {
  name: string;
  size: number;
  bold?: boolean;
  /** ARGB; with `underline`, how a link looks. */
  color?: string;
  underline?: boolean;
}

interface Alignment {
  horizontal: 'left' | 'center';
  vertical: 'middle';
  wrapText?: boolean;
}

interface Border {
  style: 'thin';
  /** ARGB */
  color: string;
}

export interface CellStyle {
  font: Font;
  alignment?: Alignment;
  border?: { top: Border; left: Border; bottom: Border; right: Border };
  /** Solid fill colour (ARGB). */
  fill?: string;
  numFmt?: string;
}

const thin: Border = { style: 'thin', color: 'FF000000' };
const border = { top: thin, left: thin, bottom: thin, right: thin };
const font: Font = { name: '宋体', size: 11 };
const headerFill = 'FFD9D9D9';

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
  /** A cell that is a link (the evidence files of a measure): Excel's own link blue, underlined. */
  link: { font: { ...font, color: 'FF0563C1', underline: true }, alignment: { horizontal: 'left', vertical: 'middle', wrapText: true }, border },
} satisfies Record<string, CellStyle>;

export type StyleName = keyof typeof STYLES;

/** Conditional-format fills (differential formats, by index): light red for overdue rows, light amber for rows due within the week. */
export const DXF_FILLS = ['FFFFC7CE', 'FFFFEB9C'] as const;
export const OVERDUE_DXF = 0;
export const DUE_SOON_DXF = 1;

/** Each style's cell format index (0 is the workbook's default format). */
export const STYLE_INDEX = Object.fromEntries(Object.keys(STYLES).map((name, i) => [name, i + 1])) as Record<StyleName, number>;

/** xl/styles.xml: fonts, fills, borders and number formats shared by the named styles, one xf per style, then the dxfs. */
export function stylesXml(): string {
  const fonts: string[] = [
    // The Normal style's font, as Excel's default workbook has it: column widths are measured in its digits.
    '<font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>',
  ];
  const fills = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>'];
  const borders = ['<border><left/><right/><top/><bottom/><diagonal/></border>'];
  const numFmts: string[] = [];
  const indexOf = (list: string[], xml: string) => {
    let i = list.indexOf(xml);
    if (i === -1) i = list.push(xml) - 1;
    return i;
  };
  const xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  for (const style of Object.values(STYLES) as CellStyle[]) {
    const f = style.font;
    const look = `${f.bold ? '<b/>' : ''}${f.underline ? '<u/>' : ''}<sz val="${f.size}"/>${f.color ? `<color rgb="${f.color}"/>` : ''}`;
    const fontId = indexOf(fonts, `<font>${look}<name val="${escapeXml(f.name)}"/></font>`);
    const fillId = style.fill ? indexOf(fills, `<fill><patternFill patternType="solid"><fgColor rgb="${style.fill}"/></patternFill></fill>`) : 0;
    const borderId = style.border ? indexOf(borders, `<border>${(['left', 'right', 'top', 'bottom'] as const).map((side) => `<${side} style="${style.border![side].style}"><color rgb="${style.border![side].color}"/></${side}>`).join('')}<diagonal/></border>`) : 0;
    const numFmtId = style.numFmt ? 164 + indexOf(numFmts, style.numFmt) : 0;
    const a = style.alignment;
    const apply = [
      numFmtId ? ' applyNumberFormat="1"' : '',
      ' applyFont="1"',
      fillId ? ' applyFill="1"' : '',
      borderId ? ' applyBorder="1"' : '',
      a ? ' applyAlignment="1"' : '',
    ].join('');
    const attrs = `numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"${apply}`;
    xfs.push(
      a
        ? `<xf ${attrs}><alignment horizontal="${a.horizontal}" vertical="${a.vertical === 'middle' ? 'center' : a.vertical}"${a.wrapText ? ' wrapText="1"' : ''}/></xf>`
        : `<xf ${attrs}/>`,
    );
  }
  const dxfs = DXF_FILLS.map((rgb) => `<dxf><fill><patternFill patternType="solid"><bgColor rgb="${rgb}"/></patternFill></fill></dxf>`);
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<numFmts count="${numFmts.length}">${numFmts.map((code, i) => `<numFmt numFmtId="${164 + i}" formatCode="${escapeXml(code)}"/>`).join('')}</numFmts>` +
    `<fonts count="${fonts.length}">${fonts.join('')}</fonts>` +
    `<fills count="${fills.length}">${fills.join('')}</fills>` +
    `<borders count="${borders.length}">${borders.join('')}</borders>` +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    `<dxfs count="${dxfs.length}">${dxfs.join('')}</dxfs>` +
    '<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
    '</styleSheet>'
  );
}
