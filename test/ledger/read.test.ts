import { describe, expect, it } from 'vitest';
import { checkLedgers, readLedger, type CellValue } from '../../ledger';
import { SAMPLE_AS_OF as AS_OF, SAMPLE_FIGURES } from '../support/sample';
import { book, grid, HEADER, sampleLike } from './grids';

describe('reading the sample-shaped ledger', () => {
  const ledger = readLedger(sampleLike());

  it('finds the header under the title and 填报单位 line', () => {
    expect(ledger.headerRows).toEqual([2]);
    expect(ledger.title).toBe('某学院巡视整改工作台账');
    expect(ledger.reportingUnit).toBe('某学院');
    expect(ledger.columns.map((c) => c.field)).toEqual([
      'seq', 'category', 'problem', 'measure', 'leader', 'leadUnit', 'unit', 'owner', 'deadline', 'status', 'evidence', 'remarks',
    ]);
  });

  it('reads one row per measure, skipping separator and note lines, filling merged problem cells', () => {
    expect(ledger.rows.map((r) => r.source.row)).toEqual([5, 6, 8, 9, 10]);
    expect(ledger.rows[1]!.measure.problem).toBe('中心组学习计划性不强');
    expect(ledger.rows[1]!.measure.category).toBe('理论学习不深入');
    expect(ledger.rows[4]!.measure.problem).toBe('发展党员程序不严');
    expect(ledger.rows[4]!.measure.category).toBe('基层组织建设薄弱');
  });

  it('gives the figures of BRIEF §4 as of 2018-09-10', () => {
    const { rollup, findings } = checkLedgers([ledger], { asOf: AS_OF });
    expect(rollup).toMatchObject(SAMPLE_FIGURES);
    expect(findings).toEqual([
      expect.objectContaining({ row: 8, column: 'I', field: 'deadline', code: 'overdue', severity: 'warning' }),
    ]);
    expect(rollup.report).toBe('共梳理形成2大类、3个问题，制定5项整改措施，已完成3项（含已完成并需长期坚持的措施1项），已启动1项，尚未启动1项');
  });

  it('does not read merged cells twice when a reader repeats the value in covered cells', () => {
    const b = sampleLike();
    const cells = b.sheets[0]!.cells;
    cells[0] = Array(12).fill('某学院巡视整改工作台账');
    cells[3] = Array(12).fill('一、理论学习不深入');
    cells[5]![1] = '理论学习不深入';
    cells[5]![2] = '中心组学习计划性不强';
    const again = readLedger(b);
    expect(again.rows).toHaveLength(5);
    expect(again.title).toBe('某学院巡视整改工作台账');
    expect(checkLedgers([again], { asOf: AS_OF }).rollup.problems).toBe(3);
  });
});

describe('layouts seen in the wild', () => {
  it('reads a two-level header with merged group headers', () => {
    const rows: CellValue[][] = [
      ['计算机学院巡察整改台账'],
      ['序号', '问题', null, '整改措施', '责任单位', '完成时限', '整改进展', null],
      [null, '问题序号', '具体问题', null, null, null, '完成情况', '进展描述'],
      [1, '1', '学院党委会议记录不完整', '规范会议记录', '计算机学院', '2018年10月底前', '正在推进', '已制定记录模板'],
      [2, '2', '实验室安全检查不到位', '开展安全专项检查', '计算机学院', '2018.08.31', '已完成', '检查报告已归档'],
    ];
    const l = readLedger(book('cs.xlsx', grid('台账', rows, ['A1:H1', 'A2:A3', 'B2:C2', 'D2:D3', 'E2:E3', 'F2:F3', 'G2:H2'])));
    expect(l.headerRows).toEqual([1, 2]);
    const fields = Object.fromEntries(l.columns.map((c) => [c.field, c.index]));
    expect(fields).toMatchObject({ seq: 0, problemNo: 1, problem: 2, measure: 3, unit: 4, deadline: 5, status: 6, progress: 7 });
    expect(l.rows).toHaveLength(2);
    expect(l.rows[0]!.measure).toMatchObject({ problemNo: '1', status: 'in_progress', progress: '已制定记录模板' });
  });

  it('picks the ledger sheet after a cover sheet and ignores empty and hidden sheets', () => {
    const cover = grid('封面', [['2018年巡视整改工作台账'], ['报送单位：机关党委'], ['报送日期：2018年9月']]);
    const empty = grid('Sheet3', []);
    const hidden = { ...grid('隐藏', [HEADER, [1, '甲', '乙', '丙']]), hidden: true };
    const ledger = grid('机关党委', [HEADER, [1, '作风建设', '会风不严', '整顿会风', '张某', '机关党委', '机关党委', '李某', '2018年底前', '推进中', '', '']]);
    const l = readLedger(book('jg.xlsx', cover, hidden, ledger, empty));
    expect(l.sheet).toBe('机关党委');
    expect(l.rows).toHaveLength(1);
  });

  it('maps synonyms with line breaks and full-width spaces, in any order, past spacer columns', () => {
    const header = ['整改\n时限', null, '问题　描述', '整改计划及措施', '责任　部门', '整改责任人', '整改状态', '支撑材料', '分管领导', '牵头部门', '问题类型'];
    const row = ['2018.12.31', null, '公车使用登记不全', '建立公车使用台账', '后勤处', '吴某', '已整改', '台账复印件', '钱某', '办公室', '作风问题'];
    const l = readLedger(book('hq.xlsx', grid('Sheet1', [header, row])));
    expect(Object.fromEntries(l.columns.map((c) => [c.field, c.index]))).toEqual({
      deadline: 0, problem: 2, measure: 3, unit: 4, owner: 5, status: 6, evidence: 7, leader: 8, leadUnit: 9, category: 10,
    });
    expect(l.extraColumns).toEqual([]);
    expect(l.rows[0]!.measure).toMatchObject({ status: 'done', unit: '后勤处', category: '作风问题' });
  });

  it('keeps unknown columns as extras, never dropping them', () => {
    const header = ['序号', '存在问题', '整改措施', '责任单位', '完成时限', '完成情况', '整改资金（万元）', '验收负责人', '3月进展'];
    const row = [1, '维修资金使用不规范', '开展专项清理', '资产处', '2018年12月底前', '正在推进', 12.5, '孙某', '已完成清理方案'];
    const l = readLedger(book('zc.xlsx', grid('Sheet1', [header, row])));
    expect(l.extraColumns.map((e) => e.label)).toEqual(['整改资金（万元）', '验收负责人', '3月进展']);
    expect(Object.values(l.rows[0]!.measure.extras)).toEqual([12.5, '孙某', '已完成清理方案']);
  });

  it('skips notes and signature lines below the table and numbered template rows', () => {
    const rows: CellValue[][] = [
      HEADER,
      [1, '作风建设', '会风不严', '整顿会风', '张某', '机关党委', '机关党委', '李某', '2018年底前', '推进中', '', ''],
      [2],
      [3],
      ['说明：1.完成时限请填写具体日期。'],
      ['填表人：王某', null, null, null, '审核人：赵某', null, null, '联系电话：12345678'],
    ];
    const l = readLedger(book('a.xlsx', grid('Sheet1', rows, ['A5:L5'])));
    expect(l.rows).toHaveLength(1);
  });

  it('reads placeholders as empty', () => {
    const rows: CellValue[][] = [HEADER, [1, '作风建设', '会风不严', '整顿会风', '\\', '/', '机关党委', '—', '长期坚持', '已完成', '无', '/']];
    const m = readLedger(book('a.xlsx', grid('Sheet1', rows))).rows[0]!.measure;
    expect(m.leader).toBeUndefined();
    expect(m.leadUnit).toBeUndefined();
    expect(m.owner).toBeUndefined();
    expect(m.evidence).toBeUndefined();
    expect(m.remarks).toBeUndefined();
  });

  it('tells a 整改进展 column of status words from one of notes', () => {
    const words = readLedger(book('a.xlsx', grid('S', [['存在问题', '整改措施', '责任单位', '整改进展'], ['甲', '乙', '丙', '已完成'], ['甲', '丁', '丙', '正在推进']])));
    expect(words.columns.find((c) => c.header === '整改进展')?.field).toBe('status');
    const notes = readLedger(book('b.xlsx', grid('S', [['存在问题', '整改措施', '责任单位', '完成情况', '整改进展'], ['甲', '乙', '丙', '已完成', '已于8月印发制度文件'], ['甲', '丁', '丙', '正在推进', '正在起草方案']])));
    expect(notes.columns.find((c) => c.header === '整改进展')?.field).toBe('progress');
  });

  it('takes the unit from the 填报单位 line when there is no unit column', () => {
    const rows: CellValue[][] = [['填报单位：外国语学院（盖章）     填报日期：2018年9月'], ['存在问题', '整改措施', '完成时限', '完成情况'], ['甲', '乙', '2018年底前', '已完成']];
    const l = readLedger(book('a.xlsx', grid('S', rows)));
    expect(l.reportingUnit).toBe('外国语学院');
    expect(l.rows[0]!.measure.unit).toBe('外国语学院');
  });

  it('reads 是/否 completion columns of audit ledgers', () => {
    const rows: CellValue[][] = [['问题编号', '审计发现问题', '整改措施', '责任单位', '整改时限', '是否整改完成'], ['SJ-1', '票据不规范', '规范票据', '财务处', '2018.12.31', '是'], ['SJ-2', '票据不规范', '规范票据', '财务处', '2018.12.31', '否']];
    const l = readLedger(book('a.xlsx', grid('S', rows)));
    expect(l.rows.map((r) => r.measure.status)).toEqual(['done', 'in_progress']);
  });
});

describe('refusals', () => {
  it('reports an empty workbook', () => {
    const l = readLedger(book('empty.xlsx', grid('Sheet1', [[null, '']])));
    expect(l.findings.map((f) => f.code)).toEqual(['empty_workbook']);
  });

  it('reports a workbook without a ledger header', () => {
    const l = readLedger(book('list.xlsx', grid('Sheet1', [['姓名', '电话'], ['张三', '123']])));
    expect(l.findings.map((f) => [f.code, f.file, f.severity])).toEqual([['no_header', 'list.xlsx', 'error']]);
    expect(l.findings[0]!.message).toContain('找不到台账表头');
  });
});

describe('signature lines', () => {
  it('skips a signature line whose parts fall in the measure column', () => {
    const rows: CellValue[][] = [HEADER, [1, '作风建设', '会风不严', '整顿会风', '张某', '机关党委', '机关党委', '李某', '2018年底前', '推进中', '', ''], ['填表人：王某', null, null, '审核人：李某', null, null, null, '联系电话：12345678']];
    expect(readLedger(book('a.xlsx', grid('Sheet1', rows))).rows).toHaveLength(1);
  });
});

describe('rows that lost their measure', () => {
  it('keeps a numbered row with only its problem as a measure row to flag, not as a category line', () => {
    const rows: CellValue[][] = [
      HEADER,
      ['一', '作风建设'],
      [1, null, '会风不严', '整顿会风', '张某', '', '机关党委', '', '2018年底前', '推进中', '', ''],
      [2, null, '督办不力'],
    ];
    const l = readLedger(book('a.xlsx', grid('Sheet1', rows, ['B2:L2'])));
    expect(l.rows.map((r) => [r.source.row, r.measure.category, r.measure.problem])).toEqual([
      [3, '作风建设', '会风不严'],
      [4, '作风建设', '督办不力'],
    ]);
    expect(checkLedgers([l], { asOf: AS_OF }).findings.map((f) => `${f.row}${f.column} ${f.code}`)).toContain('4D missing_measure');
  });
});
