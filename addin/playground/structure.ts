// Rows and columns inserted or deleted at the selected cell, as a person does in Excel (right-click,
// Insert / Delete): the simulated sheet moves its cells and fires its change event with the
// changeType Excel gives, so the pane's marks can be seen following them.
import { columnLetter } from '../../ledger';
import { h } from '../pane/ui/dom';
import type { SimHost } from '../sim';
import type { WorkbookView } from './grid-view';

type Action = { label: string; title: string; run: (host: SimHost, sheet: string, at: { row: number; col: number }) => Promise<void> };

const ACTIONS: readonly Action[] = [
  { label: '插入行', title: 'Insert a row above the selected cell', run: (host, sheet, at) => host.insertCells(sheet, `${at.row + 1}:${at.row + 1}`) },
  { label: '删除行', title: 'Delete the selected cell’s row', run: (host, sheet, at) => host.deleteCells(sheet, `${at.row + 1}:${at.row + 1}`) },
  { label: '插入列', title: 'Insert a column left of the selected cell', run: (host, sheet, at) => host.insertCells(sheet, `${columnLetter(at.col)}:${columnLetter(at.col)}`) },
  { label: '删除列', title: 'Delete the selected cell’s column', run: (host, sheet, at) => host.deleteCells(sheet, `${columnLetter(at.col)}:${columnLetter(at.col)}`) },
];

/** The buttons, acting on the sheet and cell the view shows selected. */
export function structureButtons(host: SimHost, view: WorkbookView, fail: (e: unknown) => void): HTMLElement[] {
  return ACTIONS.map((action) =>
    h(
      'button',
      {
        type: 'button',
        class: 'lp-button',
        title: action.title,
        onclick: () => {
          const at = view.selected();
          if (!at) return;
          action
            .run(host, at.sheet, at)
            .then(() => view.refresh())
            .catch(fail);
        },
      },
      action.label,
    ),
  );
}
