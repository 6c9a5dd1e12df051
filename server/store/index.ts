// The service's storage: SQLite or PostgreSQL behind one kysely handle, with migrations, campaigns,
// API tokens and users. The ledger rows themselves are read and written through ../sync.
export { openStore, openSqliteStore, isUniqueViolation, type Store } from './store';
export { StoreConfig, storeConfigFromEnv, type StoreConfigInput } from './config';
export { StoreError, parseInput, type StoreErrorCode, type Bilingual } from './errors';
export {
  CampaignName,
  createCampaign,
  getCampaign,
  listCampaigns,
  updateCampaignConfig,
  type Campaign,
} from './campaigns';
export { addApiToken, findApiTokenByHash, listApiTokens, revokeApiToken, NewApiToken, ApiToken } from './tokens';
export { upsertUser, findUser, listUsers, removeUser, UserGrant, User } from './users';
export type { Tables } from './tables';
