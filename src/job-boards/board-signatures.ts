import { createHmac, timingSafeEqual } from 'node:crypto';

/** Indeed's X-Indeed-Signature: base64(HMAC-SHA1(secret, raw body)), compared in constant time. */
export function indeedSignatureValid(secret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header || !/^[A-Za-z0-9+/]+={0,2}$/.test(header.trim())) return false;
  const expected = createHmac('sha1', secret).update(rawBody).digest();
  const given = Buffer.from(header.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** How far a Standard Webhooks `webhook-timestamp` may be from our clock, either way. */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

export type WebhookVerification = { ok: true } | { ok: false; message: string };

/**
 * Standard Webhooks: `webhook-signature` holds one or more space-separated `v1,<base64 HMAC-SHA256>` over
 * `"<webhook-id>.<webhook-timestamp>.<raw body>"`, keyed with the base64 bytes after the secret's `whsec_`. The
 * timestamp (Unix seconds) must be within ±5 minutes of `now`. Signatures of other versions are ignored; each `v1`
 * one is compared in constant time.
 */
export function verifyStandardWebhook(
  key: Buffer,
  headers: { id?: string; timestamp?: string; signature?: string },
  rawBody: Buffer,
  now: Date,
): WebhookVerification {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) {
    return { ok: false, message: 'webhook-id, webhook-timestamp and webhook-signature are required.' };
  }
  if (!/^[0-9]{1,12}$/.test(timestamp))
    return { ok: false, message: 'webhook-timestamp is not a Unix time.' };
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > WEBHOOK_TOLERANCE_SECONDS) {
    return { ok: false, message: 'webhook-timestamp is too far from the current time.' };
  }
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(rawBody).digest();
  const matches = signature
    .split(' ')
    .filter((part) => part.startsWith('v1,'))
    .map((part) => part.slice(3))
    .filter((value) => /^[A-Za-z0-9+/]+={0,2}$/.test(value))
    .map((value) => Buffer.from(value, 'base64'))
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
  return matches ? { ok: true } : { ok: false, message: 'No webhook-signature matches.' };
}
