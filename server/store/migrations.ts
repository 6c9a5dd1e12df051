// Schema migrations, defined in code so the service carries its schema with it and no migration
// folder has to be found at run time. Kysely's Migrator records what ran (idempotent) and, on
// PostgreSQL, holds an advisory lock while migrating, so two instances starting at once take turns.
import { Migrator, PostgresAdapter, sql, type CreateTableBuilder, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Tables } from './tables';

// A migration sees the database as it was when the migration was written, so it is untyped; and
// what a released migration makes must never change, helpers shared between migrations included.
type Db = Parameters<Migration['up']>[0];

/**
 * A push as the mutations table records it (its client and mutation id, and its answer for a retry),
 * in 0001 and again in 0003, which puts the sender before these columns.
 */
function mutationColumns<T extends string, C extends string>(table: CreateTableBuilder<T, C>) {
  return table
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('mutation_id', 'bigint', (c) => c.notNull())
    .addColumn('campaign', 'text', (c) => c.notNull().references('campaigns.name'))
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull());
}

async function createCampaignsAndRows(db: Db) {
  await db.schema
    .createTable('campaigns')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('rows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign', 'text', (c) => c.notNull().references('campaigns.name'))
    .addColumn('unit', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('extras', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('pos', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rows_campaign_seq').on('rows').columns(['campaign', 'seq']).execute();
  await db.schema.createIndex('rows_campaign_pos').on('rows').columns(['campaign', 'pos']).execute();
  await db.schema.createIndex('rows_campaign_unit').on('rows').columns(['campaign', 'unit', 'pos']).execute();
}

async function createChanges(db: Db) {
  // Keyed by (campaign, seq): appends go to the end of the index, as they do for a 100,000-row import.
  await db.schema
    .createTable('changes')
    .addColumn('campaign', 'text', (c) => c.notNull().references('campaigns.name'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull().check(sql`actor_kind in ('office', 'unit')`))
    .addColumn('actor_unit', 'text')
    .addColumn('client_id', 'text')
    .addColumn('mutation_id', 'bigint')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('changes_pk', ['campaign', 'seq'])
    // Checked at commit: a big batch writes its history in chunks as it goes, before its new rows.
    .addForeignKeyConstraint('changes_row_fk', ['row_id'], 'rows', ['id'], (fk) => fk.deferrable().initiallyDeferred())
    .execute();
  await db.schema.createIndex('changes_row_version').on('changes').columns(['row_id', 'version']).execute();
}

async function createConflicts(db: Db) {
  await db.schema
    .createTable('conflicts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign', 'text', (c) => c.notNull().references('campaigns.name'))
    .addColumn('row_id', 'text', (c) => c.notNull().references('rows.id'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('base_value', 'text')
    .addColumn('server_value', 'text')
    .addColumn('caller_value', 'text')
    .addColumn('base_version', 'integer')
    .addColumn('caller', 'text', (c) => c.notNull())
    .addColumn('caller_kind', 'text', (c) => c.notNull().check(sql`caller_kind in ('office', 'unit')`))
    .addColumn('caller_unit', 'text')
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('mutation_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('resolution', 'text')
    .execute();
  await db.schema.createIndex('conflicts_campaign_open').on('conflicts').columns(['campaign', 'resolved_at']).execute();
  await db.schema.createIndex('conflicts_row').on('conflicts').columns(['row_id']).execute();
}

async function createTokensAndUsers(db: Db) {
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('office', 'unit')`))
    .addColumn('unit', 'text')
    .addColumn('campaign', 'text')
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('last_used_at', 'text')
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('tid', 'text', (c) => c.notNull())
    .addColumn('oid', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('office', 'unit')`))
    .addColumn('unit', 'text')
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('users_pk', ['tid', 'oid'])
    .execute();
}

const initial: Migration = {
  async up(db) {
    await createCampaignsAndRows(db);
    await createChanges(db);
    await createConflicts(db);
    await mutationColumns(db.schema.createTable('mutations')).addPrimaryKeyConstraint('mutations_pk', ['client_id', 'mutation_id']).execute();
    await createTokensAndUsers(db);
  },
};

const identity: Migration = {
  async up(db) {
    await db.schema.alterTable('campaigns').addColumn('learned_categories', 'text', (c) => c.notNull().defaultTo('[]')).execute();
    await db.schema.alterTable('conflicts').addColumn('changed_by', 'text').execute();
    await db.schema.alterTable('conflicts').addColumn('changed_at', 'text').execute();
  },
};

const mutationSenders: Migration = {
  async up(db) {
    // The key gains the sender: a new table, the old rows under an empty sender, then the swap.
    await mutationColumns(db.schema.createTable('mutations_by_sender').addColumn('sender', 'text', (c) => c.notNull()))
      .addPrimaryKeyConstraint('mutations_by_sender_pk', ['sender', 'client_id', 'mutation_id'])
      .execute();
    await sql`insert into mutations_by_sender (sender, client_id, mutation_id, campaign, request_hash, result, at)
              select '', client_id, mutation_id, campaign, request_hash, result, at from mutations`.execute(db);
    await db.schema.dropTable('mutations').execute();
    await db.schema.alterTable('mutations_by_sender').renameTo('mutations').execute();
  },
};

const downloadLinks: Migration = {
  async up(db) {
    // Links the pane opens in a browser outside Office (which cannot send its token): kept in the
    // database, not in one process, so any instance behind the load balancer can answer the link.
    await db.schema
      .createTable('download_links')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('campaign', 'text', (c) => c.notNull().references('campaigns.name'))
      .addColumn('scope_kind', 'text', (c) => c.notNull().check(sql`scope_kind in ('office', 'unit')`))
      .addColumn('scope_unit', 'text')
      .addColumn('as_of', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('download_links_expires').on('download_links').column('expires_at').execute();
  },
};

const evidence: Migration = {
  async up(db) {
    // The files themselves are in the database, not on one machine's disk, so every instance behind
    // the load balancer serves them and a backup of the database holds them.
    const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? sql`bytea` : sql`blob`;
    await db.schema
      .createTable('evidence_files')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('campaign', 'text', (c) => c.notNull().references('campaigns.name'))
      .addColumn('row_id', 'text', (c) => c.notNull().references('rows.id'))
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('uploaded_by', 'text', (c) => c.notNull())
      .addColumn('uploader_kind', 'text', (c) => c.notNull().check(sql`uploader_kind in ('office', 'unit')`))
      .addColumn('uploader_unit', 'text')
      .addColumn('uploaded_at', 'text', (c) => c.notNull())
      // Last, so reading the metadata alone does not page through the bytes on SQLite.
      .addColumn('content', bytes, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('evidence_files_row').on('evidence_files').columns(['campaign', 'row_id', 'uploaded_at']).execute();
  },
};

const evidenceLinks: Migration = {
  async up(db) {
    // A download link may name an evidence file instead of the workbook: Office on Mac and Windows
    // saves neither from the pane. No foreign key: a file removed while its link waits leaves a link
    // that opens nothing, and removing the file is not held up by it.
    await db.schema.alterTable('download_links').addColumn('evidence_file_id', 'text').execute();
  },
};

const reminders: Migration = {
  async up(db) {
    // Per campaign: what the office set (secrets in their own columns, never in a view), each unit's
    // recipients, and one row per unit and day of sending: inserted to claim the send, so of several
    // instances running the schedule only one sends (BRIEF §2 step 6).
    await db.schema
      .createTable('reminder_settings')
      .addColumn('campaign', 'text', (c) => c.primaryKey().references('campaigns.name'))
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('schedule', 'text', (c) => c.notNull())
      .addColumn('timezone', 'text', (c) => c.notNull())
      .addColumn('escalation', 'text', (c) => c.notNull())
      .addColumn('smtp', 'text')
      .addColumn('smtp_password', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('reminder_recipients')
      .addColumn('campaign', 'text', (c) => c.notNull().references('campaigns.name'))
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('emails', 'text', (c) => c.notNull())
      .addColumn('robot_kind', 'text', (c) => c.check(sql`robot_kind in ('wecom', 'dingtalk', 'feishu')`))
      .addColumn('robot_url', 'text')
      .addColumn('robot_secret', 'text')
      .addPrimaryKeyConstraint('reminder_recipients_pk', ['campaign', 'unit'])
      .execute();
    await db.schema
      .createTable('reminder_sends')
      .addColumn('campaign', 'text', (c) => c.notNull().references('campaigns.name'))
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('sending', 'sent', 'failed')`))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('delivered', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('last_error', 'text')
      .addColumn('trigger', 'text', (c) => c.notNull().check(sql`trigger in ('manual', 'schedule')`))
      .addColumn('as_of', 'text', (c) => c.notNull())
      .addColumn('claimed_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('reminder_sends_pk', ['campaign', 'unit', 'day'])
      .execute();
    await db.schema.createIndex('reminder_sends_campaign_updated').on('reminder_sends').columns(['campaign', 'updated_at']).execute();
  },
};

/** In order of application; names sort in that order and are never renamed once released. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_identity': identity,
  '0003_mutation_senders': mutationSenders,
  '0004_download_links': downloadLinks,
  '0005_reminders': reminders,
  '0006_evidence': evidence,
  '0007_evidence_links': evidenceLinks,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Brings the schema up to date; a no-op when it already is. */
export async function migrateToLatest(db: Kysely<Tables>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
    throw new Error(`数据库迁移失败 / database migration ${failed} failed: ${String(error)}`, { cause: error });
  }
}
