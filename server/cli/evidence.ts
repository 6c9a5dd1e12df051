// ledger evidence (add ROW_ID FILE… | list ROW_ID | get FILE_ID -o OUT | remove FILE_ID) --server URL --token T
// Evidence files (佐证材料) from the terminal, for units without the add-in and for the office's
// scripts. The service judges each file by its content: a refusal of one file (415 not an accepted
// kind, 413 too large) is the input's error, exit 1, and the other files still go. A local file that
// cannot be read, or an output that exists already, is exit 2 before anything is sent or written.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as z from 'zod';
import { EVIDENCE_FIELD, EvidenceAnswer, EvidenceList, type EvidenceFile } from '../../ledger/evidence';
import { parse, UsageError } from './args';
import { client, ServiceError, serviceUrl, type Client } from './client';
import type { Io } from './io';
import { STEP_FLAGS, StepOptions } from './row-step';
import { evidenceWords, type EvidenceWords } from './evidence-words';

const ACTIONS = ['add', 'list', 'get', 'remove'] as const;
type Action = (typeof ACTIONS)[number];

const EvidenceOptions = StepOptions.extend({ output: z.string().min(1).optional(), force: z.boolean().default(false) });
type Values = z.infer<typeof EvidenceOptions>;

const FLAGS = { ...STEP_FLAGS, output: { type: 'string', short: 'o' }, force: { type: 'boolean' } } as const;

/** What the service refuses about one file or this removal (not who may ask): the input's error, exit 1. */
const REFUSED = new Set([400, 409, 413, 415, 422]);

/** A local file that cannot be read or written as asked: exit 2, nothing sent or overwritten. */
class LocalFileError extends Error {}

interface Call {
  api: Client;
  /** `/api/v1/campaigns/{c}` */
  base: string;
  values: Values;
  words: EvidenceWords;
  io: Io;
}

function refusalOf(e: unknown): ServiceError | undefined {
  return e instanceof ServiceError && e.status !== undefined && REFUSED.has(e.status) ? e : undefined;
}

function checkPositionals(action: Action, id: string | undefined, rest: string[], values: Values): asserts id is string {
  const takesRow = action === 'add' || action === 'list';
  if (!id) {
    throw new UsageError(
      takesRow
        ? '请给出行标识 ROW_ID（工作簿隐藏列 __id 中的值）/ give the ROW_ID (the hidden __id column of a pulled workbook)'
        : '请给出文件编号 FILE_ID（见 ledger evidence list）/ give the FILE_ID (see ledger evidence list)',
    );
  }
  if (action === 'add' && rest.length === 0) throw new UsageError('请给出要上传的文件 FILE… / give the files to attach');
  if (action !== 'add' && rest.length > 0) throw new UsageError(`多余的参数：${rest.join(' ')} / unexpected arguments: ${rest.join(' ')}`);
  if (action === 'get' && !values.output) throw new UsageError('请用 -o 指定保存位置（文件或文件夹）/ -o OUT (a file or a folder) is required');
  if (action !== 'get' && (values.output || values.force)) throw new UsageError('-o 与 --force 仅用于 get / -o and --force are for get only');
}

/** Every file read before the first is sent, so a typo in the fourth name sends none. */
async function readLocal(paths: string[], words: EvidenceWords): Promise<{ path: string; name: string; bytes: Uint8Array<ArrayBuffer> }[]> {
  return Promise.all(
    paths.map(async (path) => {
      try {
        if (!(await stat(path)).isFile()) throw new Error(words.notAFile);
        return { path, name: basename(path), bytes: new Uint8Array(await readFile(path)) };
      } catch (e) {
        throw new LocalFileError(words.unreadable(path, e instanceof Error ? e.message : String(e)));
      }
    }),
  );
}

async function add(call: Call, rowId: string, paths: string[]): Promise<number> {
  const { api, base, values, words, io } = call;
  const files = await readLocal(paths, words);
  const stored: { file: EvidenceFile; already: boolean }[] = [];
  const refused: { path: string; status: number; code: string | null; message: string }[] = [];
  const report = () => {
    if (values.json) io.out(JSON.stringify({ files: stored.map((s) => s.file), refused }));
    else if (stored.length > 0) io.out(stored.map((s) => words.stored(s.file, s.already)).join('\n'));
    for (const r of refused) io.err(words.refused(r.path, r.message));
  };
  for (const f of files) {
    const form = new FormData();
    form.append(EVIDENCE_FIELD, new Blob([f.bytes]), f.name);
    try {
      const { status, data } = await api.postForm(`${base}/rows/${encodeURIComponent(rowId)}/evidence`, form, EvidenceAnswer);
      stored.push({ file: data.file, already: status === 200 });
    } catch (e) {
      const refusal = refusalOf(e);
      if (!refusal) {
        // Who may not (403) or a service out of reach: say what was stored before it, then exit 2.
        report();
        throw e;
      }
      refused.push({ path: f.path, status: refusal.status!, code: refusal.code ?? null, message: refusal.message });
    }
  }
  report();
  return refused.length > 0 ? 1 : 0;
}

async function list(call: Call, rowId: string): Promise<number> {
  const { files } = await call.api.getJson(`${call.base}/rows/${encodeURIComponent(rowId)}/evidence`, EvidenceList);
  if (call.values.json) call.io.out(JSON.stringify({ files }));
  else call.io.out(files.length === 0 ? call.words.none : [call.words.count(files.length), ...files.map((f) => call.words.listed(f))].join('\n'));
  return 0;
}

async function isFolder(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function get(call: Call, fileId: string): Promise<number> {
  const { api, base, values, words, io } = call;
  const output = values.output!;
  const folder = await isFolder(output);
  // Checked before the download too, so an existing file is not fetched only to be refused.
  if (!folder && !values.force && (await stat(output).catch(() => undefined))) throw new LocalFileError(words.exists(output));
  const { bytes, fileName } = await api.getFile(`${base}/evidence/${encodeURIComponent(fileId)}`);
  // The stored name is the uploader's: only its last part, so it cannot point outside the folder.
  const target = folder ? join(output, basename(fileName ?? fileId)) : output;
  try {
    await writeFile(target, bytes, { flag: values.force ? 'w' : 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LocalFileError(code === 'EEXIST' ? words.exists(target) : words.unwritable(target, (e as Error).message));
  }
  if (values.json) io.out(JSON.stringify({ path: target, fileName: fileName ?? null, size: bytes.length }));
  else io.out(words.written(target, bytes.length));
  return 0;
}

async function remove(call: Call, fileId: string): Promise<number> {
  const { api, base, values, words, io } = call;
  let file: EvidenceFile;
  try {
    file = (await api.deleteJson(`${base}/evidence/${encodeURIComponent(fileId)}`, EvidenceAnswer)).file;
  } catch (e) {
    const refusal = refusalOf(e);
    if (!refusal) throw e;
    if (values.json) io.out(JSON.stringify({ error: { status: refusal.status, code: refusal.code ?? null, message: refusal.message } }));
    io.err(refusal.message);
    return 1;
  }
  io.out(values.json ? JSON.stringify({ file }) : words.removed(file));
  return 0;
}

export async function evidenceCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, FLAGS, EvidenceOptions);
  const [action, id, ...rest] = positionals;
  if (!action || !(ACTIONS as readonly string[]).includes(action)) {
    throw new UsageError(`请给出操作：${ACTIONS.join(' | ')} / give the action: ${ACTIONS.join(' | ')}`);
  }
  checkPositionals(action as Action, id, rest, values);
  if (!values.token) throw new UsageError('请用 --token 指定令牌（或设置 LEDGER_TOKEN）/ --token is required');
  const call: Call = {
    api: client(serviceUrl(values.server), values.token, values.lang),
    base: `/api/v1/campaigns/${encodeURIComponent(values.campaign)}`,
    values,
    words: evidenceWords(values.lang),
    io,
  };
  try {
    if (action === 'add') return await add(call, id, rest);
    if (action === 'list') return await list(call, id);
    if (action === 'get') return await get(call, id);
    return await remove(call, id);
  } catch (e) {
    if (!(e instanceof LocalFileError)) throw e;
    io.err(e.message);
    return 2;
  }
}
