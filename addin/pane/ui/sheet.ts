// The "set up the sheet" section: find the ledger, apply drop-downs and colours, and the table that
// shows (and corrects) which column holds which field.
import type { Field } from '../../../ledger';
import type { SheetInfo } from '../controller';
import { mappableFields } from '../setup';
import { h } from './dom';
import { button, notices, section, type View } from './controls';

export function sheetSection(v: View): HTMLElement {
  const { T, pane } = v;
  const info = v.state.sheet;
  return section(
    v,
    'sheet',
    T('sheet.heading'),
    h(
      'div',
      { class: 'lp-actions' },
      button(v, 'detect', T('sheet.detect'), () => void pane.detect(), { primary: !info }),
      info?.headerRow !== undefined ? button(v, 'setup', T('sheet.apply'), () => void pane.setUp(), { primary: true }) : null,
    ),
    notices(v, 'sheet'),
    info && info.headerRow !== undefined && info.mapping.length > 0 ? mappingTable(v, info) : null,
  );
}

function mappingTable(v: View, info: SheetInfo): HTMLElement {
  const { T } = v;
  return h(
    'div',
    { class: 'lp-mapping' },
    h('h3', {}, T('sheet.mapping')),
    h('p', { class: 'lp-hint' }, T('sheet.mappingHint')),
    h(
      'table',
      { class: 'lp-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, T('sheet.column')), h('th', { scope: 'col' }, T('sheet.header')), h('th', { scope: 'col' }, T('sheet.field')))),
      h(
        'tbody',
        {},
        info.mapping.map((m) => h('tr', {}, h('td', { class: 'lp-letter' }, m.letter), h('td', {}, m.header), h('td', {}, fieldSelect(v, m)))),
      ),
    ),
  );
}

/** The drop-down that says which field a column holds; choosing one teaches the sheet that header. */
function fieldSelect(v: View, m: SheetInfo['mapping'][number]): HTMLSelectElement {
  const { T, pane } = v;
  return h(
    'select',
    {
      'data-key': `map-${m.letter}`,
      'aria-label': T('sheet.fieldFor', { column: m.letter, header: m.header }),
      disabled: v.state.busy !== undefined,
      onchange: (e) => {
        const value = (e.target as HTMLSelectElement).value;
        if (value) void pane.correctMapping(m.header, value as Field);
      },
    },
    h('option', { value: '', selected: m.field === undefined }, T('sheet.extra')),
    mappableFields(v.lang).map((f) => h('option', { value: f.field, selected: m.field === f.field }, f.label)),
  );
}
