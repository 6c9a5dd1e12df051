// The last synced copy of each row: its version and a short hash of each column's value. A cell whose
// value no longer matches its hash is a local edit to push; one that still matches may take the
// service's newer value. Kept in the browser's storage (it can weigh a megabyte for 10,000 rows,
// too much for the workbook's settings); a workbook opened where there is no snapshot syncs by
// comparing with the service's rows instead.
import * as z from 'zod';
import type { KeyValueStore } from '../pane/storage';

const SnapshotJson = z.object({
  // 2: hashes of values by meaning (ledger/meaning); a version-1 snapshot is read as none.
  v: z.literal(2),
  /** Which state of the workbook this is the snapshot of (the workbook keeps the same tag). */
  tag: z.string(),
  /** Column names in the order row hashes are stored. */
  columns: z.array(z.string()),
  /** id → "version:hash.hash.…" */
  rows: z.record(z.string(), z.string()),
});

export interface RowSnapshot {
  version: number;
  /** Column name → hash. */
  hashes: Map<string, string>;
}

export class Snapshot {
  readonly rows = new Map<string, RowSnapshot>();

  get(id: string): RowSnapshot | undefined {
    return this.rows.get(id);
  }

  set(id: string, version: number, hashes: Map<string, string>): void {
    this.rows.set(id, { version, hashes });
  }

  delete(id: string): void {
    this.rows.delete(id);
  }

  serialize(tag: string): z.infer<typeof SnapshotJson> {
    const columns = [...new Set([...this.rows.values()].flatMap((r) => [...r.hashes.keys()]))];
    const rows: Record<string, string> = {};
    for (const [id, r] of this.rows) rows[id] = `${r.version}:${columns.map((c) => r.hashes.get(c) ?? '').join('.')}`;
    return { v: 2, tag, columns, rows };
  }

  static parse(value: unknown, tag: string | undefined): Snapshot | undefined {
    const parsed = SnapshotJson.safeParse(value);
    if (!parsed.success || parsed.data.tag !== tag) return undefined;
    const snap = new Snapshot();
    for (const [id, text] of Object.entries(parsed.data.rows)) {
      const colon = text.indexOf(':');
      const version = Number(text.slice(0, colon));
      if (colon < 0 || !Number.isInteger(version)) continue;
      const parts = text.slice(colon + 1).split('.');
      const hashes = new Map<string, string>();
      parsed.data.columns.forEach((c, i) => {
        const h = parts[i];
        if (h) hashes.set(c, h);
      });
      snap.set(id, version, hashes);
    }
    return snap;
  }
}

/** Where a workbook's snapshot lives: one per service, campaign and sync client. */
export function snapshotKey(serviceUrl: string, campaign: string, clientId: string): string {
  return `ledger.snapshot.v2|${serviceUrl}|${campaign}|${clientId}`;
}

/**
 * The snapshot of the workbook in the state `tag` names, or undefined. A workbook closed without
 * saving, or a copy of it, carries an older tag than the snapshot: then the snapshot describes
 * cells this workbook does not hold, and the next sync compares with the service's rows instead.
 */
export function loadSnapshot(store: KeyValueStore, key: string, tag: string | undefined): Snapshot | undefined {
  const text = store.get(key);
  if (text === undefined || tag === undefined) return undefined;
  try {
    return Snapshot.parse(JSON.parse(text), tag);
  } catch {
    // Unreadable storage is the same as none.
    return undefined;
  }
}

export function saveSnapshot(store: KeyValueStore, key: string, snapshot: Snapshot, tag: string): void {
  store.set(key, JSON.stringify(snapshot.serialize(tag)));
}

/** A fresh tag for a new state of the workbook. */
export function newSnapshotTag(random: () => number = Math.random): string {
  return Math.floor(random() * 36 ** 10).toString(36);
}
