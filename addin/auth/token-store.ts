// API tokens live in this browser's storage, keyed by the service's address, never in the workbook:
// a workbook is mailed around, and a token in it would go with it.
import type { KeyValueStore } from '../pane/storage';
import { normalizeServiceUrl } from '../sync/api';

function key(serviceUrl: string): string {
  return `ledger.token.v1|${normalizeServiceUrl(serviceUrl)}`;
}

export function loadApiToken(store: KeyValueStore, serviceUrl: string): string | undefined {
  return store.get(key(serviceUrl));
}

export function saveApiToken(store: KeyValueStore, serviceUrl: string, token: string): void {
  store.set(key(serviceUrl), token.trim());
}

export function forgetApiToken(store: KeyValueStore, serviceUrl: string): void {
  store.remove(key(serviceUrl));
}
