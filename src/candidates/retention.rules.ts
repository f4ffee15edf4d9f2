const DAY_MS = 86_400_000;

/** How long candidates are kept (CANDIDATE_RETENTION_DAYS, CANDIDATE_CONSENT_RETENTION_DAYS). */
export interface RetentionPolicy {
  /** Days kept after the last application ended without a hire. */
  retentionDays: number;
  /** Days kept after consent was given, when the consent did not name its own end. */
  consentRetentionDays: number;
}

/** What the deadline depends on, read in the transaction that changes one of them. */
export interface RetentionFacts {
  /** When each application that ended without a hire ended (rejected, withdrew, its requisition closed or filled). */
  endedAt: readonly Date[];
  /** Some application is still live: ACTIVE on a requisition that is not CLOSED or FILLED. */
  active: boolean;
  /** Some application was hired: the person's data moves on to the HR system, retention does not apply. */
  hired: boolean;
  consentGivenAt: Date | null;
  /** The end the consent named (`recordCandidateConsent`'s `retainUntil`), if it named one. */
  consentRetainUntil: Date | null;
}

const plusDays = (at: Date, days: number) => new Date(at.getTime() + days * DAY_MS);
const latest = (dates: readonly Date[]) => new Date(Math.max(...dates.map((d) => d.getTime())));

/** Until when the consent lets the data be kept, or null without consent. */
export function consentDeadline(
  facts: Pick<RetentionFacts, 'consentGivenAt' | 'consentRetainUntil'>,
  policy: RetentionPolicy,
): Date | null {
  if (facts.consentRetainUntil) return facts.consentRetainUntil;
  return facts.consentGivenAt ? plusDays(facts.consentGivenAt, policy.consentRetentionDays) : null;
}

/**
 * The candidate's `retainUntil`: null while anything is live (nothing is due while a process runs) and for hired
 * people (never due: their data moves to the HR system); otherwise the later of the last end plus
 * `retentionDays` and the consent's deadline. A candidate with no application at all is kept as their consent
 * says, or without a deadline (null) when there is none.
 */
export function retentionDeadline(facts: RetentionFacts, policy: RetentionPolicy): Date | null {
  if (facts.hired || facts.active) return null;
  const candidates: Date[] = [];
  if (facts.endedAt.length > 0) candidates.push(plusDays(latest(facts.endedAt), policy.retentionDays));
  const consent = consentDeadline(facts, policy);
  if (consent) candidates.push(consent);
  return candidates.length > 0 ? latest(candidates) : null;
}
