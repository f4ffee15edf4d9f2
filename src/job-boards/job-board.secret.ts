import { randomBytes } from 'node:crypto';

/** Random bytes behind a board secret: 256 bits, more than the 24 bytes Standard Webhooks asks for at least. */
const SECRET_BYTES = 32;

/** A Standard Webhooks style secret: "whsec_" + base64 of random bytes. */
export function generateBoardSecret(): string {
  return `whsec_${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/** The HMAC key a secret stands for: the decoded bytes after "whsec_". */
export function boardSecretKey(secret: string): Buffer {
  return Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
}
