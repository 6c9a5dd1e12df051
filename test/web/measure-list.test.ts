// The list of all measures on the office page, worked out without a browser: what a search, the
// filters and a header's sort leave, in which order.
import { describe, expect, it } from 'vitest';
import type { RowState } from '../../ledger/sync-protocol';
import { listedMeasures, viewOf, type ListFilter } from '../../server/web/src/measure-list';

const ALL: ListFilter = { text: '', unit: '', category: '', status: '', overdue: '', closure: '' };

function row(n: number, measure: Partial<RowState['measure']>, deleted = false): RowState {
  const id = `r${n}`;
  return { id, version: 1, seq: n, deleted, unit: measure.unit ?? null, createdBy: 'office', createdAt: '', updatedAt: '', measure: { id, version: 1, extras: {}, ...measure } };
}

const rows = [
  row(1, { measureNo: '1.10', category: '一、作风建设', measure: '整改公务用车管理', unit: '后勤管理处', owner: '王磊', status: 'in_progress', deadline: { kind: 'date', date: '2024-05-31', text: '2024年5月底前' } }),
  row(2, { measureNo: '1.9', category: '第一类', measure: '修订公务接待办法', unit: '财务处', owner: '陈静', status: 'done', closure: { state: 'requested' } }),
  row(3, { measureNo: '1.2', category: '作风建设', measure: '开展警示教育', unit: '计算机学院', owner: '张伟', status: 'not_started', deadline: { kind: 'immediate', text: '立行立改' } }),
  row(4, { measureNo: '2.1', category: '二、财务管理', measure: '清理往来款项', unit: '财务处', owner: '赵敏', status: 'in_progress', deadline: { kind: 'date', date: '2024-07-31', text: '2024年7月底前' } }),
  row(5, { measureNo: '9.9', measure: '已删除的措施', unit: '财务处' }, true),
];
const list = listedMeasures(rows, '2024-06-30', ['作风建设', '财务管理']);
const nos = (f: Partial<ListFilter>, key: Parameters<typeof viewOf>[2]['key'] = 'no', dir: 'asc' | 'desc' = 'asc') =>
  viewOf(list, { ...ALL, ...f }, { key, dir }).map((m) => m.no);

describe('the office page’s list of measures', () => {
  it('leaves deleted rows out and names categories as the campaign does', () => {
    expect(list.map((m) => m.no)).toEqual(['1.10', '1.9', '1.2', '2.1']);
    expect(list.map((m) => m.category)).toEqual(['作风建设', '作风建设', '作风建设', '财务管理']);
  });

  it('sorts numbers as numbers, and a second direction reverses it', () => {
    expect(nos({})).toEqual(['1.2', '1.9', '1.10', '2.1']);
    expect(nos({}, 'no', 'desc')).toEqual(['2.1', '1.10', '1.9', '1.2']);
    // Most days overdue first; 立行立改 (no date to count from) after the dated ones; not overdue last.
    expect(nos({}, 'days', 'desc')).toEqual(['1.10', '1.2', '1.9', '2.1']);
    expect(nos({}, 'status')).toEqual(['1.2', '1.10', '2.1', '1.9']);
  });

  it('searches every word in number, category, problem, measure, unit and owner, and filters', () => {
    expect(nos({ text: '公务' })).toEqual(['1.9', '1.10']);
    expect(nos({ text: '公务 财务处' })).toEqual(['1.9']);
    expect(nos({ text: '张伟' })).toEqual(['1.2']);
    expect(nos({ unit: '财务处' })).toEqual(['1.9', '2.1']);
    expect(nos({ overdue: 'yes' })).toEqual(['1.2', '1.10']);
    expect(nos({ overdue: 'no', category: '财务管理' })).toEqual(['2.1']);
    expect(nos({ closure: 'requested' })).toEqual(['1.9']);
    expect(nos({ closure: 'none', status: 'in_progress' })).toEqual(['1.10', '2.1']);
  });
});
