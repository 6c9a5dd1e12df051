// Who is calling and what they may touch (BRIEF §6: a unit reads and writes its own rows only; the
// office reads everything). Set on the Hono context by the auth middleware.
import * as z from 'zod';

/** How the caller proved who they are; kept for the change history ("who made it"). */
export const Subject = z.discriminatedUnion('via', [
  z.object({ via: z.literal('api_token'), tokenId: z.string().min(1), name: z.string().nullable() }),
  z.object({
    via: z.literal('entra'),
    oid: z.string().min(1),
    tid: z.string().min(1),
    name: z.string().nullable(),
  }),
]);
export type Subject = z.infer<typeof Subject>;

const common = {
  subject: Subject,
  /** The only campaign this credential may be used for; null means any. */
  campaign: z.string().min(1).nullable(),
};

export const Principal = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('office'), ...common }),
  z.object({ kind: z.literal('unit'), unit: z.string().min(1), ...common }),
  /** Signed in with Entra ID but not (yet) assigned to the office or a unit: every call is 403. */
  z.object({ kind: z.literal('unassigned'), ...common }),
]);
export type Principal = z.infer<typeof Principal>;

export type OfficePrincipal = Extract<Principal, { kind: 'office' }>;

/** Hono environment for apps using `authMiddleware`. */
export interface AuthEnv {
  Variables: { principal: Principal };
}
