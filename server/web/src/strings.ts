// Every word the office page shows, one table per language. The Chinese table is the reference: the
// English one must have the same keys and kinds. index.html names its texts by key (data-i18n), and
// the build fills them in Chinese so the page reads right before its script runs.
import { DEADLINE_WORDS, type Lang, type StatusCode } from '../../../ledger/schema';
import { STATUS_LABELS_EN } from '../../../ledger/status';

const zh = {
  pageTitle: '整改台账 · 整改办',
  skipToMain: '跳到主要内容',
  appTitle: '整改台账',
  appSubtitle: '整改办汇总',
  navLabel: '账户与语言',
  switchLang: 'English',
  switchLangLabel: 'Switch the page to English',
  signOut: '退出登录',
  signInTitle: '登录',
  signInIntro: '请粘贴整改办发放的 API 令牌（由 ledger token create 生成，以 lgr_ 开头）。',
  tokenLabel: 'API 令牌',
  tokenHint: '令牌只保存在本浏览器中；关闭浏览器标签页后需重新粘贴，除非勾选下方选项。',
  remember: '在这台电脑上记住我（公用电脑请勿勾选）',
  signIn: '登录',
  tokenRequired: '请先粘贴 API 令牌。',
  dashboardTitle: '整改进展汇总',
  queryLabel: '统计范围',
  campaignLabel: '整改批次',
  asOfLabel: '统计日期',
  refresh: '刷新',
  download: '下载汇总台账',
  reportTitle: '报告用语',
  reportHint: '可直接粘贴到工作报告中。',
  copy: '复制报告用语',
  copied: '报告用语已复制到剪贴板。',
  copyFailed: '无法自动复制，已选中文字，请按 Ctrl+C 复制。',
  totalsTitle: '总体情况',
  byCategoryTitle: '按问题类别统计',
  byUnitTitle: '按责任单位统计',
  overdueTitle: '逾期整改措施',
  noOverdue: '没有逾期的整改措施。',
  noMeasures: '该整改批次还没有整改措施。',
  category: '问题类别',
  unit: '责任单位',
  measures: '整改措施数',
  problems: '问题数',
  categories: '问题类别数',
  completed: '完成数',
  overdue: '逾期数',
  rate: '完成率',
  total: '合计',
  seq: '序号',
  problem: '存在问题',
  measure: '整改措施',
  owner: '责任人',
  deadline: '完成时限',
  daysOverdue: '逾期天数',
  immediate: DEADLINE_WORDS.immediate,
  loading: '正在加载……',
  loaded: '数据已更新。',
  downloading: '正在生成汇总台账……',
  downloaded: '汇总台账已下载。',
  signedOut: '已退出登录。',
  networkError: '无法连接服务，请检查网络后重试。',
  badResponse: '服务返回的数据格式不正确，请联系管理员。',
  noCampaigns: '没有可查看的整改批次。',
  kindOffice: '整改办',
  kindUnit: '单位',
  kindUnassigned: '未分配单位',
  scopeLine: (campaign: string, asOf: string) => `整改批次：${campaign}　统计截至 ${asOf}`,
  whoAmI: (role: string, name?: string) => (name ? `当前身份：${role}（${name}）` : `当前身份：${role}`),
  openConflicts: (n: number) => `有 ${n} 处同步冲突尚待处理：请在 Excel 加载项中逐条处理，处理前相关字段以服务中的值为准。`,
  overdueCaption: (n: number, asOf: string) => `逾期整改措施（截至 ${asOf}，共 ${n} 项，按逾期天数排序）`,
  unknownError: (status: number) => `请求失败（HTTP ${status}）。`,
};

export type Strings = typeof zh;

const en: Strings = {
  pageTitle: 'Rectification ledger · Office',
  skipToMain: 'Skip to main content',
  appTitle: 'Rectification ledger',
  appSubtitle: 'Office overview',
  navLabel: 'Account and language',
  switchLang: '中文',
  switchLangLabel: '将页面切换为中文',
  signOut: 'Sign out',
  signInTitle: 'Sign in',
  signInIntro: 'Paste the API token the office issued you (made by ledger token create; it starts with lgr_).',
  tokenLabel: 'API token',
  tokenHint: 'The token stays in this browser only; you paste it again after closing the tab unless you tick the box below.',
  remember: 'Remember me on this computer (not on a shared computer)',
  signIn: 'Sign in',
  tokenRequired: 'Paste an API token first.',
  dashboardTitle: 'Rectification progress',
  queryLabel: 'What to show',
  campaignLabel: 'Campaign',
  asOfLabel: 'As of',
  refresh: 'Refresh',
  download: 'Download consolidated workbook',
  reportTitle: 'Report sentence',
  reportHint: 'Ready to paste into a report.',
  copy: 'Copy the report sentence',
  copied: 'The report sentence is on the clipboard.',
  copyFailed: 'Could not copy automatically; the text is selected, press Ctrl+C.',
  totalsTitle: 'Overall',
  byCategoryTitle: 'By category',
  byUnitTitle: 'By unit',
  overdueTitle: 'Overdue measures',
  noOverdue: 'No measure is overdue.',
  noMeasures: 'This campaign has no measures yet.',
  category: 'Category',
  unit: 'Unit',
  measures: 'Measures',
  problems: 'Problems',
  categories: 'Categories',
  completed: 'Completed',
  overdue: 'Overdue',
  rate: 'Completion rate',
  total: 'Total',
  seq: 'No.',
  problem: 'Problem',
  measure: 'Measure',
  owner: 'Owner',
  deadline: 'Deadline',
  daysOverdue: 'Days overdue',
  immediate: 'Immediately',
  loading: 'Loading…',
  loaded: 'Up to date.',
  downloading: 'Preparing the consolidated workbook…',
  downloaded: 'The consolidated workbook has been downloaded.',
  signedOut: 'Signed out.',
  networkError: 'Cannot reach the service; check the network and try again.',
  badResponse: 'The service answered with data in an unexpected shape; contact the administrator.',
  noCampaigns: 'There is no campaign you may view.',
  kindOffice: 'Office',
  kindUnit: 'Unit',
  kindUnassigned: 'No unit assigned',
  scopeLine: (campaign, asOf) => `Campaign: ${campaign} · as of ${asOf}`,
  whoAmI: (role, name) => (name ? `Signed in as ${role} (${name})` : `Signed in as ${role}`),
  openConflicts: (n) =>
    `${n} sync conflict${n === 1 ? '' : 's'} still open: resolve them in the Excel add-in; until then the service's values stand.`,
  overdueCaption: (n, asOf) => `Overdue measures (as of ${asOf}, ${n} in all, most days overdue first)`,
  unknownError: (status) => `The request failed (HTTP ${status}).`,
};

export const STRINGS: Record<Lang, Strings> = { zh, en };

/** Keys whose value is plain text: the ones index.html may name. */
export type TextKey = { [K in keyof Strings]: Strings[K] extends string ? K : never }[keyof Strings];

export function isTextKey(key: string): key is TextKey {
  return typeof (zh as Record<string, unknown>)[key] === 'string';
}

/**
 * Status names on the English page: the ledger's English names, capitalised as column headers. The
 * Chinese page shows the campaign's own status words (its config), as the consolidated workbook's
 * summary sheet does.
 */
export const STATUS_NAMES_EN = Object.fromEntries(
  Object.entries(STATUS_LABELS_EN).map(([code, name]) => [code, name.charAt(0).toUpperCase() + name.slice(1)]),
) as Record<StatusCode, string>;

/** The value of html's lang attribute for each language. */
export const HTML_LANG: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };
