// The small fixed parts of an .xlsx package (content types, relationships, workbook, document
// properties, theme) and the escaping every part's text goes through.

const CONTENT = 'http://schemas.openxmlformats.org/package/2006/content-types';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
export const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

// Characters XML 1.0 cannot carry at all (C0 controls but tab, line feed and carriage return; the
// two non-characters U+FFFE and U+FFFF); lone surrogates are handled apart.
const ILLEGAL = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SPECIAL = /[&<>"'\r]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };
const NEEDS_WORK = /[&<>"'\r\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
// Excel reads "_x0041_" in a cell's text as the escape of "A": a literal one is written "_x005F_x0041_".
const OOXML_ESCAPE = /_(x[0-9A-Fa-f]{4}_)/g;
const NEEDS_CELL_WORK = /[&<>"'\r\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]|_x[0-9A-Fa-f]{4}_/;
const ATTR_SPECIAL = /[&<>"'\t\n\r]/g;
const ATTR_ENTITIES: Record<string, string> = { ...ENTITIES, '\t': '&#9;', '\n': '&#10;' };

function legal(s: string): string {
  if (SURROGATE.test(s)) s = s.replace(LONE_SURROGATE, '');
  return s.replace(ILLEGAL, '');
}

/** A worksheet's relationships part, opened and closed around its links. */
export const SHEET_RELS_OPEN = `${DECLARATION}<Relationships xmlns="${PKG_REL}">`;
export const SHEET_RELS_CLOSE = '</Relationships>';

/** An external hyperlink's relationship (rId<n>), which the sheet's <hyperlink r:id> names. */
export function hyperlinkRelXml(n: number, target: string): string {
  return `<Relationship Id="rId${n}" Type="${DOC_REL}/hyperlink" Target="${escapeAttr(target)}" TargetMode="External"/>`;
}

/** Text as element content: markup characters escaped, characters XML 1.0 forbids left out. */
export function escapeXml(s: string): string {
  if (!NEEDS_WORK.test(s)) return s;
  return legal(s).replace(SPECIAL, (ch) => ENTITIES[ch]!);
}

/** A cell's text (inline string): as escapeXml, and a literal "_xHHHH_" kept from reading as an escape. */
export function escapeCellText(s: string): string {
  if (!NEEDS_CELL_WORK.test(s)) return s;
  return legal(s).replace(OOXML_ESCAPE, '_x005F_$1').replace(SPECIAL, (ch) => ENTITIES[ch]!);
}

/** An attribute value: as escapeXml, and white space kept (a parser turns raw tabs and line breaks into spaces). */
export function escapeAttr(s: string): string {
  return legal(s).replace(ATTR_SPECIAL, (ch) => ATTR_ENTITIES[ch]!);
}

/** A sheet name as a formula or defined name refers to it: always quoted, quotes doubled. */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

export interface SheetEntry {
  name: string;
  hidden: boolean;
  /** Rows printed at the top of every page ("1:3"). */
  printTitles?: string;
}

const sheetPart = (i: number) => `worksheets/sheet${i + 1}.xml`;

export function contentTypesXml(sheets: SheetEntry[]): string {
  const type = (t: string) => `application/vnd.openxmlformats-officedocument.${t}`;
  return (
    DECLARATION +
    `<Types xmlns="${CONTENT}">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${type('spreadsheetml.sheet.main+xml')}"/>` +
    sheets.map((_s, i) => `<Override PartName="/xl/${sheetPart(i)}" ContentType="${type('spreadsheetml.worksheet+xml')}"/>`).join('') +
    `<Override PartName="/xl/theme/theme1.xml" ContentType="${type('theme+xml')}"/>` +
    `<Override PartName="/xl/styles.xml" ContentType="${type('spreadsheetml.styles+xml')}"/>` +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    `<Override PartName="/docProps/app.xml" ContentType="${type('extended-properties+xml')}"/>` +
    '</Types>'
  );
}

export function rootRelsXml(): string {
  return (
    DECLARATION +
    `<Relationships xmlns="${PKG_REL}">` +
    `<Relationship Id="rId1" Type="${DOC_REL}/officeDocument" Target="xl/workbook.xml"/>` +
    `<Relationship Id="rId2" Type="${PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>` +
    `<Relationship Id="rId3" Type="${DOC_REL}/extended-properties" Target="docProps/app.xml"/>` +
    '</Relationships>'
  );
}

export function workbookRelsXml(sheets: SheetEntry[]): string {
  const n = sheets.length;
  return (
    DECLARATION +
    `<Relationships xmlns="${PKG_REL}">` +
    sheets.map((_s, i) => `<Relationship Id="rId${i + 1}" Type="${DOC_REL}/worksheet" Target="${sheetPart(i)}"/>`).join('') +
    `<Relationship Id="rId${n + 1}" Type="${DOC_REL}/styles" Target="styles.xml"/>` +
    `<Relationship Id="rId${n + 2}" Type="${DOC_REL}/theme" Target="theme/theme1.xml"/>` +
    '</Relationships>'
  );
}

/** The workbook: its sheets in tab order (the first one active), and each sheet's print titles. */
export function workbookXml(sheets: SheetEntry[]): string {
  const titles = sheets
    .map((s, i) =>
      s.printTitles
        ? `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${escapeXml(`${quoteSheet(s.name)}!${printRows(s.printTitles)}`)}</definedName>`
        : '',
    )
    .join('');
  return (
    DECLARATION +
    `<workbook xmlns="${MAIN_NS}" xmlns:r="${DOC_REL}">` +
    '<workbookPr defaultThemeVersion="164011"/>' +
    '<bookViews><workbookView activeTab="0"/></bookViews>' +
    `<sheets>${sheets
      .map((s, i) => `<sheet name="${escapeAttr(s.name)}" sheetId="${i + 1}" state="${s.hidden ? 'hidden' : 'visible'}" r:id="rId${i + 1}"/>`)
      .join('')}</sheets>` +
    (titles ? `<definedNames>${titles}</definedNames>` : '') +
    '<calcPr calcId="171027"/>' +
    '</workbook>'
  );
}

/** "1:3" → "$1:$3" */
function printRows(rows: string): string {
  return rows
    .split(':')
    .map((r) => `$${r}`)
    .join(':');
}

export function appXml(sheets: SheetEntry[]): string {
  const names = sheets.map((s) => `<vt:lpstr>${escapeXml(s.name)}</vt:lpstr>`).join('');
  return (
    DECLARATION +
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
    // As every xlsx writer says: spreadsheet programs trust the cached formula results of Excel's files.
    '<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>' +
    `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${sheets.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${sheets.length}" baseType="lpstr">${names}</vt:vector></TitlesOfParts>` +
    '<Company></Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion>' +
    '</Properties>'
  );
}

export function coreXml(creator: string, when: Date): string {
  const at = `${when.toISOString().slice(0, 19)}Z`;
  return (
    DECLARATION +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:creator>${escapeXml(creator)}</dc:creator><cp:lastModifiedBy>${escapeXml(creator)}</cp:lastModifiedBy>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${at}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${at}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/** The Office theme, reduced to what a theme must hold: the colours and the Calibri/Cambria (宋体 for Chinese) fonts. */
export function themeXml(): string {
  const colour = (name: string, rgb: string) => `<a:${name}><a:srgbClr val="${rgb}"/></a:${name}>`;
  const fonts = (latin: string) =>
    `<a:latin typeface="${latin}"/><a:ea typeface=""/><a:cs typeface=""/><a:font script="Hans" typeface="宋体"/><a:font script="Hant" typeface="新細明體"/>`;
  const fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>';
  const line = (w: number) => `<a:ln w="${w}" cap="flat" cmpd="sng" algn="ctr">${fill}<a:prstDash val="solid"/></a:ln>`;
  return (
    DECLARATION +
    '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme"><a:themeElements>' +
    '<a:clrScheme name="Office">' +
    '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>' +
    colour('dk2', '1F497D') + colour('lt2', 'EEECE1') + colour('accent1', '4F81BD') + colour('accent2', 'C0504D') +
    colour('accent3', '9BBB59') + colour('accent4', '8064A2') + colour('accent5', '4BACC6') + colour('accent6', 'F79646') +
    colour('hlink', '0000FF') + colour('folHlink', '800080') +
    '</a:clrScheme>' +
    `<a:fontScheme name="Office"><a:majorFont>${fonts('Cambria')}</a:majorFont><a:minorFont>${fonts('Calibri')}</a:minorFont></a:fontScheme>` +
    '<a:fmtScheme name="Office">' +
    `<a:fillStyleLst>${fill}${fill}${fill}</a:fillStyleLst>` +
    `<a:lnStyleLst>${line(9525)}${line(25400)}${line(38100)}</a:lnStyleLst>` +
    '<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>' +
    `<a:bgFillStyleLst>${fill}${fill}${fill}</a:bgFillStyleLst>` +
    '</a:fmtScheme>' +
    '</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>'
  );
}
