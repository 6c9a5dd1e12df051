// Twenty units' own ledgers, as they would keep them: a title, a 填报单位 line, their measures with
// merged problem cells, mixed status words and deadline forms. Some problems are shared by several
// units (the same finding answered by each), so the master has fewer problems than the sum.
import { parseRangeRef, type CellValue, type GridWorkbook } from '../../ledger';

export const UNITS = [
  '计算机学院', '外国语学院', '经济管理学院', '机械工程学院', '化学化工学院', '马克思主义学院', '文学院', '理学院', '法学院', '医学院',
  '艺术学院', '体育学院', '党委办公室', '组织部', '宣传部', '纪委办公室', '财务处', '资产处', '后勤处', '图书馆',
];
const CATEGORIES = ['一、党的政治建设', '二、思想建设', '三、组织建设', '四、作风建设'];
const SHARED = ['理论学习中心组学习制度执行不严格', '“三重一大”决策制度落实不到位', '意识形态工作责任制落实不够有力'];
const STATUS = ['已完成', '正在推进', '未启动', '已完成，需长期坚持', '推进中', '完成', '基本完成', '已整改'];
const DEADLINES: CellValue[] = ['2018年9月底前', '2018年12月31日前', '长期坚持', '立行立改', '2018.10.31', 43373, '2018年底前'];
const HEADER = ['序号', '问题类别', '存在问题', '整改措施', '责任领导', '责任单位', '责任人', '完成时限', '完成情况', '佐证材料', '备注'];

/** One unit's workbook: `n` measures, two per problem, the first problem shared across units. */
export function unitBook(u: number, n = 6): GridWorkbook {
  const unit = UNITS[u]!;
  const cells: CellValue[][] = [[`${unit}巡视整改工作台账`], [`填报单位：${unit}`], HEADER];
  const merges = ['A1:K1'];
  for (let i = 0; i < n; i++) {
    const problem = i < 2 ? SHARED[u % SHARED.length]! : `${unit}${['实验室安全管理', '经费使用审批', '基层党支部建设'][i % 3]}存在薄弱环节（${Math.floor(i / 2)}）`;
    const k = u * 7 + i;
    const status = STATUS[k % STATUS.length]!;
    const first = i % 2 === 0;
    cells.push([
      i + 1,
      first ? CATEGORIES[(u + Math.floor(i / 2)) % CATEGORIES.length]! : null,
      first ? problem : null,
      `${unit}针对“${problem.slice(0, 12)}”制定第${i + 1}项整改措施并抓好落实`,
      `校领导${u % 5}`,
      unit,
      `联系人${k % 9}`,
      DEADLINES[k % DEADLINES.length]!,
      status,
      status.includes('完成') || status === '已整改' ? '会议纪要、制度文件' : '',
      '',
    ]);
    const row = cells.length;
    if (first && i + 1 < n) merges.push(`B${row}:B${row + 1}`, `C${row}:C${row + 1}`);
  }
  cells.push([], ['填表人：王某', null, null, '审核人：李某']);
  return { file: `${unit}.xlsx`, sheets: [{ sheet: unit, cells, merges: merges.map(parseRangeRef), hidden: false, hiddenColumns: [] }] };
}
