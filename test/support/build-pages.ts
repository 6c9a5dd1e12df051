// Builds the task pane (addin/dist) and the office page (server/web/dist) once per test run, before
// any test file starts: the browser suites run side by side in separate processes, and one rebuilding
// a folder (which empties it first) while another's browser loads from it failed at random.
import { buildAddin } from '../../addin/build';
import { buildOfficePage } from '../../server/web/build';

export async function setup(): Promise<void> {
  await Promise.all([buildAddin(), buildOfficePage()]);
}
