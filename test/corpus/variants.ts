// The corpus of unit ledgers: one workbook per variation of BRIEF §4 (several combined in some), each
// declaring what `ledger check` must report for it, plus merge scenarios with their consolidated figures.
// Every expected figure is derived from the row declarations below (see spec.ts), never typed in.
import type ExcelJS from 'exceljs';
import type { FindingCode } from '../../ledger/schema';
import { columnOf, letter, planOf, renderWorkbook } from './sheet';
import {
  type Cell,
  type Column,
  type ColumnSource,
  type DeadlineSpec,
  type Expected,
  type FieldName,
  type Held,
  type Layout,
  type LedgerSheet,
  type MeasureRow,
  type SheetSpec,
  IMMEDIATE,
  ONGOING,
  STATUS_WORDS,
  ambiguous,
  asSerial,
  asText,
  chineseOrdinal,
  expectFrom,
  held,
  isBlank,
  onDate,
  unreadable,
} from './spec';
import { prng } from '../support/random';

/** A finding the check must place on one cell. */
export interface Target {
  code: FindingCode;
  sheet: string;
  row: number;
  column: string;
}

export interface Variant {
  name: string;
  fileName: string;
  /** What BRIEF §4 variations this file exercises. */
  covers: string[];
  asOf: string;
  sheets: SheetSpec[];
  ledger: LedgerSheet;
  build(): Promise<ExcelJS.Workbook>;
  expected: Expected;
  targets: Target[];
}

interface VariantDef {
  name: string;
  fileName: string;
  covers: string[];
  asOf: string;
  sheets: SheetSpec[];
  duplicates?: number;
  atLeast?: Partial<Record<FindingCode, number>>;
  /** Findings expected on a cell: the measure's index in the ledger rows and the column's field. */
  targets?: Array<{ code: FindingCode; index: number; source: FieldName }>;
}

function ledgerOf(sheets: SheetSpec[]): LedgerSheet {
  for (const s of sheets) if (s.kind === 'ledger') return s.ledger;
  throw new Error('no ledger sheet');
}

const hasEvidence = (layout: Layout) => layout.columns.some((c) => c.source === 'evidence');

function variant(def: VariantDef): Variant {
  const ledger = ledgerOf(def.sheets);
  const plan = planOf(def.sheets);
  const expected = expectFrom(
    ledger.rows.map((r) => held(ledger.layout, r)),
    {
      asOf: def.asOf,
      evidenceColumn: hasEvidence(ledger.layout),
      duplicates: def.duplicates ?? 0,
      ...(def.atLeast ? { atLeast: def.atLeast } : {}),
    },
  );
  const targets = (def.targets ?? []).map((t) => ({
    code: t.code,
    sheet: ledger.layout.sheet,
    row: plan.measureRows[t.index]! + 1,
    column: letter(columnOf(ledger.layout, t.source)),
  }));
  return {
    name: def.name,
    fileName: def.fileName,
    covers: def.covers,
    asOf: def.asOf,
    sheets: def.sheets,
    ledger,
    build: async () => renderWorkbook(def.sheets, '整改台账测试语料'),
    expected,
    targets,
  };
}

const col = (header: string, source: ColumnSource, group?: string, width?: number): Column => ({
  header,
  source,
  ...(group ? { group } : {}),
  ...(width ? { width } : {}),
});
const spacer = (): Column => col('', 'spacer');
const separatorCn = (category: string, n: number) => `${chineseOrdinal(n)}、${category}`;
const ledgerSheet = (layout: Layout, rows: MeasureRow[]): SheetSpec => ({ kind: 'ledger', ledger: { layout, rows } });

// ---------------------------------------------------------------------------------------------------
// 1. A school's ledger much like the sample: title, 填报单位 line, separators, merged problem and
//    category cells, 序号 restarting per category, notes and signature lines under the table.

const CS = '计算机学院';
const cs = (r: Omit<MeasureRow, 'unit'>): MeasureRow => ({ unit: CS, leadUnit: '计算机学院党委', ...r });

const schoolRows: MeasureRow[] = [
  cs({
    category: '党的政治建设',
    problem: '贯彻落实学校党委重大决策部署不够及时',
    measure: '建立学院党政联席会议传达学习学校党委决议制度，每次会议第一议题传达学习',
    leader: '王建华',
    owner: '刘洋',
    deadline: onDate('2018-09-30'),
    status: '已完成',
    progress: '已修订党政联席会议议事规则',
    evidence: '《计算机学院党政联席会议议事规则（2018年修订）》',
  }),
  cs({
    category: '党的政治建设',
    problem: '贯彻落实学校党委重大决策部署不够及时',
    measure: '建立重大决策部署落实情况督办台账，按季度通报',
    leader: '王建华',
    owner: '刘洋',
    deadline: ONGOING,
    status: '已完成并长期坚持',
    progress: '督办台账已建立，第三季度已通报',
    evidence: '督办台账、季度通报',
  }),
  cs({
    category: '党的政治建设',
    problem: '“三重一大”事项集体决策执行不严格',
    measure: '修订学院“三重一大”决策制度实施细则',
    leader: '王建华',
    owner: '陈晓东',
    deadline: asText('2018年10月底前', '2018-10-31'),
    status: '正在推进',
    progress: '细则初稿已完成，正在征求教职工意见',
  }),
  cs({
    category: '党的政治建设',
    problem: '“三重一大”事项集体决策执行不严格',
    measure: '对2016年以来“三重一大”事项决策情况开展自查',
    leader: '王建华',
    owner: '陈晓东',
    deadline: IMMEDIATE,
    status: '已完成',
    progress: '已形成自查报告',
    evidence: '自查报告',
  }),
  cs({
    category: '思想建设',
    problem: '理论学习中心组学习计划性、系统性不强',
    measure: '制定2018年度理论学习中心组学习计划并按月落实',
    leader: '王建华',
    owner: '刘洋',
    deadline: onDate('2018-09-15'),
    status: '已完成',
    evidence: '学习计划',
  }),
  cs({
    category: '思想建设',
    problem: '理论学习中心组学习计划性、系统性不强',
    measure: '建立中心组成员学习档案和考勤通报制度',
    leader: '王建华',
    owner: '刘洋',
    deadline: ONGOING,
    status: '已完成并长期坚持',
    evidence: '学习档案、考勤表',
  }),
  cs({
    category: '思想建设',
    problem: '意识形态工作责任制落实不到位',
    measure: '开展课堂教学、讲座论坛意识形态风险排查',
    leader: '李文博',
    owner: '赵敏',
    deadline: asText('2018年9月底前', '2018-09-30'),
    status: '正在推进',
    progress: '已完成12门课程排查',
  }),
  cs({
    category: '思想建设',
    problem: '意识形态工作责任制落实不到位',
    measure: '建立学院网站、微信公众号信息发布三审制度',
    leader: '李文博',
    owner: '赵敏',
    deadline: onDate('2018-11-30'),
    status: '未启动',
  }),
  cs({
    category: '组织建设',
    problem: '部分教工党支部组织生活不规范，“三会一课”记录不完整',
    measure: '开展教工党支部“三会一课”落实情况专项检查',
    leader: '王建华',
    owner: '孙丽',
    deadline: onDate('2018-10-10'),
    status: '未启动',
  }),
  cs({
    category: '组织建设',
    problem: '部分教工党支部组织生活不规范，“三会一课”记录不完整',
    measure: '统一规范支部工作记录本填写要求并组织培训',
    leader: '王建华',
    owner: '孙丽',
    deadline: asText('2018年12月底前', '2018-12-31'),
    status: '正在推进',
    progress: '记录本样式已统一',
  }),
  cs({
    category: '组织建设',
    problem: '部分教工党支部组织生活不规范，“三会一课”记录不完整',
    measure: '将支部组织生活情况纳入党支部书记述职评议',
    leader: '王建华',
    owner: '孙丽',
    deadline: ONGOING,
    status: '已完成并长期坚持',
    evidence: '述职评议方案',
  }),
  cs({
    category: '组织建设',
    problem: '发展党员工作程序不够严谨',
    measure: '对近三年发展党员材料进行全面复查',
    leader: '王建华',
    owner: '孙丽',
    deadline: IMMEDIATE,
    status: '正在推进',
    progress: '已复查2016年度材料',
  }),
  cs({
    category: '作风建设',
    problem: '科研经费报销审核把关不严',
    measure: '组织学院科研人员开展科研经费管理政策专题培训',
    leader: '周振宇',
    owner: '吴婷',
    deadline: onDate('2018-09-28'),
    status: '已完成',
    evidence: '培训通知、签到表',
  }),
  cs({
    category: '作风建设',
    problem: '科研经费报销审核把关不严',
    measure: '建立学院科研经费报销二级审核机制',
    leader: '周振宇',
    owner: '吴婷',
    deadline: asText('2018年11月底前', '2018-11-30'),
    status: '正在推进',
    progress: '审核办法已报学院党政联席会议',
  }),
];

const schoolLayout: Layout = {
  sheet: '整改台账',
  title: '计算机学院巡视整改工作台账',
  preamble: [{ cells: [[0, '填报单位：计算机学院（盖章）'], [8, '填报日期：2018年10月15日']] }],
  columns: [
    col('序号', 'seq', undefined, 6),
    col('问题类别', 'category'),
    col('存在问题', 'problem', undefined, 28),
    col('整改措施', 'measure', undefined, 36),
    col('责任领导', 'leader'),
    col('牵头单位', 'leadUnit'),
    col('责任单位', 'unit'),
    col('责任人', 'owner'),
    col('完成时限', 'deadline'),
    col('完成情况', 'status'),
    col('进展情况', 'progress', undefined, 28),
    col('佐证材料', 'evidence', undefined, 24),
    col('备注', 'remarks'),
  ],
  separator: separatorCn,
  mergeCategory: true,
  mergeProblem: true,
  seq: 'restart',
  footer: [
    {
      cells: [[0, '说明：1.完成情况请填写“已完成”“已完成并长期坚持”“正在推进”“未启动”；2.完成时限为“长期坚持”的，请在进展情况中说明阶段性成效。']],
      mergeAcross: true,
    },
    { cells: [[0, '填表人：刘洋'], [4, '审核人：王建华'], [9, '联系电话：0571-88880000']] },
  ],
};

export const schoolLedger = variant({
  name: 'school-separators-merged',
  fileName: '计算机学院整改台账.xlsx',
  covers: ['title', 'unit-line', 'one-header', 'separators', 'merged-problem', 'merged-category', 'seq-restart', 'notes-below', 'signature-below'],
  asOf: '2018-10-15',
  sheets: [ledgerSheet(schoolLayout, schoolRows)],
});

// ---------------------------------------------------------------------------------------------------
// 2. Two header rows with merged group headers, headers with line breaks and full-width spaces,
//    a cover sheet before the ledger and empty sheets after it; categories only on separator rows.

const MARX = '马克思主义学院';
const mx = (r: Omit<MeasureRow, 'unit' | 'leader'>): MeasureRow => ({ unit: MARX, leader: '郑国强', ...r });

const twoHeaderRows: MeasureRow[] = [
  mx({
    category: '落实立德树人根本任务方面',
    problemNo: 1,
    problem: '思想政治理论课教学改革创新不够，学生抬头率不高',
    measure: '开展思政课教学方法改革试点，推行专题式教学',
    owner: '何静',
    deadline: asSerial('2018-12-31'),
    status: '推进中',
    progress: '已在《马克思主义基本原理概论》课程试点',
  }),
  mx({
    category: '落实立德树人根本任务方面',
    problemNo: 1,
    problem: '思想政治理论课教学改革创新不够，学生抬头率不高',
    measure: '建立思政课教师集体备课制度，每月至少开展一次',
    owner: '何静',
    deadline: ONGOING,
    status: '已完成，需长期坚持',
    progress: '已开展集体备课3次',
    evidence: '集体备课记录',
  }),
  mx({
    category: '落实立德树人根本任务方面',
    problemNo: 1,
    problem: '思想政治理论课教学改革创新不够，学生抬头率不高',
    measure: '组织开展思政课教学质量专项督导',
    owner: '杨帆',
    deadline: asText('2018年11月30日前', '2018-11-30'),
    status: '完成',
    evidence: '督导报告',
  }),
  mx({
    category: '落实立德树人根本任务方面',
    problemNo: 2,
    problem: '实践教学环节薄弱，实践教学基地利用率低',
    measure: '修订思政课实践教学方案，落实实践学分',
    owner: '杨帆',
    deadline: asText('2018.12.31', '2018-12-31'),
    status: '尚未启动',
  }),
  mx({
    category: '落实立德树人根本任务方面',
    problemNo: 2,
    problem: '实践教学环节薄弱，实践教学基地利用率低',
    measure: '新建2个校外思政课实践教学基地',
    owner: '杨帆',
    deadline: asSerial('2018-11-30'),
    status: '推进中',
    progress: '已与1家单位签订共建协议',
  }),
  mx({
    category: '教师队伍建设方面',
    problemNo: 3,
    problem: '思政课专职教师数量不足，师生比未达标',
    measure: '按照不低于1:350的师生比核定思政课教师编制并制定招聘计划',
    owner: '何静',
    deadline: asText('2018年12月31日前', '2018-12-31'),
    status: '已整改',
    evidence: '招聘计划',
  }),
  mx({
    category: '教师队伍建设方面',
    problemNo: 3,
    problem: '思政课专职教师数量不足，师生比未达标',
    measure: '从校内选聘优秀党政干部担任兼职思政课教师',
    owner: '何静',
    deadline: asSerial('2018-10-31'),
    status: '已整改',
    evidence: '聘任文件',
  }),
  mx({
    category: '教师队伍建设方面',
    problemNo: 4,
    problem: '青年教师培养机制不健全',
    measure: '实施青年教师导师制，为每名新入职教师配备指导教师',
    owner: '林晓',
    deadline: asText('2018.10.31', '2018-10-31'),
    status: '推进中',
    progress: '已为6名教师配备导师',
  }),
  mx({
    category: '教师队伍建设方面',
    problemNo: 4,
    problem: '青年教师培养机制不健全',
    measure: '选派青年教师参加教育部思政课教师研修',
    owner: '林晓',
    deadline: ONGOING,
    status: '已完成，需长期坚持',
    evidence: '研修名单',
  }),
  mx({
    category: '学科建设方面',
    problemNo: 5,
    problem: '马克思主义理论学科建设规划落实不到位',
    measure: '制定学科建设三年行动计划',
    owner: '郑国强',
    deadline: asText('2019年3月31日前', '2019-03-31'),
    status: '尚未启动',
  }),
  mx({
    category: '学科建设方面',
    problemNo: 5,
    problem: '马克思主义理论学科建设规划落实不到位',
    measure: '对照学科评估指标开展中期自评',
    owner: '郑国强',
    deadline: asSerial('2018-12-15'),
    status: '尚未启动',
  }),
];

const twoHeaderLayout: Layout = {
  sheet: '整改台账',
  title: '马克思主义学院落实校党委巡察反馈意见整改台账',
  columns: [
    col('序号', 'seq', undefined, 6),
    col('问题序号', 'problemNo', '问题', 8),
    col('具体问题', 'problem', '问题', 30),
    col('整改措施', 'measure', undefined, 36),
    col('责任\n领导', 'leader'),
    col('责任　单位', 'unit'),
    col('责任人', 'owner'),
    col('完成\n时限', 'deadline'),
    col('完成情况', 'status', '整改进展'),
    col('进展描述', 'progress', '整改进展', 28),
    col('佐证材料', 'evidence'),
    col('备注', 'remarks'),
  ],
  separator: separatorCn,
  mergeProblem: true,
  seq: 'running',
};

export const twoHeaderLedger = variant({
  name: 'two-header-rows-cover-sheet',
  fileName: '马克思主义学院巡察整改台账.xlsx',
  covers: ['title', 'two-header-rows', 'group-headers', 'header-line-breaks', 'header-fullwidth-space', 'cover-sheet', 'empty-sheets', 'separators-only-categories', 'merged-problem'],
  asOf: '2018-12-20',
  sheets: [
    { kind: 'cover', name: '封面', lines: ['巡察整改工作台账', '报送单位：马克思主义学院', '报送日期：2018年12月20日', '中共某某大学委员会巡察工作领导小组办公室印制'] },
    ledgerSheet(twoHeaderLayout, twoHeaderRows),
    { kind: 'empty', name: 'Sheet2' },
    { kind: 'empty', name: 'Sheet3' },
  ],
});

// ---------------------------------------------------------------------------------------------------
// 3. A government bureau's 巡察 ledger: synonym headers, columns in an unusual order, empty spacer
//    columns, categories with "（一）" prefixes, one merged 填报单位/填报日期 line, "年内" deadlines.

const govRows: MeasureRow[] = [
  {
    category: '贯彻落实党中央决策部署方面',
    categoryCell: '（一）贯彻落实党中央决策部署方面',
    problem: '落实减税降费政策宣传解读不够深入',
    measure: '制定减税降费政策宣传方案，联合税务部门开展政策进企业活动',
    unit: '税政法规处',
    leader: '赵立新',
    leadUnit: '税政法规处',
    owner: '孙悦',
    status: '已完成',
    deadline: asText('2019-05-31', '2019-05-31'),
    progress: '已开展政策宣讲12场',
    completedOn: onDate('2019-05-20').cell,
    evidence: '宣传方案、活动照片',
  },
  {
    category: '贯彻落实党中央决策部署方面',
    categoryCell: '（一）贯彻落实党中央决策部署方面',
    problem: '落实减税降费政策宣传解读不够深入',
    measure: '建立减税降费政策落实情况季度分析制度',
    unit: '综合处',
    leader: '赵立新',
    leadUnit: '税政法规处',
    owner: '钱程',
    status: '已完成（长期坚持）',
    deadline: ONGOING,
    progress: '已形成第一、二季度分析报告',
    evidence: '季度分析报告',
  },
  {
    category: '贯彻落实党中央决策部署方面',
    categoryCell: '（一）贯彻落实党中央决策部署方面',
    problem: '财政资金统筹盘活力度不够，存量资金规模较大',
    measure: '全面清理收回部门结余结转资金',
    unit: '预算处',
    leader: '周海燕',
    leadUnit: '预算处',
    owner: '冯磊',
    status: '正在整改',
    deadline: asText('2019年底前', '2019-12-31'),
    progress: '已收回存量资金1.2亿元',
  },
  {
    category: '贯彻落实党中央决策部署方面',
    categoryCell: '（一）贯彻落实党中央决策部署方面',
    problem: '财政资金统筹盘活力度不够，存量资金规模较大',
    measure: '完善预算执行进度通报和约谈机制',
    unit: '预算处',
    leader: '周海燕',
    leadUnit: '预算处',
    owner: '冯磊',
    status: '基本完成',
    deadline: asText('2019-06-30', '2019-06-30'),
    progress: '通报机制已建立，约谈办法待印发',
  },
  {
    category: '落实全面从严治党战略部署方面',
    categoryCell: '（二）落实全面从严治党战略部署方面',
    problem: '落实“两个责任”压力传导层层递减',
    measure: '制定局党组落实全面从严治党主体责任清单',
    unit: '机关党委',
    leader: '陈志刚',
    leadUnit: '机关党委',
    owner: '韩梅',
    status: '已完成',
    deadline: asText('2019年4月底前', '2019-04-30'),
    completedOn: '2019-04-25',
    evidence: '责任清单',
  },
  {
    category: '落实全面从严治党战略部署方面',
    categoryCell: '（二）落实全面从严治党战略部署方面',
    problem: '落实“两个责任”压力传导层层递减',
    measure: '开展处室主要负责人述责述廉',
    unit: '机关党委',
    leader: '陈志刚',
    leadUnit: '机关党委',
    owner: '韩梅',
    status: '已启动',
    deadline: ambiguous('年内'),
    progress: '已制定述责述廉工作方案',
  },
  {
    category: '落实全面从严治党战略部署方面',
    categoryCell: '（二）落实全面从严治党战略部署方面',
    problem: '违反中央八项规定精神问题仍有发生',
    measure: '对2017年以来公务接待、公车使用情况开展专项检查',
    unit: '机关纪委',
    leader: '陈志刚',
    leadUnit: '机关纪委',
    owner: '邓超',
    status: '已启动',
    deadline: asText('2019-06-30', '2019-06-30'),
    progress: '已抽查凭证300余份',
  },
  {
    category: '落实全面从严治党战略部署方面',
    categoryCell: '（二）落实全面从严治党战略部署方面',
    problem: '违反中央八项规定精神问题仍有发生',
    measure: '对检查发现的问题建立整改台账并逐项销号',
    unit: '机关纪委',
    leader: '陈志刚',
    leadUnit: '机关纪委',
    owner: '邓超',
    status: '正在整改',
    deadline: asText('2019年底前', '2019-12-31'),
  },
  {
    category: '落实新时代党的组织路线方面',
    categoryCell: '（三）落实新时代党的组织路线方面',
    problem: '干部队伍年龄结构不合理，年轻干部储备不足',
    measure: '制定优秀年轻干部培养选拔三年规划',
    unit: '人事处',
    leader: '陈志刚',
    leadUnit: '人事处',
    owner: '曹阳',
    status: '已完成（长期坚持）',
    deadline: ONGOING,
    evidence: '三年规划',
  },
  {
    category: '落实新时代党的组织路线方面',
    categoryCell: '（三）落实新时代党的组织路线方面',
    problem: '干部队伍年龄结构不合理，年轻干部储备不足',
    measure: '开展处级干部轮岗交流',
    unit: '人事处',
    leader: '陈志刚',
    leadUnit: '人事处',
    owner: '曹阳',
    status: '基本完成',
    deadline: ambiguous('年内'),
    progress: '已交流轮岗9人',
  },
  {
    category: '落实新时代党的组织路线方面',
    categoryCell: '（三）落实新时代党的组织路线方面',
    problem: '干部队伍年龄结构不合理，年轻干部储备不足',
    measure: '举办年轻干部能力提升专题培训班',
    unit: '人事处',
    leader: '陈志刚',
    leadUnit: '人事处',
    owner: '曹阳',
    status: '已完成',
    deadline: asText('2019-06-30', '2019-06-30'),
    completedOn: onDate('2019-06-21').cell,
    evidence: '培训通知、学员名单',
  },
];

const govLayout: Layout = {
  sheet: '巡察整改台账',
  title: '市财政局党组落实市委第三巡察组反馈意见整改台账',
  preamble: [{ cells: [[0, '填报单位：市财政局办公室　　　　　　填报日期：2019年7月15日']], mergeAcross: true }],
  columns: [
    col('序号', 'seq', undefined, 6),
    col('责任部门', 'unit'),
    col('分管领导', 'leader'),
    col('牵头部门', 'leadUnit'),
    spacer(),
    col('问题类型', 'category', undefined, 20),
    col('问题描述', 'problem', undefined, 30),
    col('整改计划及措施', 'measure', undefined, 36),
    col('整改责任人', 'owner'),
    col('整改状态', 'status'),
    col('整改时限', 'deadline'),
    spacer(),
    col('整改进展', 'progress', undefined, 28),
    col('整改完成时间', 'completedOn'),
    col('支撑材料', 'evidence', undefined, 24),
  ],
  seq: 'running',
};

export const govLedger = variant({
  name: 'government-synonyms-reordered-spacers',
  fileName: '市财政局巡察整改台账.xlsx',
  covers: ['synonym-headers', 'column-order', 'spacer-columns', 'unit-line', 'ambiguous-deadline', 'category-ordinal-prefix'],
  asOf: '2019-07-15',
  sheets: [ledgerSheet(govLayout, govRows)],
});

// ---------------------------------------------------------------------------------------------------
// 4. A copied file: 外国语学院's ledger on a sheet still named 计算机学院, with placeholders meaning
//    empty, duplicated 序号, 整改进展 holding status words beside 进展描述, and a text cell starting with "=".

const FL = '外国语学院';
const fl = (r: Omit<MeasureRow, 'unit' | 'leader'>): MeasureRow => ({ unit: FL, leader: '黄立群', ...r });
const placeholderRows: MeasureRow[] = [
  fl({
    seq: 1,
    category: '人才培养方面',
    problem: '外语专业课程思政建设推进缓慢',
    measure: '制定外国语学院课程思政建设实施方案',
    coUnit: '教务处',
    owner: '许蕾',
    deadline: asText('2018-10-31', '2018-10-31'),
    status: '已完成',
    progress: '实施方案已印发',
    completedOn: onDate('2018-10-26').cell,
    evidence: '实施方案',
  }),
  fl({
    seq: 2,
    category: '人才培养方面',
    problem: '外语专业课程思政建设推进缓慢',
    measure: '遴选10门课程思政示范课程',
    coUnit: '无',
    owner: '许蕾',
    deadline: asText('2018-12-31', '2018-12-31'),
    status: '正在推进',
    progress: '已遴选4门',
    completedOn: '—',
    evidence: '\\',
  }),
  fl({
    seq: 2,
    category: '人才培养方面',
    problem: '学生出国（境）交流管理不规范',
    measure: '修订学生出国（境）交流管理办法',
    coUnit: '国际合作与交流处',
    owner: '潘志',
    deadline: asText('2018-09-30', '2018-09-30'),
    status: '已完成',
    completedOn: onDate('2018-09-28').cell,
    evidence: '无',
  }),
  fl({
    seq: 3,
    category: '人才培养方面',
    problem: '学生出国（境）交流管理不规范',
    measure: '建立出国（境）学生行前教育和回国报告制度',
    coUnit: '/',
    owner: '潘志',
    deadline: asText('2018-11-15', '2018-11-15'),
    status: '/',
    progress: '—',
    completedOn: '—',
    evidence: '/',
    remarks: '=同上',
  }),
  fl({
    seq: 4,
    category: '师资队伍方面',
    problem: '外籍教师聘用管理存在漏洞',
    measure: '全面核查在聘外籍教师资质和聘用合同',
    coUnit: '人事处',
    owner: '傅雪',
    deadline: ONGOING,
    status: '已完成并长期坚持',
    progress: '已核查外籍教师14人',
    evidence: '核查报告',
  }),
  fl({
    seq: 4,
    category: '师资队伍方面',
    problem: '外籍教师聘用管理存在漏洞',
    measure: '建立外籍教师教学内容审查机制',
    coUnit: '国际合作与交流处',
    owner: '傅雪',
    deadline: asText('2018-11-30', '2018-11-30'),
    status: '正在推进',
    progress: '审查办法已起草',
    completedOn: '—',
    evidence: '\\',
  }),
  fl({
    seq: 5,
    category: '师资队伍方面',
    problem: '外籍教师聘用管理存在漏洞',
    measure: '开展外籍教师思想政治和师德师风教育',
    coUnit: '无',
    owner: '傅雪',
    deadline: asText('2019-03-31', '2019-03-31'),
    status: '未启动',
    completedOn: '\\',
    remarks: '/',
  }),
];

const placeholderLayout: Layout = {
  sheet: '计算机学院',
  title: '外国语学院巡视整改工作台账',
  preamble: [{ cells: [[0, '填报单位：外国语学院'], [9, '填报日期：2018年12月1日']] }],
  columns: [
    col('序号', 'seq', undefined, 6),
    col('问题类别', 'category'),
    col('存在问题', 'problem', undefined, 28),
    col('整改措施', 'measure', undefined, 36),
    col('责任领导', 'leader'),
    col('责任单位', 'unit'),
    col('配合单位', 'coUnit'),
    col('责任人', 'owner'),
    col('完成时间节点', 'deadline'),
    col('整改进展', 'status'),
    col('进展描述', 'progress', undefined, 24),
    col('完成时间', 'completedOn'),
    col('佐证材料', 'evidence'),
    col('备注', 'remarks'),
  ],
  mergeCategory: true,
  mergeProblem: true,
  seq: 'given',
  footer: [{ cells: [[0, '填表人：许蕾'], [5, '审核人：黄立群']] }],
};

export const placeholderLedger = variant({
  name: 'copied-file-placeholders-duplicate-seq',
  fileName: '外国语学院整改台账.xlsx',
  covers: ['copied-sheet-name', 'placeholders', 'seq-duplicated', 'status-in-整改进展', 'formula-like-text', 'signature-below'],
  asOf: '2018-12-01',
  sheets: [ledgerSheet(placeholderLayout, placeholderRows)],
});

// ---------------------------------------------------------------------------------------------------
// 5. An SOE audit ledger (审计整改台账): 32 columns, 是否整改完成, amounts in 万元, monthly progress
//    columns, 验收负责人, and a block of 24 rows identical except for 问题编号.

const MONTHS = Array.from({ length: 12 }, (_, i) => `${i + 1}月进展`);

function monthly(from: number, texts: string[]): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  texts.forEach((t, i) => (out[`${from + i}月进展`] = t));
  return out;
}

interface AuditDef {
  no: number;
  category: string;
  problem: string;
  measure: string;
  unit: string;
  leadUnit: string;
  leader: string;
  owner: string;
  deadline: DeadlineSpec;
  done: boolean;
  basis: string;
  amount: number;
  rectified: number;
  progress: Record<string, Cell>;
  completedOn?: Cell;
  evidence?: Cell;
}

const auditNo = (n: number) => `SJ-2019-${String(n).padStart(3, '0')}`;

function auditRow(d: AuditDef): MeasureRow {
  return {
    ref: auditNo(d.no),
    problemNo: auditNo(d.no),
    category: d.category,
    problem: d.problem,
    measure: d.measure,
    unit: d.unit,
    leadUnit: d.leadUnit,
    leader: d.leader,
    owner: d.owner,
    deadline: d.deadline,
    status: d.done ? '是' : '否',
    completedOn: d.completedOn ?? null,
    evidence: d.evidence ?? null,
    extras: {
      审计依据: d.basis,
      '涉及金额（万元）': d.amount,
      '已整改金额（万元）': d.rectified,
      ...d.progress,
      验收负责人: '吴刚',
      验收意见: d.done ? '同意销号' : null,
      追责问责情况: '\\',
    },
  };
}

const BLOCK_FIRST = 9;
const BLOCK_SIZE = 24;
const blockRow = (no: number): MeasureRow =>
  auditRow({
    no,
    category: '财务管理',
    problem: '差旅费报销不规范',
    measure: '退回多报销费用，加强报销审核',
    unit: '第一工程公司',
    leadUnit: '财务部',
    leader: '钱卫东',
    owner: '周敏',
    deadline: asText('2019年12月底前', '2019-12-31'),
    done: false,
    basis: '《中央企业内部审计管理暂行办法》',
    amount: 0.36,
    rectified: 0,
    progress: monthly(9, ['已下发整改通知', '正在追缴']),
  });

const auditRows: MeasureRow[] = [
  auditRow({
    no: 1,
    category: '财务管理',
    problem: '部分下属企业银行账户未经审批开立',
    measure: '清理撤销未经审批账户，建立账户开立审批台账',
    unit: '第一工程公司',
    leadUnit: '财务部',
    leader: '钱卫东',
    owner: '周敏',
    deadline: onDate('2019-06-30'),
    done: true,
    basis: '《人民币银行结算账户管理办法》',
    amount: 0,
    rectified: 0,
    progress: monthly(4, ['已梳理账户清单', '已撤销账户3个', '整改完成']),
    completedOn: onDate('2019-06-15').cell,
    evidence: '账户撤销证明',
  }),
  auditRow({
    no: 2,
    category: '财务管理',
    problem: '往来款项长期挂账未清理',
    measure: '对三年以上往来款项逐笔清理，确认坏账按程序核销',
    unit: '第二工程公司',
    leadUnit: '财务部',
    leader: '钱卫东',
    owner: '蒋华',
    deadline: onDate('2019-09-30'),
    done: false,
    basis: '《企业会计准则》',
    amount: 386.5,
    rectified: 120,
    progress: monthly(6, ['已成立清欠小组', '已发函催收', '收回120万元', '正在核销审批', '仍有266.5万元未收回']),
  }),
  auditRow({
    no: 3,
    category: '工程建设管理',
    problem: '部分工程项目未批先建',
    measure: '补办项目审批手续，对相关责任人进行约谈',
    unit: '第一工程公司',
    leadUnit: '工程管理部',
    leader: '沈建军',
    owner: '韦东',
    deadline: onDate('2019-08-31'),
    done: true,
    basis: '《企业投资项目核准和备案管理条例》',
    amount: 0,
    rectified: 0,
    progress: monthly(6, ['已补报审批材料', '已取得批复', '已约谈项目负责人']),
    completedOn: onDate('2019-08-20').cell,
    evidence: '审批文件、约谈记录',
  }),
  auditRow({
    no: 4,
    category: '工程建设管理',
    problem: '工程结算审核不严，多计工程款',
    measure: '追回多计工程款，委托第三方复核结算',
    unit: '第三工程公司',
    leadUnit: '工程管理部',
    leader: '沈建军',
    owner: '秦川',
    deadline: onDate('2019-12-31'),
    done: false,
    basis: '《建设工程价款结算暂行办法》',
    amount: 52.8,
    rectified: 30,
    progress: monthly(7, ['已委托第三方复核', '已追回30万元', '正在协商剩余款项', '正在协商剩余款项']),
  }),
  auditRow({
    no: 5,
    category: '采购管理',
    problem: '化整为零规避公开招标',
    measure: '修订采购管理办法，明确分级审批权限',
    unit: '物资公司',
    leadUnit: '采购中心',
    leader: '沈建军',
    owner: '尤佳',
    deadline: onDate('2019-07-31'),
    done: false,
    basis: '《招标投标法》第四条',
    amount: 215,
    rectified: 0,
    progress: monthly(7, ['办法起草中', '办法征求意见中', '待总经理办公会审议', '待总经理办公会审议']),
  }),
  auditRow({
    no: 6,
    category: '采购管理',
    problem: '供应商准入审查不严',
    measure: '开展供应商资质复审，清退不合格供应商',
    unit: '物资公司',
    leadUnit: '采购中心',
    leader: '沈建军',
    owner: '尤佳',
    deadline: ONGOING,
    done: true,
    basis: '《中央企业合规管理指引（试行）》',
    amount: 0,
    rectified: 0,
    progress: monthly(5, ['已复审供应商186家', '清退不合格供应商11家']),
    evidence: '供应商复审清单',
  }),
  auditRow({
    no: 7,
    category: '资产管理',
    problem: '固定资产账实不符',
    measure: '开展资产全面清查，调整账务',
    unit: '第二工程公司',
    leadUnit: '资产管理部',
    leader: '钱卫东',
    owner: '蒋华',
    deadline: onDate('2019-10-15'),
    done: false,
    basis: '《企业国有资产法》',
    amount: 97.3,
    rectified: 40.2,
    progress: monthly(8, ['清查已启动', '已完成70%清查', '账务调整待审批']),
  }),
  auditRow({
    no: 8,
    category: '资产管理',
    problem: '闲置房产未及时盘活',
    measure: '制定闲置资产盘活方案',
    unit: '置业公司',
    leadUnit: '资产管理部',
    leader: '钱卫东',
    owner: '施琳',
    deadline: onDate('2019-12-31'),
    done: false,
    basis: '《企业国有资产交易监督管理办法》',
    amount: 1350,
    rectified: 0,
    progress: monthly(9, ['已完成资产评估', '盘活方案起草中']),
  }),
  ...Array.from({ length: BLOCK_SIZE }, (_, i) => blockRow(BLOCK_FIRST + i)),
];

const auditColumns: Column[] = [
  col('序号', 'seq', undefined, 6),
  col('问题编号', 'problemNo', undefined, 14),
  col('问题类型', 'category'),
  col('问题描述', 'problem', undefined, 28),
  col('审计依据', 'extra', undefined, 24),
  col('涉及金额（万元）', 'extra'),
  col('整改措施', 'measure', undefined, 30),
  col('整改责任领导', 'leader'),
  col('牵头部门', 'leadUnit'),
  col('所属责任公司', 'unit'),
  col('整改责任人', 'owner'),
  col('目标设定完成时间', 'deadline'),
  col('是否整改完成', 'status'),
  col('整改完成时间', 'completedOn'),
  col('已整改金额（万元）', 'extra'),
  ...MONTHS.map((m) => col(m, 'extra')),
  col('验收负责人', 'extra'),
  col('验收意见', 'extra'),
  col('支撑材料', 'evidence'),
  col('备注', 'remarks'),
  col('追责问责情况', 'extra'),
];

const auditLayout: Layout = {
  sheet: '审计整改台账',
  title: '某能源集团有限公司2019年度内部审计发现问题整改台账',
  preamble: [{ cells: [[0, '填报单位：集团审计部'], [9, '填报日期：2019年10月31日'], [20, '金额单位：万元']] }],
  columns: auditColumns,
  seq: 'running',
  footer: [{ cells: [[0, '说明：是否整改完成填“是”或“否”；未完成整改的须逐月填写整改进展。']], mergeAcross: true }],
};

export const auditLedger = variant({
  name: 'audit-32-columns-repeated-rows',
  fileName: '能源集团审计整改台账.xlsx',
  covers: ['audit-ledger', 'yes-no-status', 'amounts', 'monthly-progress', 'acceptance-owner', '30+columns', 'repeated-text-by-number'],
  asOf: '2019-10-31',
  sheets: [ledgerSheet(auditLayout, auditRows)],
});

// ---------------------------------------------------------------------------------------------------
// 6. The office's whole-university ledger, loop-generated: 6 categories, 126 problems, ~250 measures,
//    every status word and every deadline form.

const BIG_CATEGORIES: Array<{ name: string; leader: string; leadUnit: string; issues: string[] }> = [
  {
    name: '党的政治建设',
    leader: '张国华',
    leadUnit: '党委办公室',
    issues: ['贯彻落实党中央决策部署不够坚决', '执行民主集中制原则不够严格', '“三重一大”决策制度执行不到位', '政治理论学习走过场', '落实意识形态工作责任制不到位', '党内政治生活不够严肃', '请示报告制度执行不严格'],
  },
  {
    name: '思想建设',
    leader: '刘振东',
    leadUnit: '党委宣传部',
    issues: ['理论学习中心组学习计划性不强', '思想政治教育针对性实效性不强', '师德师风建设长效机制不健全', '课程思政建设推进缓慢', '网络意识形态阵地管理不严', '学生思想动态研判不及时', '宣传思想工作队伍力量薄弱'],
  },
  {
    name: '组织建设',
    leader: '王丽萍',
    leadUnit: '党委组织部',
    issues: ['基层党组织“三会一课”制度落实不到位', '发展党员工作程序不够规范', '党支部书记“双带头人”培育不足', '干部选拔任用程序执行不严', '干部教育培训针对性不强', '党费收缴使用管理不规范', '党员教育管理松散'],
  },
  {
    name: '作风建设',
    leader: '陈志远',
    leadUnit: '校长办公室',
    issues: ['落实中央八项规定精神有差距', '文山会海问题仍然突出', '服务师生意识不强，办事效率不高', '调查研究不深入', '督查检查考核过多过频', '公务接待管理不规范', '办公用房清理整改不彻底'],
  },
  {
    name: '纪律建设',
    leader: '李建军',
    leadUnit: '纪委办公室',
    issues: ['科研经费使用管理不规范', '政府采购和招投标管理存在漏洞', '基建工程项目监管不到位', '校办企业监管不力', '“一岗双责”落实不到位', '廉政风险防控机制不健全', '违规收受礼品礼金问题时有发生'],
  },
  {
    name: '制度建设',
    leader: '赵明远',
    leadUnit: '校长办公室',
    issues: ['内部控制制度不健全', '规章制度清理修订滞后', '资产管理制度执行不严', '财务审批权限规定不明确', '合同管理制度不完善', '信息公开制度落实不到位', '制度执行监督检查机制缺失'],
  },
];
const BIG_SUBJECTS = ['部分二级党组织', '个别职能部门', '部分附属单位'];
const BIG_MEASURES = [
  '制定专项整改方案，明确整改目标、责任和时间节点',
  '开展专项自查自纠并形成自查报告',
  '修订完善相关管理制度',
  '组织专题学习培训',
  '建立定期督查通报机制',
  '将整改落实情况纳入年度考核',
  '开展警示教育并通报典型问题',
];
const BIG_UNITS = ['党委办公室', '校长办公室', '党委组织部', '党委宣传部', '纪委办公室', '人事处', '教务处', '科研处', '财务处', '资产管理处', '基建处', '学生工作部', '研究生院', '计算机学院', '外国语学院', '马克思主义学院'];
const ALL_STATUS_WORDS = Object.keys(STATUS_WORDS).filter((w) => w !== '是' && w !== '否');

function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
const pad = (n: number) => String(n).padStart(2, '0');

function bigDeadline(rand: () => number): DeadlineSpec {
  const y = rand() < 0.7 ? 2018 : 2019;
  const m = y === 2018 ? 9 + Math.floor(rand() * 4) : 1 + Math.floor(rand() * 6);
  const d = lastDay(y, m);
  const iso = `${y}-${pad(m)}-${pad(d)}`;
  switch (Math.floor(rand() * 10)) {
    case 0:
      return onDate(iso);
    case 1:
      return asSerial(iso);
    case 2:
      return asText(`${y}年${m}月底前`, iso);
    case 3:
      return asText(`${y}年${m}月${d}日前`, iso);
    case 4:
      return asText(`${y}.${pad(m)}.${pad(d)}`, iso);
    case 5:
      return asText(iso, iso);
    case 6:
      return asText(`${y}年底前`, `${y}-12-31`);
    case 7:
      return ONGOING;
    case 8:
      return IMMEDIATE;
    default:
      return onDate(iso);
  }
}

function bigRows(): MeasureRow[] {
  const rand = prng(20180910);
  const rows: MeasureRow[] = [];
  BIG_CATEGORIES.forEach((cat) => {
    cat.issues.forEach((issue, i) => {
      BIG_SUBJECTS.forEach((subject, s) => {
        const problem = `${subject}${issue}`;
        const count = 1 + Math.floor(rand() * 3);
        for (let j = 0; j < count; j++) {
          const status = ALL_STATUS_WORDS[Math.floor(rand() * ALL_STATUS_WORDS.length)]!;
          const code = STATUS_WORDS[status]!;
          const completed = code === 'done' || code === 'done_ongoing';
          rows.push({
            category: cat.name,
            problem,
            measure: BIG_MEASURES[(i + s + j) % BIG_MEASURES.length]!,
            leader: cat.leader,
            leadUnit: cat.leadUnit,
            unit: BIG_UNITS[Math.floor(rand() * BIG_UNITS.length)]!,
            coUnit: rand() < 0.3 ? BIG_UNITS[Math.floor(rand() * BIG_UNITS.length)]! : null,
            deadline: bigDeadline(rand),
            status,
            progress: completed ? '已按期完成整改' : code === 'in_progress' ? '已制定方案，正在推进' : null,
            evidence: completed ? '整改报告及相关制度文件' : null,
          });
        }
      });
    });
  });
  return rows;
}

const bigLayout: Layout = {
  sheet: '总台账',
  title: '中共某某大学委员会关于省委巡视反馈意见整改落实总台账',
  preamble: [{ cells: [[0, '填报单位：学校巡视整改工作办公室'], [8, '填报日期：2018年11月30日']] }],
  columns: [
    col('序号', 'seq', undefined, 6),
    col('问题类别', 'category'),
    col('存在问题', 'problem', undefined, 30),
    col('整改措施', 'measure', undefined, 36),
    col('责任领导', 'leader'),
    col('牵头单位', 'leadUnit'),
    col('责任单位', 'unit'),
    col('配合单位', 'coUnit'),
    col('完成时限', 'deadline'),
    col('完成情况', 'status'),
    col('进展情况', 'progress', undefined, 24),
    col('佐证材料', 'evidence', undefined, 24),
    col('备注', 'remarks'),
  ],
  separator: separatorCn,
  mergeCategory: true,
  mergeProblem: true,
  seq: 'running',
};

export const bigLedger = variant({
  name: 'university-master-generated',
  fileName: '学校巡视整改总台账（生成）.xlsx',
  covers: ['many-rows', 'all-status-words', 'all-deadline-forms', 'separators', 'merged-problem', 'merged-category'],
  asOf: '2018-11-30',
  sheets: [ledgerSheet(bigLayout, bigRows())],
});

// ---------------------------------------------------------------------------------------------------
// 7. Row-level errors that must be kept and flagged: an unknown status word, an unreadable deadline,
//    a row without its measure, a cell starting with "=", and an accidental duplicate row.

const LOG = '后勤保障处';
const lg = (r: Omit<MeasureRow, 'unit'>): MeasureRow => ({ unit: LOG, ...r });
const badRows: MeasureRow[] = [
  lg({
    problem: '学生食堂食品安全管理存在薄弱环节',
    measure: '开展学生食堂食品安全专项检查',
    owner: '马骏',
    deadline: asText('2018年9月底前', '2018-09-30'),
    status: '已完成',
    evidence: '检查报告',
  }),
  lg({
    problem: '学生食堂食品安全管理存在薄弱环节',
    measure: '建立食材采购索证索票台账',
    owner: '马骏',
    deadline: asText('2018年10月31日前', '2018-10-31'),
    status: '差不多了',
  }),
  lg({
    problem: '学生食堂食品安全管理存在薄弱环节',
    measure: '对食堂从业人员开展食品安全培训',
    owner: '马骏',
    deadline: unreadable('尽快'),
    status: '正在推进',
    progress: '=SUM(A1)',
  }),
  lg({
    problem: '学生公寓消防设施维护不及时',
    measure: null,
    owner: '袁方',
    deadline: asText('2018年11月底前', '2018-11-30'),
    status: '未启动',
  }),
  lg({
    problem: '学生公寓消防设施维护不及时',
    measure: '更换老化灭火器和应急照明设备',
    owner: '袁方',
    deadline: asText('2018年9月30日前', '2018-09-30'),
    status: '正在推进',
    progress: '已更换灭火器420具',
  }),
  lg({
    problem: '学生公寓消防设施维护不及时',
    measure: '更换老化灭火器和应急照明设备',
    owner: '袁方',
    deadline: asText('2018年9月30日前', '2018-09-30'),
    status: '正在推进',
    progress: '已更换灭火器420具',
  }),
];

const badLayout: Layout = {
  sheet: '整改台账',
  title: '后勤保障处巡视整改台账',
  columns: [
    col('序号', 'seq', undefined, 6),
    col('存在问题', 'problem', undefined, 30),
    col('整改措施', 'measure', undefined, 32),
    col('责任单位', 'unit'),
    col('责任人', 'owner'),
    col('完成时限', 'deadline'),
    col('完成情况', 'status'),
    col('进展情况', 'progress'),
    col('佐证材料', 'evidence'),
    col('备注', 'remarks'),
  ],
  mergeProblem: true,
  seq: 'running',
};

export const badLedger = variant({
  name: 'row-errors',
  fileName: '后勤保障处整改台账（有误）.xlsx',
  covers: ['unknown-status', 'unreadable-deadline', 'missing-measure', 'formula-like-text', 'duplicate-row'],
  asOf: '2018-10-15',
  sheets: [ledgerSheet(badLayout, badRows)],
  atLeast: { duplicate_measure: 1 },
  targets: [
    { code: 'unknown_status', index: 1, source: 'status' },
    { code: 'bad_deadline', index: 2, source: 'deadline' },
    { code: 'missing_measure', index: 3, source: 'measure' },
  ],
});

// ---------------------------------------------------------------------------------------------------
// Merge scenarios.

export interface CellCheck {
  /** The measure text of the row to look at in the merged ledger sheet, and which unit's row. */
  measure: string;
  unit: string;
  /** Header of the column in the merged sheet. */
  header: string;
  value: string | number;
}

export interface MergeScenario {
  name: string;
  files: Variant[];
  asOf: string;
  /** Rollup of the consolidated ledger; findings holds the exact copies_differ count when pinned down. */
  expected: Expected;
  /** Headers of columns the ledger does not know that must survive into the merged workbook. */
  extraColumns: string[];
  cellChecks: CellCheck[];
}

const cellText = (v: Cell | undefined): string => {
  if (isBlank(v)) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).trim();
};

/**
 * The consolidated ledger as BRIEF §3 describes it: a later file's copy of a measure (same `ref`)
 * overwrites the fields it has a column for; a measure only one file has is added.
 */
function mergeScenario(def: { name: string; files: Variant[]; asOf: string; pinCopiesDiffer: boolean; cellChecks: CellCheck[] }): MergeScenario {
  const byRef = new Map<string, Held>();
  const all: Held[] = [];
  let differ = 0;
  for (const f of def.files) {
    for (const row of f.ledger.rows) {
      const h = held(f.ledger.layout, row);
      const prev = row.ref ? byRef.get(row.ref) : undefined;
      if (!prev) {
        const copy: Held = { values: { ...h.values }, ...(h.deadline ? { deadline: h.deadline } : {}) };
        if (row.ref) byRef.set(row.ref, copy);
        all.push(copy);
        continue;
      }
      for (const [field, v] of Object.entries(h.values)) {
        const old = prev.values[field as keyof Held['values']];
        if (old !== undefined && cellText(old) !== cellText(v)) differ += 1;
      }
      if (h.deadline && prev.deadline && cellText(h.deadline.cell) !== cellText(prev.deadline.cell)) differ += 1;
      Object.assign(prev.values, h.values);
      if (h.deadline) prev.deadline = h.deadline;
    }
  }
  const expected = expectFrom(all, { asOf: def.asOf, evidenceColumn: true, copiesDiffer: differ });
  expected.findings = def.pinCopiesDiffer ? { copies_differ: differ } : {};
  const extraColumns = [...new Set(def.files.flatMap((f) => f.ledger.layout.columns.filter((c) => c.source === 'extra').map((c) => c.header)))];
  return { name: def.name, files: def.files, asOf: def.asOf, expected, extraColumns, cellChecks: def.cellChecks };
}

// Scenario 1: the office's September master and two units' October updates.

interface OfficeRow extends MeasureRow {
  ref: string;
}
const officeRows: OfficeRow[] = [
  {
    ref: 's1',
    category: '党的政治建设',
    problem: '部分教工党支部“三会一课”制度落实不到位',
    measure: '开展教工党支部“三会一课”落实情况自查',
    leader: '王丽萍',
    leadUnit: '党委组织部',
    unit: CS,
    deadline: asText('2018年10月底前', '2018-10-31'),
    status: '正在推进',
    progress: '已完成5个支部自查',
    evidence: '自查通知',
  },
  {
    ref: 's2',
    category: '党的政治建设',
    problem: '部分教工党支部“三会一课”制度落实不到位',
    measure: '开展教工党支部“三会一课”落实情况自查',
    leader: '王丽萍',
    leadUnit: '党委组织部',
    unit: FL,
    deadline: asText('2018年10月底前', '2018-10-31'),
    status: '未启动',
    progress: '拟于10月下旬开展',
  },
  {
    ref: 's3',
    category: '党的政治建设',
    problem: '学院党政联席会议议事规则不健全',
    measure: '修订学院党政联席会议议事规则',
    leader: '张国华',
    leadUnit: '党委办公室',
    unit: CS,
    deadline: onDate('2018-09-30'),
    status: '已完成',
    progress: '议事规则已印发',
    evidence: '议事规则文件',
  },
  {
    ref: 's4',
    category: '人才培养',
    problem: '课程思政建设推进缓慢',
    measure: '遴选课程思政示范课程并开展集体备课',
    leader: '陈志远',
    leadUnit: '教务处',
    unit: FL,
    deadline: asText('2018年12月底前', '2018-12-31'),
    status: '正在推进',
    progress: '已遴选3门课程',
    evidence: '遴选通知',
  },
  {
    ref: 's5',
    category: '人才培养',
    problem: '课程思政建设推进缓慢',
    measure: '修订本科专业人才培养方案，增加课程思政要求',
    leader: '陈志远',
    leadUnit: '教务处',
    unit: '教务处',
    deadline: asText('2018年11月30日前', '2018-11-30'),
    status: '正在推进',
    progress: '已完成初稿',
  },
  {
    ref: 's6',
    category: '人才培养',
    problem: '实验室安全管理责任落实不到位',
    measure: '开展实验室安全隐患全面排查',
    leader: '陈志远',
    leadUnit: '实验室与设备管理处',
    unit: CS,
    deadline: IMMEDIATE,
    status: '正在推进',
    progress: '已排查实验室12间',
    evidence: '排查台账',
  },
  {
    ref: 's7',
    category: '人才培养',
    problem: '实验室安全管理责任落实不到位',
    measure: '建立实验室安全准入和培训制度',
    leader: '陈志远',
    leadUnit: '实验室与设备管理处',
    unit: CS,
    deadline: ONGOING,
    status: '未启动',
    progress: '制度正在起草',
  },
  {
    ref: 's8',
    category: '作风建设',
    problem: '科研经费报销审核把关不严',
    measure: '组织科研经费管理政策专题培训',
    leader: '李建军',
    leadUnit: '科研处',
    unit: CS,
    deadline: onDate('2018-10-20'),
    status: '已完成',
    progress: '已培训86人次',
    evidence: '培训签到表',
  },
  {
    ref: 's9',
    category: '作风建设',
    problem: '科研经费报销审核把关不严',
    measure: '建立科研经费报销二级审核机制',
    leader: '李建军',
    leadUnit: '财务处',
    unit: '财务处',
    deadline: asText('2018年12月31日前', '2018-12-31'),
    status: '正在推进',
    progress: '审核办法已起草',
  },
  {
    ref: 's10',
    category: '作风建设',
    problem: '公务接待管理不规范',
    measure: '修订学院公务接待管理办法',
    leader: '李建军',
    leadUnit: '校长办公室',
    unit: FL,
    deadline: onDate('2018-10-15'),
    status: '正在推进',
    progress: '办法初稿已形成',
  },
];

const office = (ref: string): OfficeRow => {
  const r = officeRows.find((o) => o.ref === ref);
  if (!r) throw new Error(`no office row ${ref}`);
  return r;
};

const officeLayout: Layout = {
  sheet: '整改台账',
  title: '某某大学巡视整改工作台账（2018年9月）',
  columns: [
    col('序号', 'seq', undefined, 6),
    col('问题类别', 'category'),
    col('存在问题', 'problem', undefined, 30),
    col('整改措施', 'measure', undefined, 36),
    col('责任领导', 'leader'),
    col('牵头单位', 'leadUnit'),
    col('责任单位', 'unit'),
    col('完成时限', 'deadline'),
    col('完成情况', 'status'),
    col('进展情况', 'progress', undefined, 24),
    col('佐证材料', 'evidence'),
    col('备注', 'remarks'),
  ],
  separator: separatorCn,
  mergeCategory: true,
  mergeProblem: true,
  seq: 'running',
};

export const officeMaster = variant({
  name: 'office-master-september',
  fileName: '学校巡视整改总台账（9月）.xlsx',
  covers: ['office-master'],
  asOf: '2018-10-31',
  sheets: [ledgerSheet(officeLayout, officeRows)],
});

const csUpdateLayout: Layout = {
  sheet: '整改进展',
  title: '计算机学院巡视整改进展情况（2018年10月）',
  columns: [
    col('序号', 'seq', undefined, 6),
    col('问题描述', 'problem', undefined, 30),
    col('整改计划及措施', 'measure', undefined, 36),
    col('责任部门', 'unit'),
    col('整改时限', 'deadline'),
    col('整改状态', 'status'),
    col('整改进展', 'progress', undefined, 24),
    col('支撑材料', 'evidence'),
    col('投入经费（万元）', 'extra'),
  ],
  mergeProblem: true,
  seq: 'running',
};

export const csUpdate = variant({
  name: 'unit-update-computer-science',
  fileName: '计算机学院整改进展（10月）.xlsx',
  covers: ['unit-update', 'synonym-headers'],
  asOf: '2018-10-31',
  sheets: [
    ledgerSheet(csUpdateLayout, [
      { ...office('s1'), status: '已完成', extras: { '投入经费（万元）': 0.5 } },
      { ...office('s3') },
      { ...office('s6'), status: '已完成', extras: { '投入经费（万元）': 3.2 } },
      { ...office('s7'), progress: '制度已提交院务会审议' },
      { ...office('s8') },
    ]),
  ],
});

const flUpdateLayout: Layout = {
  sheet: '外国语学院',
  title: '外国语学院巡视整改进展情况（2018年10月）',
  columns: [
    col('序号', 'seq', undefined, 6),
    col('问题类别', 'category'),
    col('存在问题', 'problem', undefined, 30),
    col('整改措施', 'measure', undefined, 36),
    col('责任单位', 'unit'),
    col('完成时限', 'deadline'),
    col('完成情况', 'status'),
    col('进展情况', 'progress', undefined, 24),
    col('佐证材料', 'evidence'),
    col('联系电话', 'extra'),
  ],
  mergeCategory: true,
  seq: 'running',
};

export const flUpdate = variant({
  name: 'unit-update-foreign-languages',
  fileName: '外国语学院整改进展（10月）.xlsx',
  covers: ['unit-update', 'self-found-problem'],
  asOf: '2018-10-31',
  sheets: [
    ledgerSheet(flUpdateLayout, [
      { ...office('s2'), status: '正在推进', extras: { 联系电话: '0571-88881234' } },
      { ...office('s4'), progress: '已遴选6门课程，开展集体备课2次', extras: { 联系电话: '0571-88881234' } },
      { ...office('s10'), extras: { 联系电话: '0571-88881234' } },
      {
        category: '作风建设',
        problem: '学院资料室图书借阅管理不规范',
        measure: '清理逾期未还图书并修订借阅管理规定',
        unit: FL,
        deadline: asText('2018年11月底前', '2018-11-30'),
        status: '正在推进',
        progress: '已清理逾期图书230册',
        extras: { 联系电话: '0571-88885678' },
      },
    ]),
  ],
});

export const officeAndUnits = mergeScenario({
  name: 'office-master-plus-two-unit-updates',
  files: [officeMaster, csUpdate, flUpdate],
  asOf: '2018-10-31',
  pinCopiesDiffer: true,
  cellChecks: [
    { measure: office('s1').measure as string, unit: CS, header: '完成情况', value: '已完成' },
    { measure: office('s2').measure as string, unit: FL, header: '完成情况', value: '正在推进' },
    { measure: office('s7').measure as string, unit: CS, header: '进展情况', value: '制度已提交院务会审议' },
    { measure: office('s6').measure as string, unit: CS, header: '投入经费（万元）', value: 3.2 },
    { measure: '清理逾期未还图书并修订借阅管理规定', unit: FL, header: '联系电话', value: '0571-88885678' },
  ],
});

// Scenario 2: three units' own ledgers, no master; shared problems written slightly differently.

const units3 = {
  me: '机械工程学院',
  ch: '化学化工学院',
  lib: '图书馆',
};
const CAT_PARTY = '党的建设方面';
const CAT_SAFETY = '安全稳定方面';
const CAT_ASSETS = '资产管理方面';
const P_REVIEW = '基层党组织书记抓党建述职评议考核流于形式';
const P_LAB = '实验室安全管理责任落实不到位';
const P_ASSETS = '固定资产管理不规范，账实不符';

export const mechLedger = variant({
  name: 'unit-only-mechanical',
  fileName: '机械工程学院整改台账.xlsx',
  covers: ['separators-only-categories', 'shared-problem'],
  asOf: '2019-01-15',
  sheets: [
    ledgerSheet(
      {
        sheet: 'Sheet1',
        title: '机械工程学院巡视整改台账',
        columns: [
          col('序号', 'seq'),
          col('存在问题', 'problem', undefined, 30),
          col('整改措施', 'measure', undefined, 32),
          col('责任单位', 'unit'),
          col('完成时限', 'deadline'),
          col('完成情况', 'status'),
          col('佐证材料', 'evidence'),
        ],
        separator: separatorCn,
        mergeProblem: true,
        seq: 'restart',
      },
      [
        { category: CAT_PARTY, problem: P_REVIEW, measure: '完善党支部书记抓党建述职评议考核办法', unit: units3.me, deadline: asText('2018年12月底前', '2018-12-31'), status: '已完成', evidence: '考核办法' },
        { category: CAT_PARTY, problem: P_REVIEW, measure: '将述职评议结果与干部年度考核挂钩', unit: units3.me, deadline: ONGOING, status: '已完成并长期坚持', evidence: '考核结果运用通知' },
        { category: CAT_SAFETY, problem: P_LAB, measure: '建立实验室安全责任清单，落实到人', unit: units3.me, deadline: asText('2018年11月底前', '2018-11-30'), status: '已完成', evidence: '责任清单' },
        { category: CAT_SAFETY, problem: P_LAB, measure: '开展危险化学品专项检查', unit: units3.me, deadline: asSerial('2018-12-20'), status: '正在推进' },
      ],
    ),
  ],
});

export const chemLedger = variant({
  name: 'unit-only-chemistry',
  fileName: '化学化工学院整改台账.xlsx',
  covers: ['shared-problem', 'problem-text-variant'],
  asOf: '2019-01-15',
  sheets: [
    ledgerSheet(
      {
        sheet: '整改台账',
        columns: [
          col('序号', 'seq'),
          col('问题类别', 'category'),
          col('存在问题', 'problem', undefined, 30),
          col('整改措施', 'measure', undefined, 32),
          col('责任单位', 'unit'),
          col('完成时限', 'deadline'),
          col('完成情况', 'status'),
          col('佐证材料', 'evidence'),
        ],
        mergeCategory: true,
        mergeProblem: true,
        seq: 'running',
      },
      [
        { category: CAT_SAFETY, problem: P_LAB, problemCell: '实验室安全管理责任　落实不到位。', measure: '开展实验室废弃物处置专项整治', unit: units3.ch, deadline: asText('2019年3月底前', '2019-03-31'), status: '推进中' },
        { category: CAT_SAFETY, problem: P_LAB, problemCell: '实验室安全管理责任　落实不到位。', measure: '组织全体师生参加实验室安全准入考试', unit: units3.ch, deadline: asText('2018年12月31日前', '2018-12-31'), status: '已完成', evidence: '考试成绩单' },
        { category: CAT_ASSETS, problem: P_ASSETS, measure: '开展学院固定资产全面清查', unit: units3.ch, deadline: asText('2018年12月底前', '2018-12-31'), status: '已整改', evidence: '清查报告' },
        { category: CAT_ASSETS, problem: P_ASSETS, measure: '对闲置设备进行调剂和报废处置', unit: units3.ch, deadline: asText('2018.12.31', '2018-12-31'), status: '尚未启动' },
      ],
    ),
  ],
});

export const libraryLedger = variant({
  name: 'unit-only-library',
  fileName: '图书馆整改台账.xlsx',
  covers: ['shared-problem', 'category-ordinal-prefix'],
  asOf: '2019-01-15',
  sheets: [
    ledgerSheet(
      {
        sheet: '整改台账',
        title: '图书馆巡视整改台账',
        columns: [
          col('序号', 'seq'),
          col('问题类型', 'category'),
          col('问题描述', 'problem', undefined, 30),
          col('具体措施', 'measure', undefined, 32),
          col('责任部门', 'unit'),
          col('整改时限', 'deadline'),
          col('整改状态', 'status'),
          col('支撑材料', 'evidence'),
        ],
        seq: 'running',
      },
      [
        { category: CAT_ASSETS, categoryCell: '（三）资产管理方面', problem: P_ASSETS, problemCell: '固定资产管理不规范、账实不符', measure: '开展馆藏设备资产清查', unit: units3.lib, deadline: asText('2018年12月底前', '2018-12-31'), status: '已完成', evidence: '清查报告' },
        { category: CAT_PARTY, categoryCell: '（一）党的建设方面', problem: P_REVIEW, measure: '修订图书馆党总支书记述职评议办法', unit: units3.lib, deadline: asText('2019年6月底前', '2019-06-30'), status: '正在推进' },
      ],
    ),
  ],
});

export const unitsOnly = mergeScenario({
  name: 'three-units-shared-problems',
  files: [mechLedger, chemLedger, libraryLedger],
  asOf: '2019-01-15',
  pinCopiesDiffer: true,
  cellChecks: [],
});

// Scenario 3: the audit ledger and a company's update, rows reordered, matched by 问题编号 alone.

const CHANGED_BLOCK = new Set([12, 13, 14, 15, 16, 17].map(auditNo));
const auditUpdateRows: MeasureRow[] = [
  auditRows[0]!,
  auditRows[2]!,
  ...auditRows
    .filter((r) => r.problem === '差旅费报销不规范')
    .reverse()
    .map((r) => (CHANGED_BLOCK.has(String(r.ref)) ? { ...r, status: '是' } : r)),
];

export const auditUpdate = variant({
  name: 'audit-update-reordered',
  fileName: '第一工程公司审计整改进展（10月）.xlsx',
  covers: ['audit-ledger', 'yes-no-status', 'repeated-text-by-number', 'rows-reordered'],
  asOf: '2019-10-31',
  sheets: [
    ledgerSheet(
      {
        sheet: '整改进展',
        title: '第一工程公司审计发现问题整改进展（2019年10月）',
        columns: [
          col('序号', 'seq'),
          col('问题编号', 'problemNo'),
          col('问题描述', 'problem', undefined, 24),
          col('整改措施', 'measure', undefined, 30),
          col('所属责任公司', 'unit'),
          col('目标设定完成时间', 'deadline'),
          col('是否整改完成', 'status'),
        ],
        seq: 'running',
      },
      auditUpdateRows,
    ),
  ],
});

export const auditMerge = mergeScenario({
  name: 'audit-update-matched-by-number',
  files: [auditLedger, auditUpdate],
  asOf: '2019-10-31',
  pinCopiesDiffer: true,
  cellChecks: [],
});

// Scenario 4: a unit's update whose texts were retyped (line breaks, full-width spaces, other quotes).

export const csRetyped = variant({
  name: 'unit-update-retyped-text',
  fileName: '计算机学院整改台账（重新排版）.xlsx',
  covers: ['natural-key-whitespace', 'natural-key-punctuation', 'header-line-breaks'],
  asOf: '2018-10-31',
  sheets: [
    ledgerSheet(
      {
        sheet: '整改台账',
        columns: [
          col('序号', 'seq'),
          col('存在\n问题', 'problem', undefined, 30),
          col('整改\n措施', 'measure', undefined, 36),
          col('责任\n单位', 'unit'),
          col('完成\n时限', 'deadline'),
          col('完成\n情况', 'status'),
        ],
        seq: 'running',
      },
      [
        { ...office('s1'), problemCell: '部分教工党支部\n"三会一课"制度落实不到位', measure: '开展教工党支部"三会一课"落实情况自查', status: '已完成' },
        { ...office('s3'), measure: '修订学院党政联席会议议事规则。' },
        { ...office('s6'), measure: '开展实验室安全隐患　全面排查', status: '已完成' },
        { ...office('s7'), problemCell: '实验室安全管理责任落实不到位。', measure: '建立实验室安全准入 和 培训制度', status: '已完成并长期坚持' },
      ],
    ),
  ],
});

export const retypedMerge = mergeScenario({
  name: 'office-master-plus-retyped-update',
  files: [officeMaster, csRetyped],
  asOf: '2018-10-31',
  pinCopiesDiffer: false,
  cellChecks: [{ measure: office('s6').measure as string, unit: CS, header: '完成情况', value: '已完成' }],
});

/** Every single-file variant, including the files the merge scenarios use. */
export const variants: Variant[] = [
  schoolLedger,
  twoHeaderLedger,
  govLedger,
  placeholderLedger,
  auditLedger,
  bigLedger,
  badLedger,
  officeMaster,
  csUpdate,
  flUpdate,
  mechLedger,
  chemLedger,
  libraryLedger,
  auditUpdate,
  csRetyped,
];

export const mergeScenarios: MergeScenario[] = [officeAndUnits, unitsOnly, auditMerge, retypedMerge];
