export const DEFAULT_RETENTION_DAYS = 365;
export const MAX_RETENTION_DAYS = 3 * 365;
const DAY = 86_400_000;

/** The retention date to store, or why the one given is refused. */
export function retentionDate(given: Date | undefined, now: Date): Date | { error: string } {
  if (!given) return new Date(now.getTime() + DEFAULT_RETENTION_DAYS * DAY);
  if (given.getTime() <= now.getTime()) return { error: 'retainUntil must be in the future' };
  if (given.getTime() > now.getTime() + MAX_RETENTION_DAYS * DAY) {
    return { error: `retainUntil must be within ${MAX_RETENTION_DAYS} days` };
  }
  return given;
}

export interface CandidateFacts {
  phone: string | null;
  links: { kind: string; url: string }[];
  consentGivenAt: Date | null;
  retainUntil: Date | null;
}

/**
 * What an application adds to an existing candidate: only what the profile lacks (a phone, new links) and a later
 * retention date. Nothing already there is ever replaced. Returns only the fields that change.
 */
export function enrichment(existing: CandidateFacts, incoming: CandidateFacts): Partial<CandidateFacts> {
  const change: Partial<CandidateFacts> = {};
  if (!existing.phone && incoming.phone) change.phone = incoming.phone;
  const known = new Set(existing.links.map((l) => l.url.toLowerCase()));
  const added = incoming.links.filter((l) => !known.has(l.url.toLowerCase()));
  if (added.length > 0) change.links = [...existing.links, ...added];
  if (!existing.consentGivenAt && incoming.consentGivenAt) change.consentGivenAt = incoming.consentGivenAt;
  if (incoming.retainUntil && (!existing.retainUntil || incoming.retainUntil > existing.retainUntil)) {
    change.retainUntil = incoming.retainUntil;
  }
  return change;
}
