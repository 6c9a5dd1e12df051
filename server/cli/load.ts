// Reading the workbooks named on the command line into parsed ledgers. A file that cannot be read
// becomes a file-level finding naming it, so the other files are still checked.
import { readFile } from 'node:fs/promises';
import {
  CampaignConfig,
  readLedger,
  type Finding,
  type Lang,
  type ParsedLedger,
} from '../../ledger';
import { WorkbookReadError } from '../xlsx/errors';
import { readWorkbookFile } from '../xlsx/read';
import { UsageError } from './args';

export async function loadConfig(path: string | undefined): Promise<CampaignConfig | undefined> {
  if (!path) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`无法读取整改配置文件 ${path}：${(e as Error).message} / cannot read campaign config ${path}`);
  }
  const parsed = CampaignConfig.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`整改配置文件 ${path} 的 ${issue.path.join('.')} 有误：${issue.message} / invalid campaign config`);
  }
  return parsed.data;
}

export async function loadLedgers(files: string[], opts: { config?: CampaignConfig; lang: Lang }): Promise<ParsedLedger[]> {
  const out: ParsedLedger[] = [];
  for (const path of files) {
    // Findings name the file as the user typed it: every unit's file may be called 整改台账.xlsx.
    const file = path;
    try {
      const book = await readWorkbookFile(path);
      out.push(readLedger({ ...book, file }, opts));
    } catch (e) {
      if (!(e instanceof WorkbookReadError)) throw e;
      const finding: Finding = {
        file,
        sheet: '',
        row: 0,
        column: '',
        field: '',
        code: e.code,
        severity: 'error',
        message: opts.lang === 'en' ? e.messageEn : e.message,
      };
      out.push({ file, sheet: '', headerRows: [], columns: [], extraColumns: [], rows: [], findings: [finding] });
    }
  }
  return out;
}
