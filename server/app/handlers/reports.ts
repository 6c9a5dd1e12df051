// The campaign's figures: the rollup and progress (narrowed to the caller's rows) and the office's activity view.
import { todayIso } from '../../../ledger';
import { principalOf, requireOffice } from '../../auth/access';
import { syncScope } from '../identity';
import { routes } from '../routes';
import { campaignFor, type Api, type ApiDeps } from './deps';

export function reportHandlers(api: Api, { store, work }: ApiDeps) {
  api.openapi(routes.rollup, async (c) => {
    const { asOf = todayIso(), lang = 'zh' } = c.req.valid('query');
    const { campaign } = c.req.valid('param');
    await campaignFor(store, c, campaign);
    return c.json(await work.read('rollup', campaign, syncScope(principalOf(c)), asOf, lang), 200);
  });

  api.openapi(routes.progress, async (c) => {
    const { campaign } = c.req.valid('param');
    await campaignFor(store, c, campaign);
    return c.json(await work.read('progress', campaign, syncScope(principalOf(c))), 200);
  });

  api.openapi(routes.activity, async (c) => {
    requireOffice(c);
    const { campaign } = c.req.valid('param');
    const { config } = await campaignFor(store, c, campaign);
    return c.json(await work.read('activity', campaign, c.req.valid('query').since, config.units), 200);
  });
}
