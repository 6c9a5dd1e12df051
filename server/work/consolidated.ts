// The caller's rows as a master ledger: everything for the office, a unit's own rows for a unit,
// with the campaign's category order, and the rollup of the same rows. The heavy read behind the
// rollup endpoint and the consolidated workbook.
import { masterOf, type IsoDate, type Lang, type Master, type Rollup } from '../../ledger';
import type { CampaignConfig } from '../../ledger/schema';
import { getCampaign, type Store } from '../store';
import { campaignNotFound } from '../store/errors';
import { listRows, type Scope } from '../sync';
import { learnedCategories } from '../sync/categories';

export interface Consolidated {
  master: Master;
  rollup: Rollup;
  config: CampaignConfig;
}

/** The title a master carries (and its workbook is named after). */
export function masterTitle(config: CampaignConfig, scope: Scope): string {
  return config.title ?? (scope.kind === 'unit' ? `${scope.unit}整改工作台账` : '整改工作台账（汇总）');
}

export async function consolidated(store: Store, campaignName: string, scope: Scope, asOf: IsoDate, lang: Lang): Promise<Consolidated> {
  const campaign = await getCampaign(store, campaignName);
  if (!campaign) throw campaignNotFound(campaignName);
  const rows = await listRows(store, campaignName, scope);
  const title = masterTitle(campaign.config, scope);
  const learned = await learnedCategories(store.db, campaignName);
  const built = masterOf(rows, { asOf, config: campaign.config, lang, title, learned, source: { file: campaignName, sheet: '整改台账' } });
  return { ...built, config: campaign.config };
}
