// What the sign-in dialog page sends back to the task pane (Office.context.ui.messageParent).
import * as z from 'zod';

export const DialogMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('token'), accessToken: z.string().min(1), expiresOn: z.number().int() }),
  z.object({ kind: z.literal('error'), message: z.string() }),
]);
export type DialogMessage = z.infer<typeof DialogMessage>;
