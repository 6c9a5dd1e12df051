// Evidence files in the database: the bytes with their metadata, one record per upload, so every
// instance of the service reaches them. Who may do what: the office everything; a unit the files of
// its own rows, and it removes only what it uploaded, and not once the measure is closed (销号), when
// the files are what the closure was granted on.
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { EvidenceFile } from '../../ledger/evidence';
import { Closure } from '../../ledger/schema';
import { StoreError, parseInput, rowNotFound } from '../store/errors';
import type { Store } from '../store/store';
import type { EvidenceFilesTable, Tables } from '../store/tables';
import { inTransaction } from '../store/transaction';
import { Actor, type Scope } from '../sync/protocol';
import { decodeValues } from '../sync/values';

type Db = Kysely<Tables> | Transaction<Tables>;

/** Everything but the bytes. */
const META = ['id', 'campaign', 'row_id', 'file_name', 'mime', 'size', 'sha256', 'uploaded_by', 'uploader_kind', 'uploader_unit', 'uploaded_at'] as const;
type MetaRecord = Omit<EvidenceFilesTable, 'content'>;

function toFile(r: MetaRecord): EvidenceFile {
  return {
    id: r.id,
    campaign: r.campaign,
    rowId: r.row_id,
    fileName: r.file_name,
    mime: r.mime,
    size: Number(r.size),
    sha256: r.sha256,
    uploadedBy: r.uploaded_by,
    uploaderKind: r.uploader_kind,
    uploaderUnit: r.uploader_unit,
    uploadedAt: r.uploaded_at,
  };
}

export function evidenceNotFound(campaign: string, id: string): StoreError {
  return new StoreError('evidence_not_found', { zh: `整改任务“${campaign}”中没有佐证材料 ${id}`, en: `no evidence file ${id} in campaign "${campaign}"` });
}

interface RowFacts {
  unit: string | null;
  deleted: boolean;
  closure: Closure | undefined;
}

async function rowFacts(db: Db, campaign: string, id: string): Promise<RowFacts | undefined> {
  const r = await db.selectFrom('rows').select(['unit', 'deleted', 'data']).where('id', '=', id).where('campaign', '=', campaign).executeTakeFirst();
  if (!r) return undefined;
  return { unit: r.unit, deleted: r.deleted === 1, closure: Closure.safeParse(decodeValues(r.data).closure).data };
}

/** The row whose files `scope` asks for, refusing another unit's row (403) and a row it cannot see (404). */
async function visibleRow(db: Db, campaign: string, id: string, scope: Scope): Promise<RowFacts> {
  const row = await rowFacts(db, campaign, id);
  // The office still reaches a deleted row's files: they are part of the record.
  if (!row || (row.deleted && scope.kind === 'unit')) throw rowNotFound(campaign, id);
  if (scope.kind === 'unit' && row.unit !== scope.unit) {
    throw new StoreError('forbidden', {
      zh: `该行属于“${row.unit ?? '未分配单位'}”，只能查看和上传本单位行的佐证材料`,
      en: `this row belongs to "${row.unit ?? 'no unit'}"; a unit may only see and attach evidence on its own rows`,
    });
  }
  return row;
}

/** Refuses (404, 403) a row whose files `scope` may not see or add to. */
export async function checkRowAccess(store: Store, campaign: string, rowId: string, scope: Scope): Promise<void> {
  await visibleRow(store.db, campaign, rowId, scope);
}

export interface Upload {
  fileName: string;
  /** As evidenceType found it. */
  mime: string;
  bytes: Uint8Array;
}

/**
 * Stores a file on a row the actor may write to: the office or the row's unit, never on a deleted row.
 * The same file under the same name again (a retry after a lost answer, a double click) is the one
 * already stored: `created` false.
 */
export async function addEvidence(store: Store, campaign: string, rowId: string, upload: Upload, actor: Actor): Promise<{ file: EvidenceFile; created: boolean }> {
  const who = parseInput(Actor, actor, '操作者 / actor');
  const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
  return inTransaction(store.db, async (trx) => {
    const row = await rowFacts(trx, campaign, rowId);
    if (row?.deleted) {
      throw new StoreError('row_deleted', { zh: '该行已被整改办删除，不能再上传佐证材料', en: 'this row was deleted by the office: no evidence can be attached to it' });
    }
    await visibleRow(trx, campaign, rowId, who);
    const same = await trx
      .selectFrom('evidence_files')
      .select(META)
      .where('campaign', '=', campaign)
      .where('row_id', '=', rowId)
      .where('sha256', '=', sha256)
      .where('file_name', '=', upload.fileName)
      .executeTakeFirst();
    if (same) return { file: toFile(same), created: false };
    const record: MetaRecord = {
      id: randomUUID(),
      campaign,
      row_id: rowId,
      file_name: upload.fileName,
      mime: upload.mime,
      size: upload.bytes.byteLength,
      sha256,
      uploaded_by: who.name,
      uploader_kind: who.kind,
      uploader_unit: who.kind === 'unit' ? who.unit : null,
      uploaded_at: new Date().toISOString(),
    };
    const content = Buffer.from(upload.bytes.buffer, upload.bytes.byteOffset, upload.bytes.byteLength);
    await trx.insertInto('evidence_files').values({ ...record, content }).execute();
    return { file: toFile(record), created: true };
  });
}

/** A row's files, oldest first. */
export async function listEvidence(store: Store, campaign: string, rowId: string, scope: Scope): Promise<EvidenceFile[]> {
  await visibleRow(store.db, campaign, rowId, scope);
  const records = await store.db.selectFrom('evidence_files').select(META).where('campaign', '=', campaign).where('row_id', '=', rowId).orderBy('uploaded_at').orderBy('id').execute();
  return records.map(toFile);
}

/** Every file `scope` may see in the campaign (the office all, a unit its live rows'), by row then age. */
export async function listCampaignEvidence(store: Store, campaign: string, scope: Scope): Promise<EvidenceFile[]> {
  let q = store.db
    .selectFrom('evidence_files')
    .innerJoin('rows', 'rows.id', 'evidence_files.row_id')
    .select(META.map((c) => `evidence_files.${c}` as const))
    .where('evidence_files.campaign', '=', campaign);
  if (scope.kind === 'unit') q = q.where('rows.unit', '=', scope.unit).where('rows.deleted', '=', 0);
  const records = await q.orderBy('rows.pos').orderBy('evidence_files.uploaded_at').orderBy('evidence_files.id').execute();
  return records.map(toFile);
}

/** A file's metadata, if `scope` may see it (404 when there is no such file, 403 for another unit's row). */
export async function findEvidence(store: Store, campaign: string, id: string, scope: Scope): Promise<EvidenceFile> {
  const record = await store.db.selectFrom('evidence_files').select(META).where('campaign', '=', campaign).where('id', '=', id).executeTakeFirst();
  if (!record) throw evidenceNotFound(campaign, id);
  await visibleRow(store.db, campaign, record.row_id, scope);
  return toFile(record);
}

/** A file's bytes, in a buffer of their own (handed between threads whole); undefined once removed. */
export async function evidenceContent(store: Store, id: string): Promise<Uint8Array | undefined> {
  const r = await store.db.selectFrom('evidence_files').select('content').where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  const bytes = new Uint8Array(r.content.byteLength);
  bytes.set(r.content);
  return bytes;
}

/** Removes a file: the office any; a unit only one it uploaded, on its own row, before the measure is closed. */
export async function removeEvidence(store: Store, campaign: string, id: string, actor: Actor): Promise<EvidenceFile> {
  const who = parseInput(Actor, actor, '操作者 / actor');
  return inTransaction(store.db, async (trx) => {
    const record = await trx.selectFrom('evidence_files').select(META).where('campaign', '=', campaign).where('id', '=', id).executeTakeFirst();
    if (!record) throw evidenceNotFound(campaign, id);
    const row = await visibleRow(trx, campaign, record.row_id, who);
    if (who.kind === 'unit') {
      if (record.uploader_kind !== 'unit' || record.uploader_unit !== who.unit) {
        throw new StoreError('forbidden', { zh: '只能删除本单位上传的佐证材料', en: 'a unit may only remove evidence its own unit uploaded' });
      }
      if (row.closure?.state === 'approved') {
        throw new StoreError('evidence_locked', {
          zh: '该措施已销号，其佐证材料不能再删除；如需更正请联系整改办',
          en: 'this measure is closed: its evidence can no longer be removed; ask the office to correct it',
        });
      }
    }
    await trx.deleteFrom('evidence_files').where('id', '=', id).execute();
    return toFile(record);
  });
}

/** The file names of each row in `scope` that has files, oldest first: for the consolidated workbook. */
export async function evidenceNamesByRow(db: Db, campaign: string, scope: Scope): Promise<Map<string, string[]>> {
  let q = db
    .selectFrom('evidence_files')
    .innerJoin('rows', 'rows.id', 'evidence_files.row_id')
    .select(['evidence_files.row_id', 'evidence_files.file_name'])
    .where('evidence_files.campaign', '=', campaign);
  if (scope.kind === 'unit') q = q.where('rows.unit', '=', scope.unit);
  const names = new Map<string, string[]>();
  for (const r of await q.orderBy('evidence_files.uploaded_at').orderBy('evidence_files.id').execute()) {
    const list = names.get(r.row_id);
    if (list) list.push(r.file_name);
    else names.set(r.row_id, [r.file_name]);
  }
  return names;
}
