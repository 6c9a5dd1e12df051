// What the workbook remembers for the task pane, in its own settings (Workbook.settings) so the file
// knows where it syncs wherever it is opened. Each value is checked when read back: the file may
// have been edited by an older add-in or by hand. The API token is never among them: it would
// travel with the file. Tokens stay in the browser (auth/token-store.ts).
import * as z from 'zod';
import { CampaignConfig, Field, Lang, type CampaignConfigInput } from '../../ledger';
import { readSettings, writeSettings } from '../excel/adapter';
import type { ExcelRunner } from '../sync/sheet';
import { freshSyncState, SYNC_SETTING, SyncState } from '../sync/state';

const CONNECTION_SETTING = 'ledger.connection';
const SHEET_SETTING = 'ledger.sheet';
const CAMPAIGN_SETTING = 'ledger.campaign';
const PREFERENCES_SETTING = 'ledger.preferences';

export const Connection = z.object({
  serviceUrl: z.url({ protocol: /^https?$/ }),
  campaign: z.string().min(1).default('default'),
  /** The unit this workbook reports for (a unit's token fixes it). */
  unit: z.string().min(1).optional(),
  /** The Microsoft Entra app's client id, for signing in with a Microsoft account. */
  entraClientId: z.guid().optional(),
});
export type Connection = z.infer<typeof Connection>;

/** Header words the user mapped to fields by hand, added to the campaign's dictionary when reading. */
export const HeaderAliases = z.partialRecord(Field, z.array(z.string().min(1)));
export type HeaderAliases = z.infer<typeof HeaderAliases>;

export const SheetSettings = z.object({
  /** The ledger sheet, once found. */
  sheet: z.string().min(1).optional(),
  aliases: HeaderAliases.default({}),
});
export type SheetSettings = z.infer<typeof SheetSettings>;

export const Preferences = z.object({ lang: Lang.default('zh'), autoCheck: z.boolean().default(true) });
export type Preferences = z.infer<typeof Preferences>;

export interface PaneSettings {
  connection: Connection | undefined;
  sheet: SheetSettings;
  /** The campaign's configuration as last fetched, so checking works offline. */
  campaign: CampaignConfig | undefined;
  preferences: Preferences;
  sync: SyncState;
}

/** All of the pane's settings, in one round trip. */
export async function loadPaneSettings(excel: ExcelRunner): Promise<PaneSettings> {
  const read = await excel.run((context) =>
    readSettings(context, {
      [CONNECTION_SETTING]: Connection,
      [SHEET_SETTING]: SheetSettings,
      [CAMPAIGN_SETTING]: CampaignConfig,
      [PREFERENCES_SETTING]: Preferences,
      [SYNC_SETTING]: SyncState,
    }),
  );
  return {
    connection: read[CONNECTION_SETTING],
    sheet: read[SHEET_SETTING] ?? { aliases: {} },
    campaign: read[CAMPAIGN_SETTING],
    preferences: read[PREFERENCES_SETTING] ?? { lang: 'zh', autoCheck: true },
    sync: read[SYNC_SETTING] ?? freshSyncState(),
  };
}

export async function saveSettings(
  excel: ExcelRunner,
  values: Partial<{ connection: Connection; sheet: SheetSettings; campaign: CampaignConfig; preferences: Preferences; sync: SyncState }>,
): Promise<void> {
  const out: Record<string, unknown> = {};
  if (values.connection) out[CONNECTION_SETTING] = values.connection;
  if (values.sheet) out[SHEET_SETTING] = values.sheet;
  if (values.campaign) out[CAMPAIGN_SETTING] = values.campaign;
  if (values.preferences) out[PREFERENCES_SETTING] = values.preferences;
  if (values.sync) out[SYNC_SETTING] = values.sync;
  if (Object.keys(out).length > 0) await excel.run((context) => writeSettings(context, out));
}

/** The campaign's configuration (or the defaults) with this sheet's own header words added. */
export function effectiveConfig(campaign: CampaignConfig | CampaignConfigInput | undefined, aliases: HeaderAliases): CampaignConfig {
  const base = CampaignConfig.parse(campaign ?? {});
  const merged: HeaderAliases = { ...base.headerAliases };
  for (const [field, words] of Object.entries(aliases) as [Field, string[]][]) merged[field] = [...(merged[field] ?? []), ...words];
  return { ...base, headerAliases: merged };
}
