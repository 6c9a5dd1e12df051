// Rollups (BRIEF §5) and the report sentence in the office's own phrasing.
import { isOverdue } from './overdue';
import { STATUS_CODES, type CampaignConfig, type CategoryRollup, type IsoDate, type Lang, type Measure, type Rollup, type StatusCounts, type UnitRollup } from './schema';
import { categoryKey } from './category';
import { isCompletedStatus } from './status';
import { lastRemembered, textKey, TextKeyNumbers } from './text';

export const NO_CATEGORY = '（未分类）';
export const NO_UNIT = '（未指定单位）';

class Tally {
  measures = 0;
  completed = 0;
  overdue = 0;
  closed = 0;
  extensionsPending = 0;
  readonly status = Object.fromEntries(STATUS_CODES.map((code) => [code, 0])) as StatusCounts;
  /** The problems counted, one bit for each number given to a distinct problem text. */
  private problemBits = new Uint32Array(64);
  private problems = 0;

  add(m: Measure, overdue: boolean, problem: number | undefined) {
    this.measures++;
    // A status that is missing or not recognised is not progress: it counts as not started (and is flagged).
    const status = m.status ?? 'not_started';
    this.status[status]++;
    if (isCompletedStatus(status)) this.completed++;
    if (overdue) this.overdue++;
    if (m.closure?.state === 'approved') this.closed++;
    if (m.extension?.state === 'requested') this.extensionsPending++;
    if (problem !== undefined) this.countProblem(problem);
  }

  private countProblem(n: number) {
    const word = n >>> 5;
    if (word >= this.problemBits.length) {
      const bits = new Uint32Array(Math.max(word + 1, this.problemBits.length * 2));
      bits.set(this.problemBits);
      this.problemBits = bits;
    }
    const bit = 1 << (n & 31);
    if ((this.problemBits[word]! & bit) === 0) this.problems++;
    this.problemBits[word]! |= bit;
  }

  figures() {
    return {
      measures: this.measures,
      problems: this.problems,
      status: { ...this.status },
      completed: this.completed,
      overdue: this.overdue,
      completionRate: this.measures === 0 ? 0 : Math.round((this.completed / this.measures) * 10_000) / 10_000,
      closed: this.closed,
      extensionsPending: this.extensionsPending,
    };
  }
}

/** Tallies keyed by identity, kept in the order given first by `order`, then as first seen. */
function grouped(order: string[], keyOf: (name: string) => string) {
  const groups = new Map<string, { name: string; tally: Tally }>();
  for (const name of order) groups.set(keyOf(name), { name, tally: new Tally() });
  // A campaign names a few hundred units and categories: each name as written is keyed once.
  const byName = new Map<string, Tally>();
  return {
    get(name: string) {
      let tally = byName.get(name);
      if (!tally) {
        const k = keyOf(name);
        let g = groups.get(k);
        if (!g) groups.set(k, (g = { name, tally: new Tally() }));
        byName.set(name, (tally = g.tally));
      }
      return tally;
    },
    list: () => [...groups.values()],
  };
}

/**
 * The category a measure is counted under: none when it has none, or when it names only an ordinal
 * ("第九类") that could not be resolved to a category: such a row is flagged, never made a category.
 */
export function categoryOf(m: Measure): string {
  return m.category === undefined ? NO_CATEGORY : countedCategory(m.category);
}

/** A category text as categoryOf counts it. */
export function countedCategory(text: string): string {
  return categoryKey(text) !== '' ? text : NO_CATEGORY;
}

export function computeRollup(measures: Measure[], asOf: IsoDate, config?: CampaignConfig, lang: Lang = 'zh'): Rollup {
  const total = new Tally();
  const categories = grouped(config?.categories ?? [], categoryKey);
  const units = grouped(config?.units ?? [], textKey);
  const problemNumbers = new TextKeyNumbers();
  const problemNumber = lastRemembered((text: string): number | undefined => {
    const n = problemNumbers.of(text);
    return n === problemNumbers.empty ? undefined : n;
  });
  const category = lastRemembered(countedCategory);
  measures.forEach((m) => {
    const overdue = isOverdue(m, asOf);
    const problem = m.problem ? problemNumber(m.problem) : undefined;
    total.add(m, overdue, problem);
    categories.get(m.category === undefined ? NO_CATEGORY : category(m.category)).add(m, overdue, problem);
    units.get(m.unit ?? NO_UNIT).add(m, overdue, problem);
  });
  // Rows without a category or unit are listed last, wherever they stand in the ledger.
  const lastIf = (none: string) => (a: { name: string }, b: { name: string }) => Number(a.name === none) - Number(b.name === none);
  const byCategory: CategoryRollup[] = categories
    .list()
    .filter((g) => g.tally.measures > 0)
    .sort(lastIf(NO_CATEGORY))
    .map((g) => ({ category: g.name, ...g.tally.figures() }));
  const byUnit: UnitRollup[] = units
    .list()
    .filter((g) => g.tally.measures > 0)
    .sort(lastIf(NO_UNIT))
    .map((g) => ({ unit: g.name, ...g.tally.figures() }));
  const figures = total.figures();
  const rollup: Omit<Rollup, 'report'> = {
    ...figures,
    categories: byCategory.filter((c) => c.category !== NO_CATEGORY).length,
    asOf,
    byCategory,
    byUnit,
  };
  return { ...rollup, report: reportSentence(rollup, lang) };
}

/**
 * 共梳理形成6大类、126个问题，制定305项整改措施，已完成213项（含已完成并需长期坚持的措施96项），已启动92项,
 * and ，已销号50项 once the office has closed off any.
 */
export function reportSentence(r: Omit<Rollup, 'report'>, lang: Lang = 'zh'): string {
  if (lang === 'en') {
    const cats = r.categories > 0 ? `${r.categories} categories, ` : '';
    let s = `${cats}${r.problems} problems and ${r.measures} measures; ${r.completed} completed`;
    if (r.status.done_ongoing > 0) s += ` (${r.status.done_ongoing} of them done and kept up long-term)`;
    s += `, ${r.status.in_progress} started`;
    if (r.status.not_started > 0) s += `, ${r.status.not_started} not yet started`;
    if (r.closed > 0) s += `; ${r.closed} closed off by the office`;
    return `${s}.`;
  }
  // A ledger without categories is reported without the 大类 count rather than as "0大类".
  const cats = r.categories > 0 ? `${r.categories}大类、` : '';
  let s = `共梳理形成${cats}${r.problems}个问题，制定${r.measures}项整改措施，已完成${r.completed}项`;
  if (r.status.done_ongoing > 0) s += `（含已完成并需长期坚持的措施${r.status.done_ongoing}项）`;
  s += `，已启动${r.status.in_progress}项`;
  if (r.status.not_started > 0) s += `，尚未启动${r.status.not_started}项`;
  if (r.closed > 0) s += `，已销号${r.closed}项`;
  return s;
}
