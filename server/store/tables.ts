// Column types of the service's tables as kysely sees them. The same column types on SQLite and
// PostgreSQL (JSON kept as text, times as ISO-8601 text, flags as 0/1) so one query builder serves
// both backends and a value read back is the same whatever stored it.
import type { Generated, Insertable, Selectable } from 'kysely';

/** JSON text; SQL NULL stands for "no value" (an empty cell). */
export type JsonText = string;
/** ISO-8601 UTC timestamp text, e.g. 2018-09-10T08:00:00.000Z (sorts as text). */
export type Timestamp = string;

export interface CampaignsTable {
  name: string;
  /** CampaignConfig as JSON. */
  config: JsonText;
  created_at: Timestamp;
  /** The campaign's change sequence: the seq of its newest change (0 before any). */
  last_seq: number;
  /**
   * Category ordinals learned from rows that carried ordinal and name ("一、理论学习不深入"), as JSON
   * [{ ordinal, name }], so a unit's "第一类" resolves in the campaign's order (BRIEF §3).
   */
  learned_categories: Generated<JsonText>;
}

export interface RowsTable {
  id: string;
  campaign: string;
  /** The responsible unit (copied out of `data` for scoped queries); null when unassigned. */
  unit: string | null;
  /** Incremented once per accepted batch that changed the row. */
  version: number;
  /** The row's Measure without id, version and extras. */
  data: JsonText;
  /** Extra columns kept as they are: Record<string, CellValue>. */
  extras: JsonText;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** 1 = deleted by the office; the row stays as a tombstone so pulls learn of the deletion. */
  deleted: number;
  /** seq of the row's newest change: the pull cursor compares against it. */
  seq: number;
  /** seq at creation: a stable ledger order (rows are listed, and duplicates paired, in this order). */
  pos: number;
}

export interface ChangesTable {
  campaign: string;
  row_id: string;
  /** A Measure field, `extras.<key>`, or `deleted`. */
  field: string;
  old_value: JsonText | null;
  new_value: JsonText | null;
  /** Who: a token label or a user's name. */
  actor: string;
  actor_kind: 'office' | 'unit';
  actor_unit: string | null;
  /** Null for changes made outside a push (conflict resolution, deletion). */
  client_id: string | null;
  mutation_id: number | null;
  at: Timestamp;
  /** Unique and increasing within the campaign, in commit order. */
  seq: number;
  /** The row's version after this change. */
  version: number;
}

export interface ConflictsTable {
  id: string;
  campaign: string;
  row_id: string;
  field: string;
  base_value: JsonText | null;
  server_value: JsonText | null;
  caller_value: JsonText | null;
  base_version: number | null;
  /** Who set the value the service holds, and when (the newest change of the field). */
  changed_by: string | null;
  changed_at: Timestamp | null;
  caller: string;
  caller_kind: 'office' | 'unit';
  caller_unit: string | null;
  client_id: string;
  mutation_id: number;
  created_at: Timestamp;
  resolved_by: string | null;
  resolved_at: Timestamp | null;
  /** ConflictResolution as JSON. */
  resolution: JsonText | null;
}

export interface MutationsTable {
  /**
   * Who sent it (`token:<id>`, `entra:<tid>:<oid>`): mutation ids are the sender's own, so nobody
   * can replay or block another sender's batches by naming its client id.
   */
  sender: string;
  client_id: string;
  mutation_id: number;
  campaign: string;
  /** sha-256 of the request, so a reused mutation id with different rows is refused, not ignored. */
  request_hash: string;
  /** The PushResult returned the first time, returned again to a retry. */
  result: JsonText;
  at: Timestamp;
}

export interface ApiTokensTable {
  id: string;
  /** sha-256 hex of the secret; the secret itself is never stored. */
  token_hash: string;
  role: 'office' | 'unit';
  unit: string | null;
  /** Null: valid for every campaign. */
  campaign: string | null;
  label: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface UsersTable {
  /** Entra ID tenant and object id. */
  tid: string;
  oid: string;
  role: 'office' | 'unit';
  unit: string | null;
  display_name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DownloadLinksTable {
  /** sha-256 hex of the link's secret; the secret is in the link alone. */
  token_hash: string;
  campaign: string;
  /** Whose rows the workbook holds: the caller's scope when the link was made. */
  scope_kind: 'office' | 'unit';
  scope_unit: string | null;
  as_of: string;
  lang: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  /** The evidence file the link downloads; null for the consolidated workbook. */
  evidence_file_id: string | null;
}

export interface EvidenceFilesTable {
  id: string;
  campaign: string;
  row_id: string;
  /** As uploaded. */
  file_name: string;
  /** What the content was found to be. */
  mime: string;
  size: number;
  /** Hex sha-256 of the content. */
  sha256: string;
  uploaded_by: string;
  uploader_kind: 'office' | 'unit';
  uploader_unit: string | null;
  uploaded_at: Timestamp;
  /** The file's bytes (SQLite BLOB, PostgreSQL bytea; a Buffer either way). */
  content: Uint8Array;
}

export interface ReminderSettingsTable {
  campaign: string;
  /** 1 = the schedule sends. */
  enabled: number;
  /** A cron expression, read in `timezone`. */
  schedule: string;
  timezone: string;
  /** Escalation (ledger/reminders) as JSON. */
  escalation: JsonText;
  /** SMTP settings without the password, as JSON; null: no e-mail. */
  smtp: JsonText | null;
  smtp_password: string | null;
  updated_at: Timestamp;
  updated_by: string;
}

export interface ReminderRecipientsTable {
  campaign: string;
  unit: string;
  /** string[] as JSON. */
  emails: JsonText;
  robot_kind: 'wecom' | 'dingtalk' | 'feishu' | null;
  /** The webhook, its key or access token included: a secret. */
  robot_url: string | null;
  robot_secret: string | null;
}

export interface ReminderSendsTable {
  campaign: string;
  unit: string;
  /** The calendar day of sending in the campaign's time zone: one digest per unit per day. */
  day: string;
  status: 'sending' | 'sent' | 'failed';
  attempts: number;
  /** Channels delivered so far that day, as JSON. */
  delivered: JsonText;
  last_error: string | null;
  trigger: 'manual' | 'schedule';
  as_of: string;
  claimed_at: Timestamp;
  updated_at: Timestamp;
}

export interface Tables {
  campaigns: CampaignsTable;
  rows: RowsTable;
  changes: ChangesTable;
  conflicts: ConflictsTable;
  mutations: MutationsTable;
  api_tokens: ApiTokensTable;
  users: UsersTable;
  download_links: DownloadLinksTable;
  reminder_settings: ReminderSettingsTable;
  reminder_recipients: ReminderRecipientsTable;
  reminder_sends: ReminderSendsTable;
  evidence_files: EvidenceFilesTable;
}

export type RowRecord = Selectable<RowsTable>;
export type NewRowRecord = Insertable<RowsTable>;
export type ChangeRecord = Selectable<ChangesTable>;
export type NewChangeRecord = Insertable<ChangesTable>;
export type ConflictRecord = Selectable<ConflictsTable>;
export type NewConflictRecord = Insertable<ConflictsTable>;
export type ApiTokenRecord = Selectable<ApiTokensTable>;
export type UserRecord = Selectable<UsersTable>;
