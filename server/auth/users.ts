// Which Entra ID users belong to the office or to a unit. Entra proves who someone is; this
// directory (kept by the office, stored by `server/store`) says what they may do.
import * as z from 'zod';

export const DirectoryEntry = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('office'), name: z.string().nullable() }),
  z.object({ kind: z.literal('unit'), unit: z.string().min(1), name: z.string().nullable() }),
]);
export type DirectoryEntry = z.infer<typeof DirectoryEntry>;

export interface UserDirectory {
  /** The user known by this tenant id and object id, or undefined when the office has not added them. */
  findUser(tid: string, oid: string): Promise<DirectoryEntry | undefined>;
}
