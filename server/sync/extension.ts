// Extensions (申请延期), BRIEF §2 step 5: the row's unit asks for a later date with a reason; the
// office approves it, and the deadline becomes that date in the same batch (the old deadline stays
// in the history, with who changed it and when, and overdue is judged on the new one), or rejects it
// with a note. Each step is an ordinary change of the row's `extension` field. A new request while
// one is waiting replaces it: the unit corrects its date or reason, and the office decides on the
// latest; the one it replaced stays in the history.
import { chineseDate, isCompletedStatus, todayIso } from '../../ledger';
import type { Deadline, Extension } from '../../ledger/schema';
import { ExtensionAction } from '../../ledger/sync-protocol';
import { StoreError, parseInput } from '../store/errors';
import type { Store } from '../store/store';
import { Actor, type RowState } from './protocol';
import { rowStep } from './row-step';
import type { WorkingRow } from './working';

type Request = Extract<ExtensionAction, { action: 'request' }>;

export function extensionStep(store: Store, campaign: string, id: string, action: ExtensionAction, actor: Actor): Promise<RowState> {
  const who = parseInput(Actor, actor, '操作者 / actor');
  const step = parseInput(ExtensionAction, action, '延期操作 / extension action');
  return rowStep(store, campaign, id, who, (row) => {
    const next = step.action === 'request' ? requested(row, step, who) : decided(row, step, who);
    const deadline: Deadline = { kind: 'date', date: next.deadline, text: next.deadline };
    return next.state === 'approved' ? [['deadline', deadline], ['extension', next]] : [['extension', next]];
  });
}

/** The unit's request, or the refusal that names what stands in the way. */
function requested(row: WorkingRow, step: Request, who: Actor): Extension {
  if (who.kind !== 'unit' || row.values.unit !== who.unit) {
    throw new StoreError('forbidden', { zh: '只有该行的责任单位可以申请延期', en: "only the row's unit may ask for an extension" });
  }
  const today = todayIso();
  if (step.deadline <= today) {
    throw new StoreError('invalid_request', {
      zh: `申请延期的日期须晚于今天（${chineseDate(today)}）`,
      en: `the date asked for must be after today (${today})`,
    });
  }
  if (isCompletedStatus(row.values.status)) throw refused('该措施已完成，无需延期', 'this measure is completed: it needs no extension');
  if (row.values.closure?.state === 'approved') throw refused('该措施已销号，无需延期', 'this measure is closed: it needs no extension');
  const current = row.values.deadline;
  if (current?.kind === 'ongoing') {
    throw refused(`该措施的完成时限为“${current.text}”，不会逾期，无需延期`, `this measure's deadline is "${current.text}" (ongoing): it is never overdue and needs no extension`);
  }
  if (current?.kind === 'date' && step.deadline <= current.date) {
    throw refused(
      `申请的日期须晚于现行完成时限（${chineseDate(current.date)}）`,
      `the date asked for must be later than the current deadline (${current.date})`,
    );
  }
  return { state: 'requested', deadline: step.deadline, reason: step.reason, on: today, by: who.name };
}

/** The office's approval or rejection of the request waiting, or the refusal. */
function decided(row: WorkingRow, step: Exclude<ExtensionAction, Request>, who: Actor): Extension {
  if (who.kind !== 'office') {
    throw new StoreError('forbidden', { zh: '只有整改办可以审核延期申请', en: 'only the office approves or rejects an extension request' });
  }
  const now = row.values.extension;
  if (now?.state !== 'requested') throw refused('该措施没有待审核的延期申请', 'this measure has no extension request waiting');
  const asked = { deadline: now.deadline, ...(now.reason ? { reason: now.reason } : {}), on: todayIso(), by: who.name };
  const note = step.note ? { note: step.note } : {};
  if (step.action === 'approve') {
    return { state: 'approved', ...asked, ...note, ...(row.values.deadline ? { previous: row.values.deadline } : {}) };
  }
  if (!step.note) {
    throw new StoreError('invalid_request', { zh: '不批准延期时请写明意见（note）', en: 'give a note (note) when rejecting an extension request' });
  }
  return { state: 'rejected', ...asked, ...note };
}

function refused(zh: string, en: string): StoreError {
  return new StoreError('extension_refused', { zh, en });
}
