// Row identity across files (BRIEF §3 "Identity"), the one matching that merge, check, push, the
// service and the add-in use. A row is matched by its id; otherwise only to a row of its own unit
// (units number their rows from 1, copy each other's files and share problems): first where the
// numbers and the texts agree, then by the texts (problem and measure, ignoring spacing and
// punctuation) where the numbers do not disagree, then by the number alone (text edited since).
// Rows sharing a key pair up in file order. A row matches at most one row of the other side, and no
// row of either side is collapsed.
import type { Measure } from './schema';
import { lastRemembered, textKey } from './text';

/** The fields identity reads; a push row's key has just these. */
export type IdentityFields = Pick<Measure, 'id' | 'problem' | 'measure' | 'unit' | 'problemNo' | 'measureNo'>;

/** What identity compares of a row, each text with white space, punctuation, width and case ignored. */
interface IdentityKeys {
  problem: string;
  measure: string;
  unit: string;
  /** Problem and measure: the text a row is filed under when looking for its copies. */
  content: string;
}

/** The identity keys of each row; the problem and unit a run of rows shares are keyed once for the run. */
function identityKeysOf(rows: readonly IdentityFields[]): IdentityKeys[] {
  const key = lastRemembered(textKey);
  const unit = lastRemembered(textKey);
  return rows.map((m) => {
    const problem = key(m.problem ?? '');
    const measure = textKey(m.measure ?? '');
    return { problem, measure, unit: unit(m.unit ?? ''), content: `${problem}|${measure}` };
  });
}

export interface RowMatch {
  /** [base index, incoming index] */
  pairs: Array<[number, number]>;
  /** Incoming indexes with no partner in the base: new rows. */
  unmatched: number[];
}

/** Base rows queued by key, in file order; taking one skips rows an earlier pass already paired. */
class KeyQueues {
  private readonly queues = new Map<string, number[]>();
  constructor(count: number, key: (i: number) => string | undefined) {
    for (let i = 0; i < count; i++) {
      const k = key(i);
      if (k === undefined) continue;
      const q = this.queues.get(k);
      if (q) q.push(i);
      else this.queues.set(k, [i]);
    }
  }
  /** The first base row of this key not yet paired that `accept` (if given) allows. */
  take(k: string | undefined, paired: Set<number>, accept?: (b: number) => boolean): number | undefined {
    if (k === undefined) return undefined;
    const q = this.queues.get(k);
    if (!q) return undefined;
    while (q.length > 0 && paired.has(q[0]!)) q.shift();
    if (!accept) return q.shift();
    const at = q.findIndex((b) => !paired.has(b) && accept(b));
    return at < 0 ? undefined : q.splice(at, 1)[0];
  }
}

/** Which number columns a side has (some row gives a value); a column only one side has cannot tell rows apart. */
export interface NumberColumns {
  problemNo: boolean;
  measureNo: boolean;
}
type Shared = NumberColumns;

export function numberColumnsOf(rows: readonly IdentityFields[]): NumberColumns {
  return { problemNo: rows.some((m) => m.problemNo), measureNo: rows.some((m) => m.measureNo) };
}

// A number column counts only when both sides have it: 问题编号 / 措施编号, never 序号.
function sharedNumbers(base: NumberColumns, incoming: readonly IdentityFields[]): Shared {
  return {
    problemNo: base.problemNo && incoming.some((m) => m.problemNo),
    measureNo: base.measureNo && incoming.some((m) => m.measureNo),
  };
}

/**
 * The units, of those the base's rows name as stored (`baseUnits`), whose rows `matchRows` may pair
 * with `incoming`: the units the incoming rows name (spelled alike) and those that are no name;
 * undefined when an incoming row names no unit (it may be any unit's). Matching only the base's rows
 * of these units (or of none), with `numberColumnsOf` the whole base, gives the pairs matching the
 * whole base gives: a row never pairs with a row another unit names.
 */
export function unitsToMatch(incoming: readonly IdentityFields[], baseUnits: readonly string[]): string[] | undefined {
  const wanted = new Set<string>();
  for (const m of incoming) {
    const unit = textKey(m.unit ?? '');
    if (unit === '') return undefined;
    wanted.add(unit);
  }
  return baseUnits.filter((u) => {
    const unit = textKey(u);
    return unit === '' || wanted.has(unit);
  });
}

/** `build()`, called on first use and kept. */
function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

function numberKey(m: IdentityFields, shared: Shared): string | undefined {
  const p = shared.problemNo ? textKey(m.problemNo ?? '') : '';
  const n = shared.measureNo ? textKey(m.measureNo ?? '') : '';
  return p || n ? `${p}|${n}` : undefined;
}

/**
 * The texts of a row: problem and measure, or the measure alone when `measureOnly` (one of the two
 * rows has no problem text: a file without a problem column names measures only).
 */
function textsKey(k: IdentityKeys, measureOnly: boolean): string | undefined {
  if (!k.measure && !k.problem) return undefined;
  return measureOnly ? (k.measure ? `|${k.measure}` : undefined) : k.content;
}

type Step = (m: IdentityFields, k: IdentityKeys, shared: Shared, measureOnly: boolean) => string | undefined;

const BY_NUMBER_AND_TEXTS: Step = (m, k, shared, measureOnly) => {
  const n = numberKey(m, shared);
  const t = textsKey(k, measureOnly);
  return n === undefined || t === undefined ? undefined : `${n}#${t}`;
};
const BY_TEXTS: Step = (_m, k, _shared, measureOnly) => textsKey(k, measureOnly);
const BY_NUMBER: Step = (m, _k, shared) => numberKey(m, shared);

/**
 * Pair each incoming row with at most one base row. Neither side's rows are ever collapsed: two
 * identical rows in one file pair with two different rows of the other, in order, or are new.
 * `baseNumbers`: the number columns of the whole base, when `base` holds only the rows of it that
 * can match (see unitsToMatch).
 */
export function matchRows(base: readonly IdentityFields[], incoming: readonly IdentityFields[], baseNumbers?: NumberColumns): RowMatch {
  if (base.length === 0) return { pairs: [], unmatched: incoming.map((_, i) => i) };
  const pairs: Array<[number, number]> = [];
  const pairedBase = new Set<number>();
  const pairedIn = new Set<number>();
  const pair = (b: number | undefined, i: number) => {
    if (b === undefined) return;
    pairs.push([b, i]);
    pairedBase.add(b);
    pairedIn.add(i);
  };

  const byId = new KeyQueues(base.length, (i) => base[i]!.id);
  incoming.forEach((m, i) => m.id && pair(byId.take(m.id, pairedBase), i));

  const sides: Sides = {
    base,
    incoming,
    baseKeys: identityKeysOf(base),
    inKeys: identityKeysOf(incoming),
    shared: sharedNumbers(baseNumbers ?? numberColumnsOf(base), incoming),
    pairedBase,
    pairedIn,
    pair,
  };
  const run = (step: Step, scope: Scope, baseOk: Admit, inOk: Admit) => runStep(sides, step, scope, baseOk, inOk);
  const any = () => true;
  const sameUnit: Scope = (k) => k.unit;
  const named: Admit = (k) => k.unit !== '';
  // Within a unit (rows that name none form a unit of their own, told apart by their texts only:
  // two files without a unit column may come from two units numbering alike).
  const numbered = sides.shared.problemNo || sides.shared.measureNo;
  if (numbered) run(BY_NUMBER_AND_TEXTS, sameUnit, any, any);
  run(BY_TEXTS, sameUnit, any, any);
  if (numbered) run(BY_NUMBER, sameUnit, named, named);
  // A row that names no unit (a file without a unit column or 填报单位 line) may be any unit's row,
  // matched by its texts, never by a number alone.
  const unnamed: Admit = (k) => !named(k);
  const anyUnit: Scope = () => '';
  const baseUnnamed = sides.baseKeys.some(unnamed);
  for (const step of numbered ? [BY_NUMBER_AND_TEXTS, BY_TEXTS] : [BY_TEXTS]) {
    run(step, anyUnit, any, unnamed);
    if (baseUnnamed) run(step, anyUnit, unnamed, named);
  }

  const unmatched: number[] = [];
  incoming.forEach((_, i) => pairedIn.has(i) || unmatched.push(i));
  return { pairs, unmatched };
}

type Scope = (k: IdentityKeys) => string;
type Admit = (k: IdentityKeys) => boolean;

/** Both sides of a matching, their keys, and the pairs made so far. */
interface Sides {
  base: readonly IdentityFields[];
  incoming: readonly IdentityFields[];
  baseKeys: readonly IdentityKeys[];
  inKeys: readonly IdentityKeys[];
  shared: Shared;
  pairedBase: Set<number>;
  pairedIn: Set<number>;
  pair: (b: number | undefined, i: number) => void;
}

/**
 * One step of the cascade over the rows `baseOk` and `inOk` admit, keyed within `scope` (the unit,
 * or '' for any). Rows with a problem text pair by problem and measure; a row on either side
 * without one pairs with the other by its measure alone.
 */
function runStep(s: Sides, step: Step, scope: Scope, baseOk: Admit, inOk: Admit): void {
  const { base, incoming, baseKeys, inKeys, shared } = s;
  if (s.pairedBase.size === base.length || !incoming.some((_, i) => !s.pairedIn.has(i) && inOk(inKeys[i]!))) return;
  const hasProblem = (k: IdentityKeys) => k.problem !== '';
  const anyBare = baseKeys.some((k) => !hasProblem(k));
  // Audit ledgers repeat one text on rows told apart only by their numbers: two rows whose
  // numbers both exist and differ are two measures, however alike their texts.
  const numbersAgree = (m: IdentityFields) => {
    const n = numberKey(m, shared);
    return (b: number) => {
      const o = numberKey(base[b]!, shared);
      return n === undefined || o === undefined || n === o;
    };
  };
  const key = (m: IdentityFields, k: IdentityKeys, measureOnly: boolean) => {
    const stepKey = step(m, k, shared, measureOnly);
    return stepKey === undefined ? undefined : `${scope(k)}\u0000${stepKey}`;
  };
  const baseKey = (i: number, admit: (k: IdentityKeys) => boolean, measureOnly: boolean) =>
    baseOk(baseKeys[i]!) && admit(baseKeys[i]!) ? key(base[i]!, baseKeys[i]!, measureOnly) : undefined;
  // Built on first use: most files have a problem column on both sides and need only `full`.
  const full = lazy(() => new KeyQueues(base.length, (i) => baseKey(i, hasProblem, false)));
  const measureOfAny = lazy(() => new KeyQueues(base.length, (i) => baseKey(i, () => true, true)));
  const measureOfBare = lazy(() => new KeyQueues(base.length, (i) => baseKey(i, (k) => !hasProblem(k), true)));
  incoming.forEach((m, i) => {
    const k = inKeys[i]!;
    if (s.pairedIn.has(i) || !inOk(k)) return;
    const accept = numbersAgree(m);
    if (hasProblem(k)) s.pair(full().take(key(m, k, false), s.pairedBase, accept) ?? (anyBare ? measureOfBare().take(key(m, k, true), s.pairedBase, accept) : undefined), i);
    else s.pair(measureOfAny().take(key(m, k, true), s.pairedBase, accept), i);
  });
}
