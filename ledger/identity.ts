// Row identity across files (BRIEF §3 "Identity"), the one matching that merge, check, push, the
// service and the add-in use. A row is matched by its id; otherwise only to a row of its own unit
// (units number their rows from 1, copy each other's files and share problems): first where the
// numbers and the texts agree, then by the texts (problem and measure, ignoring spacing and
// punctuation) where the numbers do not disagree, then by the number alone (text edited since).
// Rows sharing a key pair up in file order. A row matches at most one row of the other side, and no
// row of either side is collapsed.
import type { Measure } from './schema';
import { textKey } from './text';

/** The fields identity reads; a push row's key has just these. */
export type IdentityFields = Pick<Measure, 'id' | 'problem' | 'measure' | 'unit' | 'problemNo' | 'measureNo'>;

// Merging twenty files matches each against every row kept so far: a row's keys are computed once.
// Measures are never changed in place (a merge makes a new object), so caching by object is safe.
// The content key is made once too: a string made anew for each look-up costs its copy and its hash.
const cache = new WeakMap<IdentityFields, { problem: string; measure: string; unit: string; content: string }>();

function keysOf(m: IdentityFields) {
  let k = cache.get(m);
  if (!k) {
    const problem = textKey(m.problem ?? '');
    const measure = textKey(m.measure ?? '');
    k = { problem, measure, unit: textKey(m.unit ?? ''), content: `${problem}|${measure}` };
    cache.set(m, k);
  }
  return k;
}

/** The unit a row answers for, as identity compares it ('' when the row names none). */
export function unitKey(m: IdentityFields): string {
  return keysOf(m).unit;
}

/** Problem and measure text, ignoring white space and punctuation. */
export function contentKey(m: IdentityFields): string {
  return keysOf(m).content;
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

/** Which identity columns both sides have: a column only one side has cannot tell rows apart. */
interface Shared {
  problemNo: boolean;
  measureNo: boolean;
}

// A number column counts only when both sides have it: 问题编号 / 措施编号, never 序号.
function sharedNumbers(base: readonly IdentityFields[], incoming: readonly IdentityFields[]): Shared {
  return {
    problemNo: base.some((m) => m.problemNo) && incoming.some((m) => m.problemNo),
    measureNo: base.some((m) => m.measureNo) && incoming.some((m) => m.measureNo),
  };
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
function textsKey(m: IdentityFields, measureOnly: boolean): string | undefined {
  const k = keysOf(m);
  if (!k.measure && !k.problem) return undefined;
  return measureOnly ? (k.measure ? `|${k.measure}` : undefined) : `${k.problem}|${k.measure}`;
}

type Step = (m: IdentityFields, shared: Shared, measureOnly: boolean) => string | undefined;

const BY_NUMBER_AND_TEXTS: Step = (m, shared, measureOnly) => {
  const n = numberKey(m, shared);
  const t = textsKey(m, measureOnly);
  return n === undefined || t === undefined ? undefined : `${n}#${t}`;
};
const BY_TEXTS: Step = (m, _shared, measureOnly) => textsKey(m, measureOnly);
const BY_NUMBER: Step = (m, shared) => numberKey(m, shared);

/**
 * Pair each incoming row with at most one base row. Neither side's rows are ever collapsed: two
 * identical rows in one file pair with two different rows of the other, in order, or are new.
 */
export function matchRows(base: readonly IdentityFields[], incoming: readonly IdentityFields[]): RowMatch {
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

  const shared = sharedNumbers(base, incoming);
  const hasProblem = (m: IdentityFields) => keysOf(m).problem !== '';
  const anyBare = base.some((m) => !hasProblem(m));

  /**
   * One step of the cascade over the rows `baseOk` and `inOk` admit, keyed within `scope` (the unit,
   * or '' for any). Rows with a problem text pair by problem and measure; a row on either side
   * without one pairs with the other by its measure alone.
   */
  const run = (step: Step, scope: (m: IdentityFields) => string, baseOk: (m: IdentityFields) => boolean, inOk: (m: IdentityFields) => boolean) => {
    if (pairedBase.size === base.length || !incoming.some((m, i) => !pairedIn.has(i) && inOk(m))) return;
    // Audit ledgers repeat one text on rows told apart only by their numbers: two rows whose
    // numbers both exist and differ are two measures, however alike their texts.
    const numbersAgree = (m: IdentityFields) => {
      const n = numberKey(m, shared);
      return (b: number) => {
        const o = numberKey(base[b]!, shared);
        return n === undefined || o === undefined || n === o;
      };
    };
    const key = (m: IdentityFields, measureOnly: boolean) => {
      const k = step(m, shared, measureOnly);
      return k === undefined ? undefined : `${scope(m)}\u0000${k}`;
    };
    // Built on first use: most files have a problem column on both sides and need only `full`.
    const full = lazy(() => new KeyQueues(base.length, (i) => (baseOk(base[i]!) && hasProblem(base[i]!) ? key(base[i]!, false) : undefined)));
    const measureOfAny = lazy(() => new KeyQueues(base.length, (i) => (baseOk(base[i]!) ? key(base[i]!, true) : undefined)));
    const measureOfBare = lazy(() => new KeyQueues(base.length, (i) => (baseOk(base[i]!) && !hasProblem(base[i]!) ? key(base[i]!, true) : undefined)));
    incoming.forEach((m, i) => {
      if (pairedIn.has(i) || !inOk(m)) return;
      const accept = numbersAgree(m);
      if (hasProblem(m)) pair(full().take(key(m, false), pairedBase, accept) ?? (anyBare ? measureOfBare().take(key(m, true), pairedBase, accept) : undefined), i);
      else pair(measureOfAny().take(key(m, true), pairedBase, accept), i);
    });
  };

  const any = () => true;
  const sameUnit = (m: IdentityFields) => unitKey(m);
  const named = (m: IdentityFields) => unitKey(m) !== '';
  // Within a unit (rows that name none form a unit of their own, told apart by their texts only:
  // two files without a unit column may come from two units numbering alike).
  const numbered = shared.problemNo || shared.measureNo;
  if (numbered) run(BY_NUMBER_AND_TEXTS, sameUnit, any, any);
  run(BY_TEXTS, sameUnit, any, any);
  if (numbered) run(BY_NUMBER, sameUnit, named, named);
  // A row that names no unit (a file without a unit column or 填报单位 line) may be any unit's row,
  // matched by its texts, never by a number alone.
  const unnamed = (m: IdentityFields) => !named(m);
  const anyUnit = () => '';
  const baseUnnamed = base.some(unnamed);
  for (const step of numbered ? [BY_NUMBER_AND_TEXTS, BY_TEXTS] : [BY_TEXTS]) {
    run(step, anyUnit, any, unnamed);
    if (baseUnnamed) run(step, anyUnit, unnamed, named);
  }

  const unmatched: number[] = [];
  incoming.forEach((_, i) => pairedIn.has(i) || unmatched.push(i));
  return { pairs, unmatched };
}
