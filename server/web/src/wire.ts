// The API's answers the page uses, checked before anything is shown. The shapes are the ones the
// service and the add-in use too: the rollup is the ledger's own, the rest the sync protocol's.
export { Rollup } from '../../../ledger/schema';
export {
  ApiError as ErrorBody,
  CampaignInfo as Campaign,
  CampaignList,
  ConflictList,
  Me,
  RowList,
} from '../../../ledger/sync-protocol';
