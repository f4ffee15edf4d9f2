import { UserErrorDetail } from '../common/errors/domain-error';
import { UserErrorCode } from '../common/errors/user-error-code';

const DAY_MS = 86_400_000;

/** A consent's end may lie at most this far after it was given (ten years): beyond that it is no retention period. */
export const CONSENT_MAX_DAYS = 3650;
/** Clocks of the caller and the server differ a little: a consent "given" this close to now is taken as now. */
export const CONSENT_CLOCK_SKEW_MS = 5 * 60_000;

/** What `recordCandidateConsent` refuses: a consent given in the future, an end before it or too far after it. */
export function consentErrors(
  consent: { consentGivenAt: Date; retainUntil?: Date | null },
  now: Date,
): UserErrorDetail[] {
  const errors: UserErrorDetail[] = [];
  const invalid = (field: string, message: string) =>
    errors.push({ code: UserErrorCode.INVALID_INPUT, message, field: [field] });
  const given = consent.consentGivenAt.getTime();
  if (given > now.getTime() + CONSENT_CLOCK_SKEW_MS) {
    invalid('consentGivenAt', 'consentGivenAt must not be in the future.');
  }
  const until = consent.retainUntil?.getTime();
  if (until !== undefined) {
    if (until <= given) invalid('retainUntil', 'retainUntil must be after consentGivenAt.');
    else if (until > given + CONSENT_MAX_DAYS * DAY_MS) {
      invalid('retainUntil', `retainUntil must be at most ${CONSENT_MAX_DAYS} days after consentGivenAt.`);
    } else if (until <= now.getTime()) invalid('retainUntil', 'retainUntil must be in the future.');
  }
  return errors;
}
