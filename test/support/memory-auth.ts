// In-memory token store and user directory standing in for the database's, for the sign-in tests.
import type { TokenRecord, TokenStore } from '../../server/auth/api-token';
import type { DirectoryEntry, UserDirectory } from '../../server/auth/users';

export class MemoryTokenStore implements TokenStore {
  private readonly byHash = new Map<string, TokenRecord>();
  private readonly used = new Map<string, Date>();

  add(record: TokenRecord): void {
    this.byHash.set(record.hash, record);
  }

  revoke(id: string): void {
    for (const [hash, record] of this.byHash) {
      if (record.id === id) this.byHash.set(hash, { ...record, revoked: true });
    }
  }

  lastUsed(id: string): Date | undefined {
    return this.used.get(id);
  }

  async findTokenByHash(hash: string): Promise<TokenRecord | undefined> {
    return this.byHash.get(hash);
  }

  async markTokenUsed(id: string, at: Date): Promise<void> {
    this.used.set(id, at);
  }
}

export class MemoryUserDirectory implements UserDirectory {
  private readonly entries = new Map<string, DirectoryEntry>();

  private static key(tid: string, oid: string): string {
    return `${tid.toLowerCase()}/${oid.toLowerCase()}`;
  }

  add(tid: string, oid: string, entry: DirectoryEntry): void {
    this.entries.set(MemoryUserDirectory.key(tid, oid), entry);
  }

  async findUser(tid: string, oid: string): Promise<DirectoryEntry | undefined> {
    return this.entries.get(MemoryUserDirectory.key(tid, oid));
  }
}
