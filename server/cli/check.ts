// ledger check FILE... [--as-of YYYY-MM-DD] [--json] [--lang en] [--config campaign.json]
import { checkLedgers, FATAL_CODES, hasErrors, type Finding } from '../../ledger';
import { COMMON_FLAGS, CommonOptions, parse, UsageError } from './args';
import { loadConfig, loadLedgers } from './load';
import { formatReport } from './report';
import type { Io } from './io';


/** 0 fine (warnings allowed), 1 the input has errors, 2 a file could not be read as a ledger. */
export function exitCode(findings: Finding[]): number {
  if (findings.some((f) => FATAL_CODES.has(f.code))) return 2;
  return hasErrors(findings) ? 1 : 0;
}

export async function checkCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, COMMON_FLAGS, CommonOptions);
  if (positionals.length === 0) throw new UsageError('请指定要检查的工作簿 / name at least one workbook');
  const config = await loadConfig(values.config);
  const ledgers = await loadLedgers(positionals, { lang: values.lang, ...(config ? { config } : {}) });
  const result = checkLedgers(ledgers, { asOf: values['as-of'], lang: values.lang, ...(config ? { config } : {}) });
  const code = exitCode(result.findings);
  if (values.json) {
    io.out(JSON.stringify({ ...result.rollup, findings: result.findings, files: fileSummaries(result.ledgers) }));
  } else {
    io.out(formatReport(result.ledgers, result.findings, result.rollup, values.lang));
  }
  for (const f of result.findings) if (FATAL_CODES.has(f.code)) io.err(`${f.file}: ${f.message}`);
  return code;
}

export function fileSummaries(ledgers: ReturnType<typeof checkLedgers>['ledgers']) {
  return ledgers.map((l) => ({
    file: l.file,
    sheet: l.sheet,
    headerRow: l.headerRows.length > 0 ? l.headerRows[0]! + 1 : 0,
    measures: l.rows.length,
    columns: Object.fromEntries(l.columns.map((c) => [c.field, c.header])),
    extraColumns: l.extraColumns.map((e) => e.label),
  }));
}
