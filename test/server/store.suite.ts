// The store's own records (campaigns, API tokens, users), run against each backend.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken as newApiToken } from '../../server/auth/api-token';
import {
  addApiToken,
  createCampaign,
  findApiTokenByHash,
  findUser,
  getCampaign,
  listApiTokens,
  listCampaigns,
  listUsers,
  removeUser,
  revokeApiToken,
  StoreError,
  updateCampaignConfig,
  upsertUser,
  type Store,
} from '../../server/store';
import type { Backend } from './backends';

async function errorCode(promise: Promise<unknown>): Promise<string | undefined> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return err instanceof StoreError ? err.code : String(err);
}

export function storeSuite(backend: Backend): void {
  describe(`store on ${backend.name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await backend.open();
    });
    afterAll(async () => {
      await store?.close();
      backend.cleanup();
    });

    it('always has the default campaign, and keeps campaigns with their configuration', async () => {
      expect((await getCampaign(store, 'default'))?.config.name).toBe('default');
      const made = await createCampaign(store, '2018巡视', { title: '巡视整改', categories: ['党的建设'], units: ['学院A'] });
      expect(made.config).toMatchObject({ name: '2018巡视', categories: ['党的建设'], units: ['学院A'] });
      expect(await errorCode(createCampaign(store, '2018巡视'))).toBe('campaign_exists');
      expect(await errorCode(createCampaign(store, 'bad name/x'))).toBe('invalid_request');
      const updated = await updateCampaignConfig(store, '2018巡视', { units: ['学院A', '学院B'] });
      expect(updated.config.units).toEqual(['学院A', '学院B']);
      expect(await errorCode(updateCampaignConfig(store, 'nope', {}))).toBe('campaign_not_found');
      expect((await listCampaigns(store)).map((c) => c.name)).toEqual(['2018巡视', 'default']);
    });

    it('stores API tokens only as hashes, and marks revoked ones', async () => {
      const { token, hash } = newApiToken();
      const record = await addApiToken(store, { tokenHash: hash, role: 'unit', unit: '学院A', campaign: 'default', label: 'A 的电脑' });
      expect(record).toMatchObject({ role: 'unit', unit: '学院A', campaign: 'default', revokedAt: null, lastUsedAt: null });
      const leaked = await store.db
        .selectFrom('api_tokens')
        .selectAll()
        .where(sql<boolean>`token_hash = ${token} or label = ${token} or id = ${token}`)
        .execute();
      expect(leaked).toEqual([]);
      expect(await findApiTokenByHash(store, hash)).toEqual(record);
      expect(await findApiTokenByHash(store, newApiToken().hash)).toBeUndefined();

      const office = await addApiToken(store, { tokenHash: newApiToken().hash, role: 'office' });
      expect(office).toMatchObject({ role: 'office', unit: null, campaign: null, label: 'office' });
      expect(await errorCode(addApiToken(store, { tokenHash: newApiToken().hash, role: 'unit' } as never))).toBe('invalid_request');
      expect(await errorCode(addApiToken(store, { tokenHash: token, role: 'office' }))).toBe('invalid_request');

      expect(await revokeApiToken(store, record.id)).toBe(true);
      expect(await revokeApiToken(store, record.id)).toBe(false);
      expect((await findApiTokenByHash(store, hash))?.revokedAt).not.toBeNull();
      expect((await listApiTokens(store)).map((t) => [t.id, t.revokedAt !== null])).toEqual([
        [record.id, true],
        [office.id, false],
      ]);
    });

    it('maps Entra ID users to a role and unit', async () => {
      await upsertUser(store, { tid: 't1', oid: 'o1', role: 'unit', unit: '学院A', displayName: '王五' });
      expect(await findUser(store, 't1', 'o1')).toMatchObject({ role: 'unit', unit: '学院A', displayName: '王五' });
      await upsertUser(store, { tid: 't1', oid: 'o1', role: 'office', displayName: '王五' });
      expect(await findUser(store, 't1', 'o1')).toMatchObject({ role: 'office', unit: null });
      expect(await findUser(store, 't2', 'o1')).toBeUndefined();
      expect(await listUsers(store)).toHaveLength(1);
      expect(await removeUser(store, 't1', 'o1')).toBe(true);
      expect(await findUser(store, 't1', 'o1')).toBeUndefined();
    });
  });
}
