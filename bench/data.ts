// Synthetic but realistic ledgers for the benchmarks: Chinese text of real length, every status and
// deadline form, problems shared by several measures, units each with their own rows.
import { parseRangeRef, type CellValue, type Grid, type GridWorkbook } from '../ledger';

export const BENCH_HEADER = [
  '序号', '问题类别', '问题编号', '存在问题', '整改措施', '责任领导', '牵头单位', '责任单位', '责任人',
  '完成时限', '完成情况', '进展情况', '完成时间', '佐证材料', '备注', '整改资金（万元）', '验收负责人',
];

const CATEGORIES = ['党的政治建设', '思想建设', '组织建设', '作风建设', '纪律建设', '制度建设'];
const STATUSES = ['已完成', '已完成并长期坚持', '正在推进', '未启动', '已完成，需长期坚持', '推进中', '完成', '基本完成'];
const DEADLINES: CellValue[] = ['2018年12月底前', '长期坚持', '2018.10.31', 43465, '立行立改', '2019年6月30日前', '2018年底前'];
const PROBLEM_TEXT = '贯彻落实中央决策部署不够坚决有力，在推动学校改革发展中存在认识不到位、措施不具体、落实不扎实等问题';
const MEASURE_TEXT = '制定专项整改方案，明确责任分工和时间节点，建立工作台账，每月召开推进会，定期通报整改进展情况';

export function unitName(u: number): string {
  return `第${u + 1}学院`;
}

/** One unit's ledger sheet with `rows` measures, three measures per problem, merged problem cells. */
export function unitGrid(unit: number, rows: number, idBase = 0): Grid {
  const cells: CellValue[][] = [[`${unitName(unit)}巡视整改工作台账`], [`填报单位：${unitName(unit)}`], BENCH_HEADER];
  const merges: string[] = [`A1:Q1`];
  for (let i = 0; i < rows; i++) {
    const n = idBase + i;
    const problem = Math.floor(n / 3);
    const first = n % 3 === 0;
    const status = STATUSES[n % STATUSES.length]!;
    cells.push([
      i + 1,
      first ? CATEGORIES[problem % CATEGORIES.length]! : null,
      first ? `P${problem}` : null,
      first ? `${PROBLEM_TEXT}（第${problem}项）` : null,
      `${MEASURE_TEXT}（措施${n}）`,
      `领导${n % 17}`,
      `牵头部门${n % 9}`,
      unitName(unit),
      `责任人${n % 101}`,
      DEADLINES[n % DEADLINES.length]!,
      status,
      status.startsWith('已完成') ? '已按计划完成，形成长效机制' : '正在按计划推进',
      status.startsWith('已完成') ? 43400 + (n % 60) : null,
      status.startsWith('已完成') ? '会议纪要、制度文件' : '',
      '',
      (n % 50) / 2,
      `验收人${n % 13}`,
    ]);
    const row = cells.length;
    if (first && i + 2 < rows) merges.push(`B${row}:B${row + 2}`, `C${row}:C${row + 2}`, `D${row}:D${row + 2}`);
  }
  return { sheet: '整改台账', cells, merges: merges.map(parseRangeRef), hidden: false, hiddenColumns: [] };
}

/**
 * `total` measures spread over `units` workbooks, as ledger/ receives them: the pane gets a range's
 * values from Excel as JSON and the service from parsed XML, so each text is one flat string. The
 * template literals above build rope strings instead, which V8 copies flat on first read: a cost of
 * this generator (about a fifth of a 100,000-row merge), not of reading a ledger, so the grids pass
 * through JSON once here, outside any timing.
 */
export function unitWorkbooks(units: number, total: number): GridWorkbook[] {
  const per = Math.ceil(total / units);
  return Array.from({ length: units }, (_, u) => {
    const grid = unitGrid(u, Math.min(per, total - u * per), u * per);
    return { file: `${unitName(u)}.xlsx`, sheets: [{ ...grid, cells: JSON.parse(JSON.stringify(grid.cells)) as CellValue[][] }] };
  });
}
