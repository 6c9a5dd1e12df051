// What a push did, row by row: the report `ledger push` prints (or gives as JSON with --json).
import { FIELD_LABELS, StatusCode, statusLabel, type Finding, type Lang, type LedgerRow } from '../../ledger';
import type { PushResult, PushRow } from '../../ledger/sync-protocol';

export interface PushReport {
  created: number;
  updated: number;
  unchanged: number;
  conflicts: number;
  rejected: number;
  rejectedRows: { file: string; sheet: string; row: number; code: string; message: string }[];
  /** Edits not applied: someone changed the field since (the server's value, who set it and when). */
  conflictRows: {
    file: string;
    sheet: string;
    row: number;
    field: string;
    base: unknown;
    server: unknown;
    caller: unknown;
    changedBy: string | null;
    changedAt: string | null;
  }[];
  /** Rows stored as sent, with something worth a word (a category ordinal the campaign cannot resolve). */
  warningRows: { file: string; sheet: string; row: number; code: string; message: string }[];
  /** Office fields that differ in the file but are not the unit's to change: left as the office set them. */
  ignoredOfficeFields: { file: string; sheet: string; row: number; fields: string[] }[];
  findings: Finding[];
  /** Requests sent (rows that already mean what the service holds are not sent); sent < total: the push stopped part-way. */
  batches: { sent: number; total: number };
}

/** A report before any batch has been answered: the workbook's findings, nothing sent. */
export function emptyReport(findings: Finding[]): PushReport {
  return {
    created: 0,
    updated: 0,
    unchanged: 0,
    conflicts: 0,
    rejected: 0,
    rejectedRows: [],
    conflictRows: [],
    warningRows: [],
    ignoredOfficeFields: [],
    findings,
    batches: { sent: 0, total: 0 },
  };
}

/** Adds one batch's answer to the report: counts, and the rejected, conflicting and noted rows by their sheet row. */
export function addResult(report: PushReport, result: PushResult, rows: PushRow[], origin: Map<PushRow, LedgerRow>, file: string, lang: Lang): void {
  for (const r of result.rows) {
    const row = origin.get(rows[r.index]!)!;
    const where = { file, sheet: row.source.sheet, row: row.source.row };
    if (r.status === 'rejected' && r.reason) report.rejectedRows.push({ ...where, code: r.reason.code, message: lang === 'en' ? r.reason.en : r.reason.zh });
    for (const c of r.conflicts ?? []) {
      report.conflictRows.push({ ...where, field: c.field, base: c.base, server: c.server, caller: c.caller, changedBy: c.changedBy ?? null, changedAt: c.changedAt ?? null });
    }
    for (const w of r.warnings ?? []) report.warningRows.push({ ...where, code: w.code, message: lang === 'en' ? w.en : w.zh });
  }
  report.created += result.counts.created;
  report.updated += result.counts.updated;
  report.unchanged += result.counts.unchanged;
  report.conflicts += result.counts.conflicts;
  report.rejected += result.counts.rejected;
}

function fieldLabel(field: string, lang: Lang): string {
  const extra = /^extras\.(.*)$/.exec(field);
  if (extra) return extra[1]!;
  return (FIELD_LABELS as Record<string, { zh: string; en: string }>)[field]?.[lang] ?? field;
}

/** A conflict's value as the ledger shows it: a status by its word, a deadline by its text. */
function shownValue(field: string, v: unknown, lang: Lang): string {
  if (v === null || v === undefined) return '';
  if (field === 'status' && StatusCode.safeParse(v).success) return statusLabel(v as StatusCode, undefined, lang);
  if (field === 'deadline' && typeof v === 'object' && 'text' in v) return String(v.text);
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function formatPush(r: PushReport, lang: Lang, unit: string | undefined): string {
  const zh = lang === 'zh';
  const { sent, total } = r.batches;
  const complete = sent === total;
  const head = zh
    ? complete
      ? `推送完成${unit ? `（${unit}）` : ''}`
      : `推送未完成${unit ? `（${unit}）` : ''}，已送达的 ${sent} 批`
    : complete
      ? `Pushed${unit ? ` (${unit})` : ''}`
      : `Push incomplete${unit ? ` (${unit})` : ''}, the ${sent} batch${sent === 1 ? '' : 'es'} that went in`;
  const batches = zh
    ? complete
      ? sent === 0
        ? '；与服务上一致，无需发送'
        : `；共发送 ${sent} 批`
      : `；共 ${total} 批`
    : complete
      ? sent === 0
        ? '; nothing differs from the service, nothing sent'
        : `; sent in ${sent} batch${sent === 1 ? '' : 'es'}`
      : `; of ${total} batches`;
  const lines = [
    zh
      ? `${head}：新增 ${r.created}，更新 ${r.updated}，未变 ${r.unchanged}，冲突 ${r.conflicts}，拒绝 ${r.rejected}${batches}`
      : `${head}: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.conflicts} conflicts, ${r.rejected} rejected${batches}`,
  ];
  for (const x of r.rejectedRows) lines.push(zh ? `  拒绝 ${x.file} 第 ${x.row} 行：${x.message}` : `  rejected ${x.file} row ${x.row}: ${x.message}`);
  for (const x of r.conflictRows) {
    const show = (v: unknown) => shownValue(x.field, v, lang);
    const label = fieldLabel(x.field, lang);
    const who = x.changedBy ? (zh ? `（${x.changedBy} 于 ${x.changedAt?.slice(0, 10) ?? ''} 修改）` : ` (changed by ${x.changedBy} on ${x.changedAt?.slice(0, 10) ?? ''})`) : '';
    lines.push(
      zh
        ? `  冲突 ${x.file} 第 ${x.row} 行 ${label}：服务上已是“${show(x.server)}”${who}，本文件仍为“${show(x.caller)}”，未采用；请在加载项或整改办处理`
        : `  conflict ${x.file} row ${x.row} ${label}: the service has "${show(x.server)}"${who}, this file still "${show(x.caller)}": not applied; resolve it in the add-in or with the office`,
    );
  }
  for (const x of r.warningRows) lines.push(zh ? `  提示 第 ${x.row} 行：${x.message}` : `  note: row ${x.row}: ${x.message}`);
  for (const x of r.ignoredOfficeFields) {
    lines.push(zh ? `  提示 第 ${x.row} 行的 ${x.fields.join('、')} 由整改办确定，本次未改动` : `  note: row ${x.row} ${x.fields.join(', ')} are set by the office and were left as they are`);
  }
  return lines.join('\n');
}
