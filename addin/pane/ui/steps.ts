// The one step the pane asks for next, shown as its only primary button: find the ledger, set it
// up, check it, connect, sync. The other buttons stay secondary.
import type { PaneState } from '../controller';

export type Step = 'detect' | 'setup' | 'check' | 'connect' | 'sync';

export function nextStep(state: PaneState): Step {
  const sheet = state.sheet;
  // A workbook whose ledger sheet is remembered is checked as it opens: no need to find it again.
  if (sheet ? sheet.headerRow === undefined : !state.check) return 'detect';
  if (sheet && !state.setup) return 'setup';
  if (!state.check) return 'check';
  return state.me ? 'sync' : 'connect';
}

/** Whether the ledger's columns are settled: set up, or remembered and checked without asking. */
export function mappingConfirmed(state: PaneState): boolean {
  const sheet = state.sheet;
  return sheet ? sheet.headerRow !== undefined && state.setup !== undefined : state.check !== undefined;
}
