// What a formula computes to, as Excel would show it: the simulated workbook's formula cells (the 汇总
// sheet's COUNTIFS) and its conditional-format rules are evaluated here, in tests and in the playground.
// Functions come from formulajs where its semantics are Excel's; TODAY and DATE (serials, not JS
// Dates), IF (only the branch taken is evaluated), SUM and COUNTIFS (text in ranges ignored, Excel's
// criteria) are our own. An unknown name gives "#NAME?" as in Excel; a formula the simulator cannot
// read or compute gives UNSUPPORTED, never an answer Excel would not give.
import * as formulajs from '@formulajs/formulajs';
import { isoToSerial, type CellValue, type IsoDate } from '../../ledger';
import { criterionTest } from './criteria';
import { EXCEL_ERRORS, FormulaUnsupported, parseFormula, type CellPart, type FormulaNode } from './formula-syntax';

/** Shown for a formula Excel could compute but the simulator cannot. */
export const UNSUPPORTED = '#SIM?';

export interface Sheets {
  /** A cell's value by sheet name and 0-based row and column; undefined when there is no such sheet. */
  value(sheet: string, row: number, col: number): CellValue | undefined;
}

export interface FormulaContext {
  /** The sheet the formula is on (references without a sheet name point here). */
  sheet: string;
  sheets: Sheets;
  today: IsoDate;
  /** How far from the cell it was written for the formula is evaluated (a conditional format's rule). */
  shift?: { rows: number; cols: number };
  /** Ranges already read while the cells cannot change (one recalculation), by sheet and rectangle. */
  areas?: Map<string, CellValue[][]>;
}

interface Area {
  sheet: string;
  top: number;
  left: number;
  bottom: number;
  right: number;
}

type Value = CellValue | CellValue[][] | Area;

const isArea = (v: Value): v is Area => typeof v === 'object' && v !== null && !Array.isArray(v);
const isError = (v: unknown): boolean => typeof v === 'string' && EXCEL_ERRORS.has(v);

/** A reference to a sheet that is not there: #REF! in Excel. */
class RefMissing extends Error {}

function cells(area: Area, ctx: FormulaContext): CellValue[][] {
  const key = `${area.sheet}\u0000${area.top},${area.left},${area.bottom},${area.right}`;
  const known = ctx.areas?.get(key);
  if (known) return known;
  const out: CellValue[][] = [];
  for (let r = area.top; r <= area.bottom; r++) {
    const row: CellValue[] = [];
    for (let c = area.left; c <= area.right; c++) {
      const v = ctx.sheets.value(area.sheet, r, c);
      if (v === undefined) throw new RefMissing();
      row.push(v);
    }
    out.push(row);
  }
  ctx.areas?.set(key, out);
  return out;
}

/** One value from a reference or an array: its first cell (Excel's implicit intersection, simplified). */
function scalar(v: Value, ctx: FormulaContext): CellValue {
  if (Array.isArray(v)) return v[0]?.[0] ?? null;
  if (isArea(v)) return cells({ ...v, bottom: v.top, right: v.left }, ctx)[0]![0]!;
  return v;
}

function toNumber(v: CellValue): number | string {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' || isError(v)) return v;
  const n = Number(v.trim());
  return v.trim() !== '' && Number.isFinite(n) ? n : '#VALUE!';
}

function toText(v: CellValue): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return String(Number(v.toPrecision(15)));
  return v;
}

/** Excel's ordering across types: numbers < text < booleans; an empty cell is 0, "" or FALSE beside them. */
function compare(a: CellValue, b: CellValue): number {
  const blank = (x: CellValue, other: CellValue): Exclude<CellValue, null> => (x !== null ? x : typeof other === 'string' ? '' : typeof other === 'boolean' ? false : 0);
  const x = blank(a, b);
  const y = blank(b, a);
  const rank = (v: typeof x) => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2);
  if (rank(x) !== rank(y)) return rank(x) - rank(y);
  if (typeof x === 'string' && typeof y === 'string') {
    const [p, q] = [x.toLowerCase(), y.toLowerCase()];
    return p < q ? -1 : p > q ? 1 : 0;
  }
  return Number(x) - Number(y);
}

function arithmetic(op: string, a: CellValue, b: CellValue): CellValue {
  const x = toNumber(a);
  const y = toNumber(b);
  if (typeof x === 'string') return x;
  if (typeof y === 'string') return y;
  if (op === '/' && y === 0) return '#DIV/0!';
  const out = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === '/' ? x / y : x ** y;
  return Number.isFinite(out) ? out : '#NUM!';
}

function binary(op: string, a: CellValue, b: CellValue): CellValue {
  if (isError(a)) return a;
  if (isError(b)) return b;
  if (op === '&') return toText(a) + toText(b);
  if (['+', '-', '*', '/', '^'].includes(op)) return arithmetic(op, a, b);
  const d = compare(a, b);
  return op === '=' ? d === 0 : op === '<>' ? d !== 0 : op === '<' ? d < 0 : op === '>' ? d > 0 : op === '<=' ? d <= 0 : d >= 0;
}

function unary(op: '-' | '+' | '%', v: CellValue): CellValue {
  if (op === '+') return v;
  const n = toNumber(v);
  if (typeof n === 'string') return n;
  return op === '-' ? -n : n / 100;
}

function part(p: CellPart, shift: FormulaContext['shift']): { row: number; col: number } {
  return { row: p.row + (p.rowAbsolute ? 0 : (shift?.rows ?? 0)), col: p.col + (p.colAbsolute ? 0 : (shift?.cols ?? 0)) };
}

function area(node: Extract<FormulaNode, { kind: 'ref' }>, ctx: FormulaContext): Area | string {
  const a = part(node.from, ctx.shift);
  const b = part(node.to, ctx.shift);
  if (Math.min(a.row, a.col, b.row, b.col) < 0) return '#REF!';
  const sheet = node.sheet ?? ctx.sheet;
  return { sheet, top: Math.min(a.row, b.row), left: Math.min(a.col, b.col), bottom: Math.max(a.row, b.row), right: Math.max(a.col, b.col) };
}

function evaluateNode(node: FormulaNode, ctx: FormulaContext): Value {
  switch (node.kind) {
    case 'number':
    case 'text':
    case 'boolean':
    case 'error':
      return node.value;
    case 'name':
      return '#NAME?';
    case 'ref':
      return area(node, ctx);
    case 'array':
      return node.rows.map((row) => row.map((n) => scalar(evaluateNode(n, ctx), ctx)));
    case 'unary':
      return unary(node.op, scalar(evaluateNode(node.operand, ctx), ctx));
    case 'binary':
      return binary(node.op, scalar(evaluateNode(node.left, ctx), ctx), scalar(evaluateNode(node.right, ctx), ctx));
    case 'call':
      return call(node.name, node.args, ctx);
  }
}

type Own = (args: FormulaNode[], ctx: FormulaContext) => Value;

function sumOf(args: FormulaNode[], ctx: FormulaContext): CellValue {
  let total = 0;
  for (const arg of args) {
    const v = evaluateNode(arg, ctx);
    // In a range or an array only numbers count; a value given directly is converted.
    const list = isArea(v) ? cells(v, ctx).flat() : Array.isArray(v) ? v.flat() : [toNumber(v)];
    for (const x of list) {
      if (isError(x)) return x;
      if (typeof x === 'number') total += x;
      else if (!isArea(v) && !Array.isArray(v)) return '#VALUE!';
    }
  }
  return total;
}

function countIfs(args: FormulaNode[], ctx: FormulaContext): Value {
  if (args.length === 0 || args.length % 2 !== 0) return '#VALUE!';
  const ranges: CellValue[][][] = [];
  const criteria: Value[] = [];
  for (let k = 0; k < args.length; k += 2) {
    const range = evaluateNode(args[k]!, ctx);
    if (!isArea(range)) return isError(range) ? range : '#VALUE!';
    ranges.push(cells(range, ctx));
    const c = evaluateNode(args[k + 1]!, ctx);
    criteria.push(isArea(c) ? scalar(c, ctx) : c);
  }
  const [first] = ranges;
  if (ranges.some((r) => r.length !== first!.length || r[0]!.length !== first![0]!.length)) return '#VALUE!';
  const count = (picked: CellValue[]) => {
    const tests = picked.map(criterionTest);
    let n = 0;
    first!.forEach((row, r) => row.forEach((_, c) => (n += tests.every((test, k) => test(ranges[k]![r]![c]!)) ? 1 : 0)));
    return n;
  };
  const shape = criteria.find((c): c is CellValue[][] => Array.isArray(c));
  if (!shape) return count(criteria as CellValue[]);
  // An array of criteria gives an array of counts (SUM adds them up).
  return shape.map((row, i) => row.map((_, j) => count(criteria.map((c) => (Array.isArray(c) ? (c[i]?.[j] ?? c[0]![0]!) : (c as CellValue))))));
}

function truth(v: CellValue): boolean | string {
  if (typeof v === 'string') return /^(true|false)$/i.test(v) ? v.toUpperCase() === 'TRUE' : isError(v) ? v : '#VALUE!';
  return v === null ? false : typeof v === 'number' ? v !== 0 : v;
}

function serialOf(year: number, month: number, day: number): number {
  const serial = Date.UTC(year < 1900 ? year + 1900 : year, month - 1, day) / 86_400_000 + 25_569;
  return serial < 61 ? serial - 1 : serial;
}

const OWN: Record<string, Own> = {
  TODAY: (_args, ctx) => isoToSerial(ctx.today),
  DATE: (args, ctx) => {
    const [y, m, d] = args.map((a) => toNumber(scalar(evaluateNode(a, ctx), ctx)));
    if (args.length !== 3) return '#VALUE!';
    return typeof y === 'number' && typeof m === 'number' && typeof d === 'number' ? serialOf(Math.trunc(y), Math.trunc(m), Math.trunc(d)) : '#VALUE!';
  },
  IF: (args, ctx) => {
    const test = truth(scalar(evaluateNode(args[0]!, ctx), ctx));
    if (typeof test === 'string') return test;
    const branch = args[test ? 1 : 2];
    return branch ? evaluateNode(branch, ctx) : test ? 0 : false;
  },
  SUM: sumOf,
  COUNTIFS: countIfs,
  COUNTIF: countIfs,
};

type LibraryFn = (...args: unknown[]) => unknown;

/** A formulajs function by its Excel name ("NORM.DIST" is formulajs.NORM.DIST). */
function library(name: string): LibraryFn | undefined {
  let f: unknown = formulajs;
  for (const key of name.split('.')) f = typeof f === 'object' && f !== null && Object.prototype.hasOwnProperty.call(f, key) ? (f as Record<string, unknown>)[key] : undefined;
  return typeof f === 'function' ? (f as LibraryFn) : undefined;
}

/** formulajs's answer as a cell holds it: Dates as serials, its Error objects as Excel's error values. */
function fromLibrary(out: unknown): Value {
  if (out instanceof Date) return serialOf(out.getFullYear(), out.getMonth() + 1, out.getDate());
  if (out instanceof Error) return EXCEL_ERRORS.has(out.message) ? out.message : '#VALUE!';
  if (typeof out === 'number') return Number.isFinite(out) ? out : '#NUM!';
  if (typeof out === 'string' || typeof out === 'boolean') return out;
  if (Array.isArray(out)) {
    return (Array.isArray(out[0]) ? out : [out]).map((row: unknown[]) =>
      row.map((v) => {
        const x = fromLibrary(v);
        return Array.isArray(x) || isArea(x) ? '#VALUE!' : x;
      }),
    );
  }
  return out === null || out === undefined ? null : '#VALUE!';
}

function call(name: string, args: FormulaNode[], ctx: FormulaContext): Value {
  const own = OWN[name];
  if (own) return own(args, ctx);
  const fn = library(name);
  if (!fn) return '#NAME?';
  const values = args.map((a) => {
    const v = evaluateNode(a, ctx);
    if (!isArea(v)) return v;
    return v.top === v.bottom && v.left === v.right ? scalar(v, ctx) : cells(v, ctx);
  });
  // Most functions pass an error argument on; the IS… functions and IFERROR look at it.
  const error = values.find(isError);
  if (error && !/^IS|^IFERROR$|^IFNA$/.test(name)) return error;
  try {
    return fromLibrary(fn(...values));
  } catch {
    return '#VALUE!';
  }
}

/** A parsed formula's value where it stands (or, with ctx.shift, that far away). */
export function evaluateTree(tree: FormulaNode, ctx: FormulaContext): CellValue {
  try {
    // A formula pointing at an empty cell shows 0.
    return scalar(evaluateNode(tree, ctx), ctx) ?? 0;
  } catch (e) {
    if (e instanceof RefMissing) return '#REF!';
    if (e instanceof FormulaUnsupported) return UNSUPPORTED;
    throw e;
  }
}

/**
 * A formula's value, as Excel shows it in its cell on `sheet`, with TODAY() being `today`; `areas`
 * keeps the ranges read for other formulas evaluated before any cell changes.
 */
export function evaluate(formula: string, sheet: string, sheets: Sheets, today: IsoDate, areas?: Map<string, CellValue[][]>): CellValue {
  let tree: FormulaNode;
  try {
    tree = parseFormula(formula);
  } catch (e) {
    if (e instanceof FormulaUnsupported) return UNSUPPORTED;
    throw e;
  }
  return evaluateTree(tree, { sheet, sheets, today, ...(areas && { areas }) });
}
