// Closure (申请销号) and extension (申请延期) requests in the pane: which synced row the user selected
// in the sheet, what the unit may ask for on it, and the answers the unit must act on (a closure
// the office returned, an extension it rejected) with the office's words.
import { isCompletedStatus, parseDate, type CampaignConfig, type IsoDate } from '../../ledger';
import { Escalation, reminderDigest } from '../../ledger/reminders';
import type { RowState } from '../../ledger/sync-protocol';
import { readSelection, selectCell } from '../excel/adapter';
import { readLedgerSheet, type ExcelRunner } from '../sync/sheet';

/** The row the user picked: where it is, its id once synced, and the service's copy of it. */
export interface PickedRow {
  sheet: string;
  /** The Excel row number. */
  row: number;
  id: string | undefined;
  service: RowState | undefined;
}

/** An answer the unit has to act on: a returned closure or a rejected extension, with the office's words. */
export interface Answer {
  id: string;
  kind: 'closure' | 'extension';
  measure: string;
  /** What the office wrote: what is missing, or why not. */
  words: string;
  on: IsoDate | undefined;
}

/** The selected row of the ledger sheet, with the id its hidden column holds; undefined off the ledger's rows. */
export async function selectedLedgerRow(excel: ExcelRunner, config: CampaignConfig, ledgerSheet: string | undefined): Promise<Omit<PickedRow, 'service'> | undefined> {
  const at = await excel.run((context) => readSelection(context));
  if (ledgerSheet !== undefined && at.sheet !== ledgerSheet) return undefined;
  const sheet = await readLedgerSheet(excel, config, at.sheet);
  const read = sheet.ledger.rows.find((r) => r.source.row === at.row + 1);
  if (!read) return undefined;
  return { sheet: at.sheet, row: at.row + 1, id: read.measure.id };
}

/** Selects the row holding `id` in the ledger sheet; false when the sheet has no such row. */
export async function selectRowById(excel: ExcelRunner, config: CampaignConfig, ledgerSheet: string | undefined, id: string): Promise<boolean> {
  const sheet = await readLedgerSheet(excel, config, ledgerSheet);
  const read = sheet.ledger.rows.find((r) => r.measure.id === id);
  if (!read) return false;
  const col = sheet.ledger.columns.find((c) => c.field === 'measure')?.index ?? 0;
  await excel.run((context) => selectCell(context, sheet.grid.sheet, read.source.row - 1, col));
  return true;
}

/**
 * Returned closures and rejected extensions (of measures still to finish), newest first: what the
 * reminder digest tells the unit it was sent back.
 */
export function answersToActOn(rows: readonly RowState[], asOf: IsoDate): Answer[] {
  const live = rows.filter((r) => !r.deleted).map((r) => r.measure);
  const digest = reminderDigest(live, asOf, Escalation.parse({}));
  return digest.units
    .flatMap((u) => u.returned)
    .map((r): Answer => ({ id: r.id, kind: r.what, measure: r.measure || r.problem || r.id, words: r.reason, on: r.on }))
    .sort((a, b) => (b.on ?? '').localeCompare(a.on ?? ''));
}

/** Whether the row's unit may ask for closure now: completed, and not asked for or closed already. */
export function mayRequestClosure(row: RowState): boolean {
  const state = row.measure.closure?.state;
  return isCompletedStatus(row.measure.status) && state !== 'requested' && state !== 'approved';
}

/** Whether the row's unit may ask for a later deadline now: not completed, not closed, no request waiting. */
export function mayRequestExtension(row: RowState): boolean {
  return !isCompletedStatus(row.measure.status) && row.measure.closure?.state !== 'approved' && row.measure.extension?.state !== 'requested';
}

/** A date as typed (2026-12-31, 2026/12/31, 2026年12月31日), or undefined when it names none. */
export function typedDate(text: string): IsoDate | undefined {
  return parseDate(text.trim())?.date;
}
