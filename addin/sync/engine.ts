// One click of "同步": send this workbook's edits to the service and take the office's updates.
//
//  1. Read the sheet in full (constant round trips), and the workbook's sync state.
//  2. Send any push still queued from an offline moment, with its original client and mutation id.
//  3. Pull the rows changed since the cursor (all rows when this browser has no snapshot).
//  4. Per row and column: equal to the service → nothing; edited here (differs from the snapshot)
//     → push it; not edited here → take the service's value. Fields with an open conflict keep the
//     sheet's value until the conflict is resolved.
//  5. Push the edits (queued first, so a lost answer is retried with the same ids), and rows without
//     an id as new rows (the service matches them by identity).
//  6. Write the changed cells, the new rows and the ids/versions in a few batched round trips, then
//     save the cursor, the mutation id and the snapshot.
import { columnLetter, matchRows, type CampaignConfig, type Measure } from '../../ledger';
import type { ConflictChoice, ConflictView, FieldPatch, PushCounts, PushRequest, PushResult, PushRow, RejectReason, RowKey, RowState } from '../../ledger/sync-protocol';
import { writeBlocks, writeRows, type CellBlock } from '../excel/adapter';
import type { KeyValueStore } from '../pane/storage';
import { OfflineError, ServiceError, type ApiClient, type Me } from './api';
import { cellFor, columnName, fieldHash, fieldPatch, readBack, unitMayChange, type CellOut, type SyncColumn } from './fields';
import { readLedgerSheet, readSyncSheet, type ExcelRunner, type LedgerSheet } from './sheet';
import { loadSnapshot, newSnapshotTag, saveSnapshot, snapshotKey, Snapshot } from './snapshot';
import { newClientId, newRowId, type QueuedPush, type SyncState } from './state';

export type SyncStep = 'read' | 'flush' | 'pull' | 'push' | 'write' | 'done';

export interface SyncProgress {
  step: SyncStep;
  /** 0–1, for a progress bar. */
  fraction: number;
}

/** A cell as Excel shows it: row number and column letters. */
export interface CellRef {
  row: number;
  column: string;
}

/**
 * The conflicts of one cell: a status cell holds two fields (the code and the words), so one edit
 * can conflict twice. `conflict` is the one to show; all of `ids` are settled together.
 */
export interface RowConflict {
  conflict: ConflictView;
  ids: string[];
  /** Excel row number of the row in this sheet, when it is here. */
  row?: number;
  column?: string;
}

export interface SyncReport {
  /** The service could not be reached: edits wait in the workbook's queue. */
  offline: boolean;
  queued: number;
  pushed: PushCounts;
  pulled: { changedRows: number; newRows: number };
  /** Rows the office deleted or moved to another unit: left in the sheet, no longer synced. */
  gone: number[];
  rejected: { row: number | undefined; reason: RejectReason }[];
  /** Office columns a unit changed here: not sent (only the office may change them). */
  notSent: CellRef[];
  /** Updates not written because the cell is merged over several rows. */
  mergedSkipped: CellRef[];
  conflicts: RowConflict[];
  errors: { zh: string; en: string }[];
}

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

interface Local {
  /** 0-based sheet row. */
  row: number;
  measure: Measure;
  id: string | undefined;
  /**
   * A row copied in Excel carries its original's hidden id: it is a new row, sent under this new id
   * (so the service cannot take it for its original) and written into its id cell.
   */
  freshId?: string;
  /** Columns edited here, to push. */
  edits: SyncColumn[];
  baseVersion: number | undefined;
  /** Columns whose value was taken from the service this time (written to the sheet). */
  hashes: Map<string, string>;
  gone: boolean;
}

const PERMANENT_FAILURES = new Set([400, 409, 413, 422]);

/**
 * The service already holds another batch under this client's mutation id: a copy of the workbook
 * (or one closed without saving) pushed under the same id. This workbook takes a new client id.
 */
function isReusedId(e: unknown): boolean {
  return e instanceof ServiceError && e.status === 409 && (e.code === 'stale_mutation' || e.code === 'mutation_reused');
}

function emptyCounts(): PushCounts {
  return { created: 0, updated: 0, unchanged: 0, conflicts: 0, rejected: 0 };
}

function addCounts(a: PushCounts, b: PushCounts): PushCounts {
  return {
    created: a.created + b.created,
    updated: a.updated + b.updated,
    unchanged: a.unchanged + b.unchanged,
    conflicts: a.conflicts + b.conflicts,
    rejected: a.rejected + b.rejected,
  };
}

/** Copies one column's value from `from` into `to`. */
function assignColumn(c: SyncColumn, to: Measure, from: Measure): void {
  if (c.kind === 'extra') {
    const v = from.extras[c.key];
    if (v === undefined || v === null) delete to.extras[c.key];
    else to.extras[c.key] = v;
    return;
  }
  const keys: (keyof Measure)[] =
    c.field === 'status' ? ['status', 'statusText'] : c.field === 'completedOn' ? ['completedOn', 'completedOnText'] : [c.field];
  for (const k of keys) {
    if (from[k] === undefined) delete to[k];
    else Object.assign(to, { [k]: from[k] });
  }
}

/** A push row's `fields` and `extras` for these columns of `m`. */
function patchOf(columns: readonly SyncColumn[], m: Measure): { fields: FieldPatch; extras?: Record<string, Measure['extras'][string]> } {
  const fields: Record<string, unknown> = {};
  const extras: Record<string, Measure['extras'][string]> = {};
  for (const c of columns) {
    if (c.kind === 'extra') extras[c.key] = m.extras[c.key] ?? null;
    else Object.assign(fields, fieldPatch(c.field, m));
  }
  return { fields: fields as FieldPatch, ...(Object.keys(extras).length > 0 ? { extras } : {}) };
}

function keyOf(m: Measure): RowKey {
  const key: RowKey = {};
  for (const f of ['problem', 'measure', 'unit', 'problemNo', 'measureNo'] as const) if (m[f]) key[f] = m[f];
  return key;
}

/** Maps a conflict's field (status, statusText, extras.X …) to the sheet column that shows it. */
function columnOfField(columns: readonly SyncColumn[], field: string): SyncColumn | undefined {
  const name = field === 'statusText' ? 'status' : field === 'completedOnText' ? 'completedOn' : field;
  return columns.find((c) => columnName(c) === name);
}

function conflictKey(columns: readonly SyncColumn[], rowId: string, field: string): string {
  const c = columnOfField(columns, field);
  return `${rowId}|${c ? columnName(c) : field}`;
}

/** Cells covered by a merge other than its top-left, and top-left cells of merges over several rows. */
function unwritableCells(sheet: LedgerSheet): Set<string> {
  const out = new Set<string>();
  for (const m of sheet.grid.merges) {
    for (let r = m.top; r <= m.bottom; r++) {
      for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left || m.bottom > m.top) out.add(`${r}:${c}`);
    }
  }
  return out;
}

class CellWrites {
  readonly cells = new Map<number, Map<number, CellOut>>();

  set(row: number, col: number, out: CellOut): void {
    let line = this.cells.get(row);
    if (!line) this.cells.set(row, (line = new Map()));
    line.set(col, out);
  }

  get size(): number {
    return this.cells.size;
  }

  /** Each row's runs of adjacent cells as one block. */
  blocks(): CellBlock[] {
    const out: CellBlock[] = [];
    for (const [row, line] of [...this.cells].sort((a, b) => a[0] - b[0])) {
      const cols = [...line.keys()].sort((a, b) => a - b);
      let i = 0;
      while (i < cols.length) {
        let j = i;
        while (j + 1 < cols.length && cols[j + 1] === cols[j]! + 1) j++;
        const run = cols.slice(i, j + 1).map((c) => line.get(c)!);
        out.push({ row, col: cols[i]!, values: [run.map((o) => o.value)], formats: [run.map((o) => o.format ?? null)] });
        i = j + 1;
      }
    }
    return out;
  }
}

export class SyncEngine {
  constructor(
    private readonly deps: SyncDeps,
    private readonly target: SyncTarget,
  ) {}

  #progress(step: SyncStep, fraction: number): void {
    this.deps.onProgress?.({ step, fraction });
  }

  async sync(): Promise<SyncReport> {
    const { api, store } = this.deps;
    const { campaign, config } = this.target;
    const report: SyncReport = {
      offline: false,
      queued: 0,
      pushed: emptyCounts(),
      pulled: { changedRows: 0, newRows: 0 },
      gone: [],
      rejected: [],
      notSent: [],
      mergedSkipped: [],
      conflicts: [],
      errors: [],
    };

    this.#progress('read', 0.05);
    const sheet = await readSyncSheet(this.deps.excel, config, this.target.sheetName);
    const state = await this.deps.loadState();
    const stored = loadSnapshot(store, this.#snapshotKey(state), state.snapshotTag);
    const snapshot = stored ?? new Snapshot();
    const columns = sheet.columns;
    const isUnit = this.target.who.kind !== 'office';
    const ids = new Set<string>();
    const locals: Local[] = sheet.ledger.rows.map((r) => {
      const copied = r.measure.id !== undefined && ids.has(r.measure.id);
      if (r.measure.id !== undefined) ids.add(r.measure.id);
      return {
        row: r.source.row - 1,
        measure: r.measure,
        id: copied ? undefined : r.measure.id,
        ...(copied ? { freshId: newRowId() } : {}),
        edits: [],
        baseVersion: copied ? undefined : r.measure.version,
        hashes: new Map(columns.map((c) => [columnName(c), fieldHash(c, r.measure)])),
        gone: false,
      };
    });
    const writes = new CellWrites();
    const blocked = unwritableCells(sheet);
    const writeCell = (local: Local, col: number, out: CellOut, label: SyncColumn | 'bookkeeping') => {
      if (blocked.has(`${local.row}:${col}`)) {
        if (label !== 'bookkeeping') report.mergedSkipped.push({ row: local.row + 1, column: columnLetter(col) });
        return;
      }
      writes.set(local.row, col, out);
    };
    const writeIdVersion = (local: Local, id: string, version: number) => {
      if (sheet.idCol !== undefined && local.measure.id !== id) writeCell(local, sheet.idCol, { value: id }, 'bookkeeping');
      if (sheet.versionCol !== undefined && local.measure.version !== version) writeCell(local, sheet.versionCol, { value: version }, 'bookkeeping');
      local.id = id;
      local.measure = { ...local.measure, id, version };
    };

    // 2. Pushes queued while the service was unreachable go first, under their original ids.
    this.#progress('flush', 0.15);
    while (state.queue.length > 0) {
      const queued = state.queue[0]!;
      let result: PushResult;
      try {
        result = await api.push(queued.campaign, queued.request);
      } catch (e) {
        if (e instanceof OfflineError) return this.#offline(report, state, writes, sheet, snapshot);
        if (e instanceof ServiceError && PERMANENT_FAILURES.has(e.status)) {
          // Its edits are still in the sheet and not in the snapshot: the next push carries them again.
          if (isReusedId(e)) this.#newClient(state);
          else report.errors.push({ zh: `排队的修改无法提交，已放弃：${e.message}`, en: `A queued batch was refused and dropped: ${e.messageEn}` });
          state.queue.shift();
          await this.deps.saveState(state);
          continue;
        }
        throw e;
      }
      state.queue.shift();
      await this.deps.saveState(state);
      report.pushed = addCounts(report.pushed, result.counts);
      this.#applyQueuedResult(queued, result, locals, columns, snapshot, report, writeIdVersion);
    }

    // 3. Pull. Without a snapshot for every id in the sheet, everything: the service's values are
    // then what tells an edit here from a value the sheet has not caught up with.
    this.#progress('pull', 0.3);
    const full = !stored || state.cursor === 0 || locals.some((l) => l.id !== undefined && !snapshot.get(l.id));
    const pulled = new Map<string, RowState>();
    const removed = new Set<string>();
    let since = full ? 0 : state.cursor;
    let openConflicts: ConflictView[];
    try {
      for (;;) {
        const page = await api.changes(campaign, since);
        if (page.reset) {
          pulled.clear();
          removed.clear();
        }
        for (const r of page.rows) pulled.set(r.id, r);
        for (const id of page.removed) removed.add(id);
        since = page.cursor;
        if (!page.more) break;
      }
      openConflicts = await api.openConflicts(campaign);
    } catch (e) {
      if (!(e instanceof OfflineError)) throw e;
      // Offline: the edits still go into the queue, measured against the snapshot.
      this.#collectEdits(locals, columns, snapshot, new Map(), new Set(), isUnit, report);
      const request = this.#request(state, locals, columns, isUnit);
      if (request) state.queue.push({ campaign, request: request.request, queuedAt: (this.deps.now?.() ?? new Date()).toISOString() });
      // Copied rows keep the new ids they were queued under, so the queued push finds them later.
      if (sheet.idCol !== undefined) for (const l of locals) if (l.freshId) writeCell(l, sheet.idCol, { value: l.freshId }, 'bookkeeping');
      return this.#offline(report, state, writes, sheet, snapshot);
    }
    const conflictFields = new Set(openConflicts.map((c) => conflictKey(columns, c.rowId, c.field)));

    // Rows without an id that the service already has (a workbook handed out before syncing): take its id.
    const byId = new Map(locals.filter((l) => l.id).map((l) => [l.id!, l]));
    const unknown = [...pulled.values()].filter((r) => !r.deleted && !byId.has(r.id));
    const idless = locals.filter((l) => l.id === undefined);
    if (unknown.length > 0 && idless.length > 0) {
      const { pairs } = matchRows(
        unknown.map((r) => r.measure),
        idless.map((l) => this.#identity(l.measure)),
      );
      for (const [b, i] of pairs) {
        const server = unknown[b]!;
        const local = idless[i]!;
        writeIdVersion(local, server.id, local.measure.version ?? 1);
        local.baseVersion = 1;
        byId.set(server.id, local);
      }
    }

    // 4. Row by row, column by column.
    const serverRead = new Map<string, Measure>();
    const pulledRows = [...pulled.values()].filter((r) => !r.deleted);
    readBack(columns, pulledRows.map((r) => r.measure), config).forEach((m, i) => serverRead.set(pulledRows[i]!.id, m));
    for (const local of locals) {
      if (local.id === undefined) continue;
      const server = pulled.get(local.id);
      if (server?.deleted || removed.has(local.id)) {
        local.gone = true;
        report.gone.push(local.row + 1);
        snapshot.delete(local.id);
        continue;
      }
      const read = server ? serverRead.get(local.id) : undefined;
      if (!server || !read) continue;
      const snap = snapshot.get(local.id);
      let changed = false;
      for (const c of columns) {
        const name = columnName(c);
        const mine = local.hashes.get(name)!;
        const theirs = fieldHash(c, read);
        if (mine === theirs) continue;
        if (conflictFields.has(`${local.id}|${name}`)) continue;
        // Not edited here (still as last synced; or, with no snapshot, a column only the office
        // may change): the service's value is the newer one.
        const unedited = snap ? snap.hashes.get(name) === mine : isUnit && !unitMayChange(c);
        if (!unedited) continue;
        writeCell(local, c.index, cellFor(c, server.measure, config), c);
        assignColumn(c, local.measure, read);
        local.hashes.set(name, theirs);
        snap?.hashes.set(name, theirs);
        changed = true;
      }
      if (changed) report.pulled.changedRows++;
    }
    this.#collectEdits(locals, columns, snapshot, serverRead, conflictFields, isUnit, report);
    for (const local of locals) {
      // A row the service has that nothing here changed is at the service's version now.
      const server = local.id ? pulled.get(local.id) : undefined;
      if (local.id && server && !local.gone && local.edits.length === 0) {
        writeIdVersion(local, local.id, server.version);
        snapshot.set(local.id, server.version, new Map(local.hashes));
      }
    }

    // 5. Push.
    this.#progress('push', 0.55);
    let built = this.#request(state, locals, columns, isUnit);
    for (let attempt = 0; built; attempt++) {
      const queued: QueuedPush = { campaign, request: built.request, queuedAt: (this.deps.now?.() ?? new Date()).toISOString() };
      state.queue.push(queued);
      await this.deps.saveState(state);
      let result: PushResult | undefined;
      try {
        result = await api.push(campaign, built.request);
      } catch (e) {
        if (e instanceof OfflineError) {
          // Lost on the way: it stays queued and goes again, with the same ids, next time.
          report.offline = true;
          break;
        }
        state.queue.pop();
        if (isReusedId(e) && attempt === 0) {
          this.#newClient(state);
          built = this.#request(state, locals, columns, isUnit);
          continue;
        }
        await this.deps.saveState(state);
        throw e;
      }
      state.queue.pop();
      report.pushed = addCounts(report.pushed, result.counts);
      this.#applyResult(result, built.locals, columns, serverRead, pulled, snapshot, conflictFields, report, writeCell, writeIdVersion);
      if (result.counts.conflicts > 0) openConflicts = await api.openConflicts(campaign);
      break;
    }

    // New rows from the service go below the table.
    const appended = this.#appendRows(sheet, locals, pulled, byId, columns, config);
    report.pulled.newRows = appended.rows.length;
    for (const { id, version, read } of appended.snapshots) snapshot.set(id, version, new Map(columns.map((c) => [columnName(c), fieldHash(c, read)])));

    // 6. Write and remember.
    this.#progress('write', 0.8);
    await this.#write(sheet, writes, appended);
    state.cursor = since;
    await this.#persist(state, snapshot);
    report.conflicts = this.#placeConflicts(openConflicts, locals, columns);
    report.queued = state.queue.length;
    this.#progress('done', 1);
    return report;
  }

  /**
   * Settles a conflict with the person's choice and puts the chosen value into the sheet. Returns
   * the Excel row it landed in, when the row is in this sheet.
   */
  async resolve(conflictId: string, choice: ConflictChoice): Promise<{ row?: number }> {
    const { api, store } = this.deps;
    const { campaign, config } = this.target;
    const { conflict, row } = await api.resolveConflict(campaign, conflictId, choice);
    const sheet = await readLedgerSheet(this.deps.excel, config, this.target.sheetName);
    const state = await this.deps.loadState();
    const snapshot = loadSnapshot(store, this.#snapshotKey(state), state.snapshotTag) ?? new Snapshot();
    const found = sheet.ledger.rows.find((r) => r.measure.id === row.id);
    const column = columnOfField(sheet.columns, conflict.field);
    if (!found || !column) return {};
    const r = found.source.row - 1;
    const read = readBack(sheet.columns, [row.measure], config)[0]!;
    const blocks: CellBlock[] = [];
    const blocked = unwritableCells(sheet);
    const put = (col: number, out: CellOut) => {
      if (!blocked.has(`${r}:${col}`)) blocks.push({ row: r, col, values: [[out.value]], formats: [[out.format ?? null]] });
    };
    if (fieldHash(column, read) !== fieldHash(column, found.measure)) put(column.index, cellFor(column, row.measure, config));
    const snap = snapshot.get(row.id);
    const hashes = new Map(snap?.hashes ?? sheet.columns.map((c) => [columnName(c), fieldHash(c, found.measure)]));
    hashes.set(columnName(column), fieldHash(column, read));
    // Other edits of this row still waiting to be pushed keep the version they started from.
    const pending = snap !== undefined && sheet.columns.some((c) => c !== column && snap.hashes.get(columnName(c)) !== fieldHash(c, found.measure));
    const version = pending && snap ? snap.version : row.version;
    if (!pending && sheet.versionCol !== undefined) put(sheet.versionCol, { value: row.version });
    if (blocks.length > 0) await this.deps.excel.run((context) => writeBlocks(context, sheet.grid.sheet, blocks));
    snapshot.set(row.id, version, hashes);
    await this.#persist(state, snapshot);
    return { row: found.source.row };
  }

  /** A push's answer: ids and versions into the sheet, rejections and conflicts into the report. */
  #applyResult(
    result: PushResult,
    refs: readonly Local[],
    columns: readonly SyncColumn[],
    serverRead: Map<string, Measure>,
    pulled: Map<string, RowState>,
    snapshot: Snapshot,
    conflictFields: Set<string>,
    report: SyncReport,
    writeCell: (local: Local, col: number, out: CellOut, label: SyncColumn) => void,
    writeIdVersion: (local: Local, id: string, version: number) => void,
  ): void {
    const shown = (f: string) => (f === 'statusText' ? 'status' : f === 'completedOnText' ? 'completedOn' : f);
    for (const r of result.rows) {
      const local = refs[r.index];
      if (!local) continue;
      if (r.status === 'rejected') {
        report.rejected.push({ row: local.row + 1, reason: r.reason ?? { code: 'empty_row', zh: '被拒绝', en: 'refused' } });
        continue;
      }
      if (!r.id || r.version === undefined) continue;
      // Sent but neither applied nor in conflict: the service holds a newer value than the one this
      // sheet started from (it was not an edit here); take it.
      const settled = new Set([...(r.applied ?? []), ...(r.conflicts ?? []).map((c) => c.field)].map(shown));
      const read = serverRead.get(r.id);
      const server = pulled.get(r.id);
      if (local.id !== undefined && read && server) {
        for (const c of local.edits) {
          const name = columnName(c);
          if (settled.has(name) || fieldHash(c, read) === local.hashes.get(name)) continue;
          writeCell(local, c.index, cellFor(c, server.measure, this.target.config), c);
          assignColumn(c, local.measure, read);
          local.hashes.set(name, fieldHash(c, read));
        }
      }
      writeIdVersion(local, r.id, r.version);
      snapshot.set(r.id, r.version, new Map(local.hashes));
      for (const c of r.conflicts ?? []) conflictFields.add(conflictKey(columns, r.id, c.field));
    }
  }

  /** Marks each row's columns edited here (to push): differing from the snapshot, or from the service when there is no snapshot. */
  #collectEdits(
    locals: Local[],
    columns: readonly SyncColumn[],
    snapshot: Snapshot,
    serverRead: Map<string, Measure>,
    conflictFields: Set<string>,
    isUnit: boolean,
    report: SyncReport,
  ): void {
    for (const local of locals) {
      if (local.gone || local.id === undefined) continue;
      const snap = snapshot.get(local.id);
      const server = serverRead.get(local.id);
      local.edits = [];
      for (const c of columns) {
        const name = columnName(c);
        const mine = local.hashes.get(name)!;
        const edited = snap ? snap.hashes.get(name) !== mine : server ? fieldHash(c, server) !== mine : true;
        if (!edited || conflictFields.has(`${local.id}|${name}`)) continue;
        if (isUnit && !unitMayChange(c)) {
          if (snap || server) report.notSent.push({ row: local.row + 1, column: columnLetter(c.index) });
          continue;
        }
        local.edits.push(c);
      }
      if (snap) local.baseVersion = snap.version;
    }
  }

  /** The push for this round: edited rows with ids, and new rows (no id) by their identity. */
  #request(state: SyncState, locals: Local[], columns: readonly SyncColumn[], isUnit: boolean): { request: PushRequest; locals: Local[] } | undefined {
    const rows: PushRow[] = [];
    const refs: Local[] = [];
    for (const local of locals) {
      if (local.gone) continue;
      if (local.id !== undefined) {
        if (local.edits.length === 0) continue;
        rows.push({ id: local.id, ...(local.baseVersion !== undefined ? { baseVersion: local.baseVersion } : {}), ...patchOf(local.edits, local.measure) });
        refs.push(local);
      } else if (local.measure.measure) {
        // A new row carries everything; for a unit the service files it under the unit's name.
        const sendable = columns.filter((c) => !isUnit || c.kind === 'extra' || c.field !== 'closure');
        rows.push({ ...(local.freshId ? { id: local.freshId } : {}), key: keyOf(this.#identity(local.measure)), ...patchOf(sendable, local.measure) });
        refs.push(local);
      }
    }
    if (rows.length === 0) return undefined;
    state.lastMutationId += 1;
    return { request: { clientId: state.clientId, mutationId: state.lastMutationId, rows }, locals: refs };
  }

  /** Results of a push sent late: ids for its new rows (found by identity), versions and hashes for the rest. */
  #applyQueuedResult(
    queued: QueuedPush,
    result: PushResult,
    locals: Local[],
    columns: readonly SyncColumn[],
    snapshot: Snapshot,
    report: SyncReport,
    writeIdVersion: (local: Local, id: string, version: number) => void,
  ): void {
    const byId = new Map(locals.filter((l) => l.id).map((l) => [l.id!, l]));
    const idless = locals.filter((l) => l.id === undefined);
    const sentNew = queued.request.rows.map((r, i) => ({ r, i })).filter(({ r }) => !r.id);
    const { pairs } = matchRows(
      sentNew.map(({ r }) => ({ ...(r.key ?? {}), extras: {} })),
      idless.map((l) => l.measure),
    );
    const newLocal = new Map<number, Local>();
    for (const [b, i] of pairs) newLocal.set(sentNew[b]!.i, idless[i]!);
    for (const r of result.rows) {
      const sent = queued.request.rows[r.index];
      const local = sent?.id ? byId.get(sent.id) : newLocal.get(r.index);
      if (r.status === 'rejected') {
        report.rejected.push({ row: local ? local.row + 1 : undefined, reason: r.reason ?? { code: 'empty_row', zh: '被拒绝', en: 'refused' } });
        continue;
      }
      if (!sent || !r.id || r.version === undefined) continue;
      // What was sent is what the service now holds (or holds in conflict): later edits here differ from it.
      const sentMeasure: Measure = { ...(local?.measure ?? { extras: {} }), extras: { ...(local?.measure.extras ?? {}), ...(sent.extras ?? {}) } };
      for (const [k, v] of Object.entries(sent.fields)) Object.assign(sentMeasure, { [k]: v ?? undefined });
      const previous = snapshot.get(r.id)?.hashes ?? new Map<string, string>();
      const hashes = new Map(previous);
      for (const c of columns) {
        const name = columnName(c);
        const inRequest = c.kind === 'extra' ? sent.extras !== undefined && c.key in sent.extras : Object.keys(fieldPatch(c.field, sentMeasure)).some((k) => k in sent.fields);
        if (inRequest || !hashes.has(name)) hashes.set(name, fieldHash(c, sentMeasure));
      }
      snapshot.set(r.id, r.version, hashes);
      if (local) writeIdVersion(local, r.id, r.version);
    }
  }

  /** Rows the service has that this sheet does not: written below the table, ids and versions included. */
  #appendRows(
    sheet: LedgerSheet,
    locals: Local[],
    pulled: Map<string, RowState>,
    byId: Map<string, Local>,
    columns: readonly SyncColumn[],
    config: CampaignConfig,
  ): { start: number; rows: CellOut[][]; snapshots: { id: string; version: number; read: Measure }[] } {
    const fresh = [...pulled.values()].filter((r) => !r.deleted && !byId.has(r.id));
    if (fresh.length === 0) return { start: 0, rows: [], snapshots: [] };
    const reads = readBack(columns, fresh.map((r) => r.measure), config);
    const lastData = locals.reduce((m, l) => Math.max(m, l.row), (sheet.ledger.headerRows.at(-1) ?? -1));
    const free = (r: number) => (sheet.grid.cells[r] ?? []).every((v) => v === null || v === '');
    let start = lastData + 1;
    for (let r = start; r < start + fresh.length; r++) if (!free(r)) start = sheet.grid.cells.length;
    const width = Math.max(...columns.map((c) => c.index), sheet.idCol ?? 0, sheet.versionCol ?? 0, sheet.seqCol ?? 0) + 1;
    let seq = 0;
    if (sheet.seqCol !== undefined) {
      for (const row of sheet.grid.cells) {
        const v = row[sheet.seqCol];
        if (typeof v === 'number' && Number.isInteger(v)) seq = Math.max(seq, v);
      }
    }
    const rows = fresh.map((r) => {
      const line: CellOut[] = Array.from({ length: width }, () => ({ value: null }));
      for (const c of columns) line[c.index] = cellFor(c, r.measure, config);
      if (sheet.idCol !== undefined) line[sheet.idCol] = { value: r.id };
      if (sheet.versionCol !== undefined) line[sheet.versionCol] = { value: r.version };
      if (sheet.seqCol !== undefined) line[sheet.seqCol] = { value: ++seq };
      return line;
    });
    return { start, rows, snapshots: fresh.map((r, i) => ({ id: r.id, version: r.version, read: reads[i]! })) };
  }

  async #write(sheet: LedgerSheet, writes: CellWrites, appended: { start: number; rows: CellOut[][] }): Promise<void> {
    const name = sheet.grid.sheet;
    const blocks = writes.blocks();
    if (blocks.length > 0) await this.deps.excel.run((context) => writeBlocks(context, name, blocks));
    if (appended.rows.length > 0) {
      await this.deps.excel.run((context) =>
        writeRows(
          context,
          name,
          appended.start,
          appended.rows.map((r) => r.map((o) => o.value)),
          0,
          appended.rows.map((r) => r.map((o) => o.format ?? null)),
        ),
      );
    }
  }

  /** A row as identity reads it: a unit's sheet without a unit column holds that unit's rows. */
  #identity(m: Measure): Measure {
    const { who } = this.target;
    return who.kind === 'unit' && who.unit && !m.unit ? { ...m, unit: who.unit } : m;
  }

  #snapshotKey(state: SyncState): string {
    return snapshotKey(this.deps.serviceUrl, this.target.campaign, state.clientId);
  }

  /** Saves the snapshot and the workbook's state under one new tag, so each names the other. */
  async #persist(state: SyncState, snapshot: Snapshot): Promise<void> {
    const tag = newSnapshotTag();
    saveSnapshot(this.deps.store, this.#snapshotKey(state), snapshot, tag);
    state.snapshotTag = tag;
    await this.deps.saveState(state);
  }

  #newClient(state: SyncState): void {
    this.deps.store.remove(this.#snapshotKey(state));
    state.clientId = newClientId();
    state.lastMutationId = 0;
  }

  /** The service could not be reached before anything was pulled: keep the queue, say so. */
  async #offline(report: SyncReport, state: SyncState, writes: CellWrites, sheet: LedgerSheet, snapshot: Snapshot): Promise<SyncReport> {
    if (writes.size > 0) await this.#write(sheet, writes, { start: 0, rows: [] });
    await this.#persist(state, snapshot);
    report.offline = true;
    report.queued = state.queue.length;
    this.#progress('done', 1);
    return report;
  }

  #placeConflicts(conflicts: readonly ConflictView[], locals: readonly Local[], columns: readonly SyncColumn[]): RowConflict[] {
    const byId = new Map(locals.filter((l) => l.id).map((l) => [l.id!, l]));
    const groups = new Map<string, RowConflict>();
    for (const conflict of conflicts) {
      const key = conflictKey(columns, conflict.rowId, conflict.field);
      const group = groups.get(key);
      const c = columnOfField(columns, conflict.field);
      // The field the column is named for is the one shown (status rather than statusText).
      if (group) {
        group.ids.push(conflict.id);
        if (c && columnName(c) === conflict.field) group.conflict = conflict;
        continue;
      }
      const local = byId.get(conflict.rowId);
      groups.set(key, { conflict, ids: [conflict.id], ...(local ? { row: local.row + 1 } : {}), ...(c ? { column: columnLetter(c.index) } : {}) });
    }
    return [...groups.values()].sort((a, b) => (a.row ?? Infinity) - (b.row ?? Infinity));
  }
}
