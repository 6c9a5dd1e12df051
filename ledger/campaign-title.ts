// How a campaign is named to people: its title when the office gave it one, else its short name,
// except the campaign every service has ("default"), which is no word for a person to read.
import type { CampaignConfig, Lang } from './schema';

const DEFAULT_CAMPAIGN = 'default';

const DEFAULT_TITLE: Record<Lang, string> = { zh: '默认台账', en: 'Default ledger' };

export function campaignTitle(name: string, config: Pick<CampaignConfig, 'title'>, lang: Lang): string {
  const title = config.title?.trim();
  if (title) return title;
  return name === DEFAULT_CAMPAIGN ? DEFAULT_TITLE[lang] : name;
}
