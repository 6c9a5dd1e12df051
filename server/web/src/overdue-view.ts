// The overdue list: what the office chases first, with the days each measure is past its deadline.
import type { IsoDate, Lang } from '../../../ledger/schema';
import { h } from './dom';
import { dateText } from './format';
import type { ListedMeasure } from './measure-list';
import { scrollable } from './rollup-view';
import type { Strings } from './strings';
import { deadlineText } from './values';

export function overdueTable(list: ListedMeasure[], asOf: IsoDate, t: Strings, lang: Lang): HTMLElement {
  if (list.length === 0) return h('p', { id: 'overdue', class: 'empty' }, [t.noOverdue]);
  const captionId = 'overdue-caption';
  const headers = [t.seq, t.category, t.problem, t.measure, t.unit, t.owner, t.deadline, t.daysOverdue];
  const table = h('table', { id: 'overdue', class: 'overdue' }, [
    h('caption', { id: captionId }, [t.overdueCaption(list.length, dateText(asOf, lang))]),
    h('thead', {}, [h('tr', {}, headers.map((text) => h('th', { scope: 'col' }, [text])))]),
    h(
      'tbody',
      {},
      list.map((m, i) =>
        h('tr', {}, [
          h('td', { class: 'num' }, [i + 1]),
          h('td', {}, [m.category]),
          h('td', { class: 'long' }, [m.problem]),
          h('td', { class: 'long' }, [m.measure]),
          h('td', { class: 'short' }, [m.unit]),
          h('td', { class: 'short' }, [m.owner]),
          h('td', { class: 'short' }, [deadlineText(m.deadline, t, lang)]),
          h('td', { class: 'num late' }, [m.days === null ? '—' : m.days]),
        ]),
      ),
    ),
  ]);
  return scrollable(table, captionId);
}
