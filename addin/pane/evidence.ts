// Evidence files (佐证材料) of the row picked in the pane: what the pane holds of them, and who may
// attach or remove them — the service's rules, so the pane offers only what the service will do.
import type { EvidenceFile } from '../../ledger/evidence';
import type { Me, RowState } from '../../ledger/sync-protocol';

/** The picked row's files, and one fetched to be saved from a link (the pane cannot open a token-guarded address). */
export interface EvidenceState {
  rowId: string | undefined;
  files: EvidenceFile[];
  saved: { fileId: string; blob: Blob; fileName: string } | undefined;
}

export const NO_EVIDENCE: EvidenceState = { rowId: undefined, files: [], saved: undefined };

/** The office and the row's unit (the only ones who see the row) attach files to a row still in the ledger. */
export function mayAttachEvidence(me: Me | undefined, row: RowState): boolean {
  return (me?.kind === 'office' || me?.kind === 'unit') && !row.deleted;
}

/** The office removes any file; a unit only what its unit uploaded, and not once the measure is closed. */
export function mayRemoveEvidence(me: Me | undefined, row: RowState, file: EvidenceFile): boolean {
  if (me?.kind === 'office') return true;
  if (me?.kind !== 'unit') return false;
  return file.uploaderKind === 'unit' && file.uploaderUnit === me.unit && row.measure.closure?.state !== 'approved';
}

/** A size for people, in the units both languages write the same way: "800 B", "12 KB", "1.5 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;
}
