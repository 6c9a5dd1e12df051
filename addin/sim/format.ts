// Formats hanging off a range in the simulated host: fill and font, data validation (ExcelApi 1.8)
// and custom conditional formats (ExcelApi 1.6). Everything written is recorded on the sheet so
// tests can inspect it.
import { cellKey, contains, formatAddress, intersect, keyCell, parseAddress, rectColumns, rectRows, subtract } from './address';
import { SimObject, type Exec, type RangeAt, type SimProxy } from './batch';
import { SimApiError } from './errors';
import type { SimRange } from './range';
import type { ConditionalFormatState, ListRule, ValidationState } from './state';

type NoProps = Record<never, never>;

const HEX_COLOR = /^#[0-9A-Fa-f]{6}$/;
/** Excel's limit on a typed (comma-separated) list source. */
const LIST_SOURCE_LIMIT = 255;

function color(value: unknown, location: string): string {
  if (typeof value !== 'string' || !HEX_COLOR.test(value)) {
    throw new SimApiError('InvalidArgument', location, `${JSON.stringify(value)} is not a color; the simulator takes "#RRGGBB"`);
  }
  return value.toUpperCase();
}

/** The one value every cell of the range shares, or null when they differ (as Excel answers). */
function uniform<T>(at: RangeAt, location: string, get: (key: number) => T): T | null {
  if (rectRows(at.rect) * rectColumns(at.rect) > 5_000_000) throw new SimApiError('GeneralException', location, 'range too large');
  let first: { v: T } | undefined;
  for (let r = at.rect.top; r <= at.rect.bottom; r++) {
    for (let c = at.rect.left; c <= at.rect.right; c++) {
      const v = get(cellKey(r, c));
      if (!first) first = { v };
      else if (first.v !== v) return null;
    }
  }
  return first ? first.v : null;
}

function clearKeys<V>(exec: Exec, map: Map<number, V>, at: RangeAt): void {
  const inside = [...map.keys()].filter((key) => {
    const { row, col } = keyCell(key);
    return contains(at.rect, row, col);
  });
  for (const key of inside) exec.journal.mapSet(map, key, undefined);
}

function eachKey(at: RangeAt, fn: (key: number) => void): void {
  for (let r = at.rect.top; r <= at.rect.bottom; r++) for (let c = at.rect.left; c <= at.rect.right; c++) fn(cellKey(r, c));
}

abstract class RangePart<P extends object> extends SimObject<RangeAt | null, P> {
  constructor(protected readonly range: SimRange) {
    super(range.context);
  }

  protected locate(exec: Exec): RangeAt | null {
    return this.range.resolveIn(exec);
  }
}

export class SimRangeFormat extends RangePart<NoProps> {
  protected readonly typeName = 'RangeFormat';
  protected readonly loaders = {};
  readonly fill = new SimRangeFill(this.range);
  readonly font = new SimRangeFont(this.range);

  protected override child(name: string): SimProxy | undefined {
    return name === 'fill' ? this.fill : name === 'font' ? this.font : undefined;
  }
}

export class SimRangeFill extends RangePart<{ color: string | null }> {
  protected readonly typeName = 'RangeFill';
  protected readonly loaders = {
    color: (_: Exec, at: RangeAt) => uniform(at, 'RangeFill.color', (key) => at.sheet.fills.get(key) ?? '#FFFFFF'),
  };

  get color(): string | null {
    return this.read('color');
  }
  set color(value: string) {
    this.remember('color', value);
    this.enqueue(
      'RangeFill.color',
      (exec) => {
        const c = color(value, 'RangeFill.color');
        const at = this.need(exec, 'RangeFill.color');
        eachKey(at, (key) => exec.journal.mapSet(at.sheet.fills, key, c));
      },
      value,
    );
  }

  clear(): void {
    this.enqueue('RangeFill.clear', (exec) => {
      const at = this.need(exec, 'RangeFill.clear');
      clearKeys(exec, at.sheet.fills, at);
    });
  }
}

export class SimRangeFont extends RangePart<{ color: string | null; bold: boolean | null }> {
  protected readonly typeName = 'RangeFont';
  protected readonly loaders = {
    color: (_: Exec, at: RangeAt) => uniform(at, 'RangeFont.color', (key) => at.sheet.fontColors.get(key) ?? '#000000'),
    bold: (_: Exec, at: RangeAt) => uniform(at, 'RangeFont.bold', (key) => at.sheet.bold.get(key) ?? false),
  };

  get color(): string | null {
    return this.read('color');
  }
  set color(value: string) {
    this.remember('color', value);
    this.enqueue(
      'RangeFont.color',
      (exec) => {
        const c = color(value, 'RangeFont.color');
        const at = this.need(exec, 'RangeFont.color');
        eachKey(at, (key) => exec.journal.mapSet(at.sheet.fontColors, key, c));
      },
      value,
    );
  }

  get bold(): boolean | null {
    return this.read('bold');
  }
  set bold(value: boolean) {
    this.remember('bold', value);
    this.enqueue(
      'RangeFont.bold',
      (exec) => {
        if (typeof value !== 'boolean') throw new SimApiError('InvalidArgument', 'RangeFont.bold', 'expected true or false');
        const at = this.need(exec, 'RangeFont.bold');
        eachKey(at, (key) => exec.journal.mapSet(at.sheet.bold, key, value ? true : undefined));
      },
      value,
    );
  }
}

/** A rule as the simulator accepts it: Excel's list rule, with a typed list or a reference. */
export interface SimListRuleInput {
  list: { inCellDropDown: boolean; source: string | SimRange };
}

function listRule(exec: Exec, input: SimListRuleInput, location: string): ListRule {
  const bad = (why: string) => new SimApiError('InvalidArgument', location, why);
  const list: unknown = typeof input === 'object' && input !== null ? input.list : undefined;
  if (typeof list !== 'object' || list === null || Object.keys(input).length !== 1) {
    throw bad('the simulator supports list rules only: { list: { inCellDropDown, source } }');
  }
  const { inCellDropDown, source } = input.list;
  if (typeof inCellDropDown !== 'boolean') throw bad('inCellDropDown must be true or false');
  if (typeof source !== 'string') {
    const where = source.at(exec, location);
    return { list: { inCellDropDown, source: `=${formatAddress(where.sheet.name, where.rect)}` } };
  }
  if (source.trim() === '') throw bad('the list source is empty');
  if (source.startsWith('=')) {
    const parsed = parseAddress(source.slice(1).replaceAll('$', ''));
    if (!parsed) throw bad(`"${source}" is not a reference the simulator can follow`);
    if (parsed.sheet !== undefined && !exec.core.book.sheetNamed(parsed.sheet)) throw bad(`"${source}" names a sheet that does not exist`);
  } else if (source.length > LIST_SOURCE_LIMIT) {
    throw bad(`a typed list source is limited to ${LIST_SOURCE_LIMIT} characters; this one has ${source.length}`);
  }
  return { list: { inCellDropDown, source } };
}

function withoutRect<T extends { rect: RangeAt['rect'] }>(items: readonly T[], at: RangeAt): T[] {
  return items.flatMap((item) => subtract(item.rect, at.rect).map((rect) => ({ ...item, rect })));
}

function validationsTouching(at: RangeAt): ValidationState[] {
  return at.sheet.validations.filter((v) => intersect(v.rect, at.rect) !== null);
}

function covers(v: ValidationState, at: RangeAt): boolean {
  return subtract(at.rect, v.rect).length === 0;
}

export class SimDataValidation extends RangePart<{ rule: Partial<ListRule> | null; type: string }> {
  protected readonly typeName = 'DataValidation';
  protected readonly loaders = {
    rule: (_: Exec, at: RangeAt): Partial<ListRule> | null => {
      const touching = validationsTouching(at);
      if (touching.length === 0) return {};
      return touching.length === 1 && covers(touching[0]!, at) ? touching[0]!.rule : null;
    },
    type: (_: Exec, at: RangeAt): string => {
      const touching = validationsTouching(at);
      if (touching.length === 0) return 'None';
      return touching.length === 1 && covers(touching[0]!, at) ? 'List' : 'Inconsistent';
    },
  };

  get rule(): Partial<ListRule> | null {
    return this.read('rule');
  }
  /** Replaces whatever validation the cells had, as Excel does. */
  set rule(input: SimListRuleInput) {
    this.enqueue(
      'DataValidation.rule',
      (exec) => {
        const rule = listRule(exec, input, 'DataValidation.rule');
        const at = this.need(exec, 'DataValidation.rule');
        const next: ValidationState[] = [...withoutRect(at.sheet.validations, at), { rect: at.rect, rule }];
        exec.journal.assign(at.sheet, 'validations', next);
      },
      { list: { source: typeof input?.list?.source === 'string' ? input.list.source : 'range' } },
      '1.8',
    );
  }

  clear(): void {
    this.enqueue(
      'DataValidation.clear',
      (exec) => {
        const at = this.need(exec, 'DataValidation.clear');
        exec.journal.assign(at.sheet, 'validations', withoutRect(at.sheet.validations, at));
      },
      undefined,
      '1.8',
    );
  }
}

let conditionalFormatIds = 0;

export class SimConditionalFormatCollection extends RangePart<NoProps> {
  protected readonly typeName = 'ConditionalFormatCollection';
  protected readonly loaders = {};

  /** The simulator knows custom (formula) conditional formats only. */
  add(type: 'Custom'): SimConditionalFormat {
    const made = new SimConditionalFormat(this.range);
    this.enqueue(
      'ConditionalFormatCollection.add',
      (exec) => {
        if (type !== 'Custom') throw new SimApiError('InvalidArgument', 'ConditionalFormatCollection.add', `the simulator supports "Custom" conditional formats, not "${String(type)}"`);
        const at = this.need(exec, 'ConditionalFormatCollection.add');
        const state: ConditionalFormatState = { id: `{sim-cf-${++conditionalFormatIds}}`, rects: [at.rect], type, formula: '', stopIfTrue: false };
        exec.journal.assign(at.sheet, 'conditionalFormats', [...at.sheet.conditionalFormats, state]);
        made.bind(exec, state);
      },
      type,
      '1.6',
    );
    return made;
  }

  /** Removes conditional formats from these cells, trimming those that reach beyond them. */
  clearAll(): void {
    this.enqueue(
      'ConditionalFormatCollection.clearAll',
      (exec) => {
        const at = this.need(exec, 'ConditionalFormatCollection.clearAll');
        const next = at.sheet.conditionalFormats
          .map((cf) => ({ ...cf, rects: cf.rects.flatMap((r) => subtract(r, at.rect)) }))
          .filter((cf) => cf.rects.length > 0);
        exec.journal.assign(at.sheet, 'conditionalFormats', next);
      },
      undefined,
      '1.6',
    );
  }
}

abstract class FormatPart<P extends object> extends SimObject<ConditionalFormatState | null, P> {
  constructor(protected readonly owner: SimConditionalFormat) {
    super(owner.context);
  }

  protected locate(exec: Exec): ConditionalFormatState | null {
    return this.owner.resolveIn(exec);
  }

  protected change<K extends keyof ConditionalFormatState>(location: string, key: K, value: ConditionalFormatState[K], check: () => void): void {
    this.enqueue(
      location,
      (exec) => {
        check();
        exec.journal.assign(this.need(exec, location), key, value);
      },
      value,
    );
  }
}

export class SimConditionalFormat extends SimObject<ConditionalFormatState | null, { id: string; type: string; stopIfTrue: boolean }> {
  protected readonly typeName = 'ConditionalFormat';
  protected readonly loaders = {
    id: (_: Exec, cf: ConditionalFormatState) => cf.id,
    type: (_: Exec, cf: ConditionalFormatState) => cf.type,
    stopIfTrue: (_: Exec, cf: ConditionalFormatState) => cf.stopIfTrue,
  };
  readonly custom: SimCustomConditionalFormat;

  constructor(range: SimRange) {
    super(range.context);
    this.custom = new SimCustomConditionalFormat(this);
  }

  protected locate(): ConditionalFormatState | null {
    throw new SimApiError('InvalidOperation', 'ConditionalFormat', 'this conditional format was never created');
  }

  get stopIfTrue(): boolean {
    return this.read('stopIfTrue');
  }
  set stopIfTrue(value: boolean) {
    this.remember('stopIfTrue', value);
    this.enqueue(
      'ConditionalFormat.stopIfTrue',
      (exec) => {
        if (typeof value !== 'boolean') throw new SimApiError('InvalidArgument', 'ConditionalFormat.stopIfTrue', 'expected true or false');
        exec.journal.assign(this.need(exec, 'ConditionalFormat.stopIfTrue'), 'stopIfTrue', value);
      },
      value,
    );
  }
}

export class SimCustomConditionalFormat extends FormatPart<NoProps> {
  protected readonly typeName = 'CustomConditionalFormat';
  protected readonly loaders = {};
  readonly rule = new SimConditionalFormatRule(this.owner);
  readonly format = new SimConditionalRangeFormat(this.owner);
}

export class SimConditionalFormatRule extends FormatPart<{ formula: string }> {
  protected readonly typeName = 'ConditionalFormatRule';
  protected readonly loaders = { formula: (_: Exec, cf: ConditionalFormatState) => cf.formula };

  get formula(): string {
    return this.read('formula');
  }
  set formula(value: string) {
    this.remember('formula', value);
    this.change('ConditionalFormatRule.formula', 'formula', value, () => {
      if (typeof value !== 'string' || !value.startsWith('=')) throw new SimApiError('InvalidArgument', 'ConditionalFormatRule.formula', 'a formula starts with "="');
    });
  }
}

export class SimConditionalRangeFormat extends FormatPart<NoProps> {
  protected readonly typeName = 'ConditionalRangeFormat';
  protected readonly loaders = {};
  readonly fill = new SimConditionalRangeFill(this.owner);
  readonly font = new SimConditionalRangeFont(this.owner);
}

export class SimConditionalRangeFill extends FormatPart<{ color: string | null }> {
  protected readonly typeName = 'ConditionalRangeFill';
  protected readonly loaders = { color: (_: Exec, cf: ConditionalFormatState) => cf.fill ?? null };

  get color(): string | null {
    return this.read('color');
  }
  set color(value: string) {
    this.remember('color', value);
    this.change('ConditionalRangeFill.color', 'fill', value.toUpperCase(), () => color(value, 'ConditionalRangeFill.color'));
  }
}

export class SimConditionalRangeFont extends FormatPart<{ color: string | null }> {
  protected readonly typeName = 'ConditionalRangeFont';
  protected readonly loaders = { color: (_: Exec, cf: ConditionalFormatState) => cf.fontColor ?? null };

  get color(): string | null {
    return this.read('color');
  }
  set color(value: string) {
    this.remember('color', value);
    this.change('ConditionalRangeFont.color', 'fontColor', value.toUpperCase(), () => color(value, 'ConditionalRangeFont.color'));
  }
}
