// Small files of every kind an office attaches as evidence, made in code: a PDF (with every byte
// value in a binary stream, so a backend that mangled bytes would show), a PNG, a Word document
// (OOXML, zipped with yazl), an old Word .doc (a compound file with a WordDocument stream), an OFD,
// and what must be refused: a Windows executable, a compound file that is no document (an installer),
// a plain zip archive.
import yazl from 'yazl';
import { encodePng } from '../../addin/manifest/png';

export function samplePdf(padTo = 0): Uint8Array {
  const head = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n3 0 obj\n<< /Length 256 >>\nstream\n', 'latin1');
  const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const tail = Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
  const pdf = Buffer.concat([head, every, tail]);
  return padTo > pdf.length ? Buffer.concat([pdf, Buffer.alloc(padTo - pdf.length, 0x20)]) : pdf;
}

/** A 16×16 grey gradient, written by the PNG writer of the add-in's icons. */
export function samplePng(): Uint8Array {
  const rgba = new Uint8Array(16 * 16 * 4);
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 16; x++) rgba.set([(x + y) * 8, (x + y) * 8, (x + y) * 8, 255], (y * 16 + x) * 4);
  }
  return encodePng(16, 16, rgba);
}

async function zipOf(parts: [string, string][]): Promise<Uint8Array> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of parts) zip.addBuffer(Buffer.from(text, 'utf8'), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A one-paragraph Word document. */
export function sampleDocx(): Promise<Uint8Array> {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  return zipOf([
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ],
    ['word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>学习计划已印发</w:t></w:r></w:p></w:body></w:document>`],
  ]);
}

/** An OFD document's package: OFD.xml at its root names the document. */
export function sampleOfd(): Promise<Uint8Array> {
  return zipOf([
    ['OFD.xml', '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>'],
    ['Doc_0/Document.xml', '<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"/>'],
  ]);
}

/** A plain archive (what a program is often sent in). */
export function sampleZip(): Promise<Uint8Array> {
  return zipOf([['材料/说明.txt', '见附件'], ['setup.exe', 'MZ']]);
}

/** A compound file (512-byte sectors: the allocation table, then the directory) holding these streams. */
export function sampleCompoundFile(streams: string[]): Uint8Array {
  const file = Buffer.alloc(512 * 3, 0);
  file.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  file.writeUInt16LE(0x3e, 0x18);
  file.writeUInt16LE(3, 0x1a);
  file.writeUInt16LE(0xfffe, 0x1c);
  file.writeUInt16LE(9, 0x1e);
  file.writeUInt16LE(6, 0x20);
  file.writeUInt32LE(1, 0x2c); // one FAT sector
  file.writeUInt32LE(1, 0x30); // the directory in sector 1
  file.writeUInt32LE(4096, 0x38);
  file.writeUInt32LE(0xfffffffe, 0x3c);
  file.writeUInt32LE(0xfffffffe, 0x44);
  file.writeUInt32LE(0, 0x4c); // the FAT is sector 0
  for (let i = 1; i < 109; i++) file.writeUInt32LE(0xffffffff, 0x4c + 4 * i);
  const fat = 512;
  for (let i = 0; i < 128; i++) file.writeUInt32LE(0xffffffff, fat + 4 * i);
  file.writeUInt32LE(0xfffffffd, fat);
  file.writeUInt32LE(0xfffffffe, fat + 4);
  const entry = (n: number, name: string, type: number) => {
    const at = 1024 + n * 128;
    file.write(`${name}\0`, at, 'utf16le');
    file.writeUInt16LE((name.length + 1) * 2, at + 64);
    file[at + 66] = type;
  };
  entry(0, 'Root Entry', 5);
  streams.slice(0, 3).forEach((s, i) => entry(i + 1, s, 2));
  return file;
}

/** The start of a Windows program: MZ, then the PE header it points to. */
export function sampleExe(): Uint8Array {
  const exe = Buffer.alloc(1024, 0);
  exe.write('MZ', 0, 'latin1');
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write('PE\0\0', 0x80, 'latin1');
  exe.writeUInt16LE(0x14c, 0x84);
  return exe;
}
