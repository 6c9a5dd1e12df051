// The ledger sheet read in full (every column: sync carries them all), with where its bookkeeping
// columns are.
import { ensureHiddenIdColumns, readSheetGrid, type HostContext, type Requirements } from '../excel/adapter';
import { readLedger, type CampaignConfig, type Grid, type ParsedLedger } from '../../ledger';
import { syncColumns, type SyncColumn } from './fields';

export interface ExcelRunner {
  run<T>(batch: (context: HostContext) => Promise<T>): Promise<T>;
  readonly requirements: Requirements;
}

export interface LedgerSheet {
  grid: Grid;
  ledger: ParsedLedger;
  columns: SyncColumn[];
  idCol: number | undefined;
  versionCol: number | undefined;
  seqCol: number | undefined;
}

function ledgerSheet(grid: Grid, config: CampaignConfig): LedgerSheet {
  const ledger = readLedger({ file: grid.sheet, sheets: [grid] }, { config });
  const col = (f: string) => ledger.columns.find((c) => c.field === f)?.index;
  return { grid, ledger, columns: syncColumns(ledger), idCol: col('id'), versionCol: col('version'), seqCol: col('seq') };
}

/** Reads the sheet (the active one, or the named one) as a ledger. */
export async function readLedgerSheet(excel: ExcelRunner, config: CampaignConfig, sheetName?: string): Promise<LedgerSheet> {
  const grid = await excel.run((context) => readSheetGrid(context, excel.requirements, sheetName));
  return ledgerSheet(grid, config);
}

/**
 * Reads the sheet, first adding the hidden `__id`/`__version` columns under the header when the
 * table lacks them (sync writes each row's id and version there).
 */
export async function readSyncSheet(excel: ExcelRunner, config: CampaignConfig, sheetName?: string): Promise<LedgerSheet> {
  const sheet = await readLedgerSheet(excel, config, sheetName);
  const header = sheet.ledger.headerRows[sheet.ledger.headerRows.length - 1];
  if ((sheet.idCol !== undefined && sheet.versionCol !== undefined) || header === undefined) return sheet;
  await excel.run((context) => ensureHiddenIdColumns(context, sheet.grid.sheet, header));
  return readLedgerSheet(excel, config, sheet.grid.sheet);
}
