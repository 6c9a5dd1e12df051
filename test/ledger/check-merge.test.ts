import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CampaignConfig, checkLedgers, matchRows, mergeLedgers, readLedger, type CellValue, type Measure } from '../../ledger';
import { book, grid, HEADER, sampleLike } from './grids';

const AS_OF = '2018-09-10';
const row = (n: number, problem: string, measure: string, unit: string, deadline: CellValue, status: CellValue, evidence: CellValue = '材料'): CellValue[] => [
  n, '作风建设', problem, measure, '张某', '机关党委', unit, '李某', deadline, status, evidence, '',
];
const ledgerOf = (file: string, rows: CellValue[][], header = HEADER) => readLedger(book(file, grid('Sheet1', [header, ...rows])));

describe('rules', () => {
  it('names the row and column of each problem, keeping every row', () => {
    const l = ledgerOf('机关.xlsx', [
      row(1, '会风不严', '整顿会风', '机关党委', '尽快', '差不多了'),
      row(2, '会风不严', '', '机关党委', '年内', '已完成', ''),
      row(3, '会风不严', '=SUM(A1)', '机关党委', '2018年底前', ''),
    ]);
    const { findings, rollup } = checkLedgers([l], { asOf: AS_OF });
    const brief = findings.map((f) => `${f.row}${f.column} ${f.code} ${f.severity}`);
    expect(brief).toEqual([
      '2I bad_deadline error',
      '2J unknown_status error',
      '3D missing_measure error',
      '3I ambiguous_deadline warning',
      '3K done_without_evidence warning',
      '4J missing_status warning',
    ]);
    expect(rollup.measures).toBe(3);
    expect(l.rows[2]!.measure.measure).toBe('=SUM(A1)');
    expect(findings[1]!.message).toBe('无法识别的完成情况“差不多了”：应为“未启动”“正在推进”“已完成”或“已完成并长期坚持”');
  });

  it('speaks English when asked', () => {
    const l = ledgerOf('a.xlsx', [row(1, '会风不严', '整顿会风', '机关党委', '2018-08-01', '正在推进')]);
    const { findings } = checkLedgers([l], { asOf: AS_OF, lang: 'en' });
    expect(findings[0]!.message).toBe('Overdue by 40 days: due 1 Aug 2018, not completed');
  });

  it('counts 立行立改 as overdue until completed, and 长期坚持 never', () => {
    const l = ledgerOf('a.xlsx', [
      row(1, '甲', '措施一', '办公室', '立行立改', '正在推进'),
      row(2, '甲', '措施二', '办公室', '立行立改', '已完成'),
      row(3, '甲', '措施三', '办公室', '长期坚持', '正在推进'),
      row(4, '甲', '措施四', '办公室', '2018-09-10', '正在推进'),
    ]);
    expect(checkLedgers([l], { asOf: AS_OF }).rollup.overdue).toBe(1);
  });

  it('flags a likely duplicate in one file but keeps both rows', () => {
    const l = ledgerOf('a.xlsx', [row(1, '会风不严', '整顿会风', '机关党委', '2018年底前', '推进中'), row(2, '会风　不严', '整顿会风。', '机关党委', '2018年底前', '推进中')]);
    const { findings, rollup } = checkLedgers([l], { asOf: AS_OF });
    expect(findings.map((f) => [f.row, f.code])).toEqual([[3, 'duplicate_measure']]);
    expect(rollup.measures).toBe(2);
  });

  it('does not flag audit rows told apart only by 问题编号', () => {
    const header = ['问题编号', '审计发现问题', '整改措施', '责任单位', '整改时限', '是否整改完成'];
    const rows = Array.from({ length: 40 }, (_, i) => [`SJ-${i + 1}`, '票据不规范', '规范票据管理', '财务处', '2018.12.31', i % 2 ? '是' : '否']);
    const { findings, rollup } = checkLedgers([ledgerOf('audit.xlsx', rows, header)], { asOf: AS_OF });
    expect(findings.filter((f) => f.code === 'duplicate_measure')).toEqual([]);
    expect(rollup).toMatchObject({ measures: 40, problems: 1, status: { done: 20, in_progress: 20 } });
  });

  it('checks categories and units against the campaign configuration', () => {
    const config = CampaignConfig.parse({ categories: ['党的建设', '作风建设'], units: ['机关党委'] });
    const l = ledgerOf('a.xlsx', [row(1, '甲', '乙', '机关党委', '2018年底前', '推进中'), [2, '第一类', '丙', '丁', '张某', '', '后勤处', '', '2018年底前', '推进中', '', ''], [3, '财务管理', '戊', '己', '张某', '', '机关党委', '', '2018年底前', '推进中', '', '']]);
    const { findings, rollup } = checkLedgers([l], { asOf: AS_OF, config });
    expect(findings.map((f) => `${f.row}${f.column} ${f.code}`)).toEqual(['3G unknown_unit', '4B unknown_category']);
    expect(rollup.byCategory.map((c) => [c.category, c.measures])).toEqual([['党的建设', 1], ['作风建设', 1], ['财务管理', 1]]);
  });
});

describe('merge', () => {
  const master = readLedger(sampleLike('办公室总台账.xlsx'));

  it('keeps one copy of a measure, the later file winning, and reports each field that differed', () => {
    const update = sampleLike('某学院9月报送.xlsx');
    const cells = update.sheets[0]!.cells;
    cells[7]![9] = '已完成';
    cells[7]![10] = '检查通报';
    cells[8]![2] = null;
    const { master: m, findings, rollup } = mergeLedgers([master, readLedger(update)], { asOf: AS_OF });
    expect(m.rows).toHaveLength(5);
    expect(rollup).toMatchObject({ measures: 5, problems: 3, categories: 2, overdue: 0, status: { done: 3, in_progress: 0 } });
    const differ = findings.filter((f) => f.code === 'copies_differ');
    expect(differ.map((f) => `${f.file} ${f.row}${f.column}`)).toEqual(['某学院9月报送.xlsx 8J', '某学院9月报送.xlsx 8K']);
    expect(differ[0]!.message).toBe('完成情况在两个文件中不同：“正在推进”（办公室总台账.xlsx）与“已完成”，已采用后者');
  });

  it('counts the same problem in several units’ files once, and keeps all their measures', () => {
    const a = ledgerOf('文学院.xlsx', [row(1, '意识形态阵地管理不严', '排查讲座论坛', '文学院', '2018年底前', '已完成')]);
    const b = ledgerOf('理学院.xlsx', [row(1, '意识形态阵地管理　不严。', '排查讲座论坛', '理学院', '2018年底前', '正在推进')]);
    const { rollup, master: m } = mergeLedgers([a, b], { asOf: AS_OF });
    expect(rollup).toMatchObject({ measures: 2, problems: 1 });
    expect(rollup.byUnit.map((u) => u.unit)).toEqual(['文学院', '理学院']);
    expect(m.rows).toHaveLength(2);
  });

  it('never collapses identical rows of one file, pairing them in order across files', () => {
    const same = [row(1, '票据不规范', '规范票据', '财务处', '2018年底前', '正在推进'), row(2, '票据不规范', '规范票据', '财务处', '2018年底前', '正在推进')];
    const before = ledgerOf('old.xlsx', same);
    const after = ledgerOf('new.xlsx', [row(1, '票据不规范', '规范票据', '财务处', '2018年底前', '已完成'), ...same.slice(1), row(3, '票据不规范', '规范票据', '财务处', '2018年底前', '未启动')]);
    const { master: m } = mergeLedgers([before, after], { asOf: AS_OF });
    expect(m.rows.map((r) => r.measure.status)).toEqual(['done', 'in_progress', 'not_started']);
  });

  it('unions extra columns in first-seen order', () => {
    const h1 = [...HEADER, '整改资金（万元）'];
    const h2 = [...HEADER, '验收负责人', '整改资金（万元）'];
    const a = ledgerOf('a.xlsx', [[...row(1, '甲', '乙', '丙', '2018年底前', '已完成'), 3]], h1);
    const b = ledgerOf('b.xlsx', [[...row(1, '丁', '戊', '丙', '2018年底前', '已完成'), '孙某', 5]], h2);
    const { master: m } = mergeLedgers([a, b], { asOf: AS_OF });
    expect(m.extraColumns.map((e) => e.label)).toEqual(['整改资金（万元）', '验收负责人']);
    expect(m.rows.map((r) => Object.values(r.measure.extras))).toEqual([[3], ['孙某', 5]]);
  });

  it('matches rows by id before anything else, even when the texts were edited', () => {
    const base: Measure[] = [{ id: 'r1', problem: '甲', measure: '乙', extras: {} }, { id: 'r2', problem: '甲', measure: '乙', extras: {} }];
    const incoming: Measure[] = [{ id: 'r2', problem: '改过的', measure: '改过的', extras: {} }, { problem: '甲', measure: '乙', extras: {} }];
    expect(matchRows(base, incoming)).toEqual({ pairs: [[1, 0], [0, 1]], unmatched: [] });
  });

  it('pairs every row at most once, whatever the inputs', () => {
    const text = fc.constantFrom('甲', '乙', '丙', '');
    const measure = fc.record({ problem: text, measure: text, unit: text, problemNo: fc.option(fc.constantFrom('1', '2'), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(measure, { maxLength: 12 }), fc.array(measure, { maxLength: 12 }), (a, b) => {
        const clean = (ms: typeof a): Measure[] => ms.map((m) => Object.fromEntries(Object.entries({ ...m, extras: {} }).filter(([, v]) => v !== undefined && v !== '')) as Measure);
        const { pairs, unmatched } = matchRows(clean(a), clean(b));
        expect(new Set(pairs.map(([x]) => x)).size).toBe(pairs.length);
        expect(new Set([...pairs.map(([, y]) => y), ...unmatched]).size).toBe(b.length);
        expect(pairs.length + unmatched.length).toBe(b.length);
      }),
    );
  });

  it('merging a ledger with itself changes nothing', () => {
    const { master: m, findings } = mergeLedgers([master, master], { asOf: AS_OF });
    expect(m.rows.map((r) => r.measure)).toEqual(master.rows.map((r) => r.measure));
    expect(findings.filter((f) => f.code === 'copies_differ')).toEqual([]);
  });
});

describe('report sentence', () => {
  it('leaves out the 大类 count when the ledger has no categories', () => {
    const header = ['存在问题', '整改措施', '责任单位', '完成时限', '完成情况'];
    const l = readLedger(book('a.xlsx', grid('S', [header, ['会风不严', '整顿会风', '机关党委', '2018年底前', '已完成']])));
    expect(checkLedgers([l], { asOf: AS_OF }).rollup.report).toBe('共梳理形成1个问题，制定1项整改措施，已完成1项，已启动0项');
    expect(checkLedgers([l], { asOf: AS_OF, lang: 'en' }).rollup.report).toBe('1 problems and 1 measures; 1 completed, 0 started.');
  });
});
