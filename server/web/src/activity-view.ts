// Which units have reported since a date (any change made by the unit itself) and which have not:
// the sentence the office chases with, and the table of every unit's last report.
import type { Lang } from '../../../ledger/schema';
import type { Activity } from '../../../ledger/sync-protocol';
import { h } from './dom';
import { dateText, timeText } from './format';
import { scrollable } from './rollup-view';
import type { Strings } from './strings';

export function activityView(a: Activity, t: Strings, lang: Lang, unitHref: (unit: string) => string): HTMLElement[] {
  const since = dateText(a.since, lang);
  const quiet = a.units.filter((u) => u.rowsChangedSince === 0);
  // Those who have not reported first: they are who the office calls.
  const ordered = [...quiet, ...a.units.filter((u) => u.rowsChangedSince > 0)];
  const table = h('table', { id: 'activity', class: 'figures' }, [
    h('caption', { id: 'activity-caption' }, [`${t.activityTitle}${t.paren(`${t.activitySince} ${since}`)}`]),
    h('thead', {}, [h('tr', {}, [t.unit, t.lastReported, t.rowsChanged, t.reportedState].map((x) => h('th', { scope: 'col' }, [x])))]),
    h(
      'tbody',
      {},
      ordered.map((u) =>
        h('tr', { class: u.rowsChangedSince === 0 ? 'quiet' : '' }, [
          h('th', { scope: 'row' }, [h('a', { href: unitHref(u.unit) }, [u.unit])]),
          h('td', { class: 'short' }, [u.lastChangeAt ? timeText(u.lastChangeAt, lang) : t.neverReported]),
          h('td', { class: 'num' }, [u.rowsChangedSince]),
          h('td', { class: u.rowsChangedSince === 0 ? 'short late' : 'short' }, [u.rowsChangedSince === 0 ? t.notReported : t.reported]),
        ]),
      ),
    ),
  ]);
  return [h('p', { id: 'activity-line', class: 'sentence-small' }, [t.notReportedLine(since, quiet.map((u) => u.unit))]), scrollable(table, 'activity-caption')];
}
