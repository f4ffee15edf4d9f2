import { createHash, createHmac, randomBytes } from 'node:crypto';

/** A feed token: 43 base64url characters (256 bits). Anything else in the URL names no feed. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A new random nonce: rotating the feed draws one, and every earlier URL stops working. */
export function newFeedNonce(): string {
  return randomBytes(16).toString('hex');
}

/**
 * The user's feed token: an HMAC of the user and the nonce under the server's signing key. It can be shown again at
 * any time without being stored; the database holds only its hash and the nonce, neither of which gives it away.
 */
export function feedToken(signingKey: string, userId: string, nonce: string): string {
  return createHmac('sha256', signingKey)
    .update(`calendar-feed:${userId}:${nonce}`, 'utf8')
    .digest('base64url');
}

export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function isFeedToken(value: string): boolean {
  return TOKEN.test(value);
}
