// The push body's quick check gives exactly what the zod schema gives: the same request, keys in the
// same order (a retry's hash is taken over it), and a refusal with the same words, whatever is sent.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { StoreError, parseInput } from '../../server/store/errors';
import { PushRequest } from '../../server/sync';
import { parsePushRequest } from '../../server/sync/push-body';

type Outcome = { ok: true; json: string } | { ok: false; zh: string; en: string };

function outcome(parse: () => unknown): Outcome {
  try {
    return { ok: true, json: JSON.stringify(parse()) };
  } catch (e) {
    if (!(e instanceof StoreError)) throw e;
    return { ok: false, zh: e.text.zh, en: e.text.en };
  }
}

const text = fc.oneof(fc.constantFrom('第一类', '修订报销办法', '', ' 财务处 ', '2018年9月底前', '2018-09-30', 'x'.repeat(201)), fc.string());
const date = fc.oneof({ arbitrary: fc.constantFrom('2018-09-30', '2019-01-15', '2020-02-29'), weight: 8 }, { arbitrary: fc.constantFrom('2018-02-30', '2018-9-30', '２０１８-09-30', ''), weight: 1 });
/** Anything at all. */
const anything = fc.oneof(text, fc.constantFrom(null, 0, -0, 1.5, 3, true, 'done', 'finished'), fc.jsonValue({ maxDepth: 2 }));
/** Mostly what the schema takes, now and then something near it or anything. */
const usually = <T>(good: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 30 }, { arbitrary: anything, weight: 1 });
const deadline = fc.oneof(
  fc.record({ kind: fc.constant('date'), date, text }),
  fc.record({ kind: fc.constantFrom('ongoing', 'immediate', 'ambiguous', 'unparsed'), text }),
  fc.record({ text, kind: fc.constant('date'), date }, { requiredKeys: ['kind', 'text'] }),
  fc.record({ kind: fc.constant('ongoing'), text, by: text }),
);
const closure = fc.record({ state: fc.constantFrom('requested', 'approved', 'returned'), on: date, note: text }, { requiredKeys: ['state'] });
const FIELD_VALUES: Record<string, fc.Arbitrary<unknown>> = {
  category: text,
  problem: text,
  measure: text,
  unit: text,
  owner: text,
  statusText: text,
  completedOnText: text,
  remarks: text,
  status: fc.oneof({ arbitrary: fc.constantFrom('not_started', 'in_progress', 'done', 'done_ongoing'), weight: 20 }, { arbitrary: fc.constant('finished'), weight: 1 }),
  completedOn: date,
  deadline,
  closure,
  extension: fc.record({ state: fc.constantFrom('requested', 'rejected'), deadline: date, reason: text }, { requiredKeys: ['state', 'deadline'] }),
};
const fieldName = fc.oneof({ arbitrary: fc.constantFrom(...Object.keys(FIELD_VALUES)), weight: 40 }, { arbitrary: fc.constant('colour'), weight: 1 });
const field = fieldName.chain((f) => fc.tuple(fc.constant(f), usually(fc.oneof({ arbitrary: FIELD_VALUES[f] ?? text, weight: 5 }, { arbitrary: fc.constant(null), weight: 1 }))));
const fields = fc.array(field, { maxLength: 6 }).map((entries) => Object.fromEntries(entries));
const cell = fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const extras = fc.dictionary(fc.oneof({ arbitrary: fc.constantFrom('金额', '备注2'), weight: 8 }, { arbitrary: fc.constantFrom('', '__proto__', 'k'.repeat(201)), weight: 1 }, { arbitrary: fc.string(), weight: 1 }), usually(cell), { maxKeys: 3 });
const rowKey = fc.dictionary(fc.oneof({ arbitrary: fc.constantFrom('problem', 'measure', 'unit', 'measureNo'), weight: 12 }, { arbitrary: fc.constant('owner'), weight: 1 }), usually(text), { maxKeys: 3 });
const row = fc.record(
  {
    id: usually(fc.oneof({ arbitrary: fc.uuid(), weight: 20 }, { arbitrary: fc.constantFrom('row-1', 'bad id', '', 'x'.repeat(65)), weight: 1 })),
    key: usually(rowKey),
    baseVersion: usually(fc.oneof({ arbitrary: fc.constantFrom(0, -0, 3, 17), weight: 20 }, { arbitrary: fc.constantFrom(-1, 1.5, 2 ** 53), weight: 1 })),
    fields: usually(fields),
    extras: usually(extras),
    base: usually(fields),
    other: anything,
  },
  { requiredKeys: [] },
)
  // Now and then a row with a key the schema does not know, or a base to compare against.
  .map(({ other, base, ...r }) => ({ ...r, ...(other === 0 ? { other } : {}), ...(base !== null && typeof base === 'object' && 'status' in base ? { base } : {}) }));
const request = fc.record({
  clientId: usually(fc.oneof({ arbitrary: fc.constantFrom('addin-7f3a', 'bench'), weight: 20 }, { arbitrary: fc.constantFrom('', 'c'.repeat(129)), weight: 1 })),
  mutationId: usually(fc.oneof({ arbitrary: fc.constantFrom(1, 42, Number.MAX_SAFE_INTEGER), weight: 20 }, { arbitrary: fc.constantFrom(-1, 1.5, 2 ** 53), weight: 1 })),
  rows: usually(fc.array(row, { maxLength: 4 })),
});

it('checks a push body as the zod schema does, for anything sent', () => {
  fc.assert(
    fc.property(request, (body) => {
      // Through JSON, as the service receives it.
      const sent: unknown = JSON.parse(JSON.stringify(body));
      const quick = outcome(() => parsePushRequest(sent));
      const zod = outcome(() => parseInput(PushRequest, sent, '推送请求 / push request'));
      expect(quick).toEqual(zod);
    }),
    { numRuns: 3000 },
  );
});

it('gives the schema’s answer for rows sent in any key order', () => {
  const body = JSON.parse(
    JSON.stringify({
      rows: [
        {
          fields: { status: 'done', deadline: { text: '2018年9月底前', date: '2018-09-30', kind: 'date' }, problem: '问题', completedOn: '2018-10-01' },
          extras: { 金额: 12.5, 备注2: null },
          baseVersion: 3,
          id: 'row-1',
        },
        { key: { unit: '财务处', problem: '问题' } },
      ],
      mutationId: 7,
      clientId: 'addin',
    }),
  ) as unknown;
  const quick = parsePushRequest(body);
  expect(JSON.stringify(quick)).toBe(JSON.stringify(PushRequest.parse(body)));
  expect(quick.rows[1]).toEqual({ key: { problem: '问题', unit: '财务处' }, fields: {} });
});
