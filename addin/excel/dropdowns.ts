// Drop-down lists on the status, category and unit columns (data validation, ExcelApi 1.8).
// A list goes in as typed text ("a,b,c") when Excel allows it: at most 255 characters and no
// comma inside an item. Otherwise it is written to a hidden sheet and referenced from there.
import { columnLetter } from '../../ledger';
import { requireCapability } from './capabilities';
import { AdapterError } from './errors';
import type { HostContext, Requirements } from './host';

/** The hidden sheet holding lists too long to type into a rule. */
export const LISTS_SHEET = '__ledger_lists';
const TYPED_LIST_LIMIT = 255;

export interface DropdownSpec {
  /** Data rows, 0-based and inclusive. */
  firstRow: number;
  lastRow: number;
  /** 0-based columns; a column left out gets no list. */
  statusCol?: number;
  categoryCol?: number;
  unitCol?: number;
  lists: { status: readonly string[]; category?: readonly string[]; unit?: readonly string[] };
}

const KINDS = ['status', 'category', 'unit'] as const;

function listItems(items: readonly string[] | undefined): string[] {
  return [...new Set((items ?? []).map((s) => s.trim()).filter((s) => s !== ''))];
}

function listReference(kind: (typeof KINDS)[number], count: number): string {
  const letter = columnLetter(KINDS.indexOf(kind));
  return `='${LISTS_SHEET}'!$${letter}$1:$${letter}$${count}`;
}

function typedSource(items: readonly string[]): string | undefined {
  const text = items.join(',');
  return text.length <= TYPED_LIST_LIMIT && items.every((s) => !s.includes(',') && !s.startsWith('=')) ? text : undefined;
}

/**
 * Puts in-cell drop-down lists on the given columns of the data rows, replacing any validation they
 * had. Refuses (AdapterError "unsupported_api", bilingual message) on hosts below ExcelApi 1.8,
 * before changing anything. One round trip, three when a list needs the hidden sheet.
 */
export async function applyDropdowns(context: HostContext, requirements: Requirements, sheetName: string, spec: DropdownSpec): Promise<void> {
  requireCapability(requirements, 'dropdowns');
  if (!(Number.isInteger(spec.firstRow) && Number.isInteger(spec.lastRow) && spec.firstRow >= 0 && spec.lastRow >= spec.firstRow)) {
    throw new AdapterError('bad_input', `数据行范围无效：${spec.firstRow}–${spec.lastRow}。/ Invalid data rows: ${spec.firstRow}–${spec.lastRow}.`);
  }
  const columns = { status: spec.statusCol, category: spec.categoryCol, unit: spec.unitCol };
  const wanted = KINDS.flatMap((kind) => {
    const col = columns[kind];
    const items = listItems(spec.lists[kind]);
    return col === undefined || items.length === 0 ? [] : [{ kind, col, items, typed: typedSource(items) }];
  });
  if (wanted.length === 0) return;

  const long = wanted.filter((w) => w.typed === undefined);
  if (long.length > 0) {
    const sheets = context.workbook.worksheets;
    const existing = sheets.getItemOrNullObject(LISTS_SHEET);
    await context.sync();
    const lists = existing.isNullObject ? sheets.add(LISTS_SHEET) : existing;
    lists.visibility = 'Hidden';
    for (const w of long) {
      const range = lists.getRangeByIndexes(0, KINDS.indexOf(w.kind), w.items.length, 1);
      range.numberFormat = w.items.map(() => ['@']);
      range.values = w.items.map((s) => [s]);
    }
    await context.sync();
  }

  const sheet = context.workbook.worksheets.getItem(sheetName);
  for (const w of wanted) {
    const range = sheet.getRangeByIndexes(spec.firstRow, w.col, spec.lastRow - spec.firstRow + 1, 1);
    range.dataValidation.clear();
    range.dataValidation.rule = { list: { inCellDropDown: true, source: w.typed ?? listReference(w.kind, w.items.length) } };
  }
  await context.sync();
}
