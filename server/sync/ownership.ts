// Field ownership and scope (BRIEF §3), enforced on whatever a client sends: the office may change
// anything; a unit only its own rows, and on rows that exist only what it reports (progress,
// status, …, extra columns) plus a closure request. A unit's new row (a self-found problem) may carry
// any field but an extension, only under its own unit. Extensions go through POST …/extension,
// where a request needs a date and a reason and only the office decides; a push may send back the
// extension the row holds, which is no edit.
import { Closure } from '../../ledger/schema';
import { unitMayChange, type Actor, type RejectReason } from './protocol';
import { reject } from './reasons';
import { isEmpty } from './values';

export interface FieldChange {
  field: string;
  value: unknown;
}

/**
 * Why `actor` may not make `changes` (fields whose new value differs from the current one) to a row
 * of `unit` whose closure is `closure`; undefined when it may.
 */
export function ownershipViolation(
  actor: Actor,
  row: { unit: string | null; closure: Closure | undefined },
  changes: FieldChange[],
  creating: boolean,
): RejectReason | undefined {
  if (actor.kind === 'office') return undefined;
  if (row.unit !== actor.unit) return reject('other_unit', { unit: row.unit });
  const officeFields = changes.map((c) => c.field).filter((f) => !unitMayChange(f) && (!creating || f === 'extension'));
  if (officeFields.length > 0) return reject('office_field', { fields: officeFields });
  const closure = changes.find((c) => c.field === 'closure');
  if (closure) {
    // A unit asks for closure (申请销号); approving, returning or withdrawing an approval is the office's.
    const next = isEmpty(closure.value) ? undefined : Closure.safeParse(closure.value).data;
    if (next?.state !== 'requested' || row.closure?.state === 'approved') {
      return reject('closure_office_only', { fields: ['closure'] });
    }
  }
  return undefined;
}
