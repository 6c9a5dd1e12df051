// Grids for the add-in tests, generated here: a small ledger laid out like BRIEF §4 and large
// sheets of realistic Chinese ledger text.
import type { CellValue, Grid, MergedRange } from '../../ledger';
import { prng } from '../support/random';

/** A unit's ledger: title and reporting line merged across, a header, category separator rows,
 *  problem (and category) cells merged over their measures, notes below. 12 columns, A–L. */
export function sampleGrid(sheet = '整改台账'): Grid {
  const cells: CellValue[][] = [
    ['计算机学院巡视整改工作台账'],
    ['填报单位：计算机学院　　填报日期：2018年9月10日'],
    ['序号', '问题类别', '存在问题', '整改措施', '责任领导', '责任单位', '责任人', '完成时限', '完成情况', '进展情况', '佐证材料', '备注'],
    ['一、党的政治建设方面'],
    [1, '一、党的政治建设方面', '理论学习中心组学习\n不够深入', '制定年度学习计划，每月集中学习一次', '王书记', '计算机学院', '李明', 43465, '已完成', '已制定并印发学习计划', '学习计划.pdf'],
    [2, null, null, '建立学习台账，逐次登记', '王书记', '计算机学院', '李明', '长期坚持', '已完成并长期坚持', '台账已建立', '台账照片'],
    [3, null, null, '开展专题研讨', '王书记', '计算机学院', '张华', 43373, '正在推进', '已确定研讨主题', '\\'],
    ['二、全面从严治党方面'],
    [4, '二、全面从严治党方面', '“三重一大”决策\u3000程序不规范', '修订议事规则', '赵院长', '计算机学院', '陈刚', '立行立改', '未启动', null, null, '需学校审批'],
    [5, null, null, '对近三年决策事项开展自查', '赵院长', '计算机学院', '陈刚', '2018年12月底前', '已完成', '自查报告已提交', '自查报告.docx'],
    [6, '二、全面从严治党方面', '经费报销审核不严', '逐笔复核 2017 年以来报销凭证', '赵院长', '计算机学院', '周敏', 43404, '正在推进', '已复核 60%', null, '=SUM(A1:A2) 不是公式'],
    [],
    ['说明：完成时限为日期的，以当日为限。'],
    ['填表人：李明', null, null, null, null, null, null, null, '审核人：王书记'],
  ];
  const merges: MergedRange[] = [
    { top: 0, left: 0, bottom: 0, right: 11 },
    { top: 1, left: 0, bottom: 1, right: 11 },
    { top: 3, left: 0, bottom: 3, right: 11 },
    { top: 4, left: 1, bottom: 6, right: 1 },
    { top: 4, left: 2, bottom: 6, right: 2 },
    { top: 7, left: 0, bottom: 7, right: 11 },
    { top: 8, left: 1, bottom: 9, right: 1 },
    { top: 8, left: 2, bottom: 9, right: 2 },
    { top: 12, left: 0, bottom: 12, right: 11 },
  ];
  return { sheet, cells, merges, hidden: false, hiddenColumns: [] };
}

const HANZI =
  '党的建设政治思想组织作风纪律制度全面从严治党落实主体责任监督执行决策程序规范管理经费使用审核学习教育宣传意识形态工作机制完善加强推进整改问题措施情况进展完成时限学院部门单位领导干部职工学生教学科研管理服务资产采购合同项目资金';
const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗'];
const UNITS = ['计算机学院', '机械工程学院', '经济管理学院', '外国语学院', '财务处', '资产管理处', '人事处', '教务处', '科研处', '学生工作部'];
const STATUSES = ['已完成', '正在推进', '未启动', '已完成并长期坚持', '已完成，需长期坚持'];
const CATEGORIES = ['一、党的政治建设方面', '二、思想建设方面', '三、组织建设方面', '四、作风建设方面', '五、纪律建设方面', '六、制度建设方面'];

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)]!;
}

function text(rnd: () => number, min: number, max: number): string {
  const n = min + Math.floor(rnd() * (max - min + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += HANZI[Math.floor(rnd() * HANZI.length)];
  return s;
}

/**
 * A ledger sheet of `rows` measures under one header row, 20 columns of the kind real ledgers hold
 * (long problem, measure and progress texts; names, units, dates, ids). Problems span three rows,
 * merged vertically, as in BRIEF §4.
 */
export function bigLedgerGrid(rows: number, sheet = '台账', seed = 7): Grid {
  const rnd = prng(seed);
  const header = [
    '序号', '问题类别', '问题编号', '存在问题', '措施编号', '整改措施', '责任领导', '牵头单位', '责任单位', '配合单位',
    '责任人', '完成时限', '完成情况', '进展情况', '完成时间', '佐证材料', '备注', '销号情况', '__id', '__version',
  ];
  const cells: CellValue[][] = [header];
  const merges: MergedRange[] = [];
  for (let i = 0; i < rows; i++) {
    const first = i % 3 === 0;
    const r = cells.length;
    if (first && i + 2 < rows) merges.push({ top: r, left: 3, bottom: r + 2, right: 3 });
    const row: CellValue[] = [
      i + 1,
      pick(rnd, CATEGORIES),
      `${Math.floor(i / 3) + 1}`,
      first ? text(rnd, 25, 60) : null,
      `${Math.floor(i / 3) + 1}.${(i % 3) + 1}`,
      text(rnd, 20, 70),
      `${pick(rnd, SURNAMES)}${pick(rnd, SURNAMES)}${pick(rnd, SURNAMES)}`,
      pick(rnd, UNITS),
      pick(rnd, UNITS),
      rnd() < 0.5 ? pick(rnd, UNITS) : null,
      `${pick(rnd, SURNAMES)}${text(rnd, 1, 2)}`,
      rnd() < 0.6 ? 43_000 + Math.floor(rnd() * 900) : pick(rnd, ['长期坚持', '立行立改', '2018年12月底前', '2019年6月30日前']),
      pick(rnd, STATUSES),
      text(rnd, 10, 60),
      rnd() < 0.5 ? 43_000 + Math.floor(rnd() * 900) : null,
      rnd() < 0.7 ? `${text(rnd, 4, 12)}.pdf` : null,
      rnd() < 0.3 ? text(rnd, 2, 15) : null,
      null,
      `m-${seed}-${i.toString(36).padStart(6, '0')}-${Math.floor(rnd() * 1e9).toString(36)}`,
      1 + Math.floor(rnd() * 4),
    ];
    while (row.length > 0 && row[row.length - 1] === null) row.pop();
    cells.push(row);
  }
  return { sheet, cells, merges, hidden: false, hiddenColumns: [] };
}

/** UTF-8 bytes of the grid's values as JSON, the way Excel would send them (empty cells as ""). */
export function gridPayloadBytes(grid: Grid): number {
  const width = Math.max(...grid.cells.map((r) => r.length));
  const rows = grid.cells.map((r) => Array.from({ length: width }, (_, c) => r[c] ?? ''));
  return new TextEncoder().encode(JSON.stringify(rows)).length;
}
