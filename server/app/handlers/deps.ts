// What every group of handlers is given, and the check most of them start with.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { assertCampaign, principalOf, scopeFor } from '../../auth/access';
import type { AuthEnv } from '../../auth/principal';
import { getCampaign, type Store } from '../../store';
import { campaignNotFound } from '../../store/errors';
import type { Work } from '../../work/work';

export type Api = OpenAPIHono<AuthEnv>;

export interface ApiDeps {
  store: Store;
  work: Work;
}

/** The campaign named in the path, if the caller has a role, may use it, and it exists. */
export async function campaignFor(store: Store, c: Context<AuthEnv>, name: string) {
  scopeFor(principalOf(c));
  assertCampaign(principalOf(c), name);
  const campaign = await getCampaign(store, name);
  if (!campaign) throw campaignNotFound(name);
  return campaign;
}
