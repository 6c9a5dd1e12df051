// The university's ledger of BRIEF §1 as a generated master: 6 categories with the long names real
// campaigns give them, 126 problems, 305 measures over 20 units; 213 completed (96 of them kept up
// long-term) and 92 started, so its report sentence is the brief's own.
import { CampaignConfig, type IsoDate, type Master, type Measure, type Rollup, type StatusCode } from '../../ledger';
import { masterOf } from '../support/master';

export const CATEGORIES_305 = [
  '党的政治建设方面：贯彻落实党中央决策部署和上级要求不够坚决有力，“四个意识”树得不够牢固',
  '思想建设方面：理论学习中心组学习制度执行不严格，学习的系统性和针对性不强',
  '组织建设方面：基层党组织建设存在薄弱环节，“三会一课”等组织生活制度落实不到位',
  '作风建设方面：落实中央八项规定精神不够严格，形式主义、官僚主义问题仍有发生',
  '纪律建设方面：管党治党宽松软，监督执纪问责“四种形态”运用不够充分',
  '制度建设方面：内部控制制度不健全，“三重一大”决策制度执行不严格',
];

const UNITS = [
  '党委办公室', '校长办公室', '党委组织部', '党委宣传部', '纪委办公室', '人事处', '教务处', '科研处', '财务处', '资产管理处',
  '基建处', '学生工作部', '研究生院', '计算机学院', '外国语学院', '马克思主义学院', '经济管理学院', '机械工程学院', '图书馆', '后勤保障处',
];
const SUBJECTS = ['部分二级党组织', '个别职能部门', '部分附属单位', '少数学院', '个别直属单位', '部分党支部'];
const ISSUES = [
  '对上级决策部署的传达学习不及时，研究贯彻措施不具体',
  '议事规则不完善，集体决策程序执行不严格，会议记录不规范',
  '落实意识形态工作责任制不到位，对课堂、讲座、论坛等阵地管理不严',
  '干部选拔任用程序不规范，个别岗位长期未轮岗交流',
  '经费使用审批不严格，存在超范围、超标准列支现象',
  '固定资产管理不规范，账实不符，处置程序不严格',
  '对巡视发现问题整改不彻底，存在边整边犯现象',
];
const MEASURES = [
  '制定专项整改方案，明确整改目标、责任分工和时间节点，建立整改台账，逐项推进落实',
  '开展专项自查自纠，对近三年情况进行全面梳理并形成自查报告',
  '修订完善相关管理制度，堵塞制度漏洞，形成长效机制',
  '组织专题学习培训，提高相关人员的政策水平和业务能力',
  '建立定期督查通报机制，每季度通报整改进展情况',
  '将整改落实情况纳入年度考核，强化结果运用',
];

/** Measures of each status, in the order they are handed out: 117 + 96 completed, 92 started. */
const STATUS_PLAN: [StatusCode, number][] = [
  ['done', 117],
  ['done_ongoing', 96],
  ['in_progress', 92],
];

export const AS_OF_305: IsoDate = '2018-11-30';

export function master305(): { master: Master; rollup: Rollup; config: CampaignConfig } {
  const config = CampaignConfig.parse({ categories: CATEGORIES_305 });
  const statuses = STATUS_PLAN.flatMap(([code, n]) => Array.from({ length: n }, () => code));
  // Spread the statuses over the ledger rather than in blocks: every seventh, wrapping around.
  const order = Array.from({ length: 305 }, (_, i) => statuses[(i * 7) % 305]!);
  const measures: Measure[] = [];
  let i = 0;
  for (let p = 0; p < 126; p++) {
    // 53 problems with three measures and 73 with two: 305.
    const count = p < 53 ? 3 : 2;
    const category = CATEGORIES_305[p % 6]!;
    const problem = `${SUBJECTS[p % SUBJECTS.length]}${ISSUES[Math.floor(p / 6) % ISSUES.length]}（第${p + 1}项）`;
    for (let k = 0; k < count; k++, i++) {
      const status = order[i]!;
      const month = 9 + (i % 4);
      const date = `2018-${String(month).padStart(2, '0')}-${month === 9 || month === 11 ? 30 : 31}`;
      measures.push({
        id: `m305-${i + 1}`,
        version: 1,
        category,
        problem,
        measure: MEASURES[(p + k) % MEASURES.length]!,
        leader: `校领导${(p % 9) + 1}`,
        leadUnit: UNITS[p % UNITS.length]!,
        unit: UNITS[(p * 3 + k) % UNITS.length]!,
        owner: `联系人${(i % 37) + 1}`,
        deadline: i % 9 === 0 ? { kind: 'ongoing', text: '长期坚持' } : { kind: 'date', date, text: `2018年${month}月底前` },
        status,
        progress: status === 'in_progress' ? '已制定整改方案，召开专题会议部署，正在按计划推进' : '已按期完成整改，相关制度已印发执行',
        ...(status !== 'in_progress' ? { evidence: '整改报告、会议纪要及相关制度文件' } : {}),
        extras: {},
      });
    }
  }
  const { master, rollup } = masterOf(measures, {
    asOf: AS_OF_305,
    config,
    title: '中共某某大学委员会关于省委巡视反馈意见整改落实总台账',
    source: { file: 'master-305.xlsx', sheet: '整改台账' },
  });
  return { master, rollup, config };
}
