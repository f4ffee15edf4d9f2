import { UnprocessableEntityException } from '@nestjs/common';
import { selfIdentificationOf } from '../eeo/dto/self-identification.request';
import { DomainError } from '../common/errors/domain-error';
import { CareerApplicationRequest } from './dto/career-application.request';
import { retentionDate } from './inbound-applications.rules';
import { Applicant, readJsonObject, uploadedResume, validateStoredBody } from './inbound-parsing';

/**
 * The applicant of Requisite's own application format (the career page; other boards add `postingId`), consent
 * given `now`, or the refusal of its retention date (`retentionRefusal`) or resume (413, 422).
 */
export function requisiteApplicant(
  body: CareerApplicationRequest,
  now: Date,
  retentionRefusal: (message: string) => Error = (message) => new UnprocessableEntityException(message),
): Applicant {
  const retainUntil = retentionDate(body.retainUntil, now);
  if ('error' in retainUntil) throw retentionRefusal(retainUntil.error);
  const resume = uploadedResume(body.resume);
  return {
    fullName: body.fullName.trim(),
    email: body.email,
    phone: body.phone?.trim() || null,
    links: (body.links ?? []).map((l) => ({ kind: l.kind, url: l.url })),
    consentGivenAt: now,
    retainUntil,
    retentionConsent: body.retentionConsent
      ? { givenAt: now, retainUntil: body.retainUntil ? retainUntil : null }
      : null,
    texts: (body.answers ?? []).map((a) => a.answer),
    resume,
    selfIdentification: selfIdentificationOf(body.selfIdentification),
  };
}

/**
 * A career page's application as it arrives: refused like any other bad REST input (a DomainError naming the
 * field, answered 400 with a pointer, nothing written) — the retention date included — except a resume we cannot
 * take (413, 422).
 */
export function careerPageApplicant(body: CareerApplicationRequest, now: Date): Applicant {
  return requisiteApplicant(body, now, (message) => DomainError.invalid(['retainUntil'], message));
}

/**
 * A stored career-page body (JSON as received, or a multipart form's JSON equivalent) read again for reprocessing:
 * consent was given when the page submitted it, the retention date is counted from `now`.
 */
export async function readStoredCareerApplication(raw: Buffer, now: Date): Promise<Applicant> {
  const body = await validateStoredBody(readJsonObject(raw), CareerApplicationRequest);
  return requisiteApplicant(body, now);
}
