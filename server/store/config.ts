// Which database the service keeps its ledger in, read from the environment (BRIEF §5: LEDGER_DB or
// DATABASE_URL). Parsed with zod so a malformed value stops the service at start, not mid-request.
import * as z from 'zod';

const DEFAULT_SQLITE_FILE = './data/ledger.db';

export const StoreConfig = z.discriminatedUnion('kind', [
  /** `file` may be ':memory:' (tests). */
  z.object({ kind: z.literal('sqlite'), file: z.string().min(1) }),
  z.object({
    kind: z.literal('postgres'),
    url: z.string().regex(/^postgres(ql)?:\/\//, 'expected postgres://…'),
    /** Pool size; the default suits one service process. */
    maxConnections: z.number().int().positive().default(10),
  }),
]);
export type StoreConfig = z.infer<typeof StoreConfig>;
export type StoreConfigInput = z.input<typeof StoreConfig>;

const StoreEnv = z.object({
  // An empty DATABASE_URL (a blank line in an .env file) means "not set", not "invalid".
  DATABASE_URL: z
    .string()
    .transform((s) => s.trim())
    .pipe(
      z.union([
        z.literal(''),
        z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL 须为 postgres://… / DATABASE_URL must be postgres://…'),
      ]),
    )
    .optional(),
  LEDGER_DB: z
    .string()
    .transform((s) => s.trim())
    .optional(),
});

/** DATABASE_URL wins when set; otherwise SQLite at LEDGER_DB (default ./data/ledger.db). */
export function storeConfigFromEnv(env: Record<string, string | undefined> = process.env): StoreConfig {
  const parsed = StoreEnv.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`数据库配置无效 / invalid database configuration: ${detail}`);
  }
  const { DATABASE_URL, LEDGER_DB } = parsed.data;
  if (DATABASE_URL) return StoreConfig.parse({ kind: 'postgres', url: DATABASE_URL });
  return { kind: 'sqlite', file: LEDGER_DB || DEFAULT_SQLITE_FILE };
}
