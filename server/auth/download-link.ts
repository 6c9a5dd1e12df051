// The secret of a download link (POST …/workbook-link, …/evidence/{fileId}/link): 256 random bits in the link's
// path, the link's only credential, since the browser Office opens it in cannot send the pane's
// token. Only its sha-256 is stored; a link expires a minute after it is made and works once.
import { randomBytes } from 'node:crypto';
import { hashApiToken } from './api-token';

export const DOWNLOAD_LINK_TTL_MS = 60_000;

const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function createDownloadSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: hashApiToken(secret) };
}

/** The stored hash for a secret from a link, or undefined when it cannot be one of ours. */
export function downloadSecretHash(secret: string): string | undefined {
  return SECRET_SHAPE.test(secret) ? hashApiToken(secret) : undefined;
}
