// A small evaluator for the formulas the 汇总 sheet uses (COUNTIFS, SUM, IF, TODAY, arithmetic,
// array constants), so tests can check the live formulas give the figures the add-in computed.
import { columnIndex, isoToSerial, type CellValue, type IsoDate } from '../../ledger';

export interface Sheets {
  /** Cell value by sheet name, 0-based row and column. */
  value(sheet: string, row: number, col: number): CellValue;
}

type Value = number | string | boolean | null | Value[] | { sheet: string; top: number; left: number; bottom: number; right: number };

const TOKEN = /\s*(?:("(?:[^"]|"")*")|('(?:[^']|'')+'!|[A-Za-z_][\w.]*!)?(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)|(\d+(?:\.\d+)?)|([A-Z][A-Z0-9.]*)\(|(<>|>=|<=|[-+*/&=<>(),{}]))/y;

function tokenize(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const m = TOKEN.exec(text);
    if (!m) throw new Error(`cannot read formula at ${TOKEN.lastIndex}: ${text}`);
    if (m[1]) out.push(m[1]);
    else if (m[3]) out.push(`REF:${m[2] ?? ''}${m[3]}`);
    else if (m[4]) out.push(m[4]);
    else if (m[5]) out.push(`FN:${m[5]}`);
    else if (m[6]) out.push(m[6]);
  }
  return out;
}

function cellOf(ref: string): { row: number; col: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(ref)!;
  return { row: Number(m[2]) - 1, col: columnIndex(m[1]!) };
}

function matches(cell: CellValue, criterion: Value): boolean {
  const text = String(criterion ?? '');
  const op = /^(<>|>=|<=|<|>|=)?([\s\S]*)$/.exec(text)!;
  const operator = op[1] ?? '=';
  const operand = op[2]!;
  const n = Number(operand);
  if (operand !== '' && !Number.isNaN(n) && operator !== '=' && operator !== '<>') {
    if (typeof cell !== 'number') return false;
    return operator === '<' ? cell < n : operator === '>' ? cell > n : operator === '<=' ? cell <= n : cell >= n;
  }
  const empty = cell === null || cell === '';
  let equal: boolean;
  if (operand === '') equal = empty;
  else {
    const pattern = new RegExp(`^${operand.replace(/~([*?~])|([*?])|([.+^${}()|[\]\\])/g, (_, lit, wild, esc) => (lit ? `\\${lit}` : wild === '*' ? '.*' : wild === '?' ? '.' : `\\${esc}`))}$`, 'is');
    equal = !empty && pattern.test(String(cell));
  }
  return operator === '<>' ? !equal : equal;
}

export function evaluate(formula: string, sheet: string, sheets: Sheets, today: IsoDate): Value {
  const tokens = tokenize(formula.replace(/^=/, ''));
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++]!;
  const expect = (t: string) => {
    if (next() !== t) throw new Error(`expected ${t} in ${formula}`);
  };
  const scalar = (v: Value): Value => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return sheets.value(v.sheet, v.top, v.left);
    return v;
  };
  const num = (v: Value) => Number(scalar(v) ?? 0);

  function primary(): Value {
    const t = next();
    if (t === '(') {
      const v = comparison();
      expect(')');
      return v;
    }
    if (t === '-') return -num(primary());
    if (t === '{') {
      const items: Value[] = [];
      while (peek() !== '}') {
        items.push(primary());
        if (peek() === ',') next();
      }
      next();
      return items;
    }
    if (t.startsWith('"')) return t.slice(1, -1).replaceAll('""', '"');
    if (/^\d/.test(t)) return Number(t);
    if (t.startsWith('REF:')) {
      const body = t.slice(4);
      const bang = body.lastIndexOf('!');
      const name = bang >= 0 ? body.slice(0, bang).replace(/^'|'$/g, '').replaceAll("''", "'") : sheet;
      const [a, b] = body.slice(bang + 1).split(':');
      const from = cellOf(a!);
      const to = cellOf(b ?? a!);
      return { sheet: name, top: from.row, left: from.col, bottom: to.row, right: to.col };
    }
    if (t.startsWith('FN:')) {
      const name = t.slice(3);
      const args: Value[] = [];
      while (peek() !== ')') {
        args.push(comparison());
        if (peek() === ',') next();
      }
      next();
      return call(name, args);
    }
    throw new Error(`unexpected ${t} in ${formula}`);
  }

  function call(name: string, args: Value[]): Value {
    if (name === 'TODAY') return isoToSerial(today);
    if (name === 'IF') return scalar(args[0]!) ? args[1]! : args[2]!;
    if (name === 'SUM') return args.flatMap((a) => (Array.isArray(a) ? a : [a])).reduce<number>((s, v) => s + num(v), 0);
    if (name === 'COUNTIFS') {
      const pairs: [Extract<Value, { sheet: string }>, Value][] = [];
      for (let k = 0; k < args.length; k += 2) pairs.push([args[k] as Extract<Value, { sheet: string }>, args[k + 1]!]);
      const arrayAt = pairs.findIndex(([, c]) => Array.isArray(c));
      const count = (criteria: Value[]) => {
        const [first] = pairs;
        let n = 0;
        for (let r = 0; r <= first![0].bottom - first![0].top; r++) {
          if (pairs.every(([range, _], k) => matches(sheets.value(range.sheet, range.top + r, range.left), criteria[k]!))) n++;
        }
        return n;
      };
      const plain = pairs.map(([, c]) => scalar(c));
      if (arrayAt < 0) return count(plain);
      return (pairs[arrayAt]![1] as Value[]).map((c) => count(plain.map((p, k) => (k === arrayAt ? c : p))));
    }
    throw new Error(`unknown function ${name}`);
  }

  function term(): Value {
    let v = primary();
    while (peek() === '*' || peek() === '/') v = next() === '*' ? num(v) * num(primary()) : num(v) / num(primary());
    return v;
  }
  function sum(): Value {
    let v = term();
    while (peek() === '+' || (peek() === '-' && tokens[i + 1] !== undefined)) v = next() === '+' ? num(v) + num(term()) : num(v) - num(term());
    return v;
  }
  function concat(): Value {
    let v = sum();
    while (peek() === '&') {
      next();
      v = `${scalar(v) ?? ''}${scalar(sum()) ?? ''}`;
    }
    return v;
  }
  function comparison(): Value {
    const v = concat();
    if (peek() === '=') {
      next();
      return scalar(v) === scalar(concat());
    }
    return v;
  }
  const result = comparison();
  return Array.isArray(result) ? result : scalar(result);
}
