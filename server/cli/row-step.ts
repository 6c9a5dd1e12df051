// One step of a row's closure (销号) or extension (延期) sent to the service, as `ledger closure` and
// `ledger extension` do it: POST …/rows/{id}/{closure|extension}, then the row as it now stands, or
// the service's refusal in the chosen language. A refusal of what was asked (the measure is not
// completed, no request is waiting, a date already past) is the input's error: exit 1. Who may not
// do it (401/403), a row that is not there (404) or a service out of reach exit 2, as elsewhere.
import * as z from 'zod';
import { Lang } from '../../ledger';
import { RowAnswer, type RowState } from '../../ledger/sync-protocol';
import { parse, UsageError } from './args';
import { client, ServiceError, serviceUrl } from './client';
import type { Io } from './io';
import { describeRow } from './row-words';

/** The options every step takes besides its own. */
export const StepOptions = z.object({
  server: z.string({ error: '请用 --server 指定服务地址 / --server URL is required' }),
  token: z.string().default(() => process.env.LEDGER_TOKEN ?? ''),
  campaign: z.string().min(1).default('default'),
  json: z.boolean().default(false),
  lang: Lang.default('zh'),
});

export const STEP_FLAGS = {
  server: { type: 'string' },
  token: { type: 'string' },
  campaign: { type: 'string' },
  json: { type: 'boolean' },
  lang: { type: 'string' },
} as const;

/** The refusals that say what was asked cannot be done to this row now. */
const INPUT_REFUSED = new Set([400, 409, 422]);

export type StepValues = z.infer<typeof StepOptions>;

export interface Step<A extends string, O extends StepValues> {
  /** Which part of the row: closure or extension. */
  kind: 'closure' | 'extension';
  actions: readonly A[];
  /** The step's own flags and what their values must be (StepOptions extended). */
  flags: Record<string, { type: 'string' }>;
  options: z.ZodType<O>;
  /** The body sent for the action besides `action` itself (a usage error when an option it needs is missing). */
  body: (action: A, values: O) => Record<string, unknown>;
  /** What was done, for a person: "已申请销号", "Extension approved". */
  done: (action: A, lang: Lang) => string;
}

/** `ledger closure|extension ACTION ROW_ID …` (flags before, between or after): parses, sends, prints. */
export async function runStep<A extends string, O extends StepValues>(step: Step<A, O>, argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, { ...STEP_FLAGS, ...step.flags }, step.options);
  const [action, id, ...extra] = positionals;
  if (!action || !(step.actions as readonly string[]).includes(action)) {
    throw new UsageError(`请给出操作：${step.actions.join(' | ')} / give the action: ${step.actions.join(' | ')}`);
  }
  if (!id) throw new UsageError('请给出行标识 ROW_ID（工作簿隐藏列 __id 中的值）/ give the ROW_ID (the hidden __id column of a pulled workbook)');
  if (extra.length > 0) throw new UsageError(`多余的参数：${extra.join(' ')} / unexpected arguments: ${extra.join(' ')}`);
  const body = step.body(action as A, values);
  if (!values.token) throw new UsageError('请用 --token 指定令牌（或设置 LEDGER_TOKEN）/ --token is required');
  const api = client(serviceUrl(values.server), values.token, values.lang);
  const path = `/api/v1/campaigns/${encodeURIComponent(values.campaign)}/rows/${encodeURIComponent(id)}/${step.kind}`;
  let row: RowState;
  try {
    row = (await api.postJson(path, { action, ...body }, RowAnswer)).row;
  } catch (e) {
    if (!(e instanceof ServiceError) || e.status === undefined || !INPUT_REFUSED.has(e.status)) throw e;
    if (values.json) io.out(JSON.stringify({ error: { status: e.status, code: e.code ?? null, message: e.message } }));
    io.err(e.message);
    return 1;
  }
  if (values.json) io.out(JSON.stringify({ row }));
  else io.out([step.done(action as A, values.lang), ...describeRow(row, values.lang)].join('\n'));
  return 0;
}
