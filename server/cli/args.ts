// Command-line arguments: node's own parser, then zod for what the values must be.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import * as z from 'zod';
import { IsoDate, Lang, todayIso } from '../../ledger';

/** A usage error: the CLI prints it with the command's usage and exits 2. */
export class UsageError extends Error {}

export const CommonOptions = z.object({
  'as-of': IsoDate.default(() => todayIso()),
  json: z.boolean().default(false),
  lang: Lang.default('zh'),
  config: z.string().optional(),
});

export function parse<T extends z.ZodType>(
  argv: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  schema: T,
): { values: z.infer<T>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const result = schema.safeParse(parsed.values);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new UsageError(`--${issue.path.join('.')}: ${issue.message}`);
  }
  return { values: result.data, positionals: parsed.positionals };
}

export const COMMON_FLAGS = {
  'as-of': { type: 'string' },
  json: { type: 'boolean' },
  lang: { type: 'string' },
  config: { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;
