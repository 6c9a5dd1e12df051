import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  categoryIndex,
  categoryKey,
  cellText,
  isoToSerial,
  parseCategory,
  parseDeadline,
  parseStatus,
  serialToIso,
  textKey,
} from '../../ledger';

describe('status words', () => {
  it.each([
    ['已完成', 'done'],
    ['完成', 'done'],
    ['已整改', 'done'],
    ['是', 'done'],
    ['否', 'in_progress'],
    ['已完成并长期坚持', 'done_ongoing'],
    ['已完成，需长期坚持', 'done_ongoing'],
    ['已完成（长期坚持）', 'done_ongoing'],
    ['未启动', 'not_started'],
    ['尚未启动', 'not_started'],
    ['已启动', 'in_progress'],
    ['正在推进', 'in_progress'],
    ['推进中', 'in_progress'],
    ['正在整改', 'in_progress'],
    ['基本完成', 'in_progress'],
    [' 已 完成\n', 'done'],
  ])('%s → %s', (word, code) => {
    expect(parseStatus(word).status).toBe(code);
  });

  it('keeps words it does not know, with no code', () => {
    expect(parseStatus('差不多了')).toEqual({ text: '差不多了' });
  });

  it('reads empty cells and placeholders as no status', () => {
    for (const v of [null, '', '  ', '\\', '/', '—', '无']) expect(parseStatus(v)).toEqual({});
  });
});

describe('deadlines', () => {
  it.each([
    ['2018年12月底前', '2018-12-31'],
    ['2018年12月31日前', '2018-12-31'],
    ['2018.12.31', '2018-12-31'],
    ['2018-12-31', '2018-12-31'],
    ['2018/6/5', '2018-06-05'],
    ['2018年底前', '2018-12-31'],
    ['2018年9月底前', '2018-09-30'],
    ['2019年2月底', '2019-02-28'],
    ['2018年第三季度', '2018-09-30'],
    ['2018年上半年', '2018-06-30'],
    ['２０１８年１２月底前', '2018-12-31'],
    ['2018年9月底前完成方案，12月底前全部完成', '2018-12-31'],
  ])('%s falls due on %s', (text, date) => {
    expect(parseDeadline(text)).toEqual({ kind: 'date', date, text });
  });

  it('reads Excel serials as dates', () => {
    expect(parseDeadline(43343)).toEqual({ kind: 'date', date: '2018-08-31', text: '2018-08-31' });
  });

  it('knows the words for ongoing and immediate measures', () => {
    expect(parseDeadline('长期坚持')?.kind).toBe('ongoing');
    expect(parseDeadline('立行立改')?.kind).toBe('immediate');
  });

  it('flags 年内 and year-less month ends as ambiguous instead of guessing a year', () => {
    expect(parseDeadline('年内')?.kind).toBe('ambiguous');
    expect(parseDeadline('12月底前')?.kind).toBe('ambiguous');
  });

  it('keeps unreadable text and impossible dates as written', () => {
    expect(parseDeadline('尽快')).toEqual({ kind: 'unparsed', text: '尽快' });
    expect(parseDeadline('2018-02-30')).toEqual({ kind: 'unparsed', text: '2018-02-30' });
    expect(parseDeadline(12)).toEqual({ kind: 'unparsed', text: '12' });
  });

  it('round-trips serials and ISO dates', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 73_415 }), (serial) => {
        expect(isoToSerial(serialToIso(serial))).toBe(serial);
      }),
    );
  });
});

describe('text', () => {
  it('reads placeholders as empty', () => {
    for (const v of ['\\', '/', '—', '无', '——', '  ']) expect(cellText(v)).toBeUndefined();
    expect(cellText('无锡')).toBe('无锡');
  });

  it('ignores white space, full-width forms and punctuation in identity keys', () => {
    expect(textKey('中心组学习\n计划性　不强。')).toBe(textKey('中心组学习计划性不强'));
    expect(textKey('（一）ＡＢＣ')).toBe(textKey('(一)abc'));
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom(' ', '\u3000', '\n', '，', '。'), (s, noise) => {
        const withNoise = [...s].join(noise);
        expect(textKey(withNoise)).toBe(textKey(s));
      }),
    );
  });
});

describe('categories', () => {
  it('strips ordinal prefixes of every kind', () => {
    expect(parseCategory('一、理论学习不深入')).toEqual({ ordinal: 1, name: '理论学习不深入' });
    expect(parseCategory('（二）基层组织建设薄弱')).toEqual({ ordinal: 2, name: '基层组织建设薄弱' });
    expect(parseCategory('3. 作风建设')).toEqual({ ordinal: 3, name: '作风建设' });
    expect(parseCategory('第十二类 其他')).toEqual({ ordinal: 12, name: '其他' });
    expect(parseCategory('第一类')).toEqual({ ordinal: 1, name: '' });
    expect(categoryKey('一、理论学习不深入')).toBe(categoryKey('理论学习不深入'));
  });

  it('resolves an ordinal alone to the category in that position', () => {
    const ix = categoryIndex(['党的政治建设', '思想建设', '组织建设'], []);
    expect(ix.resolve('第二类')).toBe('思想建设');
    expect(ix.resolve('三、组织建设')).toBe('组织建设');
    expect(ix.resolve('第九类')).toBeUndefined();
    expect(ix.resolve('财务管理')).toBeUndefined();
  });

  it('without a configured list, learns ordinals from separator rows', () => {
    const ix = categoryIndex([], ['一、理论学习不深入', '二、基层组织建设薄弱']);
    expect(ix.resolve('第二类')).toBe('基层组织建设薄弱');
    expect(ix.resolve('新问题类别')).toBe('新问题类别');
  });
});
