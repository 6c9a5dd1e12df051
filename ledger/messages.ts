// Finding messages for people, in Chinese (default) and English. Each names what was found and what
// was expected; the finding itself carries file, sheet, row and column.
import { DEADLINE_WORDS, DEFAULT_STATUS_LABELS, type FindingCode, type Lang } from './schema';

export interface MessageParams {
  value?: string;
  other?: string;
  expected?: string;
  date?: string;
  days?: number;
  file?: string;
  field?: string;
  count?: number;
}

type Template = (p: MessageParams) => string;

const S = DEFAULT_STATUS_LABELS;
const D = DEADLINE_WORDS;
const STATUSES_ZH = `“${S.not_started}”“${S.in_progress}”“${S.done}”或“${S.done_ongoing}”`;
// English names the statuses by meaning: the sheet's drop-down offers the campaign's own words.
const STATUSES_EN = 'one of the drop-down statuses (not started, in progress, done, done and kept up)';

const ZH: Record<FindingCode, Template> = {
  missing_measure: () => '缺少整改措施：该行有内容但“整改措施”为空，请填写具体措施',
  missing_problem: () => '缺少问题：该行没有对应的问题描述',
  missing_status: () => `完成情况为空：请填写${STATUSES_ZH}`,
  unknown_status: (p) => `无法识别的完成情况“${p.value}”：应为${STATUSES_ZH}`,
  missing_deadline: () => `完成时限为空：请填写日期（如2018年12月31日）、“${D.ongoing}”或“${D.immediate}”`,
  bad_deadline: (p) => `无法识别的完成时限“${p.value}”：应为日期（如2018年12月底前、2018.12.31）、“${D.ongoing}”或“${D.immediate}”`,
  ambiguous_deadline: (p) => `完成时限“${p.value}”不明确：请写明具体日期（如2018年12月31日前）`,
  bad_date: (p) => `无法识别的日期“${p.value}”：应为日期（如2018年9月30日）`,
  unknown_category: (p) => `问题类别“${p.value}”不在本次整改的类别中${p.expected ? `（应为：${p.expected}）` : ''}`,
  unknown_unit: (p) => `责任单位“${p.value}”不在本次整改的单位名单中`,
  duplicate_measure: (p) => `疑似重复：与第${p.other}行的问题、措施和责任单位相同（已分别保留，请核实）`,
  overdue: (p) => (p.date ? `已逾期${p.days}天：完成时限为${p.date}，尚未完成` : `已逾期：${D.immediate}的措施尚未完成`),
  done_without_evidence: () => '已完成但未提供佐证材料',
  copies_differ: (p) => `${p.field}在两个文件中不同：“${p.other}”（${p.file}）与“${p.value}”，已采用后者`,
  no_header: () => '找不到台账表头：应有“问题”“整改措施”“责任单位”“完成时限”“完成情况”等列',
  no_rows: () => '台账没有数据行',
  missing_column: (p) => `缺少“${p.field}”列`,
  empty_workbook: () => '工作簿是空的：没有包含数据的工作表',
  unreadable_file: (p) => `无法读取文件：${p.value ?? '不是有效的 Excel 工作簿（.xlsx）'}`,
  too_large: (p) => `文件过大，拒绝处理：${p.value ?? ''}`,
};

const EN: Record<FindingCode, Template> = {
  missing_measure: () => 'Missing measure: the row has content but its measure is empty',
  missing_problem: () => 'Missing problem: the row names no problem',
  missing_status: () => `Status is empty: expected ${STATUSES_EN}`,
  unknown_status: (p) => `Unknown status "${p.value}": expected ${STATUSES_EN}`,
  missing_deadline: () => 'Deadline is empty: expected a date (2018-12-31), or the words for long-term or immediate',
  bad_deadline: (p) => `Unreadable deadline "${p.value}": expected a date (2018-12-31, 2018.12.31), or the words for long-term or immediate`,
  ambiguous_deadline: (p) => `Ambiguous deadline "${p.value}": give an exact date (e.g. 2018-12-31)`,
  bad_date: (p) => `Unreadable date "${p.value}": expected a date such as 2018-09-30`,
  unknown_category: (p) => `Category "${p.value}" is not one of this campaign's categories${p.expected ? ` (expected: ${p.expected})` : ''}`,
  unknown_unit: (p) => `Unit "${p.value}" is not on this campaign's list of units`,
  duplicate_measure: (p) => `Likely duplicate of row ${p.other}: same problem, measure and unit (both kept; please check)`,
  overdue: (p) => (p.date ? `Overdue by ${p.days} days: due ${p.date}, not completed` : 'Overdue: a measure due immediately is not completed'),
  done_without_evidence: () => 'Completed without evidence',
  copies_differ: (p) => `${p.field} differs between files: "${p.other}" (${p.file}) and "${p.value}"; the latter was kept`,
  no_header: () => 'No ledger header found: expected columns such as problem, measure, responsible unit, deadline and status',
  no_rows: () => 'The ledger has no data rows',
  missing_column: (p) => `Missing column "${p.field}"`,
  empty_workbook: () => 'The workbook is empty: no sheet holds any data',
  unreadable_file: (p) => `Cannot read the file: ${p.value ?? 'not a valid Excel workbook (.xlsx)'}`,
  too_large: (p) => `File too large, refused: ${p.value ?? ''}`,
};

export function findingMessage(code: FindingCode, lang: Lang, params: MessageParams = {}): string {
  return (lang === 'en' ? EN : ZH)[code](params);
}
