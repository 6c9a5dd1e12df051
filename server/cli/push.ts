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
import { checkLedgers, FATAL_CODES, IsoDate, Lang, readLedger, todayIso, type IdentityFields, type LedgerRow, type ParsedLedger } from '../../ledger';
import { CampaignInfo, Me, PushResult, RowList, type PushRow, type RowState } from '../../ledger/sync-protocol';
import { WorkbookReadError } from '../xlsx/errors';
import { readWorkbookFile } from '../xlsx/read';
import { parse, UsageError } from './args';
import { BatchesInterrupted, IdentityGuard, isTransient, planBatches, sendBatches } from './batches';
import { client, serviceUrl, type Client } from './client';
import type { Io } from './io';
import { addResult, emptyReport, formatPush, type PushReport } from './push-report';
import { planRows, type PlannedRow } from './push-rows';

export type { PushReport } from './push-report';

const PushOptions = z.object({
  server: z.string({ error: '请用 --server 指定服务地址 / --server URL is required' }),
  token: z.string().default(() => process.env.LEDGER_TOKEN ?? ''),
  campaign: z.string().default('default'),
  json: z.boolean().default(false),
  'as-of': IsoDate.default(() => todayIso()),
  lang: Lang.default('zh'),
});
type PushOptions = z.infer<typeof PushOptions>;

/** Where the batches go and how their progress is told. */
interface Sending {
  api: Client;
  base: string;
  file: string;
  me: Me;
  server: RowState[];
  values: PushOptions;
  io: Io;
}

function clientId(file: string): string {
  return `cli-${createHash('sha256').update(`${hostname()}:${resolve(file)}`).digest('hex').slice(0, 16)}`;
}

function pushArgs(argv: string[]): { file: string; values: PushOptions } {
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
  return { file, values };
}

/** The workbook's ledger, or the exit code (2) once it has said why the file cannot be pushed. */
async function readPushedLedger(file: string, lang: Lang, io: Io): Promise<ParsedLedger | number> {
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
  return ledger;
}

export async function pushCommand(argv: string[], io: Io): Promise<number> {
  const { file, values } = pushArgs(argv);
  const lang = values.lang;
  const api = client(serviceUrl(values.server), values.token, lang);
  const base = `/api/v1/campaigns/${encodeURIComponent(values.campaign)}`;
  const ledger = await readPushedLedger(file, lang, io);
  if (typeof ledger === 'number') return ledger;

  const me = await api.getJson('/api/v1/me', Me);
  const campaign = await api.getJson(base, CampaignInfo);
  const checked = checkLedgers([ledger], { asOf: values['as-of'], config: campaign.config, lang });
  const server = (await api.getJson(`${base}/rows`, RowList)).rows;
  const report = emptyReport(checked.findings);
  const sent = planRows({ file, ledger, rows: checked.ledgers[0]!.rows, errors: checked.findings, server, me, lang }, report);
  const sending: Sending = { api, base, file, me, server, values, io };
  try {
    report.batches = await sendPlanned(sent, sending, report);
  } catch (e) {
    if (!(e instanceof BatchesInterrupted)) throw e;
    return reportInterrupted(e, report, sending);
  }

  if (values.json) io.out(JSON.stringify(report));
  else io.out(formatPush(report, lang, me.kind === 'unit' ? me.unit : undefined));
  return report.rejected > 0 || report.conflicts > 0 ? 1 : 0;
}

const rowsOf = (n: number, lang: Lang) => (lang === 'zh' ? `${n} 行` : `${n} rows`);

/** Sends the planned rows in batches, adding each answer to the report; throws BatchesInterrupted when one does not go in. */
async function sendPlanned(sent: PlannedRow[], { api, base, file, me, server, values, io }: Sending, report: PushReport) {
  const zh = values.lang === 'zh';
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
  const clientIdOfFile = clientId(file);
  return sendBatches(planBatches(sent.map((s) => s.push)), {
    prepare: (batch) => {
      const prepared = guard.identify(batch);
      prepared.forEach((p, i) => origin.set(p, origin.get(batch[i]!)!));
      return prepared;
    },
    post: (batch, mutationId) => api.postJson(`${base}/push`, JSON.stringify({ clientId: clientIdOfFile, mutationId, rows: batch }), PushResult),
    accepted: ({ rows: batchRows, result }, done, total) => {
      addResult(report, result, batchRows, origin, file, values.lang);
      guard.applied(batchRows, result.rows);
      report.batches = { sent: done, total };
      if (!values.json && total > 1) io.err(zh ? `已送达第 ${done}/${total} 批（${rowsOf(batchRows.length, values.lang)}）` : `batch ${done}/${total} went in (${rowsOf(batchRows.length, values.lang)})`);
    },
    retrying: (e, batch, attempt, wait) => {
      const seconds = (wait / 1000).toFixed(wait < 1000 ? 1 : 0);
      io.err(zh ? `第 ${batch} 批未能送达（${e.message}），${seconds} 秒后重试（第 ${attempt + 1} 次）` : `batch ${batch} did not go in (${e.message}); trying again in ${seconds} s (try ${attempt + 1})`);
    },
  });
}

/** A push that stopped part-way: what went in, and how to continue (exit 2). */
function reportInterrupted(e: BatchesInterrupted, report: PushReport, { me, values, io }: Sending): number {
  // Nothing went in and trying again would not help (a refused token, a bad request): as before batching.
  if (e.sent === 0 && !isTransient(e.reason)) throw e.reason;
  const lang = values.lang;
  report.batches = { sent: e.sent, total: e.total };
  if (values.json) io.out(JSON.stringify(report));
  else if (e.sent > 0) io.out(formatPush(report, lang, me.kind === 'unit' ? me.unit : undefined));
  io.err(
    lang === 'zh'
      ? `推送中断：共 ${e.total} 批，已送达 ${e.sent} 批（${rowsOf(e.rowsSent, lang)}），第 ${e.sent + 1} 批未能送达：${e.message}\n` +
          `已送达的部分已保存在服务上；再次运行同一命令即可继续，只发送尚未送达的部分。`
      : `Push interrupted: ${e.sent} of ${e.total} batches went in (${rowsOf(e.rowsSent, lang)}); batch ${e.sent + 1} failed: ${e.message}\n` +
          `What went in is saved on the service; run the same command again to continue: it sends only what has not gone in.`,
  );
  return 2;
}
