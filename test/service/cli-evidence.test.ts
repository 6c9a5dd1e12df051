// `ledger evidence` against the real service on loopback (SQLite in a file): a unit attaches a PDF
// and a photo to its row, lists them, downloads one under its Chinese name, removes one; a program
// renamed 报告.pdf and a file over the limit are refused (exit 1, in Chinese or English, nothing
// stored); another unit's row is refused (exit 2); a missing local file sends nothing (exit 2).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { EvidenceAnswer, EvidenceFile, EvidenceList } from '../../ledger/evidence';
import { issueApiToken } from '../../server/app/identity';
import { startServer, type RunningServer } from '../../server/serve';
import { sqliteBackend } from '../server/backends';
import { ledger } from '../support/ledger-process';
import { sampleExe, samplePdf, samplePng } from './evidence-samples';

const UNIT = '计算机学院';

describe('ledger evidence', () => {
  const backend = sqliteBackend();
  const dir = mkdtempSync(join(tmpdir(), 'ledger-evidence-cli-'));
  const local = (name: string, bytes: Uint8Array): string => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  let srv: RunningServer;
  let unit: string;
  let other: string;
  let rowId = '';

  const as = (token: string, ...args: string[]) => ledger(['evidence', ...args, '--server', srv.url, '--token', token]);
  const stored = async (): Promise<EvidenceFile[]> => {
    const res = await fetch(`${srv.url}/api/v1/campaigns/default/rows/${rowId}/evidence`, { headers: { authorization: `Bearer ${unit}` } });
    return EvidenceList.parse(await res.json()).files;
  };

  beforeAll(async () => {
    // 10 KB per file, so "too large" needs no big fixture.
    srv = await startServer({ port: 0, store: await backend.open(), env: { ...process.env, LEDGER_EVIDENCE_MAX_MB: '0.01' } });
    const office = (await issueApiToken(srv.store, { role: 'office' })).token;
    unit = (await issueApiToken(srv.store, { role: 'unit', unit: UNIT })).token;
    other = (await issueApiToken(srv.store, { role: 'unit', unit: '外国语学院' })).token;
    const res = await fetch(`${srv.url}/api/v1/campaigns/default/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${office}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: 'cli-evidence',
        mutationId: 1,
        rows: [{ fields: { problem: '理论学习不深入', measure: '制定党委理论学习中心组年度学习计划', unit: UNIT, status: 'in_progress' } }],
      }),
    });
    rowId = z.object({ rows: z.array(z.object({ id: z.string() })) }).parse(await res.json()).rows[0]!.id;
  });

  afterAll(async () => {
    await srv?.close();
    backend.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('attaches a PDF and a photo, lists them, and downloads the PDF byte for byte under its Chinese name', async () => {
    const pdf = local('整改通知.pdf', samplePdf());
    const png = local('会议照片.png', samplePng());
    const added = await as(unit, 'add', rowId, pdf, png);
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/已上传：整改通知\.pdf（1 KB，application\/pdf），编号 \S+/);
    expect(added.out).toContain('已上传：会议照片.png（1 KB，image/png）');
    expect((await stored()).map((f) => [f.fileName, f.mime])).toEqual([
      ['整改通知.pdf', 'application/pdf'],
      ['会议照片.png', 'image/png'],
    ]);

    const listed = await as(unit, 'list', rowId, '--json');
    expect(listed.code).toBe(0);
    const files = EvidenceList.parse(JSON.parse(listed.out)).files;
    expect(files.map((f) => f.fileName)).toEqual(['整改通知.pdf', '会议照片.png']);
    const words = await as(unit, 'list', rowId, '--lang', 'en');
    expect(words.out).toContain('2 evidence files:');
    expect(words.out).toContain(`整改通知.pdf (1 KB, application/pdf), uploaded by ${UNIT} on`);

    const into = join(dir, 'downloads');
    mkdirSync(into);
    const got = await as(unit, 'get', files[0]!.id, '-o', into);
    expect(got.code).toBe(0);
    expect(got.out).toContain(join(into, '整改通知.pdf'));
    expect(new Uint8Array(readFileSync(join(into, '整改通知.pdf')))).toEqual(new Uint8Array(samplePdf()));

    // Never overwritten silently: exit 2 and the file as it was; --force overwrites.
    writeFileSync(join(dir, '旧文件.png'), 'old');
    const again = await as(unit, 'get', files[1]!.id, '-o', join(dir, '旧文件.png'));
    expect(again.code).toBe(2);
    expect(again.err).toContain('已存在，没有覆盖');
    expect(readFileSync(join(dir, '旧文件.png'), 'utf8')).toBe('old');
    expect((await as(unit, 'get', files[1]!.id, '-o', join(dir, '旧文件.png'), '--force', '--json')).code).toBe(0);
    expect(new Uint8Array(readFileSync(join(dir, '旧文件.png')))).toEqual(new Uint8Array(samplePng()));
  });

  it('refuses a program renamed 报告.pdf and a file over the limit, in Chinese or English, exit 1, nothing stored', async () => {
    const before = await stored();
    const exe = local('报告.pdf', sampleExe());
    const zh = await as(unit, 'add', rowId, exe);
    expect(zh.code).toBe(1);
    expect(zh.err).toContain(`未上传“${exe}”`);
    expect(zh.err).toContain('文件“报告.pdf”的内容不是可接受的佐证材料类型');
    const en = await as(unit, 'add', rowId, exe, '--lang', 'en', '--json');
    expect(en.code).toBe(1);
    expect(en.err).toContain('The content of "报告.pdf" is not a kind accepted as evidence');
    expect(JSON.parse(en.out)).toMatchObject({ files: [], refused: [{ path: exe, status: 415, code: 'unsupported_file_type' }] });

    // One refused file does not stop the others.
    const big = local('整改台账扫描件.pdf', samplePdf(20 * 1024));
    const photo = local('现场照片.png', samplePng());
    const mixed = await as(unit, 'add', rowId, big, photo);
    expect(mixed.code).toBe(1);
    expect(mixed.err).toContain(`未上传“${big}”`);
    expect(mixed.err).toMatch(/ 413: /);
    expect(mixed.out).toContain('已上传：现场照片.png');
    expect((await stored()).map((f) => f.fileName)).toEqual([...before.map((f) => f.fileName), '现场照片.png']);
  });

  it('keeps another unit off the row (exit 2) and sends nothing when a local file is missing (exit 2)', async () => {
    const before = await stored();
    const foreign = await as(other, 'add', rowId, local('外院材料.pdf', samplePdf()));
    expect(foreign.code).toBe(2);
    expect(foreign.err).toMatch(/ 403: /);
    expect((await as(other, 'list', rowId)).code).toBe(2);

    const missing = await as(unit, 'add', rowId, local('学习记录.pdf', samplePdf()), join(dir, '不存在.pdf'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('无法读取文件');
    expect(missing.err).toContain('不存在.pdf');
    expect(await stored()).toEqual(before);

    const usage = await as(unit, 'add', rowId);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('用法 / usage: ledger evidence add ROW_ID FILE...');
  });

  it('removes a file the unit attached', async () => {
    const [first] = await stored();
    const removed = await as(unit, 'remove', first!.id, '--json');
    expect(removed.code).toBe(0);
    expect(EvidenceAnswer.parse(JSON.parse(removed.out)).file.fileName).toBe('整改通知.pdf');
    expect((await stored()).map((f) => f.fileName)).not.toContain('整改通知.pdf');
    const gone = await as(unit, 'get', first!.id, '-o', dir);
    expect(gone.code).toBe(2);
    expect(gone.err).toMatch(/ 404: /);
  });
});
