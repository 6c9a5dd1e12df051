// The reminder digest (ledger/reminders): what each unit is told as of a date, and how far the
// office escalates an overdue measure.
import { describe, expect, it } from 'vitest';
import { reminderDigest } from '../../ledger/reminders';
import type { Deadline, Measure } from '../../ledger/schema';

const on = (date: string, text = date): Deadline => ({ kind: 'date', date, text });
let n = 0;
const m = (fields: Partial<Measure>): Measure & { id: string } => ({ id: `r${++n}`, extras: {}, unit: '计算机学院', problem: '理论学习不深入', ...fields });

const ledger = [
  m({ measure: '制定理论学习中心组年度学习计划', status: 'in_progress', deadline: on('2018-09-15', '2018年9月15日前') }),
  m({ measure: '开展专题研讨', status: 'not_started', deadline: on('2018-09-01') }),
  m({ measure: '建立学习考勤制度', status: 'in_progress', deadline: on('2018-07-31', '2018年7月底前') }),
  m({ measure: '整改基层党组织软弱涣散问题', status: 'not_started', deadline: on('2018-06-30', '2018年6月底前') }),
  m({ measure: '补齐学习记录', status: 'done', deadline: on('2018-08-01') }),
  m({ measure: '完善“三重一大”议事规则', status: 'done', deadline: on('2018-08-31'), closure: { state: 'returned', reason: '缺少党委会会议纪要', on: '2018-09-05' } }),
  m({ measure: '清退违规发放的津贴', status: 'done', deadline: on('2018-05-31'), closure: { state: 'approved', on: '2018-06-10', by: '整改办' } }),
  m({ measure: '立即停止公车私用', status: 'in_progress', deadline: { kind: 'immediate', text: '立行立改' } }),
  m({ measure: '修订教师考核办法', status: 'done', deadline: on('2018-08-15'), closure: { state: 'requested', on: '2018-09-08', note: '已印发' } }),
  m({ measure: '建成实验室安全信息平台', status: 'in_progress', deadline: on('2018-09-30'), extension: { state: 'requested', deadline: '2018-12-31', reason: '设备尚未到货', on: '2018-09-06' } }),
  m({ measure: '改造危化品库房', status: 'in_progress', deadline: on('2018-10-31'), extension: { state: 'rejected', deadline: '2019-06-30', note: '理由不充分，请按期完成', on: '2018-09-07' } }),
  m({ measure: '坚持每月开展警示教育', status: 'in_progress', deadline: { kind: 'ongoing', text: '长期坚持' } }),
  m({ measure: '召开专题民主生活会', status: 'in_progress', deadline: on('2018-09-10', '2018年9月10日') }),
  m({ unit: '外国语学院', measure: '修订外事接待管理办法', status: 'done', deadline: on('2018-07-01') }),
  m({ unit: undefined, measure: '无人认领的措施', status: 'not_started', deadline: on('2018-01-01') }),
];
const ASOF = '2018-09-10';

describe('reminder digest', () => {
  const digest = reminderDigest(ledger, ASOF, { warnAfterDays: 30, accountAfterDays: 60 }, ['外国语学院', '计算机学院']);
  const unit = digest.units[0]!;

  it('lists only units with something to tell, and never a completed or closed measure as due or overdue', () => {
    expect(digest.units.map((u) => u.unit)).toEqual(['计算机学院']);
    const named = [...unit.dueSoon, ...unit.overdue].map((r) => r.measure);
    expect(named).not.toContain('补齐学习记录');
    expect(named).not.toContain('清退违规发放的津贴');
    expect(JSON.stringify(digest)).not.toContain('坚持每月开展警示教育');
  });

  it('names measures due within 7 days, today included, nearest first', () => {
    expect(unit.dueSoon.map((r) => [r.measure, r.daysLeft, r.deadline])).toEqual([
      ['召开专题民主生活会', 0, '2018年9月10日'],
      ['制定理论学习中心组年度学习计划', 5, '2018年9月15日前'],
    ]);
  });

  it('escalates overdue measures: 督办, 告诫 after 30 days, 问责 after 60; 立行立改 last', () => {
    expect(unit.overdue.map((r) => [r.measure, r.daysOverdue, r.level])).toEqual([
      ['整改基层党组织软弱涣散问题', 72, 'account'],
      ['建立学习考勤制度', 41, 'warn'],
      ['开展专题研讨', 9, 'supervise'],
      ['立即停止公车私用', null, 'supervise'],
    ]);
    expect(unit.level).toBe('account');
    expect(digest.accountability.map((r) => r.measure)).toEqual(['整改基层党组织软弱涣散问题']);
  });

  it('takes the office’s thresholds', () => {
    const strict = reminderDigest(ledger, ASOF, { warnAfterDays: 5, accountAfterDays: 40 }).units[0]!;
    expect(strict.overdue.map((r) => r.level)).toEqual(['account', 'account', 'warn', 'supervise']);
  });

  it('gives back what the office returned, with its reason, and what still awaits the office', () => {
    expect(unit.returned.map((r) => [r.what, r.measure, r.reason])).toEqual([
      ['closure', '完善“三重一大”议事规则', '缺少党委会会议纪要'],
      ['extension', '改造危化品库房', '理由不充分，请按期完成'],
    ]);
    expect(unit.pending.map((r) => [r.what, r.measure, r.since, r.requestedDeadline])).toEqual([
      ['closure', '修订教师考核办法', '2018-09-08', undefined],
      ['extension', '建成实验室安全信息平台', '2018-09-06', '2018-12-31'],
    ]);
  });
});
