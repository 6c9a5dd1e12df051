// A realistic campaign for the office page: 21 measures of 8 problems in 2 categories over 3 units,
// seven of them overdue on AS_OF (one of those 立行立改), pushed through the real HTTP API.
import type { PushRequestInput } from '../../ledger/sync-protocol';

export const AS_OF = '2024-06-30';

export const CATEGORIES = ['一、落实全面从严治党主体责任方面', '二、财务管理和内部控制方面'] as const;
export const UNITS = ['计算机学院', '财务处', '后勤管理处'] as const;

type Status = 'not_started' | 'in_progress' | 'done' | 'done_ongoing';
type DeadlineSpec = { date: string; text: string } | '立行立改' | '长期坚持';

export interface FixtureMeasure {
  category: (typeof CATEGORIES)[number];
  problemNo: string;
  problem: string;
  measureNo: string;
  measure: string;
  unit: (typeof UNITS)[number];
  owner: string;
  deadline: DeadlineSpec;
  status: Status;
}

const [C1, C2] = CATEGORIES;
const P = {
  p1: '党委理论学习中心组学习制度落实不到位，专题研讨流于形式',
  p2: '基层党组织“三会一课”制度执行不严格',
  p3: '落实中央八项规定精神存在薄弱环节，公务接待审批不规范',
  p4: '意识形态工作责任制落实不够有力',
  p5: '预算执行进度偏慢，部分项目资金长期沉淀',
  p6: '政府采购管理不规范，存在化整为零规避招标问题',
  p7: '固定资产管理混乱，账实不符',
  p8: '科研经费报销审核把关不严',
};
const d = (date: string, text = date) => ({ date, text });

export const MEASURES: FixtureMeasure[] = [
  { category: C1, problemNo: '1', problem: P.p1, measureNo: '1.1', measure: '制定年度学习计划，每季度至少开展1次专题研讨', unit: '计算机学院', owner: '张伟', deadline: d('2024-03-31', '2024年3月底前'), status: 'done' },
  { category: C1, problemNo: '1', problem: P.p1, measureNo: '1.2', measure: '建立学习情况通报制度，每半年通报一次', unit: '计算机学院', owner: '张伟', deadline: '长期坚持', status: 'done_ongoing' },
  { category: C1, problemNo: '1', problem: P.p1, measureNo: '1.3', measure: '将理论学习纳入党组织书记述职评议内容', unit: '后勤管理处', owner: '王磊', deadline: d('2024-05-31', '2024年5月底前'), status: 'in_progress' },
  { category: C1, problemNo: '2', problem: P.p2, measureNo: '2.1', measure: '全面排查2023年以来“三会一课”记录，补齐缺项', unit: '计算机学院', owner: '李娜', deadline: '立行立改', status: 'in_progress' },
  { category: C1, problemNo: '2', problem: P.p2, measureNo: '2.2', measure: '每月抽查支部活动记录并通报', unit: '后勤管理处', owner: '王磊', deadline: d('2024-04-30'), status: 'done' },
  { category: C1, problemNo: '2', problem: P.p2, measureNo: '2.3', measure: '开展支部书记轮训', unit: '计算机学院', owner: '李娜', deadline: d('2024-09-30', '2024年9月底前'), status: 'in_progress' },
  { category: C1, problemNo: '3', problem: P.p3, measureNo: '3.1', measure: '修订公务接待管理办法', unit: '财务处', owner: '陈静', deadline: d('2024-06-15', '2024年6月15日前'), status: 'not_started' },
  { category: C1, problemNo: '3', problem: P.p3, measureNo: '3.2', measure: '对2023年公务接待费用开展专项检查', unit: '财务处', owner: '陈静', deadline: d('2024-04-15'), status: 'done' },
  { category: C1, problemNo: '3', problem: P.p3, measureNo: '3.3', measure: '建立公务接待清单季度公开制度', unit: '财务处', owner: '赵敏', deadline: '长期坚持', status: 'in_progress' },
  { category: C1, problemNo: '4', problem: P.p4, measureNo: '4.1', measure: '制定意识形态工作责任清单', unit: '计算机学院', owner: '张伟', deadline: d('2024-02-29', '2024年2月底前'), status: 'in_progress' },
  { category: C1, problemNo: '4', problem: P.p4, measureNo: '4.2', measure: '每学期开展一次意识形态领域风险排查', unit: '计算机学院', owner: '张伟', deadline: d('2024-12-31', '2024年底前'), status: 'not_started' },
  { category: C2, problemNo: '5', problem: P.p5, measureNo: '5.1', measure: '清理结转两年以上项目资金并收回统筹', unit: '财务处', owner: '陈静', deadline: d('2024-05-20'), status: 'in_progress' },
  { category: C2, problemNo: '5', problem: P.p5, measureNo: '5.2', measure: '建立预算执行月通报制度', unit: '财务处', owner: '赵敏', deadline: d('2024-03-31'), status: 'done_ongoing' },
  // Due on the as-of date itself: not yet overdue.
  { category: C2, problemNo: '6', problem: P.p6, measureNo: '6.1', measure: '修订采购管理办法，明确分散采购限额', unit: '财务处', owner: '赵敏', deadline: d('2024-06-30', '2024年6月30日前'), status: 'in_progress' },
  { category: C2, problemNo: '6', problem: P.p6, measureNo: '6.2', measure: '对2023年采购项目开展全面自查', unit: '后勤管理处', owner: '刘洋', deadline: d('2024-06-29'), status: 'in_progress' },
  { category: C2, problemNo: '6', problem: P.p6, measureNo: '6.3', measure: '建立采购项目事前论证机制', unit: '后勤管理处', owner: '刘洋', deadline: d('2024-10-31'), status: 'not_started' },
  { category: C2, problemNo: '7', problem: P.p7, measureNo: '7.1', measure: '开展固定资产全面清查', unit: '后勤管理处', owner: '刘洋', deadline: d('2024-01-31'), status: 'done' },
  { category: C2, problemNo: '7', problem: P.p7, measureNo: '7.2', measure: '对账实不符资产逐项核销或补录', unit: '后勤管理处', owner: '王磊', deadline: d('2024-04-01'), status: 'not_started' },
  { category: C2, problemNo: '7', problem: P.p7, measureNo: '7.3', measure: '建立资产管理信息系统', unit: '计算机学院', owner: '李娜', deadline: d('2024-11-30'), status: 'in_progress' },
  { category: C2, problemNo: '8', problem: P.p8, measureNo: '8.1', measure: '开展科研经费报销专项检查', unit: '财务处', owner: '陈静', deadline: d('2024-05-31'), status: 'done' },
  // Past its deadline but completed: not overdue.
  { category: C2, problemNo: '8', problem: P.p8, measureNo: '8.2', measure: '修订科研经费管理办法', unit: '计算机学院', owner: '张伟', deadline: d('2024-03-15'), status: 'done_ongoing' },
];

/** The overdue measures on AS_OF, most days overdue first, 立行立改 (no date to count from) last. */
export const EXPECTED_OVERDUE: { measureNo: string; days: number | null }[] = [
  { measureNo: '4.1', days: 122 },
  { measureNo: '7.2', days: 90 },
  { measureNo: '5.1', days: 41 },
  { measureNo: '1.3', days: 30 },
  { measureNo: '3.1', days: 15 },
  { measureNo: '6.2', days: 1 },
  { measureNo: '2.1', days: null },
];

function deadlineOf(spec: DeadlineSpec) {
  if (spec === '立行立改') return { kind: 'immediate' as const, text: spec };
  if (spec === '长期坚持') return { kind: 'ongoing' as const, text: spec };
  return { kind: 'date' as const, date: spec.date, text: spec.text };
}

const STATUS_WORDS: Record<Status, string> = {
  not_started: '未启动',
  in_progress: '正在推进',
  done: '已完成',
  done_ongoing: '已完成并长期坚持',
};

export function loadRequest(): PushRequestInput {
  return {
    clientId: 'office-page-test',
    mutationId: 1,
    rows: MEASURES.map((m) => ({
      fields: {
        category: m.category,
        problemNo: m.problemNo,
        problem: m.problem,
        measureNo: m.measureNo,
        measure: m.measure,
        leadUnit: m.unit,
        unit: m.unit,
        owner: m.owner,
        deadline: deadlineOf(m.deadline),
        status: m.status,
        statusText: STATUS_WORDS[m.status],
        progress: m.status === 'not_started' ? null : `${m.measureNo} 已按计划推进`,
        completedOn: m.status === 'done' || m.status === 'done_ongoing' ? '2024-03-20' : null,
      },
    })),
  };
}
