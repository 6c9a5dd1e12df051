// ledger closure (request|approve|return) ROW_ID --server URL --token T [--campaign C] [--note TEXT] [--json] [--lang en]
// The unit asks for closure (申请销号) of a completed measure; the office approves it or returns it
// saying what is still missing.
import * as z from 'zod';
import { UsageError } from './args';
import type { Io } from './io';
import { runStep, StepOptions, type Step } from './row-step';

const ClosureOptions = StepOptions.extend({ note: z.string().trim().min(1, '--note 不能为空 / --note must not be empty').max(2000).optional() });

const closure: Step<'request' | 'approve' | 'return', z.infer<typeof ClosureOptions>> = {
  kind: 'closure',
  actions: ['request', 'approve', 'return'],
  flags: { note: { type: 'string' } },
  options: ClosureOptions,
  body: (action, values) => {
    if (action === 'return' && !values.note) throw new UsageError('退回销号申请时请用 --note 写明还缺什么 / say what is still missing with --note when returning');
    return values.note ? { note: values.note } : {};
  },
  done: (action, lang) =>
    lang === 'en'
      ? { request: 'Closure requested.', approve: 'Closure approved: the measure is closed.', return: 'Closure request returned to the unit.' }[action]
      : { request: '已申请销号。', approve: '已批准销号。', return: '已退回销号申请。' }[action],
};

export function closureCommand(argv: string[], io: Io): Promise<number> {
  return runStep(closure, argv, io);
}
