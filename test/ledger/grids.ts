// Small grids built in code for the ledger tests: rows of cell values and merged ranges by A1 ref.
import { parseRangeRef, type CellValue, type Grid, type GridWorkbook } from '../../ledger';

export function grid(sheet: string, rows: CellValue[][], merges: string[] = []): Grid {
  return { sheet, cells: rows, merges: merges.map(parseRangeRef), hidden: false, hiddenColumns: [] };
}

export function book(file: string, ...sheets: Grid[]): GridWorkbook {
  return { file, sheets };
}

export const HEADER = ['序号', '问题类别', '存在问题', '整改措施', '责任领导', '牵头单位', '责任单位', '责任人', '完成时限', '完成情况', '佐证材料', '备注'];

/** The shape of shared/samples/sample-unit-ledger.xlsx, as a grid. */
export function sampleLike(file = '某学院整改台账.xlsx'): GridWorkbook {
  const rows: CellValue[][] = [
    ['某学院巡视整改工作台账'],
    ['填报单位：某学院（盖章）', null, null, null, null, null, null, '填报时间：2018年9月10日'],
    HEADER,
    ['一、理论学习不深入'],
    [1, '理论学习不深入', '中心组学习计划性不强', '制定年度学习计划并按月落实', '王某', '党委办公室', '某学院', '李某', '2018年9月底前', '已完成', '学习计划文件', ''],
    [2, null, null, '建立学习考勤和通报制度', '王某', '党委办公室', '某学院', '李某', '长期坚持', '已完成并长期坚持', '考勤表', ''],
    ['二、基层组织建设薄弱'],
    [3, '基层组织建设薄弱', '支部组织生活不规范', '开展支部“三会一课”专项检查', '赵某', '组织部', '某学院', '周某', 43343, '正在推进', '', '检查方案已印发'],
    [4, null, null, '完善支部工作记录本填写规范', '赵某', '组织部', '某学院', '周某', '2018.12.31', '未启动', '', ''],
    [5, null, '发展党员程序不严', '对近三年发展党员材料进行全面复查', '赵某', '组织部', '某学院', '周某', '立行立改', '已完成', '复查报告', ''],
    [],
    ['注：完成情况请填写“已完成”“已完成并长期坚持”“正在推进”“未启动”。'],
  ];
  return book(file, grid('整改台账', rows, ['A1:L1', 'A4:L4', 'B5:B6', 'C5:C6', 'A7:L7', 'B8:B10', 'C8:C9']));
}
