// Row identity across files (BRIEF §3 "Identity"): by id, else by a number column both sides have,
// else by the natural key (problem, measure, unit); rows sharing a key pair up in file order.
import type { Measure } from './schema';
import { textKey } from './text';

// Merging twenty files matches each against every row kept so far: a row's keys are computed once.
// Measures are never changed in place (a merge makes a new object), so caching by object is safe.
const contentKeys = new WeakMap<Measure, string>();

/** Problem and measure text, ignoring white space and punctuation. */
export function contentKey(m: Measure): string {
  let k = contentKeys.get(m);
  if (k === undefined) {
    k = `${textKey(m.problem ?? '')}|${textKey(m.measure ?? '')}`;
    contentKeys.set(m, k);
  }
  return k;
}

export function naturalKey(m: Measure): string {
  return `${contentKey(m)}|${textKey(m.unit ?? '')}`;
}

export interface RowMatch {
  /** [base index, incoming index] */
  pairs: Array<[number, number]>;
  /** Incoming indexes with no partner in the base: new rows. */
  unmatched: number[];
}

/** Queues of base rows by key; taking from a queue skips rows another pass already paired. */
class KeyQueues {
  private readonly queues = new Map<string, number[]>();
  constructor(
    indexes: number[],
    key: (i: number) => string | undefined,
  ) {
    for (const i of indexes) {
      const k = key(i);
      if (k === undefined) continue;
      const q = this.queues.get(k);
      if (q) q.push(i);
      else this.queues.set(k, [i]);
    }
  }
  take(k: string | undefined, paired: Set<number>, prefer?: (i: number) => boolean): number | undefined {
    if (k === undefined) return undefined;
    const q = this.queues.get(k);
    if (!q) return undefined;
    while (q.length > 0 && paired.has(q[0]!)) q.shift();
    if (prefer) {
      const hit = q.findIndex((i) => !paired.has(i) && prefer(i));
      if (hit >= 0) return q.splice(hit, 1)[0];
    }
    return q.shift();
  }
}

/**
 * Pair each incoming row with at most one base row. Neither side's rows are ever collapsed: two
 * identical rows in one file pair with two different rows of the other, in order, or are new.
 */
export function matchRows(base: Measure[], incoming: Measure[]): RowMatch {
  const pairs: Array<[number, number]> = [];
  const pairedBase = new Set<number>();
  const pairedIn = new Set<number>();
  const pair = (b: number | undefined, i: number) => {
    if (b === undefined) return;
    pairs.push([b, i]);
    pairedBase.add(b);
    pairedIn.add(i);
  };
  const all = base.map((_, i) => i);

  const byId = new KeyQueues(all, (i) => base[i]!.id);
  incoming.forEach((m, i) => m.id && pair(byId.take(m.id, pairedBase), i));

  // A number column counts only when both sides have it: 问题编号 / 措施编号, never 序号.
  const useProblemNo = base.some((m) => m.problemNo) && incoming.some((m) => m.problemNo);
  const useMeasureNo = base.some((m) => m.measureNo) && incoming.some((m) => m.measureNo);
  if (useProblemNo || useMeasureNo) {
    const numberKey = (m: Measure) => {
      const p = useProblemNo ? (m.problemNo ?? '') : '';
      const n = useMeasureNo ? (m.measureNo ?? '') : '';
      return p || n ? `${textKey(p)}|${textKey(n)}` : undefined;
    };
    const byNumber = new KeyQueues(all, (i) => numberKey(base[i]!));
    // Within one number (several measures of one problem), the same text pairs first, then order.
    incoming.forEach((m, i) => {
      if (pairedIn.has(i)) return;
      const nk = naturalKey(m);
      const b = byNumber.take(numberKey(m), pairedBase, (j) => naturalKey(base[j]!) === nk);
      pair(b, i);
    });
  }

  const byNatural = new KeyQueues(all, (i) => naturalKey(base[i]!));
  incoming.forEach((m, i) => !pairedIn.has(i) && pair(byNatural.take(naturalKey(m), pairedBase), i));

  // A file without a unit column (and no 填报单位 line) still names the same measures.
  const byContent = new KeyQueues(all, (i) => contentKey(base[i]!));
  const byContentNoUnit = new KeyQueues(all, (i) => (base[i]!.unit ? undefined : contentKey(base[i]!)));
  incoming.forEach((m, i) => {
    if (pairedIn.has(i)) return;
    pair((m.unit ? byContentNoUnit : byContent).take(contentKey(m), pairedBase), i);
  });

  const unmatched = incoming.map((_, i) => i).filter((i) => !pairedIn.has(i));
  return { pairs, unmatched };
}
