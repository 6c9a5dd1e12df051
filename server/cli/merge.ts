// ledger merge FILE... -o OUT.xlsx [--as-of D] [--json] [--lang en] [--config campaign.json] [--title T]
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { CampaignConfig, mergeLedgers } from '../../ledger';
import { writeMasterWorkbook } from '../xlsx/write-master';
import { COMMON_FLAGS, CommonOptions, parse, UsageError } from './args';
import { exitCode, fileSummaries } from './check';
import type { Io } from './io';
import { loadConfig, loadLedgers } from './load';
import { formatReport, written } from './report';


const MergeOptions = CommonOptions.extend({
  output: z.string({ error: '请用 -o 指定输出文件 / -o OUT.xlsx is required' }).min(1),
  title: z.string().optional(),
});

export async function mergeCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { ...COMMON_FLAGS, output: { type: 'string', short: 'o' }, title: { type: 'string' } },
    MergeOptions,
  );
  if (positionals.length === 0) throw new UsageError('请指定要合并的工作簿 / name at least one workbook');
  if (!values.output.toLowerCase().endsWith('.xlsx')) throw new UsageError('输出文件应以 .xlsx 结尾 / the output must be an .xlsx file');
  const config = (await loadConfig(values.config)) ?? CampaignConfig.parse({});
  const ledgers = await loadLedgers(positionals, { config, lang: values.lang });
  const result = mergeLedgers(ledgers, {
    asOf: values['as-of'],
    config,
    lang: values.lang,
    ...(values.title ? { title: values.title } : {}),
  });
  const code = exitCode(result.findings);
  // Rows this system writes carry a stable id, so the next merge or push matches them row by row.
  result.master.rows = result.master.rows.map((r) => (r.measure.id ? r : { ...r, measure: { ...r.measure, id: randomUUID() } }));
  // A file that could not be read would silently shrink the master: write nothing rather than a partial ledger.
  if (code !== 2) await writeMasterWorkbook(result.master, result.rollup, values.output, { config, lang: values.lang });
  if (values.json) {
    io.out(
      JSON.stringify({
        ...result.rollup,
        findings: result.findings,
        files: fileSummaries(ledgers),
        ...(code !== 2 ? { output: values.output } : {}),
      }),
    );
  } else {
    io.out(formatReport(ledgers, result.findings, result.rollup, values.lang, code !== 2 ? [written(values.output, values.lang)] : []));
  }
  for (const f of result.findings) if (f.severity === 'error' && f.row === 0) io.err(`${f.file}: ${f.message}`);
  return code;
}
