// Files `ledger check` / `merge` must refuse as unreadable (exit 2, naming the file): not a workbook
// at all, an empty workbook, a workbook without a ledger header, and a zip bomb.
import { writeFile } from 'node:fs/promises';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { FindingCode } from '../../ledger/schema';
import { buildZip, workbookParts } from '../support/zip';

export interface BadInput {
  name: string;
  fileName: string;
  /** The codes a file-level finding about it may carry. */
  codes: FindingCode[];
  write(path: string): Promise<void>;
}

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** Uncompressed size of the bomb's worksheet: just over 1 GiB. */
export const BOMB_CHUNK = 1 << 20;
export const BOMB_CHUNKS = 1100;

/**
 * A worksheet of a real-looking header row followed by 1.07 GiB of white space (valid XML inside
 * <sheetData>), deflated to about 1 MB. Each 1 MiB chunk is compressed once with a full flush, which
 * resets the compressor, so the identical compressed chunk can be repeated to form one valid stream.
 */
export function zipBomb(): Buffer {
  const head = Buffer.from(
    `${XML_DECL}<worksheet xmlns="${NS_MAIN}"><sheetData><row r="1">` +
      ['序号', '存在问题', '整改措施', '责任单位', '完成时限', '完成情况'].map((h, i) => inline(`${String.fromCharCode(65 + i)}1`, h)).join('') +
      '</row>',
    'utf8',
  );
  const tail = Buffer.from('</sheetData></worksheet>', 'utf8');
  const chunk = Buffer.alloc(BOMB_CHUNK, 0x20);
  const flush = { finishFlush: constants.Z_FULL_FLUSH };
  const deflatedChunk = deflateRawSync(chunk, flush);
  const parts = [deflateRawSync(head, flush)];
  let crc = crc32(head);
  for (let i = 0; i < BOMB_CHUNKS; i++) {
    parts.push(deflatedChunk);
    crc = crc32(chunk, crc);
  }
  parts.push(deflateRawSync(tail));
  crc = crc32(tail, crc);
  // The package parts around one sheet, whose deflated bytes are given as is (never inflated here).
  const entries = workbookParts([{ name: '整改台账', xml: '' }]).map((e) =>
    e.name === 'xl/worksheets/sheet1.xml'
      ? { name: e.name, data: '', deflated: { bytes: Buffer.concat(parts), crc, size: head.length + BOMB_CHUNK * BOMB_CHUNKS + tail.length } }
      : e,
  );
  return buildZip(entries);
}

async function writeWorkbook(path: string, fill: (wb: ExcelJS.Workbook) => void): Promise<void> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  await wb.xlsx.writeFile(path);
}

const MINIMAL_PDF =
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
  '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

export const badInputs: BadInput[] = [
  {
    name: 'text-named-xlsx',
    fileName: '整改台账（文本）.xlsx',
    codes: ['unreadable_file'],
    write: (path) =>
      writeFile(path, '序号,存在问题,整改措施,完成情况\n1,中心组学习计划性不强,制定年度学习计划,已完成\n', 'utf8'),
  },
  {
    name: 'pdf-named-xlsx',
    fileName: '整改报告（PDF）.xlsx',
    codes: ['unreadable_file'],
    write: (path) => writeFile(path, MINIMAL_PDF, 'latin1'),
  },
  {
    name: 'workbook-without-sheets',
    fileName: '空工作簿.xlsx',
    codes: ['empty_workbook', 'unreadable_file'],
    write: (path) => writeWorkbook(path, () => undefined),
  },
  {
    name: 'workbook-one-empty-sheet',
    fileName: '空白台账.xlsx',
    codes: ['empty_workbook', 'no_header', 'no_rows'],
    write: (path) => writeWorkbook(path, (wb) => void wb.addWorksheet('Sheet1')),
  },
  {
    name: 'no-ledger-header',
    fileName: '会议签到表.xlsx',
    codes: ['no_header'],
    write: (path) =>
      writeWorkbook(path, (wb) => {
        const ws = wb.addWorksheet('签到表');
        ws.addRow(['2018年9月巡视整改推进会签到表']);
        ws.addRow(['姓名', '工号', '签到时间', '签名']);
        ws.addRow(['刘洋', '20080123', '08:52', '']);
        ws.addRow(['陈晓东', '20110457', '08:55', '']);
        ws.addRow(['孙丽', '20150032', '09:01', '']);
      }),
  },
  {
    name: 'zip-bomb',
    fileName: '整改台账（压缩炸弹）.xlsx',
    codes: ['too_large', 'unreadable_file'],
    write: (path) => writeFile(path, zipBomb()),
  },
];
