// Masters built by hand for the writer's tests and the 100,000-row measurement.
import { CampaignConfig, computeRollup, type IsoDate, type LedgerRow, type Master, type Measure, type Rollup } from '../../ledger';

export const config: CampaignConfig = CampaignConfig.parse({
  categories: ['理论学习不深入', '基层组织建设薄弱'],
  units: ['党委办公室', '组织部', '宣传部'],
});

export function row(measure: Omit<Measure, 'extras'> & { extras?: Measure['extras'] }, n: number): LedgerRow {
  return { measure: { extras: {}, ...measure }, source: { file: 'hand.xlsx', sheet: '整改台账', row: n + 4 } };
}

/** Two categories, three problems (one with two measures, one with three), as of 2018-09-10. */
export function handMaster(): { master: Master; rollup: Rollup } {
  const asOf: IsoDate = '2018-09-10';
  const rows: LedgerRow[] = [
    row({
      id: 'r1', version: 3, category: '理论学习不深入', problem: '中心组学习计划性不强', measure: '制定年度学习计划并按月落实',
      leader: '王某', leadUnit: '党委办公室', unit: '党委办公室', owner: '李某',
      deadline: { kind: 'date', date: '2018-09-30', text: '2018年9月底前' }, status: 'done', completedOn: '2018-09-05',
      evidence: '学习计划文件', remarks: '=SUM(1)', extras: { 金额万元: 12.5, '9月进展': '+已部署' },
    }, 0),
    row({
      id: 'r2', version: 1, category: '理论学习不深入', problem: '中心组学习计划性不强', measure: '建立学习考勤和通报制度',
      leader: '王某', leadUnit: '党委办公室', unit: '宣传部', owner: '张某',
      deadline: { kind: 'ongoing', text: '长期坚持' }, status: 'done_ongoing', evidence: '考勤表', extras: {},
    }, 1),
    row({
      id: 'r3', version: 2, category: '基层组织建设薄弱', problemNo: 'P-7', problem: '支部组织生活不规范', measure: '开展支部“三会一课”专项检查',
      leader: '赵某', leadUnit: '组织部', unit: '组织部', owner: '周某',
      deadline: { kind: 'date', date: '2018-08-31', text: '2018.8.31' }, status: 'in_progress', progress: '-检查方案已印发', extras: {},
    }, 2),
    row({
      id: 'r4', version: 1, category: '基层组织建设薄弱', problemNo: 'P-7', problem: '支部组织生活不规范', measure: '完善支部工作记录本填写规范',
      leader: '赵某', leadUnit: '组织部', unit: '组织部', owner: '周某',
      deadline: { kind: 'date', date: '2018-09-14', text: '2018-09-14' }, status: 'not_started', extras: {},
    }, 3),
    row({
      id: 'r5', version: 1, category: '基层组织建设薄弱', problemNo: 'P-7', problem: '支部组织生活不规范', measure: '@开展专题培训',
      leader: '赵某', leadUnit: '组织部', unit: '组织部', owner: '周某',
      deadline: { kind: 'unparsed', text: '待定' }, statusText: '基本落实', extras: {},
    }, 4),
    row({
      id: 'r6', version: 4, category: '基层组织建设薄弱', problemNo: 'P-8', problem: '发展党员程序不严', measure: '对近三年发展党员材料进行全面复查',
      leader: '赵某', leadUnit: '组织部', unit: '党委办公室', owner: '孙某',
      deadline: { kind: 'immediate', text: '立行立改' }, status: 'in_progress', extras: {},
    }, 5),
  ];
  const master: Master = {
    title: '某学院巡视整改工作台账',
    asOf,
    categories: ['理论学习不深入', '基层组织建设薄弱'],
    extraColumns: [
      { key: '金额万元', label: '金额（万元）' },
      { key: '9月进展', label: '9月进展' },
    ],
    rows,
  };
  return { master, rollup: computeRollup(rows.map((r) => r.measure), asOf, config) };
}

const UNITS = Array.from({ length: 30 }, (_, i) => `第${i + 1}责任单位`);
const CATEGORIES = ['理论学习不深入', '基层组织建设薄弱', '作风建设不到位', '意识形态工作有短板', '选人用人不规范', '落实主体责任不力'];
const STATUSES = ['not_started', 'in_progress', 'done', 'done_ongoing'] as const;

/** A master of `n` measures, three to a problem, with Chinese text of realistic length: 20 columns when written. */
export function bigMaster(n: number): { master: Master; rollup: Rollup } {
  const asOf: IsoDate = '2024-06-30';
  const rows: LedgerRow[] = [];
  for (let i = 0; i < n; i++) {
    const p = Math.floor(i / 3);
    const day = 1 + (i % 28);
    const month = 1 + (i % 12);
    const date = `2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    rows.push(
      row({
        id: `m${i}`,
        version: 1 + (i % 5),
        category: CATEGORIES[p % CATEGORIES.length]!,
        problemNo: `P${p + 1}`,
        measureNo: `M${i + 1}`,
        problem: `第${p + 1}个问题：部分党支部“三会一课”制度落实不严格，组织生活会质量不高，批评与自我批评辣味不足`,
        measure: `第${i + 1}项措施：制定专项整改方案，明确责任分工和时间节点，逐项销号，建立长效机制并定期通报`,
        leader: `领导${p % 12}`,
        leadUnit: UNITS[p % UNITS.length]!,
        unit: UNITS[i % UNITS.length]!,
        owner: `责任人${i % 97}`,
        deadline: i % 10 === 0 ? { kind: 'ongoing', text: '长期坚持' } : { kind: 'date', date, text: date },
        status: STATUSES[i % 4]!,
        progress: `已召开专题会议${i % 7}次，印发文件${i % 3}份，整改工作有序推进`,
        evidence: `佐证材料${i}.pdf`,
        remarks: i % 5 === 0 ? '重点督办' : undefined,
        extras: { 金额: (i % 1000) * 1.5, 月度进展: `${month}月已完成阶段任务` },
      }, i),
    );
  }
  const master: Master = {
    title: '巡视整改工作台账（汇总）',
    asOf,
    categories: CATEGORIES,
    extraColumns: [
      { key: '金额', label: '金额' },
      { key: '月度进展', label: '月度进展' },
    ],
    rows,
  };
  return { master, rollup: computeRollup(rows.map((r) => r.measure), asOf) };
}
