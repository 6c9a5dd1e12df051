// Categories in a push resolved in the campaign's order (BRIEF §3): its configured list, else the
// ordinals learned from rows that carried ordinal and name ("一、理论学习不深入"), kept with the
// campaign so a unit's "第一类" pushed later resolves as `ledger merge` resolves it.
import type { Kysely, Transaction } from 'kysely';
import * as z from 'zod';
import { categoryIndex, findingMessage, type CampaignConfig, type CategoryIndex, type LearnedCategory } from '../../ledger';
import type { RowWarning } from './protocol';
import type { Tables } from '../store/tables';

export const LearnedCategories = z.array(z.object({ ordinal: z.number().int().positive(), name: z.string().min(1) }));

export async function learnedCategories(db: Kysely<Tables> | Transaction<Tables>, campaign: string): Promise<LearnedCategory[]> {
  const row = await db.selectFrom('campaigns').select('learned_categories').where('name', '=', campaign).executeTakeFirst();
  return row ? LearnedCategories.catch([]).parse(JSON.parse(row.learned_categories)) : [];
}

export interface ResolvedCategory {
  /** The category's name in the campaign's words, or the text as sent when it names none. */
  name: string;
  warning?: RowWarning;
}

export class CampaignCategories {
  private readonly index: CategoryIndex;

  constructor(
    private readonly config: CampaignConfig,
    private readonly known: readonly LearnedCategory[],
    /** The category texts of this push, so its own ordinals count. */
    texts: string[],
  ) {
    this.index = categoryIndex(config.categories, texts, known);
  }

  resolve(text: string): ResolvedCategory {
    const name = this.index.resolve(text);
    if (name !== undefined) return { name };
    const expected = this.config.categories.length > 0 ? this.config.categories.join('、') : undefined;
    const params = { value: text, ...(expected ? { expected } : {}) };
    return {
      name: text,
      warning: { code: 'unknown_category', field: 'category', zh: findingMessage('unknown_category', 'zh', params), en: findingMessage('unknown_category', 'en', params) },
    };
  }

  /** Keeps what this push taught about the campaign's order. */
  async save(trx: Transaction<Tables>, campaign: string): Promise<void> {
    const learned = this.index.learned();
    if (learned.length === this.known.length) return;
    await trx.updateTable('campaigns').set({ learned_categories: JSON.stringify(learned) }).where('name', '=', campaign).execute();
  }
}
