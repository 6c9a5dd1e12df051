// A new row's `created` history record holds the same text however it is made: from the row's stored
// text when its values come in the stored order, else written out, always as JSON.stringify gives it.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createdText } from '../../server/sync/batch';
import { encodeExtras, encodeValues, MeasureValues, type RowContent } from '../../server/sync/values';

const VALUE_FIELDS = Object.keys(MeasureValues.shape);

const value = fc.oneof(fc.string(), fc.constantFrom('', null, '正在推进'), fc.record({ kind: fc.constant('date'), date: fc.constant('2018-09-30'), text: fc.string() }));
const values = fc
  .uniqueArray(fc.oneof({ arbitrary: fc.constantFrom(...VALUE_FIELDS), weight: 20 }, { arbitrary: fc.constant('colour'), weight: 1 }), { maxLength: 8 })
  .chain((keys) => fc.tuple(fc.constant(keys), fc.array(value, { minLength: keys.length, maxLength: keys.length }), fc.boolean()))
  .map(([keys, vs, sorted]) => {
    const order = sorted ? [...keys].sort((a, b) => VALUE_FIELDS.indexOf(a) - VALUE_FIELDS.indexOf(b)) : keys;
    return Object.fromEntries(order.map((k) => [k, vs[keys.indexOf(k)]]));
  });
const extras = fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)), { maxKeys: 3 });

it('writes a new row’s created record as the row written out, from its stored text or not', () => {
  fc.assert(
    fc.property(values, extras, (v, x) => {
      const content = { values: v, extras: x } as RowContent;
      const text = createdText(content, { data: encodeValues(content.values), extras: encodeExtras(content.extras) });
      expect(text).toBe(JSON.stringify({ ...content.values, extras: content.extras }));
    }),
    { numRuns: 2000 },
  );
});
