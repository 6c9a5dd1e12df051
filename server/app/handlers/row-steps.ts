// One row's steps outside a push: the office deleting it, a unit closing it or asking for more time.
import { principalOf, requireOffice } from '../../auth/access';
import { actorOf } from '../identity';
import { routes } from '../routes';
import { campaignFor, type Api, type ApiDeps } from './deps';

export function rowStepHandlers(api: Api, { store, work }: ApiDeps) {
  api.openapi(routes.deleteRow, async (c) => {
    requireOffice(c);
    const { campaign, id } = c.req.valid('param');
    await campaignFor(store, c, campaign);
    return c.json({ row: await work.write('deleteRow', campaign, id, actorOf(principalOf(c))) }, 200);
  });

  api.openapi(routes.closure, async (c) => {
    const { campaign, id } = c.req.valid('param');
    await campaignFor(store, c, campaign);
    return c.json({ row: await work.write('closure', campaign, id, c.req.valid('json'), actorOf(principalOf(c))) }, 200);
  });

  api.openapi(routes.extension, async (c) => {
    const { campaign, id } = c.req.valid('param');
    await campaignFor(store, c, campaign);
    return c.json({ row: await work.write('extension', campaign, id, c.req.valid('json'), actorOf(principalOf(c))) }, 200);
  });
}
