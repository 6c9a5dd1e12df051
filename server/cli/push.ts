// ledger push FILE.xlsx --server URL --token T [--campaign C] [--json] [--as-of D] [--lang en]
// Sends a workbook's rows to the service: each row matched to the service's rows (BRIEF §3
// identity), only what differs in meaning sent, the office's assignment left alone when a unit
// pushes, rows with errors kept back with the reason. Rows that already mean what the service holds
// are not sent; the rest go in batches under the service's limits (batches.ts), each atomic, with its
// own mutation id, retried safely with the same one. A push that stops part-way is continued by
// running it again: what went in is then no longer different and is not sent twice.
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import * as z from 'zod';
import {
  checkLedgers,
  FATAL_CODES,
  IsoDate,
  Lang,
  matchRows,
  readLedger,
  todayIso,
  cellMeaning,
  COLUMN_FIELDS,
  FIELD_LABELS,
  StatusCode,
  statusLabel,
  fieldMeaning,
  measureKeys,
  type CellValue,
  type ColumnField,
  type IdentityFields,
  type Finding,
  type LedgerRow,
  type Measure,
  type ParsedLedger,
} from '../../ledger';
import { CampaignInfo, Me, PushResult, RowList, unitMayChange, type PushRow } from '../../ledger/sync-protocol';
import { WorkbookReadError } from '../xlsx/errors';
import { readWorkbookFile } from '../xlsx/read';
import { parse, UsageError } from './args';
import { BatchesInterrupted, IdentityGuard, isTransient, planBatches, sendBatches } from './batches';
import { client, serviceUrl } from './client';
import type { Io } from './io';

const PushOptions = z.object({
  server: z.string({ error: '请用 --server 指定服务地址 / --server URL is required' }),
  token: z.string().default(() => process.env.LEDGER_TOKEN ?? ''),
  campaign: z.string().default('default'),
  json: z.boolean().default(false),
  'as-of': IsoDate.default(() => todayIso()),
  lang: Lang.default('zh'),
});

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** The fields a workbook speaks for: its columns, and whatever its rows carry. */
function carriedFields(ledger: ParsedLedger, m: Measure): Set<ColumnField> {
  const fields = new Set<ColumnField>();
  for (const c of ledger.columns) if ((COLUMN_FIELDS as readonly string[]).includes(c.field)) fields.add(c.field as ColumnField);
  for (const f of COLUMN_FIELDS) if (measureKeys(f).some((k) => m[k] !== undefined)) fields.add(f);
  return fields;
}

/** One field's keys and values as a push row's `fields` carries them (null clears). */
function fieldPatch(field: ColumnField, m: Measure): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const k of measureKeys(field)) out[k] = (m[k] ?? null) as Json;
  return out;
}

/** Extra columns keyed by their header as the unit wrote it, as the service stores them. */
function labelledExtras(ledger: ParsedLedger, m: Measure): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const e of ledger.extraColumns) {
    const v = m.extras[e.key];
    if (v !== undefined) out[e.label] = v;
  }
  return out;
}

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

function clientId(file: string): string {
  return `cli-${createHash('sha256').update(`${hostname()}:${resolve(file)}`).digest('hex').slice(0, 16)}`;
}

export async function pushCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      server: { type: 'string' },
      token: { type: 'string' },
      campaign: { type: 'string' },
      json: { type: 'boolean' },
      'as-of': { type: 'string' },
      lang: { type: 'string' },
    },
    PushOptions,
  );
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new UsageError('请给出一个要推送的工作簿 / give exactly one workbook to push');
  if (!values.token) throw new UsageError('请用 --token 指定令牌（或设置 LEDGER_TOKEN）/ --token is required');
  const lang = values.lang;
  const api = client(serviceUrl(values.server), values.token, lang);
  const base = `/api/v1/campaigns/${encodeURIComponent(values.campaign)}`;

  let ledger: ParsedLedger;
  try {
    ledger = readLedger({ ...(await readWorkbookFile(file)), file });
  } catch (e) {
    if (!(e instanceof WorkbookReadError)) throw e;
    io.err(lang === 'en' ? e.messageEn : e.message);
    return 2;
  }
  const fatal = ledger.findings.find((f) => FATAL_CODES.has(f.code));
  if (fatal) {
    io.err(`${file}: ${fatal.message}`);
    return 2;
  }

  const me = await api.getJson('/api/v1/me', Me);
  const campaign = await api.getJson(base, CampaignInfo);
  const checked = checkLedgers([ledger], { asOf: values['as-of'], config: campaign.config, lang });
  const rows: LedgerRow[] = checked.ledgers[0]!.rows;
  const errorsAt = new Map<number, Finding>();
  for (const f of checked.findings) if (f.severity === 'error' && f.row > 0 && !errorsAt.has(f.row)) errorsAt.set(f.row, f);

  const server = (await api.getJson(`${base}/rows`, RowList)).rows;
  // A unit's workbook without a unit column holds that unit's rows: match it as such.
  const identity = (m: Measure): Measure => (me.kind === 'unit' && !m.unit && me.unit ? { ...m, unit: me.unit } : m);
  const { pairs } = matchRows(
    server.map((s) => s.measure),
    rows.map((r) => identity(r.measure)),
  );
  const partner = new Map(pairs.map(([s, f]) => [f, server[s]!]));
  const serverIds = new Set(server.map((s) => s.id));
  const usedIds = new Set(pairs.map(([s]) => server[s]!.id));

  const report: PushReport = {
    created: 0,
    updated: 0,
    unchanged: 0,
    conflicts: 0,
    rejected: 0,
    rejectedRows: [],
    conflictRows: [],
    warningRows: [],
    ignoredOfficeFields: [],
    findings: checked.findings,
    batches: { sent: 0, total: 0 },
  };
  const sent: { row: LedgerRow; push: PushRow }[] = [];
  rows.forEach((row, i) => {
    const where = { file, sheet: row.source.sheet, row: row.source.row };
    const error = errorsAt.get(row.source.row);
    if (error) {
      // A row the service would store wrongly stays back, with the reason, and changes nothing.
      report.rejected++;
      report.rejectedRows.push({ ...where, code: error.code, message: `${error.column ? `${error.column}${lang === 'en' ? ': ' : '列：'}` : ''}${error.message}` });
      return;
    }
    // Categories go as written ("一、理论学习", "第一类"): the service resolves them in the campaign's order.
    const m = ledger.rows[i]!.measure;
    const fields = carriedFields(ledger, m);
    const extras = labelledExtras(ledger, m);
    const current = partner.get(i);
    if (!current) {
      const patch: Record<string, Json> = {};
      for (const f of fields) if (measureKeys(f).some((k) => m[k] !== undefined)) Object.assign(patch, fieldPatch(f, m));
      // A row copied in Excel carries its original's hidden id: it is a new row, under a new id.
      const id = m.id !== undefined && !serverIds.has(m.id) && !usedIds.has(m.id) ? m.id : undefined;
      if (id) usedIds.add(id);
      sent.push({
        row,
        push: {
          ...(id ? { id } : {}),
          key: {
            ...(m.problem ? { problem: m.problem } : {}),
            ...(m.measure ? { measure: m.measure } : {}),
            ...(m.unit ? { unit: m.unit } : {}),
            ...(m.problemNo ? { problemNo: m.problemNo } : {}),
            ...(m.measureNo ? { measureNo: m.measureNo } : {}),
          },
          fields: patch,
          ...(Object.keys(extras).length ? { extras } : {}),
        } as PushRow,
      });
      return;
    }
    const patch: Record<string, Json> = {};
    const ignored: string[] = [];
    for (const f of fields) {
      // Sending what the service holds, in other words (已启动 for 正在推进), is no edit.
      if (fieldMeaning(f, m) === fieldMeaning(f, current.measure)) continue;
      // A unit's closure goes only as a request; the service refuses any other closure from it.
      if (me.kind === 'unit' && !(unitMayChange(f) && (f !== 'closure' || m.closure?.state === 'requested'))) ignored.push(f);
      else Object.assign(patch, fieldPatch(f, m));
    }
    const changedExtras: Record<string, Json> = {};
    for (const [label, v] of Object.entries(extras)) if (cellMeaning(v as CellValue) !== cellMeaning(current.measure.extras[label])) changedExtras[label] = v;
    if (ignored.length > 0) report.ignoredOfficeFields.push({ ...where, fields: ignored });
    // A workbook pulled from the service says which version it was edited from. One that does not
    // (an old e-mailed copy) cannot: the service then holds back values it has since changed away from.
    const fromFile = m.id === current.id && m.version !== undefined ? m.version : undefined;
    // Nothing differs: the service would answer "unchanged", so it is counted here and not sent (a
    // rerun of a push that stopped part-way sends only what has not gone in). A copy naming a version
    // the service has not reached yet goes all the same, for the service to refuse it (version_ahead).
    if (Object.keys(patch).length === 0 && Object.keys(changedExtras).length === 0 && !(fromFile !== undefined && fromFile > current.version)) {
      report.unchanged++;
      return;
    }
    sent.push({
      row,
      push: {
        id: current.id,
        ...(fromFile !== undefined ? { baseVersion: fromFile } : {}),
        fields: patch,
        ...(Object.keys(changedExtras).length ? { extras: changedExtras } : {}),
      } as PushRow,
    });
  });

  // Each request row's workbook row, by the push row object (a batch may give a row an id: a copy).
  const origin = new Map<PushRow, LedgerRow>(sent.map((s) => [s.push, s.row]));
  /** A push row without id as the service matches it (sync/push.ts identityOf): its key, a unit's own unit. */
  const keyIdentity = (p: PushRow): IdentityFields => {
    const k: IdentityFields = { ...p.key };
    if (me.kind === 'unit' && !k.unit && me.unit) k.unit = me.unit;
    return k;
  };
  const guard = new IdentityGuard(
    server.map((s) => s.measure),
    keyIdentity,
  );
  const zh = lang === 'zh';
  const clientIdOfFile = clientId(file);
  const planned = planBatches(sent.map((s) => s.push));
  const rowsOf = (n: number) => (zh ? `${n} 行` : `${n} rows`);
  try {
    report.batches = await sendBatches(planned, {
      prepare: (batch) => {
        const prepared = guard.identify(batch);
        prepared.forEach((p, i) => origin.set(p, origin.get(batch[i]!)!));
        return prepared;
      },
      post: (batch, mutationId) => api.postJson(`${base}/push`, JSON.stringify({ clientId: clientIdOfFile, mutationId, rows: batch }), PushResult),
      accepted: ({ rows: batchRows, result }, done, total) => {
        addResult(report, result, batchRows, origin, file, lang);
        guard.applied(batchRows, result.rows);
        report.batches = { sent: done, total };
        if (!values.json && total > 1) io.err(zh ? `已送达第 ${done}/${total} 批（${rowsOf(batchRows.length)}）` : `batch ${done}/${total} went in (${rowsOf(batchRows.length)})`);
      },
      retrying: (e, batch, attempt, wait) => {
        const seconds = (wait / 1000).toFixed(wait < 1000 ? 1 : 0);
        io.err(zh ? `第 ${batch} 批未能送达（${e.message}），${seconds} 秒后重试（第 ${attempt + 1} 次）` : `batch ${batch} did not go in (${e.message}); trying again in ${seconds} s (try ${attempt + 1})`);
      },
    });
  } catch (e) {
    if (!(e instanceof BatchesInterrupted)) throw e;
    // Nothing went in and trying again would not help (a refused token, a bad request): as before batching.
    if (e.sent === 0 && !isTransient(e.reason)) throw e.reason;
    report.batches = { sent: e.sent, total: e.total };
    if (values.json) io.out(JSON.stringify(report));
    else if (e.sent > 0) io.out(formatPush(report, lang, me.kind === 'unit' ? me.unit : undefined));
    io.err(
      zh
        ? `推送中断：共 ${e.total} 批，已送达 ${e.sent} 批（${rowsOf(e.rowsSent)}），第 ${e.sent + 1} 批未能送达：${e.message}\n` +
            `已送达的部分已保存在服务上；再次运行同一命令即可继续，只发送尚未送达的部分。`
        : `Push interrupted: ${e.sent} of ${e.total} batches went in (${rowsOf(e.rowsSent)}); batch ${e.sent + 1} failed: ${e.message}\n` +
            `What went in is saved on the service; run the same command again to continue: it sends only what has not gone in.`,
    );
    return 2;
  }

  if (values.json) io.out(JSON.stringify(report));
  else io.out(formatPush(report, lang, me.kind === 'unit' ? me.unit : undefined));
  return report.rejected > 0 || report.conflicts > 0 ? 1 : 0;
}

/** Adds one batch's answer to the report: counts, and the rejected, conflicting and noted rows by their sheet row. */
function addResult(report: PushReport, result: PushResult, rows: PushRow[], origin: Map<PushRow, LedgerRow>, file: string, lang: Lang): void {
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

function formatPush(r: PushReport, lang: Lang, unit: string | undefined): string {
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
