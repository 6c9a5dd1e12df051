// Why a workbook was refused, worded for the person who sent it (Chinese first, English beside it).

export type WorkbookReadErrorCode = 'unreadable_file' | 'empty_workbook' | 'too_large';

export class WorkbookReadError extends Error {
  override readonly name = 'WorkbookReadError';
  constructor(
    readonly code: WorkbookReadErrorCode,
    readonly file: string,
    /** Chinese. */
    message: string,
    readonly messageEn: string,
    readonly sheet?: string,
  ) {
    super(message);
  }
}

const MIB = 1024 * 1024;
const mib = (bytes: number) => `${Math.round(bytes / MIB)} MiB`;

/** Why a file is not an .xlsx we can read; `detail` is technical and goes in brackets. */
export type UnreadableReason = 'not_xlsx' | 'legacy_or_encrypted' | 'xlsb' | 'damaged';

const REASONS: Record<UnreadableReason, { zh: string; en: string }> = {
  not_xlsx: { zh: '它不是 Excel 工作簿（.xlsx）', en: 'it is not an Excel workbook (.xlsx)' },
  legacy_or_encrypted: {
    zh: '它是旧版 .xls 文件，或设置了打开密码',
    en: 'it is an old-format .xls file, or it is password-protected',
  },
  xlsb: { zh: '它是二进制工作簿（.xlsb）', en: 'it is a binary workbook (.xlsb)' },
  damaged: { zh: '文件已损坏', en: 'the file is damaged' },
};

export function unreadable(file: string, reason: UnreadableReason, detail?: string): WorkbookReadError {
  const r = REASONS[reason];
  const zhDetail = detail ? `（${detail}）` : '';
  const enDetail = detail ? ` (${detail})` : '';
  return new WorkbookReadError(
    'unreadable_file',
    file,
    `无法读取文件“${file}”：${r.zh}${zhDetail}。请在 Excel 或 WPS 中另存为 .xlsx 工作簿后重试。`,
    `Cannot read "${file}": ${r.en}${enDetail}. Save it as an .xlsx workbook in Excel or WPS and try again.`,
  );
}

export function unpacksTooLarge(file: string, limit: number): WorkbookReadError {
  return new WorkbookReadError(
    'too_large',
    file,
    `文件“${file}”过大：解压后超过 ${mib(limit)} 上限（可能是“压缩炸弹”），已拒绝读取。`,
    `"${file}" is too large: it unpacks to more than ${mib(limit)} (possibly a zip bomb); it was not read.`,
  );
}

export function suspiciousRatio(file: string, part: string, ratio: number): WorkbookReadError {
  return new WorkbookReadError(
    'too_large',
    file,
    `文件“${file}”中的“${part}”压缩比异常（超过 ${ratio}:1，可能是“压缩炸弹”），已拒绝读取。`,
    `"${file}": part "${part}" is compressed more than ${ratio}:1 (possibly a zip bomb); it was not read.`,
  );
}

export function tooManyParts(file: string, limit: number): WorkbookReadError {
  return new WorkbookReadError(
    'too_large',
    file,
    `文件“${file}”包含的部件超过 ${limit} 个，不像正常的工作簿，已拒绝读取。`,
    `"${file}" holds more than ${limit} parts, which no ordinary workbook does; it was not read.`,
  );
}

export function sheetTooLarge(file: string, sheet: string, what: 'cells' | 'rows', limit: number): WorkbookReadError {
  const zh = what === 'cells' ? `非空单元格超过 ${limit} 个` : `行数超过 ${limit} 行`;
  const en = what === 'cells' ? `more than ${limit} non-empty cells` : `more than ${limit} rows`;
  return new WorkbookReadError(
    'too_large',
    file,
    `文件“${file}”的工作表“${sheet}”过大：${zh}。请拆分后再提交。`,
    `"${file}", sheet "${sheet}" is too large: ${en}. Split it and send the parts.`,
    sheet,
  );
}

export function cellTooLong(file: string, sheet: string, limit: number): WorkbookReadError {
  return new WorkbookReadError(
    'too_large',
    file,
    `文件“${file}”的工作表“${sheet}”中有单元格文字超过 ${limit} 个字符，已拒绝读取。`,
    `"${file}", sheet "${sheet}" has a cell with more than ${limit} characters of text; it was not read.`,
    sheet,
  );
}

export function emptyWorkbook(file: string, noSheets: boolean): WorkbookReadError {
  return new WorkbookReadError(
    'empty_workbook',
    file,
    noSheets ? `文件“${file}”中没有工作表。` : `文件“${file}”的所有工作表都是空的。`,
    noSheets ? `"${file}" has no sheets.` : `Every sheet of "${file}" is empty.`,
  );
}
