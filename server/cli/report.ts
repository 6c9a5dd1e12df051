// Human-readable output of check and merge: what a person in the office reads in a terminal.
import {
  STATUS_CODES,
  statusLabel,
  type Finding,
  type Lang,
  type ParsedLedger,
  type Rollup,
} from '../../ledger';

const T = {
  zh: {
    files: (n: number, asOf: string) => `检查 ${n} 个文件（统计日期 ${asOf}）`,
    sheet: (l: ParsedLedger) =>
      `${l.file} › 工作表“${l.sheet}”：${l.rows.length} 项措施，表头在第 ${l.headerRows.map((r) => r + 1).join('、')} 行`,
    unreadable: (l: ParsedLedger) => `${l.file}：无法作为台账读取`,
    where: (f: Finding) => (f.row > 0 ? `第 ${f.row} 行${f.column ? ` ${f.column} 列` : ''}` : '文件'),
    severity: { error: '错误', warning: '警告' },
    rollup: '汇总',
    rate: '完成率',
    overdue: '逾期',
    closed: '已销号',
    extensionsPending: '延期待审',
    byCategory: '按类别',
    byUnit: '按责任单位',
    measures: '项',
    totals: (e: number, w: number) => `结果：${e} 个错误，${w} 个警告`,
    written: (p: string) => `已写出汇总台账：${p}`,
  },
  en: {
    files: (n: number, asOf: string) => `Checked ${n} file(s) as of ${asOf}`,
    sheet: (l: ParsedLedger) =>
      `${l.file} › sheet "${l.sheet}": ${l.rows.length} measures, header on row ${l.headerRows.map((r) => r + 1).join(', ')}`,
    unreadable: (l: ParsedLedger) => `${l.file}: cannot be read as a ledger`,
    where: (f: Finding) => (f.row > 0 ? `row ${f.row}${f.column ? ` column ${f.column}` : ''}` : 'file'),
    severity: { error: 'error', warning: 'warning' },
    rollup: 'Rollup',
    rate: 'completion',
    overdue: 'overdue',
    closed: 'closed off',
    extensionsPending: 'extensions waiting',
    byCategory: 'By category',
    byUnit: 'By unit',
    measures: 'measures',
    totals: (e: number, w: number) => `Result: ${e} error(s), ${w} warning(s)`,
    written: (p: string) => `Master ledger written: ${p}`,
  },
};

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function statusFigures(r: Pick<Rollup, 'status' | 'overdue' | 'completionRate' | 'closed' | 'extensionsPending'>, lang: Lang): string {
  const t = T[lang];
  const parts = STATUS_CODES.map((c) => `${statusLabel(c, undefined, lang)} ${r.status[c]}`);
  // Closure and extensions are the office's work in hand: named only where there is some.
  const workflow = (['closed', 'extensionsPending'] as const).filter((k) => r[k] > 0).map((k) => `${t[k]} ${r[k]}`);
  return [parts.join(lang === 'en' ? ', ' : '，'), `${t.overdue} ${r.overdue}`, ...workflow, `${t.rate} ${percent(r.completionRate)}`].join(lang === 'en' ? '; ' : '；');
}

export function formatReport(
  ledgers: ParsedLedger[],
  findings: Finding[],
  rollup: Rollup,
  lang: Lang,
  extra: string[] = [],
): string {
  const t = T[lang];
  const lines: string[] = [t.files(ledgers.length, rollup.asOf)];
  for (const l of ledgers) {
    lines.push('', l.headerRows.length > 0 ? t.sheet(l) : t.unreadable(l));
    for (const f of findings.filter((x) => x.file === l.file)) {
      lines.push(`  ${t.where(f)} [${t.severity[f.severity]}] ${f.message}`);
    }
  }
  lines.push('', `${t.rollup}${lang === 'en' ? ': ' : '：'}${rollup.report}`);
  lines.push(`  ${statusFigures(rollup, lang)}`);
  if (rollup.byCategory.length > 0) {
    lines.push(`  ${t.byCategory}${lang === 'en' ? ':' : '：'}`);
    for (const c of rollup.byCategory) lines.push(`    ${c.category}: ${c.measures} ${t.measures}, ${statusFigures(c, lang)}`);
  }
  if (rollup.byUnit.length > 0) {
    lines.push(`  ${t.byUnit}${lang === 'en' ? ':' : '：'}`);
    for (const u of rollup.byUnit) lines.push(`    ${u.unit}: ${u.measures} ${t.measures}, ${statusFigures(u, lang)}`);
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  lines.push('', ...extra, t.totals(errors, findings.length - errors));
  return lines.join('\n');
}

export const written = (path: string, lang: Lang) => T[lang].written(path);
