// Excel formula text (en-US syntax, as Office.js takes it) read into a tree the simulator evaluates:
// numbers, text, TRUE/FALSE, error literals, A1 references with an optional sheet ('整改台账'!$D$5:$D$10),
// array constants ({"a","b"}), function calls and operators with Excel's precedence. What it cannot
// read (whole-column references, structured references, R1C1) is refused with FormulaUnsupported.
import { columnIndex } from '../../ledger';

export interface CellPart {
  row: number;
  col: number;
  rowAbsolute: boolean;
  colAbsolute: boolean;
}

export type FormulaNode =
  | { kind: 'number'; value: number }
  | { kind: 'text'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'error'; value: string }
  | { kind: 'ref'; sheet: string | undefined; from: CellPart; to: CellPart }
  | { kind: 'array'; rows: FormulaNode[][] }
  | { kind: 'call'; name: string; args: FormulaNode[] }
  | { kind: 'name'; name: string }
  | { kind: 'unary'; op: '-' | '+' | '%'; operand: FormulaNode }
  | { kind: 'binary'; op: string; left: FormulaNode; right: FormulaNode };

/** A formula the simulator cannot read or compute, though Excel could. */
export class FormulaUnsupported extends Error {}

export const EXCEL_ERRORS = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#SPILL!', '#CALC!', '#GETTING_DATA']);

type Token = { type: 'text' | 'ref' | 'number' | 'call' | 'name' | 'error' | 'op'; text: string };

const CELL = String.raw`\$?[A-Za-z]{1,3}\$?\d+`;
const TOKEN = new RegExp(
  String.raw`\s*(?:` +
    [
      String.raw`("(?:[^"]|"")*")`, // text
      String.raw`((?:'(?:[^']|'')+'|[\p{L}_][\p{L}\p{N}_.]*)!${CELL}(?::${CELL})?|${CELL}(?::${CELL})?(?![\p{L}\p{N}_.(!]))`, // reference
      String.raw`(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)`, // number
      String.raw`([\p{L}_][\p{L}\p{N}_.]*)\(`, // function call
      String.raw`([\p{L}_\\][\p{L}\p{N}_.]*)`, // a name
      String.raw`(#[A-Z/0!?_]+)`, // error literal
      String.raw`(<>|>=|<=|[-+*/^&=<>(),;{}%:])`, // operator
    ].join('|') +
    ')',
  'uy',
);

const KINDS: Token['type'][] = ['text', 'ref', 'number', 'call', 'name', 'error', 'op'];

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) {
      if (text.slice(at).trim() === '') break;
      throw new FormulaUnsupported(`cannot read "${text.slice(at, at + 12)}"`);
    }
    const i = m.slice(1).findIndex((g) => g !== undefined);
    if (i >= 0) out.push({ type: KINDS[i]!, text: m[i + 1]! });
  }
  return out;
}

function cellPart(text: string): CellPart {
  const m = /^(\$?)([A-Za-z]{1,3})(\$?)(\d+)$/.exec(text)!;
  return { colAbsolute: m[1] === '$', col: columnIndex(m[2]!.toUpperCase()), rowAbsolute: m[3] === '$', row: Number(m[4]) - 1 };
}

function reference(text: string): FormulaNode {
  const bang = text.lastIndexOf('!');
  const sheet = bang < 0 ? undefined : text.slice(0, bang).replace(/^'([\s\S]*)'$/, '$1').replaceAll("''", "'");
  const [a, b] = text.slice(bang + 1).split(':');
  return { kind: 'ref', sheet, from: cellPart(a!), to: cellPart(b ?? a!) };
}

const COMPARISONS = new Set(['=', '<>', '<', '>', '<=', '>=']);

/** Recursive descent over the tokens, one method per level of Excel's operator precedence. */
class Parser {
  #i = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): FormulaNode {
    const tree = this.comparison();
    if (this.#i < this.tokens.length) throw new FormulaUnsupported(`unexpected "${this.tokens[this.#i]!.text}"`);
    return tree;
  }

  #peek(...ops: string[]): boolean {
    const t = this.tokens[this.#i];
    return t?.type === 'op' && ops.includes(t.text);
  }

  #take(): Token {
    const t = this.tokens[this.#i++];
    if (!t) throw new FormulaUnsupported('the formula ends too soon');
    return t;
  }

  #binary(next: () => FormulaNode, ops: (op: string) => boolean): FormulaNode {
    let left = next();
    while (this.tokens[this.#i]?.type === 'op' && ops(this.tokens[this.#i]!.text)) left = { kind: 'binary', op: this.#take().text, left, right: next() };
    return left;
  }

  comparison = (): FormulaNode => this.#binary(this.concat, (op) => COMPARISONS.has(op));
  concat = (): FormulaNode => this.#binary(this.sum, (op) => op === '&');
  sum = (): FormulaNode => this.#binary(this.product, (op) => op === '+' || op === '-');
  product = (): FormulaNode => this.#binary(this.power, (op) => op === '*' || op === '/');
  power = (): FormulaNode => this.#binary(this.unary, (op) => op === '^');
  // Negation binds tighter than ^ in Excel: =-2^2 is 4.
  unary = (): FormulaNode => (this.#peek('-', '+') ? { kind: 'unary', op: this.#take().text as '-' | '+', operand: this.unary() } : this.percent());

  percent(): FormulaNode {
    let node = this.primary();
    while (this.#peek('%')) node = (this.#take(), { kind: 'unary', op: '%', operand: node });
    return node;
  }

  primary(): FormulaNode {
    const t = this.#take();
    if (t.type === 'text') return { kind: 'text', value: t.text.slice(1, -1).replaceAll('""', '"') };
    if (t.type === 'number') return { kind: 'number', value: Number(t.text) };
    if (t.type === 'ref') return reference(t.text);
    if (t.type === 'error') return { kind: 'error', value: t.text };
    if (t.type === 'call') return { kind: 'call', name: t.text.toUpperCase(), args: this.#arguments() };
    if (t.type === 'name') return /^(TRUE|FALSE)$/i.test(t.text) ? { kind: 'boolean', value: t.text.toUpperCase() === 'TRUE' } : { kind: 'name', name: t.text };
    if (t.text === '(') {
      const inner = this.comparison();
      if (this.#take().text !== ')') throw new FormulaUnsupported('expected ")"');
      return inner;
    }
    if (t.text === '{') return this.#arrayConstant();
    throw new FormulaUnsupported(`unexpected "${t.text}"`);
  }

  #arguments(): FormulaNode[] {
    const args: FormulaNode[] = [];
    if (this.#peek(')')) return (this.#take(), args);
    for (;;) {
      args.push(this.comparison());
      const t = this.#take().text;
      if (t === ')') return args;
      if (t !== ',') throw new FormulaUnsupported('expected "," or ")"');
    }
  }

  #arrayConstant(): FormulaNode {
    const rows: FormulaNode[][] = [[]];
    for (;;) {
      rows[rows.length - 1]!.push(this.unary());
      const t = this.#take().text;
      if (t === '}') return { kind: 'array', rows };
      if (t === ';') rows.push([]);
      else if (t !== ',') throw new FormulaUnsupported('expected "," ";" or "}" in an array constant');
    }
  }
}

/** Reads formula text ("=…" or without the "=") into its tree. */
export function parseFormula(formula: string): FormulaNode {
  return new Parser(tokenize(formula.replace(/^\s*=/, ''))).parse();
}

/** Whether the tree has references that move with the cell across rows and across columns. */
export function relativeReferences(tree: FormulaNode): { rows: boolean; cols: boolean } {
  const found = { rows: false, cols: false };
  const visit = (node: FormulaNode): void => {
    if (node.kind === 'ref') {
      for (const p of [node.from, node.to]) {
        found.rows ||= !p.rowAbsolute;
        found.cols ||= !p.colAbsolute;
      }
    } else if (node.kind === 'call') node.args.forEach(visit);
    else if (node.kind === 'array') node.rows.flat().forEach(visit);
    else if (node.kind === 'unary') visit(node.operand);
    else if (node.kind === 'binary') [node.left, node.right].forEach(visit);
  };
  visit(tree);
  return found;
}
