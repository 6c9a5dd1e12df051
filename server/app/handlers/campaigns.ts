// Who the caller is, and the campaigns they may see or (the office) save.
import type { Me } from '../../../ledger/sync-protocol';
import { assertCampaign, principalOf, requireOffice, scopeFor } from '../../auth/access';
import { listCampaigns } from '../../store';
import { routes } from '../routes';
import { campaignFor, type Api, type ApiDeps } from './deps';

export function campaignHandlers(api: Api, { store, work }: ApiDeps) {
  api.openapi(routes.me, (c) => {
    const p = principalOf(c);
    const me: Me = {
      kind: p.kind,
      ...(p.kind === 'unit' ? { unit: p.unit } : {}),
      name: p.subject.name ?? (p.subject.via === 'api_token' ? `token:${p.subject.tokenId}` : p.subject.oid),
      campaign: p.campaign,
    };
    return c.json(me, 200);
  });

  api.openapi(routes.campaigns, async (c) => {
    const p = principalOf(c);
    scopeFor(p);
    const all = await listCampaigns(store);
    return c.json({ campaigns: all.filter((x) => p.campaign === null || x.name === p.campaign) }, 200);
  });

  api.openapi(routes.campaign, async (c) => {
    return c.json(await campaignFor(store, c, c.req.valid('param').campaign), 200);
  });

  api.openapi(routes.saveCampaign, async (c) => {
    requireOffice(c);
    const { campaign } = c.req.valid('param');
    assertCampaign(principalOf(c), campaign);
    const { name: _name, ...config } = c.req.valid('json').config;
    const saved = await work.write('saveCampaign', campaign, config);
    return saved.created ? c.json(saved.campaign, 201) : c.json(saved.campaign, 200);
  });
}
