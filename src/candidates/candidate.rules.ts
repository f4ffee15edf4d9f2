/** Tags are trimmed, and the first spelling of a tag wins over later ones that differ only in case. */
export function normalizeTags(tags: string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const tag of tags) {
    const trimmed = tag.trim().replace(/\s+/g, ' ');
    const key = trimmed.toLowerCase();
    if (trimmed && !seen.has(key)) {
      seen.add(key);
      result.push(trimmed);
    }
  }
  return result;
}

/** E-mail as stored: trimmed. Uniqueness is case-insensitive (a unique index on lower(email)). */
export function normalizeEmail(email: string): string {
  return email.trim();
}

/** What the candidate phone column accepts (also for phones arriving from job boards). */
export const PHONE = /^\+?[0-9 ().\-/]{5,40}$/;

/** Profile links and other URLs a candidate gives: http(s) only (class-validator's `IsUrl` options). */
export const HTTP_URL = { protocols: ['http', 'https'], require_protocol: true };
