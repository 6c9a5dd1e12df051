// Setting up the ledger sheet: which column holds which field (with corrections the user makes),
// drop-down lists, overdue/due-soon colouring and the hidden id columns. Everything lands in the
// workbook itself, so it works after saving and reopening without the add-in.
import {
  columnLetter,
  FIELD_LABELS,
  immediateWordsIn,
  parseStatus,
  resolveCategories,
  statusLabel,
  STATUS_CODES,
  statusWordsIn,
  textKey,
  type CampaignConfig,
  type Field,
  type Lang,
  type ParsedLedger,
} from '../../ledger';
import {
  AdapterError,
  applyDropdowns,
  applyStatusFormats,
  ensureHiddenIdColumns,
  hostCapabilities,
  unsupportedMessage,
  type Capability,
} from '../excel/adapter';
import type { ExcelRunner, LedgerSheet } from '../sync/sheet';
import type { HeaderAliases } from './settings';

export interface MappingRow {
  /** 0-based column. */
  index: number;
  letter: string;
  header: string;
  /** The field the column holds; undefined: kept as it is (an extra column). */
  field: Field | undefined;
}

/** The table's columns and what each was read as, in sheet order. */
export function columnMapping(ledger: ParsedLedger): MappingRow[] {
  const rows: MappingRow[] = [
    ...ledger.columns.filter((c) => c.field !== 'id' && c.field !== 'version').map((c) => ({ index: c.index, letter: columnLetter(c.index), header: c.header, field: c.field })),
    ...ledger.extraColumns.map((e) => ({ index: e.index, letter: columnLetter(e.index), header: e.label, field: undefined })),
  ];
  return rows.sort((a, b) => a.index - b.index);
}

/** The aliases with `header` meaning `field` (and no longer any other field). */
export function withCorrection(aliases: HeaderAliases, header: string, field: Field): HeaderAliases {
  const key = textKey(header);
  const out: HeaderAliases = {};
  for (const [f, words] of Object.entries(aliases) as [Field, string[]][]) {
    const kept = words.filter((w) => textKey(w) !== key);
    if (kept.length > 0) out[f] = kept;
  }
  out[field] = [...(out[field] ?? []), header];
  return out;
}

/** Fields offered in the mapping's drop-downs, with their names. */
export function mappableFields(lang: Lang): { field: Field; label: string }[] {
  return (Object.keys(FIELD_LABELS) as Field[]).filter((f) => f !== 'id' && f !== 'version').map((field) => ({ field, label: FIELD_LABELS[field][lang] }));
}

export interface SetupReport {
  /** Each feature: applied, skipped for want of a column or rows, or refused by this Excel. */
  dropdowns: 'applied' | 'skipped' | 'unsupported';
  formats: 'applied' | 'skipped' | 'unsupported';
  idColumns: { idCol: number; versionCol: number } | undefined;
  /** What the host said it cannot do (bilingual), to show as they are. */
  messages: string[];
  lists: { status: string[]; category: string[]; unit: string[] };
}

/** Rows a freshly headed sheet gets lists and colours on before it holds any data. */
const TEMPLATE_ROWS = 200;

/** The data rows to equip, 0-based: the table's rows, or room below a header with none. */
function dataRows(ledger: ParsedLedger): { first: number; last: number } | undefined {
  const header = ledger.headerRows[ledger.headerRows.length - 1];
  if (header === undefined) return undefined;
  if (ledger.rows.length === 0) return { first: header + 1, last: header + TEMPLATE_ROWS };
  const rows = ledger.rows.map((r) => r.source.row - 1);
  return { first: Math.min(...rows), last: Math.max(...rows) };
}

/** Words the status and deadline columns already use for "done" and "due at once", for the colouring rules. */
function seenWords(ledger: ParsedLedger, config: CampaignConfig): { done: string[]; immediate: string[] } {
  const measures = ledger.rows.map((r) => r.measure);
  const words = statusWordsIn(measures, config);
  return { done: [...words.done, ...words.done_ongoing], immediate: immediateWordsIn(measures) };
}

/** The lists the drop-downs offer: the campaign's, or else what the sheet already holds. */
function dropdownLists(ledger: ParsedLedger, config: CampaignConfig, unit: string | undefined): SetupReport['lists'] {
  const status = STATUS_CODES.map((code) => statusLabel(code, config));
  const category = config.categories.length > 0 ? config.categories : resolveCategories(ledger.rows, config).names;
  const units = new Set(config.units);
  if (units.size === 0) {
    if (unit) units.add(unit);
    for (const r of ledger.rows) if (r.measure.unit) units.add(r.measure.unit);
  }
  return { status, category, unit: [...units] };
}

/** Runs `apply`: 'applied', or 'unsupported' with a message when this Excel refuses the feature; other errors propagate. */
async function attempt(capability: Capability, messages: string[], apply: () => Promise<unknown>): Promise<'applied' | 'unsupported'> {
  try {
    await apply();
    return 'applied';
  } catch (e) {
    if (!(e instanceof AdapterError && e.kind === 'unsupported_api')) throw e;
    messages.push(unsupportedMessage(capability));
    return 'unsupported';
  }
}

/**
 * Adds the hidden id columns, the drop-downs and the status colouring. On an Excel without a
 * feature (data validation needs ExcelApi 1.8) it says so and does the rest.
 */
export async function setUpSheet(excel: ExcelRunner, sheet: LedgerSheet, config: CampaignConfig, unit: string | undefined): Promise<SetupReport> {
  const { ledger } = sheet;
  const name = sheet.grid.sheet;
  const caps = hostCapabilities(excel.requirements);
  const lists = dropdownLists(ledger, config, unit);
  const report: SetupReport = { dropdowns: 'skipped', formats: 'skipped', idColumns: undefined, messages: [], lists };
  const header = ledger.headerRows[ledger.headerRows.length - 1];
  const rows = dataRows(ledger);
  if (header === undefined || !rows) return report;

  report.idColumns = await excel.run((context) => ensureHiddenIdColumns(context, name, header));
  const col = (f: Field) => ledger.columns.find((c) => c.field === f)?.index;

  if (!caps.dropdowns) {
    report.dropdowns = 'unsupported';
    report.messages.push(unsupportedMessage('dropdowns'));
  } else if (col('status') !== undefined || col('category') !== undefined || col('unit') !== undefined) {
    report.dropdowns = await attempt('dropdowns', report.messages, () =>
      excel.run((context) =>
        applyDropdowns(context, excel.requirements, name, {
          firstRow: rows.first,
          lastRow: rows.last,
          ...(col('status') !== undefined ? { statusCol: col('status') } : {}),
          ...(col('category') !== undefined ? { categoryCol: col('category') } : {}),
          ...(col('unit') !== undefined ? { unitCol: col('unit') } : {}),
          lists: { status: lists.status, category: lists.category, unit: lists.unit },
        }),
      ),
    );
  }

  const deadlineCol = col('deadline');
  const statusCol = col('status');
  if (!caps.statusFormats) {
    report.formats = 'unsupported';
    report.messages.push(unsupportedMessage('statusFormats'));
  } else if (deadlineCol !== undefined && statusCol !== undefined) {
    const tableCols = [...ledger.columns.filter((c) => c.field !== 'id' && c.field !== 'version').map((c) => c.index), ...ledger.extraColumns.map((e) => e.index)];
    const words = seenWords(ledger, config);
    report.formats = await attempt('statusFormats', report.messages, () =>
      excel.run((context) =>
        applyStatusFormats(context, excel.requirements, name, {
          firstRow: rows.first,
          lastRow: rows.last,
          firstCol: Math.min(...tableCols),
          lastCol: Math.max(...tableCols),
          deadlineCol,
          statusCol,
          doneWords: words.done,
          immediateWords: words.immediate,
        }),
      ),
    );
  }
  return report;
}

/** Deadlines the colouring formulas cannot read (text such as "2018年12月底前"): the check marks those instead. */
export function textDeadlines(ledger: ParsedLedger): number {
  return ledger.rows.filter((r) => r.measure.deadline?.kind === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(r.measure.deadline.text)).length;
}

/** Status words that are not the campaign's labels (they still count; the drop-down offers the labels). */
export function nonStandardStatuses(ledger: ParsedLedger, config: CampaignConfig): string[] {
  const labels = new Set(STATUS_CODES.map((c) => statusLabel(c, config)));
  const out = new Set<string>();
  for (const r of ledger.rows) if (r.measure.statusText && !labels.has(r.measure.statusText) && parseStatus(r.measure.statusText).status) out.add(r.measure.statusText);
  return [...out];
}
