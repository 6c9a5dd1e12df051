// `ledger merge`: consolidate many workbooks into one master ledger. The same measure in two files
// (matched as BRIEF §3 "Identity" says) appears once, the later file winning where the two differ in
// meaning, and every field that differed is reported. Rows of one file are never collapsed, and every
// row of every file is in the master exactly once (`placement` says where).
import { sortFindings, withResolvedCategories } from './check';
import { chineseDate } from './dates';
import { extensionText } from './extension';
import { columnLetter } from './grid';
import { matchRows } from './identity';
import { NumberIndex } from './number-index';
import { FIELD_LABELS } from './labels';
import { cellMeaning, fieldMeaning, measureKeys, type ColumnField } from './meaning';
import { fieldColumn } from './read';
import type { CategoryIndex } from './category';
import type { LedgerRow, Master, MergeResult, ParsedLedger } from './model';
import { computeRollup, countedCategory, NO_CATEGORY } from './rollup';
import { duplicateFindings, finding, ledgerFindings, resolveLedgerCategories, rowFindings, type RuleContext } from './rules';
import type { CampaignConfig, ExtraColumn, Finding, IsoDate, Lang, Measure } from './schema';
import { statusWords } from './status';
import { lastRemembered, normalizeText, textKeyHash, TextKeyNumbers } from './text';

export interface MergeOptions {
  asOf: IsoDate;
  config?: CampaignConfig;
  lang?: Lang;
  title?: string;
}

/** The fields a copy can carry, in ledger order. */
const MERGED_FIELDS: ColumnField[] = [
  'category', 'problemNo', 'problem', 'measureNo', 'measure', 'leader', 'leadUnit', 'unit', 'coUnit', 'owner',
  'deadline', 'status', 'progress', 'completedOn', 'evidence', 'remarks', 'closure', 'extension',
];

/** A field's value as a person reads it in a finding: dates as dates, statuses by their word. */
function shown(m: Measure, field: ColumnField): string {
  switch (field) {
    case 'deadline':
      return m.deadline ? (m.deadline.kind === 'date' ? chineseDate(m.deadline.date) : m.deadline.text) : '';
    case 'status':
      return statusWords(m) ?? '';
    case 'completedOn':
      return m.completedOn ? chineseDate(m.completedOn) : (m.completedOnText ?? '');
    case 'closure':
      return m.closure ? `${m.closure.state}${m.closure.on ? ` ${m.closure.on}` : ''}` : '';
    case 'extension':
      return m.extension ? extensionText(m.extension) : '';
    default: {
      const v = m[field];
      return typeof v === 'string' ? normalizeText(v) : '';
    }
  }
}

function extraShown(v: unknown): string {
  return v === undefined || v === null ? '' : normalizeText(String(v));
}

/**
 * One row of the master as it is being built. A class rather than object literals: V8 allocates
 * literals that keep surviving straight into its old generation, a costly way to make 100,000 of them.
 */
class Kept {
  constructor(
    readonly row: LedgerRow,
    /** The parsed ledger its winning copy came from, for column letters in findings. */
    readonly origin: ParsedLedger,
    /** The fields and extra columns some copy of it had: only those can differ. */
    readonly known: ReadonlySet<string>,
  ) {}
}

/** The kept rows grouped by category as the master ledger, and where each kept row went in it. */
function orderedMaster(
  rows: LedgerRow[],
  categories: CategoryIndex,
  extraColumns: ExtraColumn[],
  ledgers: ParsedLedger[],
  opts: MergeOptions,
): { master: Master; position: Int32Array } {
  const order = groupOrder(rows, categories.names);
  const position = new Int32Array(rows.length);
  order.forEach((from, to) => (position[from] = to));
  const ordered = order.map((i) => rows[i]!);
  const used = new Set<string>();
  rows.forEach((r) => r.measure.category !== undefined && used.add(r.measure.category));
  const master: Master = {
    title: opts.title ?? ledgers.find((l) => l.title)?.title ?? '整改工作台账',
    asOf: opts.asOf,
    categories: [...new Set([...(opts.config?.categories ?? []).map((c) => categories.resolve(c) ?? c), ...categories.names])].filter(
      (c) => used.has(c) || (opts.config?.categories.length ?? 0) > 0,
    ),
    extraColumns,
    rows: ordered,
  };
  return { master, position };
}

/** The fields a file carries for each of its rows: its columns, the merged fields the row has, its extra columns. */
function carriedFor(ledger: ParsedLedger): (m: Measure) => ReadonlySet<string> {
  const columns = new Set<string>([...ledger.columns.map((c) => c.field), ...ledger.extraColumns.map((e) => `extra:${e.key}`)]);
  const beyond = MERGED_FIELDS.filter((f) => !columns.has(f)).map((field) => ({ field, keys: measureKeys(field) }));
  // A row can carry a field its file has no column for (a category from a category line, the unit
  // from the 填报单位 line). Rows carrying the same such fields (one bit each, in `beyond` order)
  // share one set (never changed: a merge copies it).
  const sets = new Map<number, ReadonlySet<string>>([[0, columns]]);
  return (m) => {
    // Indexed loops: this runs for every row, from before V8 optimises it, and allocates nothing so.
    let more = 0;
    for (let b = 0; b < beyond.length; b++) {
      const keys = beyond[b]!.keys;
      for (let j = 0; j < keys.length; j++) if (m[keys[j]!] !== undefined) more |= 1 << b;
    }
    let set = sets.get(more);
    if (!set) sets.set(more, (set = new Set([...columns, ...beyond.filter((_, b) => more & (1 << b)).map((x) => x.field)])));
    return set;
  };
}

interface Merging {
  kept: Kept[];
  index: KeptIndex;
  usedIds: Set<string>;
  findings: Finding[];
  lang: Lang;
}

/**
 * Merges one file's rows into the kept rows: each pairs with a kept row or is kept as new. Returns
 * where each row went. `measureHashes` are the textKeyHash of each row's measure text.
 */
function placeRows(ledger: ParsedLedger, measureHashes: Int32Array, m: Merging): number[] {
  const { kept, index, usedIds } = m;
  const carried = carriedFor(ledger);
  const placed: number[] = [];
  const incoming = ledger.rows.map((r) => r.measure);
  const filings = filingsOf(incoming, measureHashes);
  const { pairs, unmatched } = matchAgainst(kept, incoming, filings, index);
  // forEach rather than for…of: these run once a file, mostly before V8 has optimised them, where
  // for…of allocates at every step.
  pairs.forEach(([b, i]) => {
    kept[b] = mergeCopy(kept[b]!, ledger, ledger.rows[i]!, carried(ledger.rows[i]!.measure), usedIds, m.findings, m.lang);
    index.replace(b, kept[b]!.row.measure);
    placed[i] = b;
  });
  unmatched.forEach((i) => {
    const row = ledger.rows[i]!;
    // A row copied in Excel carries its original's hidden id: the copy is a row of its own.
    const id = row.measure.id;
    const measure = id !== undefined && usedIds.has(id) ? withoutId(row.measure) : row.measure;
    if (measure.id) usedIds.add(measure.id);
    placed[i] = kept.length;
    // Without its id, a copied row is filed under the same unit and texts.
    index.add(kept.length, measure.id, filings.units[i]!, filings.contents[i]!);
    kept.push(new Kept(measure === row.measure ? row : { ...row, measure }, ledger, carried(row.measure)));
  });
  return placed;
}

export function mergeLedgers(ledgers: ParsedLedger[], opts: MergeOptions): MergeResult {
  const lang = opts.lang ?? 'zh';
  const findings: Finding[] = [];
  const kept: Kept[] = [];
  const extraColumns: ExtraColumn[] = [];
  const extraKeys = new Set<string>();
  const usedIds = new Set<string>();
  const index = new KeptIndex(ledgers.reduce((n, l) => n + l.rows.length, 0));
  /** Per input ledger, per row: its index in `kept`. */
  const placedAt: number[][] = [];

  // "第一类" in one unit's file and "一、理论学习" in the office's name one category: resolve before
  // matching, so copies compare by the category they mean.
  const categories = resolveLedgerCategories(ledgers, opts.config);
  const resolved = ledgers.map((l) => ({ ...l, rows: withResolvedCategories(l.rows, categories.resolve) }));

  for (const ledger of resolved) {
    // Finding duplicates and filing rows both group rows by their measure text's hash: hashed once.
    const measureHashes = new Int32Array(ledger.rows.length);
    ledger.rows.forEach((r, i) => (measureHashes[i] = textKeyHash(r.measure.measure ?? '')));
    findings.push(...ledger.findings, ...ledgerFindings(ledger, lang), ...duplicateFindings(ledger, lang, measureHashes));
    for (const e of ledger.extraColumns) {
      if (extraKeys.has(e.key)) continue;
      extraKeys.add(e.key);
      extraColumns.push({ key: e.key, label: e.label });
    }
    placedAt.push(placeRows(ledger, measureHashes, { kept, index, usedIds, findings, lang }));
  }

  const rows = kept.map((k) => k.row);
  const ctx: RuleContext = { asOf: opts.asOf, lang, categories, ...(opts.config ? { config: opts.config } : {}) };
  kept.forEach((k) => rowFindings(k.row, k.origin, ctx, findings));
  const { master, position } = orderedMaster(rows, categories, extraColumns, ledgers, opts);
  const rollup = computeRollup(
    master.rows.map((r) => r.measure),
    opts.asOf,
    opts.config,
    lang,
  );
  const placement = placedAt.map((placed) => placed.map((k) => position[k]!));
  return { master, findings: sortFindings(findings), rollup, placement };
}

function withoutId(m: Measure): Measure {
  const { id: _id, version: _version, ...rest } = m;
  return rest;
}

/**
 * A later copy of a kept row: each field it carries replaces the kept one where the two differ in
 * meaning (and is reported); where they mean the same, the kept wording stays, so a unit's
 * "2018-09-30" does not overwrite the office's "2018年9月底前".
 */
function mergeCopy(
  before: Kept,
  ledger: ParsedLedger,
  copy: LedgerRow,
  has: ReadonlySet<string>,
  usedIds: Set<string>,
  findings: Finding[],
  lang: Lang,
): Kept {
  const differs = (field: string, label: string, column: string, was: string, now: string) => {
    if (!before.known.has(field)) return;
    findings.push({
      ...finding(ledger, copy.source.row, '', 'copies_differ', lang, { field: label, other: was, value: now, file: before.row.source.file }),
      column,
      field: field.startsWith('extra:') ? label : field,
    });
  };
  const was = before.row.measure;
  const merged: Measure = { ...was, extras: { ...was.extras } };
  for (const field of MERGED_FIELDS) {
    if (!has.has(field) || fieldMeaning(field, was) === fieldMeaning(field, copy.measure)) continue;
    differs(field, FIELD_LABELS[field][lang], fieldColumn(ledger, field), shown(was, field), shown(copy.measure, field));
    for (const k of measureKeys(field)) {
      if (copy.measure[k] === undefined) delete merged[k];
      else Object.assign(merged, { [k]: copy.measure[k] });
    }
  }
  for (const e of ledger.extraColumns) {
    if (cellMeaning(was.extras[e.key]) === cellMeaning(copy.measure.extras[e.key])) continue;
    differs(`extra:${e.key}`, e.label, columnLetter(e.index), extraShown(was.extras[e.key]), extraShown(copy.measure.extras[e.key]));
    const v = copy.measure.extras[e.key];
    if (v === undefined) delete merged.extras[e.key];
    else merged.extras[e.key] = v;
  }
  // Ids and versions are the service's: a copy carries them on when the kept row has none yet.
  const id = copy.measure.id;
  if (merged.id === undefined && id !== undefined && !usedIds.has(id)) {
    merged.id = id;
    usedIds.add(id);
    if (copy.measure.version !== undefined) merged.version = copy.measure.version;
  } else if (merged.id !== undefined && merged.id === id && copy.measure.version !== undefined) {
    merged.version = copy.measure.version;
  }
  const known = new Set(before.known);
  for (const f of has) known.add(f);
  return new Kept({ measure: merged, source: copy.source }, ledger, known);
}

/**
 * Where rows are filed in the kept rows' index: their ids, and hashes of their units and of their
 * problem and measure texts as identity compares them. Two texts may share a hash; that only adds a
 * candidate, which matchRows then tells apart, and no key string is made for a row no other file
 * shares. Kept as columns of numbers: no object per row.
 */
interface Filings {
  ids: (string | undefined)[];
  units: Int32Array;
  contents: Int32Array;
}

function contentHash(problemHash: number, measureHash: number): number {
  return Math.imul(problemHash ^ 0x9e3779b9, 0x85ebca6b) ^ measureHash;
}

function filingsOf(measures: Measure[], measureHashes: Int32Array): Filings {
  // Runs of rows share a problem (merged down over its measures) and a unit: each is hashed once a run.
  const problemHash = lastRemembered(textKeyHash);
  const unitHash = lastRemembered(textKeyHash);
  const units = new Int32Array(measures.length);
  const contents = new Int32Array(measures.length);
  measures.forEach((m, i) => {
    units[i] = unitHash(m.unit ?? '');
    contents[i] = contentHash(problemHash(m.problem ?? ''), measureHashes[i]!);
  });
  return { ids: measures.map((m) => m.id), units, contents };
}

/** The kept rows by id, unit and text, kept up to date as rows are added and merged. */
class KeptIndex {
  private readonly byId = new Map<string, number | number[]>();
  private readonly byUnit = new Map<number, number | number[]>();
  private readonly byText: NumberIndex;
  private readonly ids: (string | undefined)[] = [];
  // Sized for every row there is to keep, rather than grown (and copied) as rows come.
  private readonly units: Int32Array;
  private readonly contents: Int32Array;

  constructor(capacity: number) {
    this.byText = new NumberIndex(capacity);
    this.units = new Int32Array(capacity);
    this.contents = new Int32Array(capacity);
  }

  add(i: number, id: string | undefined, unit: number, content: number): void {
    if (id) file(this.byId, id, i);
    file(this.byUnit, unit, i);
    this.byText.add(content, i);
    this.ids[i] = id;
    this.units[i] = unit;
    this.contents[i] = content;
  }

  /** Row `i` now holds `now`: filed under its new keys only, as a scan would find it. */
  replace(i: number, now: Measure): void {
    const [id, unit] = [now.id, textKeyHash(now.unit ?? '')];
    const content = contentHash(textKeyHash(now.problem ?? ''), textKeyHash(now.measure ?? ''));
    const was = { id: this.ids[i], unit: this.units[i]!, content: this.contents[i]! };
    [this.ids[i], this.units[i], this.contents[i]] = [id, unit, content];
    if (was.id !== id) {
      if (was.id) unfile(this.byId, was.id, i);
      if (id) file(this.byId, id, i);
    }
    if (was.unit !== unit) {
      unfile(this.byUnit, was.unit, i);
      file(this.byUnit, unit, i);
    }
    if (was.content !== content) {
      this.byText.remove(was.content, i);
      this.byText.add(content, i);
    }
  }

  /** The kept rows sharing an id, a unit or a text with any of `incoming`, in kept order. */
  candidates(incoming: Filings, count: number): number[] {
    const marked = new Uint8Array(count);
    const markOne = (i: number) => (marked[i] = 1);
    const mark = <K>(map: Map<K, number | number[]>, key: K) => {
      const filed = map.get(key);
      if (typeof filed === 'number') marked[filed] = 1;
      else if (filed) filed.forEach(markOne);
    };
    // A unit has thousands of rows and a file names one unit: each unit's list is marked once.
    const units = new Set<number>();
    for (let j = 0; j < incoming.contents.length; j++) {
      const id = incoming.ids[j];
      const unit = incoming.units[j]!;
      if (id) mark(this.byId, id);
      if (!units.has(unit)) {
        units.add(unit);
        mark(this.byUnit, unit);
      }
      this.byText.each(incoming.contents[j]!, markOne);
    }
    const out: number[] = [];
    for (let i = 0; i < count; i++) if (marked[i]) out.push(i);
    return out;
  }
}

// Most keys (a measure's text, an id) file one row: it is kept as a number, a list only when shared.
function file<K>(map: Map<K, number | number[]>, key: K, i: number): void {
  const had = map.get(key);
  if (had === undefined) map.set(key, i);
  else if (typeof had === 'number') map.set(key, [had, i]);
  else had.push(i);
}

function unfile<K>(map: Map<K, number | number[]>, key: K, i: number): void {
  const had = map.get(key);
  if (had === i) map.delete(key);
  else if (Array.isArray(had)) {
    const at = had.indexOf(i);
    if (at >= 0) had.splice(at, 1);
  }
}

/**
 * matchRows against only the kept rows that could match: those sharing an id, a unit or a text with
 * the incoming file, looked up in the index (twenty units' files rarely overlap; scanning every kept
 * row for each file made merging quadratic).
 */
function matchAgainst(kept: Kept[], incoming: Measure[], filings: Filings, index: KeptIndex): ReturnType<typeof matchRows> {
  const candidates = index.candidates(filings, kept.length);
  const { pairs, unmatched } = matchRows(
    candidates.map((i) => kept[i]!.row.measure),
    incoming,
  );
  return { pairs: pairs.map(([b, i]) => [candidates[b]!, i]), unmatched };
}

/**
 * The order of rows grouped under their categories in ledger order, the measures of one problem kept
 * together so the writer can merge the problem cell over them; otherwise first-seen order is kept.
 * Rows without a category come first, as the writer puts them (below a category line a reader would
 * give them that category), so a master's rows are in the order its workbook shows them.
 */
function groupOrder(rows: LedgerRow[], categoryOrder: string[]): number[] {
  const catRank = new Map(categoryOrder.map((c, i) => [c, i]));
  // As categoryOf counts them: a category naming only an unresolved ordinal is no category (first);
  // one outside the order comes after those in it.
  const categoryRank = lastRemembered((text: string) => {
    const category = countedCategory(text);
    return category === NO_CATEGORY ? 0 : (catRank.get(category) ?? categoryOrder.length) + 1;
  });
  const { groupOf, groupRank } = problemGroups(rows, (category) => (category === undefined ? 0 : categoryRank(category)));
  // Groups by category rank, then first seen; rows by their group's place, then file order.
  const groups = orderByKey(groupRank, categoryOrder.length + 2);
  const place = new Int32Array(groups.length);
  groups.forEach((g, k) => (place[g] = k));
  const order = orderByKey(groupOf.map((g) => place[g]!), groups.length);
  const out = new Array<number>(order.length);
  order.forEach((i, k) => (out[k] = i));
  return out;
}

/**
 * Each row's group (its problem in its category, or the row alone), numbered in first-seen order,
 * and each group's rank (`rankOf` its category). Problems are told apart by the numbers of their
 * texts' keys, no key string per problem; a problem's measures come one after another, so a row of
 * the problem and category of the row before joins its group without a look-up.
 */
function problemGroups(rows: LedgerRow[], rankOf: (category: string | undefined) => number): { groupOf: Int32Array; groupRank: number[] } {
  const byCategory = new Map<string, { problems: TextKeyNumbers; groups: number[] }>();
  const groupOf = new Int32Array(rows.length);
  const groupRank: number[] = [];
  let last: Measure | undefined;
  rows.forEach(({ measure: m }, i) => {
    const same = last !== undefined && m.problem && m.problem === last.problem && m.category === last.category;
    last = m;
    if (same) return (groupOf[i] = groupOf[i - 1]!);
    let numbered: { problems: TextKeyNumbers; groups: number[] } | undefined;
    let n = 0;
    if (m.problem) {
      numbered = byCategory.get(m.category ?? '');
      if (!numbered) byCategory.set(m.category ?? '', (numbered = { problems: new TextKeyNumbers(), groups: [] }));
      n = numbered.problems.of(m.problem);
    }
    let g = numbered?.groups[n];
    if (g === undefined) {
      g = groupRank.push(rankOf(m.category)) - 1;
      if (numbered) numbered.groups[n] = g;
    }
    return (groupOf[i] = g);
  });
  return { groupOf, groupRank };
}

/** The indexes of `keys` (integers from 0 below `range`) ordered by key, ties in index order: a counting sort. */
function orderByKey(keys: ArrayLike<number>, range: number): Int32Array {
  // next[k]: where the next index of key k goes (counts first, then their running sums).
  const next = new Int32Array(range + 1);
  for (let i = 0; i < keys.length; i++) next[keys[i]! + 1]! += 1;
  for (let k = 1; k <= range; k++) next[k]! += next[k - 1]!;
  const out = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) out[next[keys[i]!]!++] = i;
  return out;
}

/** Rows grouped under their categories in ledger order (see groupOrder). */
export function groupRows(rows: LedgerRow[], categoryOrder: string[]): LedgerRow[] {
  return groupOrder(rows, categoryOrder).map((i) => rows[i]!);
}
