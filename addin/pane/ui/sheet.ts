// The "set up the sheet" section: find the ledger, apply drop-downs and colours, and the table that
// shows (and corrects) which column holds which field.
import type { Field } from '../../../ledger';
import type { SheetInfo } from '../controller';
import { mappableFields } from '../setup';
import { h } from './dom';
import { button, foldingSection, notices, type View } from './controls';
import { mappingConfirmed } from './steps';

/** Folded once set-up is done: a line says how many columns are mapped, and opens it to change them. */
export function sheetSection(v: View): HTMLElement {
  const { T, pane, step, state } = v;
  const info = state.sheet;
  return foldingSection(
    v,
    'sheet',
    T('sheet.heading'),
    { open: !mappingConfirmed(state), note: foldedNote(v), always: [notices(v, 'sheet', 'attention')] },
    h(
      'div',
      { class: 'lp-actions' },
      button(v, 'detect', T('sheet.detect'), () => void pane.detect(), { primary: step === 'detect' }),
      info?.headerRow !== undefined ? button(v, 'setup', T('sheet.apply'), () => void pane.setUp(), { primary: step === 'setup' }) : null,
    ),
    notices(v, 'sheet', 'info'),
    info && info.headerRow !== undefined && info.mapping.length > 0 ? mappingTable(v, info) : null,
  );
}

function foldedNote({ state, T }: View): string | undefined {
  const info = state.sheet;
  const what = info ? T('sheet.folded', { count: info.mapping.filter((m) => m.field !== undefined).length }) : state.check ? T('sheet.foldedSheet', { sheet: state.check.sheet }) : undefined;
  return what === undefined ? undefined : `${what} · ${T('fold.change')}`;
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
        info.mapping.map((m) => h('tr', {}, h('td', { class: 'lp-letter' }, m.letter), h('td', { translate: 'no' }, m.header), h('td', {}, fieldSelect(v, m)))),
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
