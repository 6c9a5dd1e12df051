// The browser's storage for what must not travel with the workbook (API tokens) or is too big for
// its settings (sync snapshots). Behind an interface so tests and the playground can use memory.

export interface KeyValueStore {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  remove(key: string): void;
}

/** localStorage, when the browser allows it (some embedded browsers throw on access). */
export function browserStore(storage: Storage): KeyValueStore {
  return {
    get: (key) => storage.getItem(key) ?? undefined,
    set: (key, value) => storage.setItem(key, value),
    remove: (key) => storage.removeItem(key),
  };
}

export function memoryStore(initial: Record<string, string> = {}): KeyValueStore {
  const map = new Map(Object.entries(initial));
  return {
    get: (key) => map.get(key),
    set: (key, value) => void map.set(key, value),
    remove: (key) => void map.delete(key),
  };
}
