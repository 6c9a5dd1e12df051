// The evidence size limit is the office's setting (LEDGER_EVIDENCE_MAX_MB): read at start, where a
// malformed value stops the service with a message naming the setting, before anything is opened.
import { describe, expect, it } from 'vitest';
import { evidenceMaxBytesFromEnv } from '../../server/evidence/limits';
import { startServer } from '../../server/serve';

describe('the evidence size limit (LEDGER_EVIDENCE_MAX_MB)', () => {
  it('is 20 MB unless set, and takes a setting in megabytes', () => {
    expect(evidenceMaxBytesFromEnv({})).toBe(20 * 1024 * 1024);
    expect(evidenceMaxBytesFromEnv({ LEDGER_EVIDENCE_MAX_MB: ' ' })).toBe(20 * 1024 * 1024);
    expect(evidenceMaxBytesFromEnv({ LEDGER_EVIDENCE_MAX_MB: '2.5' })).toBe(2.5 * 1024 * 1024);
  });

  it('stops the service at start on a value that is no size', async () => {
    for (const value of ['二十', '0', '-5', '5000']) {
      expect(() => evidenceMaxBytesFromEnv({ LEDGER_EVIDENCE_MAX_MB: value })).toThrow(/LEDGER_EVIDENCE_MAX_MB/);
    }
    await expect(startServer({ port: 0, store: { kind: 'sqlite', file: ':memory:' }, env: { LEDGER_EVIDENCE_MAX_MB: '二十' } })).rejects.toThrow(/佐证材料大小上限配置无效/);
  });
});
