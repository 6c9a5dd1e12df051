// The office's reminders: who would be reminded, the settings, a manual send and the send log.
import type { Context } from 'hono';
import { principalOf, requireOffice } from '../../auth/access';
import type { AuthEnv } from '../../auth/principal';
import { reloadSchedule } from '../../remind/schedule';
import { sendReminders, todayFor } from '../../remind/send';
import { sendLog } from '../../remind/sends';
import { loadSettings, settingsView } from '../../remind/settings';
import type { Store } from '../../store';
import { actorOf } from '../identity';
import { routes } from '../routes';
import { campaignFor, type Api, type ApiDeps } from './deps';

/** The office's campaign for a reminders call: 403 for anyone else. */
async function remindersOf(store: Store, c: Context<AuthEnv>, campaign: string) {
  requireOffice(c);
  await campaignFor(store, c, campaign);
  return campaign;
}

export function reminderHandlers(api: Api, { store, work }: ApiDeps) {
  api.openapi(routes.reminders, async (c) => {
    const campaign = await remindersOf(store, c, c.req.valid('param').campaign);
    return c.json(await work.read('reminders', campaign, c.req.valid('query').asOf ?? (await todayFor(store, campaign))), 200);
  });

  api.openapi(routes.reminderSettings, async (c) => {
    const campaign = await remindersOf(store, c, c.req.valid('param').campaign);
    return c.json(settingsView(await loadSettings(store.db, campaign), new Date()), 200);
  });

  api.openapi(routes.saveReminderSettings, async (c) => {
    const campaign = await remindersOf(store, c, c.req.valid('param').campaign);
    await work.write('saveReminderSettings', campaign, c.req.valid('json'), actorOf(principalOf(c)).name, new Date().toISOString());
    await reloadSchedule(store);
    return c.json(settingsView(await loadSettings(store.db, campaign), new Date()), 200);
  });

  api.openapi(routes.sendReminders, async (c) => {
    const campaign = await remindersOf(store, c, c.req.valid('param').campaign);
    const { asOf } = c.req.valid('query');
    return c.json(await sendReminders(store, work, campaign, { trigger: 'manual', ...(asOf ? { asOf } : {}) }), 200);
  });

  api.openapi(routes.reminderLog, async (c) => {
    const campaign = await remindersOf(store, c, c.req.valid('param').campaign);
    return c.json({ entries: await sendLog(store, campaign) }, 200);
  });
}
