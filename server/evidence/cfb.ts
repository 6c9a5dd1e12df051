// The names of the streams in a Compound File (MS-CFB), the container of the Office 97–2003 formats
// (doc, xls, ppt) and of WPS's own (wps, et, dps). The container alone says nothing of what is
// inside: an installer (msi) is one too. Which document it is shows in its streams: Word keeps
// WordDocument, Excel Workbook (Book before Excel 97), PowerPoint "PowerPoint Document".

const SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const END_OF_CHAIN = 0xfffffffe;
const HEADER_DIFAT = 109;
const ENTRY_BYTES = 128;
const STREAM = 2;

/** The stream names of a compound file, or undefined when the bytes are not a readable one. */
export function cfbStreamNames(bytes: Uint8Array): Set<string> | undefined {
  if (bytes.length < 512 || SIGNATURE.some((b, i) => bytes[i] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shift = view.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) return undefined;
  const size = 1 << shift;
  const sectors = Math.floor((bytes.length - size) / size);
  const offset = (sector: number) => (sector + 1) * size;
  const fat = fatSectors(view, size, sectors);
  if (!fat) return undefined;
  const perFat = size / 4;
  const next = (sector: number): number | undefined => {
    const at = fat[Math.floor(sector / perFat)];
    return at === undefined || at >= sectors ? undefined : view.getUint32(offset(at) + (sector % perFat) * 4, true);
  };
  const names = new Set<string>();
  let sector = view.getUint32(0x30, true);
  // A chain longer than the file has sectors loops: the file is damaged.
  for (let steps = 0; sector !== END_OF_CHAIN; steps++) {
    if (sector >= sectors || steps > sectors) return undefined;
    for (let at = offset(sector); at < offset(sector) + size; at += ENTRY_BYTES) {
      const length = view.getUint16(at + 64, true);
      if (bytes[at + 66] !== STREAM || length < 2 || length > 64) continue;
      names.add(String.fromCharCode(...Array.from({ length: length / 2 - 1 }, (_, k) => view.getUint16(at + 2 * k, true))));
    }
    const following = next(sector);
    if (following === undefined) return undefined;
    sector = following;
  }
  return names;
}

/** Where the allocation table's sectors are: the header's list, then the chain of DIFAT sectors. */
function fatSectors(view: DataView, size: number, sectors: number): number[] | undefined {
  const count = view.getUint32(0x2c, true);
  if (count > sectors) return undefined;
  const list: number[] = [];
  for (let i = 0; i < Math.min(count, HEADER_DIFAT); i++) list.push(view.getUint32(0x4c + 4 * i, true));
  let difat = view.getUint32(0x44, true);
  const perDifat = size / 4 - 1;
  for (let steps = 0; list.length < count; steps++) {
    if (difat >= sectors || steps > sectors) return undefined;
    const at = (difat + 1) * size;
    for (let i = 0; i < perDifat && list.length < count; i++) list.push(view.getUint32(at + 4 * i, true));
    difat = view.getUint32(at + 4 * perDifat, true);
  }
  return list;
}
