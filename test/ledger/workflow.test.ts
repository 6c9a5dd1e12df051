// Closure and extension in the ledger: the rollup's `closed` and `extensionsPending` (BRIEF §5), the
// report sentence naming closed measures, overdue judged on an approved extension's date, and the
// 延期情况 words a workbook holds read back as the extension that was written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closureText, computeRollup, extensionText, fieldMeaning, isOverdue, parseExtension, readLedger, type Closure, type Extension, type Measure } from '../../ledger';
import { book, grid } from './grids';

const AS_OF = '2026-11-30';

function measure(fields: Partial<Measure>): Measure {
  return { problem: '实验室安全管理制度不健全', measure: '修订实验室安全管理办法', unit: '化学化工学院', status: 'in_progress', ...fields, extras: {} };
}

describe('the rollup of closure and extensions', () => {
  const rows: Measure[] = [
    measure({ category: '安全管理', status: 'done', closure: { state: 'approved', on: '2026-11-20', by: '整改办' } }),
    measure({ category: '安全管理', status: 'done_ongoing', closure: { state: 'requested', on: '2026-11-25' } }),
    measure({ category: '安全管理', unit: '后勤管理处', status: 'done', closure: { state: 'approved', on: '2026-11-21', by: '整改办' } }),
    measure({ category: '作风建设', extension: { state: 'requested', deadline: '2026-12-31', reason: '设备到货延迟' } }),
    measure({ category: '作风建设', unit: '后勤管理处', extension: { state: 'rejected', deadline: '2026-12-31', note: '请按期完成' } }),
    measure({ category: '作风建设', unit: '后勤管理处', status: 'not_started', extension: { state: 'approved', deadline: '2027-01-15' } }),
  ];
  const rollup = computeRollup(rows, AS_OF);

  it('counts closed measures and extensions waiting, in total, by unit and by category', () => {
    expect([rollup.closed, rollup.extensionsPending]).toEqual([2, 1]);
    expect(rollup.byUnit.map((u) => [u.unit, u.closed, u.extensionsPending])).toEqual([
      ['化学化工学院', 1, 1],
      ['后勤管理处', 1, 0],
    ]);
    expect(rollup.byCategory.map((c) => [c.category, c.closed, c.extensionsPending])).toEqual([
      ['安全管理', 2, 0],
      ['作风建设', 0, 1],
    ]);
  });

  it('names closed measures in the report sentence once there are any', () => {
    expect(rollup.report).toBe('共梳理形成2大类、1个问题，制定6项整改措施，已完成3项（含已完成并需长期坚持的措施1项），已启动2项，尚未启动1项，已销号2项');
    expect(computeRollup(rows, AS_OF, undefined, 'en').report).toBe(
      '2 categories, 1 problems and 6 measures; 3 completed (1 of them done and kept up long-term), 2 started, 1 not yet started; 2 closed off by the office.',
    );
    expect(computeRollup(rows.slice(3), AS_OF).report).not.toMatch(/销号/);
  });

  it('judges overdue on the approved date', () => {
    const approved = measure({ deadline: { kind: 'date', date: '2027-01-15', text: '2027-01-15' }, extension: { state: 'approved', deadline: '2027-01-15', previous: { kind: 'date', date: '2026-11-15', text: '2026年11月中旬前' } } });
    expect(isOverdue(approved, AS_OF)).toBe(false);
    expect(isOverdue(approved, '2027-01-16')).toBe(true);
  });

  it('never counts more closed or waiting than there are measures, and its groups add up to the total', () => {
    const closure = fc.option(fc.record({ state: fc.constantFrom('requested' as const, 'approved' as const, 'returned' as const) }), { nil: undefined });
    const extension = fc.option(fc.record({ state: fc.constantFrom('requested' as const, 'approved' as const, 'rejected' as const), deadline: fc.constant('2026-12-31') }), { nil: undefined });
    const row = fc.record({ unit: fc.constantFrom('化学化工学院', '后勤管理处', '图书馆'), closure, extension });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (generated) => {
        const r = computeRollup(generated.map((g) => measure(g)), AS_OF);
        expect(r.closed).toBe(generated.filter((g) => g.closure?.state === 'approved').length);
        expect(r.extensionsPending).toBe(generated.filter((g) => g.extension?.state === 'requested').length);
        expect(r.closed).toBeLessThanOrEqual(r.measures);
        expect(r.byUnit.reduce((n, u) => n + u.closed, 0)).toBe(r.closed);
        expect(r.byUnit.reduce((n, u) => n + u.extensionsPending, 0)).toBe(r.extensionsPending);
      }),
      { seed: 20261130, numRuns: 60 },
    );
  });
});

describe('延期情况 in a workbook', () => {
  it('writes each state in words a person reads and the reader takes back', () => {
    const approved: Extension = {
      state: 'approved', deadline: '2026-12-31', reason: '设备到货延迟', on: '2026-11-25', by: '整改办', note: '同意',
      previous: { kind: 'date', date: '2026-11-30', text: '2026年11月底前' },
    };
    expect(extensionText(approved)).toBe('已延期至2026年12月31日（原2026年11月底前；2026年11月25日，整改办）：同意');
    expect(parseExtension(extensionText(approved))).toEqual({
      state: 'approved', deadline: '2026-12-31', on: '2026-11-25', by: '整改办', note: '同意', previous: { kind: 'date', date: '2026-11-30', text: '2026年11月底前' },
    });
    const asked: Extension = { state: 'requested', deadline: '2026-12-31', reason: '设备到货延迟（厂家来函）', on: '2026-11-20', by: '化学化工学院' };
    expect(extensionText(asked)).toBe('申请延期至2026年12月31日（2026年11月20日，化学化工学院）：设备到货延迟（厂家来函）');
    expect(parseExtension(extensionText(asked))).toEqual(asked);
    expect(parseExtension('未批准延期至2026年12月31日（2026年11月25日，整改办）：请按原时限完成')).toEqual({
      state: 'rejected', deadline: '2026-12-31', on: '2026-11-25', by: '整改办', note: '请按原时限完成',
    });
  });

  it('reads the plainer words offices type themselves, and nothing from a cell without a date or a state', () => {
    expect(parseExtension('同意延期至2026年12月31日')).toMatchObject({ state: 'approved', deadline: '2026-12-31' });
    expect(parseExtension('不同意延期至2026.12.31：理由不充分')).toMatchObject({ state: 'rejected', deadline: '2026-12-31', note: '理由不充分' });
    expect(parseExtension('申请延期至2026-12-31')).toMatchObject({ state: 'requested', deadline: '2026-12-31' });
    expect(parseExtension('申请延期')).toBeUndefined();
    expect(parseExtension('2026年12月31日')).toBeUndefined();
    expect(parseExtension(null)).toBeUndefined();
  });

  it('reads a 延期情况 column back to the same meaning it was written with', () => {
    const state = fc.constantFrom('requested' as const, 'approved' as const, 'rejected' as const);
    const day = fc.integer({ min: Date.UTC(2018, 0, 1), max: Date.UTC(2030, 11, 31) }).map((t) => new Date(t).toISOString().slice(0, 10));
    const words = fc.option(fc.constantFrom('设备到货延迟', '需重新招标：预计45天', '请按原时限完成（见会议纪要）', '同意'), { nil: undefined });
    const who = fc.option(fc.constantFrom('整改办', '化学化工学院', '后勤管理处 token'), { nil: undefined });
    fc.assert(
      fc.property(state, day, day, words, who, (s, deadline, on, text, by) => {
        const e: Extension = { state: s, deadline, on, ...(by ? { by } : {}), ...(text ? (s === 'requested' ? { reason: text } : { note: text }) : {}) };
        const sheet = grid('整改台账', [
          ['存在问题', '整改措施', '责任单位', '完成情况', '延期情况'],
          ['实验室安全管理制度不健全', '修订实验室安全管理办法', '化学化工学院', '正在推进', extensionText(e)],
        ]);
        const back = readLedger(book('化学化工学院整改台账.xlsx', sheet)).rows[0]!.measure;
        expect(fieldMeaning('extension', back)).toBe(fieldMeaning('extension', { extension: e }));
        expect(back.extension).toEqual(e);
      }),
      { seed: 20261130, numRuns: 80 },
    );
  });
});

describe('销号情况 in a workbook', () => {
  it('reads a 销号情况 cell back to the same meaning it was written with, in the workbook and the add-in alike', () => {
    const state = fc.constantFrom('requested' as const, 'approved' as const, 'returned' as const);
    const day = fc.integer({ min: Date.UTC(2018, 0, 1), max: Date.UTC(2030, 11, 31) }).map((t) => new Date(t).toISOString().slice(0, 10));
    const reason = fc.constantFrom('缺少复查照片', '退回：整改报告未盖章', '佐证材料不全（缺会议纪要）', '请补充：验收意见');
    const who = fc.option(fc.constantFrom('整改办', '督查室 token'), { nil: undefined });
    fc.assert(
      fc.property(state, fc.option(day, { nil: undefined }), reason, who, (s, on, why, by) => {
        const c: Closure = { state: s, ...(on ? { on } : {}), ...(by ? { by } : {}), ...(s === 'returned' ? { reason: why } : {}) };
        const sheet = grid('整改台账', [
          ['存在问题', '整改措施', '责任单位', '完成情况', '销号情况'],
          ['实验室安全管理制度不健全', '修订实验室安全管理办法', '化学化工学院', '已完成', closureText(c)],
        ]);
        const back = readLedger(book('化学化工学院整改台账.xlsx', sheet)).rows[0]!.measure;
        expect(fieldMeaning('closure', back)).toBe(fieldMeaning('closure', { closure: c }));
        if (s === 'returned') expect(back.closure?.reason).toBe(why.replace(/^退回[：:]/, ''));
      }),
      { seed: 20261130, numRuns: 80 },
    );
  });
});
