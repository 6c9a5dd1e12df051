// Matching only the rows that can match: an office push reads the units its rows name (and the
// rows naming none), not the whole campaign. The pairs must be exactly those matching every row gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchRows, numberColumnsOf, unitsToMatch, type IdentityFields } from '../../ledger';

// Spellings that are one unit to identity (spacing, width) and names that are none (blank, punctuation).
const UNITS = ['财务处', ' 财务处', '财务处　', '计算机学院', 'ＡＢ学院', 'AB学院', 'ab学院', '', '  ', '—', undefined] as const;
const unit = fc.constantFrom(...UNITS);
const text = fc.constantFrom('票据不规范', '票据 不规范', '会风不严', '');
const number = fc.option(fc.constantFrom('1', '2', '１'), { nil: undefined });
const row = fc.record({ problem: text, measure: text, unit, problemNo: number, measureNo: number });
const named = row.filter((r) => r.unit !== undefined && r.unit.trim() !== '' && r.unit !== '—');

const clean = (ms: readonly Record<string, string | undefined>[]): IdentityFields[] =>
  ms.map((m) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined && v !== '')) as IdentityFields);

describe('unitsToMatch', () => {
  it('gives, matching only the rows of the units it names (and of none), the pairs matching every row gives', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.array(named, { minLength: 1, maxLength: 10 }), (b, i) => {
        const base = clean(b);
        const incoming = clean(i);
        const units = unitsToMatch(incoming, [...new Set(base.flatMap((m) => (m.unit === undefined ? [] : [m.unit])))]);
        expect(units).toBeDefined();
        const kept = base.flatMap((m, at) => (m.unit === undefined || units!.includes(m.unit) ? [at] : []));
        const part = matchRows(
          kept.map((at) => base[at]!),
          incoming,
          numberColumnsOf(base),
        );
        const whole = matchRows(base, incoming);
        expect(part.pairs.map(([x, y]) => [kept[x]!, y])).toEqual(whole.pairs);
        expect(part.unmatched).toEqual(whole.unmatched);
      }),
      { numRuns: 500 },
    );
  });

  it('reads every row when a row names no unit (it may be any unit’s)', () => {
    expect(unitsToMatch(clean([{ problem: '会风不严', unit: '财务处' }, { problem: '会风不严' }]), ['财务处', '计算机学院'])).toBeUndefined();
    expect(unitsToMatch(clean([{ problem: '会风不严', unit: '  ' }]), ['财务处'])).toBeUndefined();
  });

  it('keeps the units spelled alike and those that are no name', () => {
    expect(unitsToMatch(clean([{ unit: '财务处' }]), ['财务处 ', '计算机学院', '—', '财务处'])).toEqual(['财务处 ', '—', '财务处']);
  });
});
