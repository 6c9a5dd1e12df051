// What a workbook's rows send: each row matched to the service's rows (BRIEF §3 identity), only what
// differs in meaning sent, the office's assignment left alone when a unit pushes, rows with errors
// kept back with the reason (push.ts sends what this plans).
import {
  cellMeaning,
  COLUMN_FIELDS,
  fieldMeaning,
  matchRows,
  measureKeys,
  type CellValue,
  type ColumnField,
  type Finding,
  type Lang,
  type LedgerRow,
  type Measure,
  type ParsedLedger,
} from '../../ledger';
import { unitMayChange, type Me, type PushRow, type RowState } from '../../ledger/sync-protocol';
import type { PushReport } from './push-report';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** A push row and the workbook row it came from. */
export interface PlannedRow {
  row: LedgerRow;
  push: PushRow;
}

/** The workbook and what it is pushed against: the checked rows, their errors, the service's rows, the caller. */
export interface PushInput {
  file: string;
  ledger: ParsedLedger;
  rows: LedgerRow[];
  errors: Finding[];
  server: RowState[];
  me: Me;
  lang: Lang;
}

/** The service's rows the workbook's rows were matched to, and the ids a new row may not take. */
interface Matched {
  partner: Map<number, RowState>;
  serverIds: Set<string>;
  usedIds: Set<string>;
}

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

function matchServerRows({ rows, server, me }: PushInput): Matched {
  // A unit's workbook without a unit column holds that unit's rows: match it as such.
  const identity = (m: Measure): Measure => (me.kind === 'unit' && !m.unit && me.unit ? { ...m, unit: me.unit } : m);
  const { pairs } = matchRows(
    server.map((s) => s.measure),
    rows.map((r) => identity(r.measure)),
  );
  return {
    partner: new Map(pairs.map(([s, f]) => [f, server[s]!])),
    serverIds: new Set(server.map((s) => s.id)),
    usedIds: new Set(pairs.map(([s]) => server[s]!.id)),
  };
}

/** A row the service has no match for: every field it carries, under its own id unless that id is taken. */
function newRowPush(m: Measure, fields: Set<ColumnField>, extras: Record<string, Json>, matched: Matched): PushRow {
  const patch: Record<string, Json> = {};
  for (const f of fields) if (measureKeys(f).some((k) => m[k] !== undefined)) Object.assign(patch, fieldPatch(f, m));
  // A row copied in Excel carries its original's hidden id: it is a new row, under a new id.
  const id = m.id !== undefined && !matched.serverIds.has(m.id) && !matched.usedIds.has(m.id) ? m.id : undefined;
  if (id) matched.usedIds.add(id);
  return {
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
  } as PushRow;
}

/**
 * A row the service holds: the fields that differ in meaning and the caller may change, or undefined
 * when nothing differs; the office's fields a unit's file differs in are named in `ignored`.
 */
function changedRowPush(m: Measure, fields: Set<ColumnField>, extras: Record<string, Json>, current: RowState, me: Me) {
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
  // A workbook pulled from the service says which version it was edited from. One that does not
  // (an old e-mailed copy) cannot: the service then holds back values it has since changed away from.
  const fromFile = m.id === current.id && m.version !== undefined ? m.version : undefined;
  // Nothing differs: the service would answer "unchanged", so it is counted here and not sent (a
  // rerun of a push that stopped part-way sends only what has not gone in). A copy naming a version
  // the service has not reached yet goes all the same, for the service to refuse it (version_ahead).
  const unchanged = Object.keys(patch).length === 0 && Object.keys(changedExtras).length === 0 && !(fromFile !== undefined && fromFile > current.version);
  const push = {
    id: current.id,
    ...(fromFile !== undefined ? { baseVersion: fromFile } : {}),
    fields: patch,
    ...(Object.keys(changedExtras).length ? { extras: changedExtras } : {}),
  } as PushRow;
  return { push: unchanged ? undefined : push, ignored };
}

/** The first error on each sheet row. */
function errorsByRow(errors: Finding[]): Map<number, Finding> {
  const errorsAt = new Map<number, Finding>();
  for (const f of errors) if (f.severity === 'error' && f.row > 0 && !errorsAt.has(f.row)) errorsAt.set(f.row, f);
  return errorsAt;
}

/**
 * The rows to send, in workbook order. Rows kept back (errors), left unchanged, or with office fields
 * a unit may not change are counted in the report as they are met.
 */
export function planRows(input: PushInput, report: PushReport): PlannedRow[] {
  const { file, ledger, rows, lang } = input;
  const errorsAt = errorsByRow(input.errors);
  const matched = matchServerRows(input);
  const sent: PlannedRow[] = [];
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
    const current = matched.partner.get(i);
    if (!current) {
      sent.push({ row, push: newRowPush(m, fields, extras, matched) });
      return;
    }
    const { push, ignored } = changedRowPush(m, fields, extras, current, input.me);
    if (ignored.length > 0) report.ignoredOfficeFields.push({ ...where, fields: ignored });
    if (push) sent.push({ row, push });
    else report.unchanged++;
  });
  return sent;
}
