// The wire schemas are shared with the add-in, so they live in ledger/.
export * from '../../ledger/sync-protocol';
