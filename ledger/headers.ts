// Header words → fields (BRIEF §3), extendable per campaign.
import { DUE_HEADER, EVIDENCE_FILES_HEADER } from './labels';
import type { CampaignConfig, Field } from './schema';
import { textKey } from './text';

/**
 * What a header can stand for; 'statusOrProgress' is decided by the column's contents; 'derived' is
 * a column the system writes and never reads: the hidden due date of a deadline written in words
 * (worked out again from the ledger's own columns), the evidence files' links (kept by the service).
 */
export type HeaderMeaning = Field | 'statusOrProgress' | 'derived';

const BUILT_IN: [HeaderMeaning, string[]][] = [
  ['seq', ['序号', '序', 'No', '行号']],
  ['category', ['问题类别', '问题类型', '类别', '问题分类', '类型', '分类', '所属类别', '问题大类', '问题领域', '反馈问题类别', 'category']],
  ['problemNo', ['问题序号', '问题编号', '问题号', '编号', 'problem no']],
  ['problem', [
    '问题', '存在问题', '具体问题', '问题表现', '问题描述', '问题简述', '反馈问题', '巡视反馈问题', '巡察反馈问题',
    '主要问题', '发现问题', '审计发现问题', '问题内容', '问题清单', '存在的问题', '问题及表现', 'problem',
  ]],
  ['measureNo', ['措施编号', '措施序号', '任务编号', 'measure no']],
  ['measure', [
    '整改措施', '整改计划及措施', '具体措施', '措施', '整改任务', '整改目标及措施', '整改举措', '主要措施',
    '任务清单', '整改措施及目标', '整改措施及要求', '整改目标和措施', '整改计划', 'measure',
  ]],
  ['leader', ['责任领导', '分管领导', '整改责任领导', '牵头领导', '责任校领导', '分管校领导', '责任领导班子成员', 'leader']],
  ['leadUnit', ['牵头单位', '牵头部门', '牵头责任单位', '牵头处室', 'lead unit']],
  ['unit', ['责任单位', '责任部门', '所属责任公司', '整改责任单位', '责任处室', '具体责任单位', '承办单位', '责任主体', 'unit']],
  ['coUnit', ['配合单位', '配合部门', '协办单位', '协同单位']],
  ['owner', ['责任人', '整改责任人', '具体责任人', '经办人', 'owner']],
  ['deadline', [
    '完成时限', '整改时限', '目标设定完成时间', '完成时间节点', '整改期限', '时间节点', '计划完成时间', '完成期限',
    '时限', '整改完成时限', '时限要求', '整改时间', '完成时限要求', 'deadline',
  ]],
  ['status', [
    '完成情况', '整改状态', '是否整改完成', '是否完成', '整改完成情况', '完成状态', '状态', '整改结果', 'status',
  ]],
  ['statusOrProgress', ['整改进展', '整改情况', '进展']],
  ['progress', [
    '进展情况', '进展描述', '整改进展情况', '工作进展', '推进情况', '落实情况', '整改落实情况', '进度', '整改成效',
    '目前进展', '整改工作进展', 'progress',
  ]],
  ['completedOn', ['完成时间', '整改完成时间', '实际完成时间', '完成日期', '实际完成日期', 'completed on']],
  ['evidence', ['佐证材料', '支撑材料', '佐证材料目录', '证明材料', '整改佐证材料', '佐证', '支撑材料清单', 'evidence']],
  ['remarks', ['备注', 'remarks']],
  ['closure', ['销号情况', '销号', '是否销号', '销号状态', 'closure']],
  ['extension', ['延期情况', '延期申请', '申请延期', '延期', '是否延期', '延期申请情况', 'extension']],
  ['id', ['__id']],
  ['version', ['__version']],
  ['derived', [DUE_HEADER, EVIDENCE_FILES_HEADER]],
];

const NOT_A_FIELD = /万元|金额|\d+月|月份|第\d+周|季度/;

export interface HeaderDictionary {
  exact: Map<string, HeaderMeaning>;
  /** Aliases of three or more characters, longest first, for headers that add words around them. */
  partial: [string, HeaderMeaning][];
  /** Labels already looked up: finding the header row reads each top cell several times. */
  seen: Map<string, HeaderMeaning | undefined>;
}

export function headerDictionary(config?: CampaignConfig): HeaderDictionary {
  const exact = new Map<string, HeaderMeaning>();
  const add = (meaning: HeaderMeaning, alias: string) => {
    const key = textKey(alias);
    if (key && !exact.has(key)) exact.set(key, meaning);
  };
  // Campaign aliases first, so an office can claim a word the built-in dictionary reads otherwise.
  for (const [field, aliases] of Object.entries(config?.headerAliases ?? {})) {
    for (const a of aliases ?? []) add(field as Field, a);
  }
  for (const [meaning, aliases] of BUILT_IN) for (const a of aliases) add(meaning, a);
  const partial = [...exact.entries()]
    .filter(([k, m]) => k.length >= 3 && m !== 'id' && m !== 'version' && m !== 'seq' && m !== 'derived')
    .sort((a, b) => b[0].length - a[0].length);
  return { exact, partial, seen: new Map() };
}

/**
 * The dictionary for reading with `config` (or without one), built once and kept: its labels already
 * looked up then serve every workbook read. A campaign's settings are a parsed value, never changed in
 * place, so its dictionary stays right.
 */
export function sharedHeaderDictionary(config?: CampaignConfig): HeaderDictionary {
  if (!config) return (defaultDictionary ??= headerDictionary());
  let dict = dictionaries.get(config);
  if (!dict) dictionaries.set(config, (dict = headerDictionary(config)));
  return dict;
}
let defaultDictionary: HeaderDictionary | undefined;
const dictionaries = new WeakMap<CampaignConfig, HeaderDictionary>();

/** How many labels a dictionary remembers before it starts again: a service reads workbooks for months. */
const SEEN_KEPT = 10_000;

/** What a header text stands for, or undefined when it is a column the ledger does not know. */
export function headerMeaning(label: string, dict: HeaderDictionary): HeaderMeaning | undefined {
  if (dict.seen.has(label)) return dict.seen.get(label);
  const meaning = lookUp(label, dict);
  if (dict.seen.size >= SEEN_KEPT) dict.seen.clear();
  dict.seen.set(label, meaning);
  return meaning;
}

function lookUp(label: string, dict: HeaderDictionary): HeaderMeaning | undefined {
  const key = textKey(label);
  if (!key) return undefined;
  const exact = dict.exact.get(key);
  if (exact) return exact;
  // Long headers are sentences or notes, not column names ("请填写完成情况并附佐证材料说明…"); amounts
  // and per-month columns ("审计发现问题金额（万元）", "3月进展") are data of their own, kept as extras.
  if (key.length > 16 || NOT_A_FIELD.test(key)) return undefined;
  for (let i = 0; i < dict.partial.length; i++) {
    const [alias, meaning] = dict.partial[i]!;
    if (alias.length <= key.length && key.includes(alias)) return meaning;
  }
  return undefined;
}
