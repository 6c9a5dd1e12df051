// ledger extension request ROW_ID --deadline YYYY-MM-DD --reason TEXT --server URL --token T [--campaign C] [--json] [--lang en]
// ledger extension approve ROW_ID [--note TEXT] | extension reject ROW_ID --note TEXT  (--server URL --token T …)
// The unit asks for a later deadline (申请延期) with a reason; the office approves it (the deadline
// changes, the old one stays in the history) or rejects it with a note.
import * as z from 'zod';
import { IsoDate } from '../../ledger';
import { UsageError } from './args';
import type { Io } from './io';
import { runStep, StepOptions, type Step } from './row-step';

const Text = z.string().trim().min(1).max(2000);
const ExtensionOptions = StepOptions.extend({
  deadline: IsoDate.optional(),
  reason: Text.optional(),
  note: Text.optional(),
});

const extension: Step<'request' | 'approve' | 'reject', z.infer<typeof ExtensionOptions>> = {
  kind: 'extension',
  actions: ['request', 'approve', 'reject'],
  flags: { deadline: { type: 'string' }, reason: { type: 'string' }, note: { type: 'string' } },
  options: ExtensionOptions,
  body: (action, values) => {
    if (action !== 'request') {
      if (values.deadline || values.reason) throw new UsageError('--deadline 和 --reason 只用于申请延期 / --deadline and --reason are for a request only');
      if (action === 'reject' && !values.note) throw new UsageError('不批准延期时请用 --note 说明理由 / say why with --note when rejecting');
      return values.note ? { note: values.note } : {};
    }
    if (!values.deadline) throw new UsageError('请用 --deadline YYYY-MM-DD 指定申请延至的日期 / give the new date with --deadline YYYY-MM-DD');
    if (!values.reason) throw new UsageError('请用 --reason 说明延期理由 / give the reason with --reason');
    if (values.note) throw new UsageError('申请延期用 --reason 说明理由，--note 是整改办的意见 / a request gives --reason; --note is the office\'s');
    return { deadline: values.deadline, reason: values.reason };
  },
  done: (action, lang) =>
    lang === 'en'
      ? { request: 'Extension requested.', approve: 'Extension approved: the deadline has changed.', reject: 'Extension rejected.' }[action]
      : { request: '已申请延期。', approve: '已批准延期，完成时限已改为新日期。', reject: '已驳回延期申请。' }[action],
};

export function extensionCommand(argv: string[], io: Io): Promise<number> {
  return runStep(extension, argv, io);
}
