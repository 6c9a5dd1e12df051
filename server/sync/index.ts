// The sync engine: push (merge a client's batch), pull (changes since a cursor), conflicts,
// deletion and history. See README.md for the protocol.
export * from './protocol';
export { push, type PushOutcome } from './push';
export { changesSince, listRows, listRowStates, type PullOptions, type ListOptions } from './pull';
export { deleteRow } from './deletion';
export { closureStep } from './closure';
export { extensionStep } from './extension';
export { listConflicts, resolveConflict, type ConflictState, type Resolution } from './conflicts';
export { replayHistory, rowHistory, type ReplayedRow } from './history';
