// Bulk statements are split so no single one exceeds the bound-parameter limits (SQLite 32766,
// PostgreSQL 65535): a 100,000-row push is a few hundred statements, not 100,000.
const MAX_PARAMETERS = 30_000;

export function chunksFor<T>(items: readonly T[], parametersPerItem: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, parametersPerItem)));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
