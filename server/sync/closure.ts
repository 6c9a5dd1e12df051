// Closure (销号), BRIEF §2 step 4: the row's unit asks for it once the measure is completed, with a
// note; the office approves it (date and approver) or returns it with what is still missing. Each
// step is an ordinary change of the row's `closure` field, so it is in the history with who and when.
import { isCompletedStatus, todayIso } from '../../ledger';
import type { Closure } from '../../ledger/schema';
import { ClosureAction } from '../../ledger/sync-protocol';
import { StoreError, parseInput } from '../store/errors';
import type { Store } from '../store/store';
import { Actor, type RowState } from './protocol';
import { rowStep } from './row-step';
import type { WorkingRow } from './working';

export function closureStep(store: Store, campaign: string, id: string, action: ClosureAction, actor: Actor): Promise<RowState> {
  const who = parseInput(Actor, actor, '操作者 / actor');
  const step = parseInput(ClosureAction, action, '销号操作 / closure action');
  return rowStep(store, campaign, id, who, (row) => [['closure', nextClosure(row, step, who)]]);
}

/** The closure after `step`, or the refusal that names what stands in the way. */
function nextClosure(row: WorkingRow, step: ClosureAction, who: Actor): Closure {
  const now = row.values.closure;
  const on = todayIso();
  if (step.action === 'request') {
    if (who.kind !== 'unit' || row.values.unit !== who.unit) {
      throw new StoreError('forbidden', { zh: '只有该行的责任单位可以申请销号', en: "only the row's unit may ask for closure" });
    }
    if (!isCompletedStatus(row.values.status)) {
      throw refused('只有已完成的措施可以申请销号，请先把完成情况改为“已完成”', 'only a completed measure may be closed: set its status to completed first');
    }
    if (now?.state === 'approved') throw refused('该措施已销号', 'this measure is already closed');
    return { state: 'requested', on, by: who.name, ...(step.note ? { note: step.note } : {}) };
  }
  if (who.kind !== 'office') {
    throw new StoreError('forbidden', { zh: '只有整改办可以审核销号申请', en: 'only the office approves or returns a closure request' });
  }
  if (now?.state !== 'requested') throw refused('该措施没有待审核的销号申请', 'this measure has no closure request waiting');
  if (step.action === 'approve') return { state: 'approved', on, by: who.name, ...(now.note ? { note: now.note } : {}) };
  if (!step.note) {
    throw new StoreError('invalid_request', { zh: '退回销号申请时请写明还缺什么（note）', en: 'say what is still missing (note) when returning a closure request' });
  }
  return { state: 'returned', on, by: who.name, reason: step.note, ...(now.note ? { note: now.note } : {}) };
}

function refused(zh: string, en: string): StoreError {
  return new StoreError('closure_refused', { zh, en });
}
