// One sync's working state: the sheet as read, the workbook's sync state and this browser's snapshot
// of it, the rows being worked on, the cells to write and the report. Every step of a sync reads
// and adds to it; it also keeps the state and the snapshot together when they are saved.
import type { CampaignConfig, Measure } from '../../ledger';
import type { KeyValueStore } from '../pane/storage';
import type { ApiClient, Me } from './api';
import type { SyncColumn } from './fields';
import { emptyReport, type SyncProgress, type SyncReport, type SyncStep } from './report';
import { localRows, type LocalRow } from './rows';
import { readSyncSheet, type ExcelRunner, type LedgerSheet } from './sheet';
import { loadSnapshot, newSnapshotTag, saveSnapshot, snapshotKey, Snapshot } from './snapshot';
import { newClientId, type SyncState } from './state';
import { SheetWrites, writeToSheet } from './writes';

export interface SyncTarget {
  campaign: string;
  config: CampaignConfig;
  who: Me;
  sheetName?: string;
}

export interface SyncDeps {
  excel: ExcelRunner;
  api: ApiClient;
  store: KeyValueStore;
  serviceUrl: string;
  loadState(): Promise<SyncState>;
  saveState(state: SyncState): Promise<void>;
  now?(): Date;
  onProgress?(p: SyncProgress): void;
}

/** Where the snapshot of this workbook's state is kept in this browser. */
export function snapshotKeyOf(deps: SyncDeps, target: SyncTarget, state: SyncState): string {
  return snapshotKey(deps.serviceUrl, target.campaign, state.clientId);
}

/** Saves the snapshot and the workbook's state under one new tag, so each names the other. */
export async function persist(deps: SyncDeps, target: SyncTarget, state: SyncState, snapshot: Snapshot): Promise<void> {
  const tag = newSnapshotTag();
  saveSnapshot(deps.store, snapshotKeyOf(deps, target, state), snapshot, tag);
  state.snapshotTag = tag;
  await deps.saveState(state);
}

export class SyncRound {
  readonly report: SyncReport = emptyReport();
  readonly columns: SyncColumn[];
  /** A unit's sheet: office columns are not sent, and new rows are filed under the unit. */
  readonly isUnit: boolean;
  readonly locals: LocalRow[];
  readonly writes: SheetWrites;
  readonly snapshot: Snapshot;

  private constructor(
    readonly deps: SyncDeps,
    readonly target: SyncTarget,
    readonly sheet: LedgerSheet,
    readonly state: SyncState,
    /** The snapshot this browser held for the workbook as it is (none: compare with the service). */
    readonly stored: Snapshot | undefined,
  ) {
    this.snapshot = stored ?? new Snapshot();
    this.columns = sheet.columns;
    this.isUnit = target.who.kind !== 'office';
    this.locals = localRows(sheet);
    this.writes = new SheetWrites(sheet, this.report);
  }

  /** Reads the sheet in full (constant round trips), the workbook's sync state and the snapshot. */
  static async open(deps: SyncDeps, target: SyncTarget): Promise<SyncRound> {
    deps.onProgress?.({ step: 'read', fraction: 0.05 });
    const sheet = await readSyncSheet(deps.excel, target.config, target.sheetName);
    const state = await deps.loadState();
    const stored = loadSnapshot(deps.store, snapshotKeyOf(deps, target, state), state.snapshotTag);
    return new SyncRound(deps, target, sheet, state, stored);
  }

  progress(step: SyncStep, fraction: number): void {
    this.deps.onProgress?.({ step, fraction });
  }

  /** When a push is queued. */
  now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  /** A row as identity reads it: a unit's sheet without a unit column holds that unit's rows. */
  identity(m: Measure): Measure {
    const { who } = this.target;
    return who.kind === 'unit' && who.unit && !m.unit ? { ...m, unit: who.unit } : m;
  }

  async persist(): Promise<void> {
    await persist(this.deps, this.target, this.state, this.snapshot);
  }

  /**
   * The service already holds another batch under this client's mutation id: a copy of the workbook
   * (or one closed without saving) pushed under the same id. This workbook takes a new client id.
   */
  newClient(): void {
    this.deps.store.remove(snapshotKeyOf(this.deps, this.target, this.state));
    this.state.clientId = newClientId();
    this.state.lastMutationId = 0;
  }

  /** Ends a sync the service could not be reached for: cells already due are written, the queue kept. */
  async offline(): Promise<SyncReport> {
    if (this.writes.size > 0) await writeToSheet(this.deps.excel, this.sheet, this.writes, { start: 0, rows: [] });
    await this.persist();
    this.report.offline = true;
    this.report.queued = this.state.queue.length;
    this.progress('done', 1);
    return this.report;
  }
}
