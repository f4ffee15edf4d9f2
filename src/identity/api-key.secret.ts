import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY = /^rqs_([A-Za-z0-9_-]{32})$/;
export const API_KEY_PREFIX_LENGTH = 8;

/** `rqs_` + 24 random bytes (192 bits) in base64url; the first 8 characters double as the lookup prefix. */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const random = randomBytes(24).toString('base64url');
  const key = `rqs_${random}`;
  return { key, prefix: random.slice(0, API_KEY_PREFIX_LENGTH), hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The lookup prefix of a well-formed key, or null: anything else is not an API key. */
export function apiKeyPrefix(token: string): string | null {
  const match = KEY.exec(token);
  return match ? match[1].slice(0, API_KEY_PREFIX_LENGTH) : null;
}

export function apiKeyMatches(token: string, storedHash: string): boolean {
  const actual = Buffer.from(hashApiKey(token), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
