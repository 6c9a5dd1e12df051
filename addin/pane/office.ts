// For the office: every measure of the campaign, as the service holds it, in a new sheet laid out
// with the canonical headers (which the ledger's reader recognises, so the sheet can be checked,
// rolled up and synced like any ledger).
import { FIELD_LABELS, type CampaignConfig, type CellValue, type Measure } from '../../ledger';
import { addUniqueSheet, ensureHiddenIdColumns, ID_HEADER, VERSION_HEADER, writeRows } from '../excel/adapter';
import { cellFor, SHEET_FIELDS, type SyncColumn } from '../sync/fields';
import type { ExcelRunner } from '../sync/sheet';

const CONSOLIDATED_SHEET = '全部措施';

export async function writeConsolidatedSheet(excel: ExcelRunner, measures: readonly Measure[], config: CampaignConfig): Promise<{ sheet: string }> {
  const extraKeys = [...new Set(measures.flatMap((m) => Object.keys(m.extras)))];
  const columns: SyncColumn[] = [
    ...SHEET_FIELDS.map((field, index): SyncColumn => ({ kind: 'field', field, index })),
    ...extraKeys.map((key, i): SyncColumn => ({ kind: 'extra', key, label: key, index: SHEET_FIELDS.length + i })),
  ];
  const header: CellValue[] = [...SHEET_FIELDS.map((f) => FIELD_LABELS[f].zh), ...extraKeys, ID_HEADER, VERSION_HEADER];
  const values: CellValue[][] = [header];
  const formats: (string | null)[][] = [header.map(() => null)];
  for (const m of measures) {
    const cells = columns.map((c) => cellFor(c, m, config));
    values.push([...cells.map((o) => o.value), m.id ?? null, m.version ?? null]);
    formats.push([...cells.map((o) => o.format ?? null), null, null]);
  }
  const sheet = await excel.run((context) => addUniqueSheet(context, CONSOLIDATED_SHEET));
  await excel.run((context) => writeRows(context, sheet, 0, values, 0, formats));
  await excel.run((context) => ensureHiddenIdColumns(context, sheet, 0));
  return { sheet };
}
