// A minimal zip writer for hand-made test workbooks: XML we want exactly as written (inline rich
// strings, ISO date cells, prefixed elements) and zip bombs, including ones whose headers lie.
import { crc32, deflateRawSync, constants } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Buffer | string;
  /** Raw deflate stream to store as is, with `data` ignored (for bombs built without inflating them). */
  deflated?: { bytes: Buffer; size: number; crc: number };
  /** Claim this uncompressed size in the headers instead of the real one. */
  claimSize?: number;
}

export function buildZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const raw = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data;
    const body = e.deflated?.bytes ?? deflateRawSync(raw);
    const size = e.claimSize ?? e.deflated?.size ?? raw.length;
    const crc = e.deflated?.crc ?? crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/**
 * A deflate stream of `mib` MiB of spaces, made by repeating one compressed block (about 1 KiB per
 * MiB) so the test never holds the inflated bytes.
 */
export function spacesBomb(mib: number): { bytes: Buffer; size: number; crc: number } {
  const MiB = Buffer.alloc(1024 * 1024, 0x20);
  // A full flush ends each block on a byte boundary with no reference to earlier data, so the
  // block can be repeated; an empty final block closes the stream.
  const block = deflateRawSync(MiB, { finishFlush: constants.Z_FULL_FLUSH });
  const final = deflateRawSync(Buffer.alloc(0));
  let crc = 0;
  for (let i = 0; i < mib; i++) crc = crc32(MiB, crc);
  return { bytes: Buffer.concat([...Array.from({ length: mib }, () => block), final]), size: mib * 1024 * 1024, crc };
}

/** A workbook's package parts around the given sheets' XML. */
export function workbookParts(sheets: { name: string; xml: string; state?: string }[], extra: { sharedStrings?: string; workbookPr?: string } = {}): ZipEntry[] {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const entries: ZipEntry[] = [
    {
      name: '[Content_Types].xml',
      data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook ${ns}>${extra.workbookPr ?? ''}<sheets>${sheets
        .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
        .map((_s, i) => `<Relationship Id="rId${i + 1}" Type="${rel}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
        .join('')}${extra.sharedStrings ? `<Relationship Id="rIdS" Type="${rel}/sharedStrings" Target="/xl/sharedStrings.xml"/>` : ''}</Relationships>`,
    },
    ...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: `<?xml version="1.0" encoding="UTF-8"?>${s.xml}` })),
  ];
  if (extra.sharedStrings) entries.push({ name: 'xl/sharedStrings.xml', data: extra.sharedStrings });
  return entries;
}
