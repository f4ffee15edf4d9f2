import { createHmac, timingSafeEqual } from 'node:crypto';
import { ProfileLinkKind } from '../candidates/candidate.enums';
import { PHONE } from '../candidates/dto/candidate.inputs';
import { findHostileInput } from '../common/validation/hostile-input';
import { checkResume, DECLARED_RESUME_TYPES, MAX_RESUME_BYTES, ResumeFile } from '../resumes/resume.rules';

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
  links: { kind: ProfileLinkKind; url: string }[];
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

export { MAX_RESUME_BYTES } from '../resumes/resume.rules';

export interface IndeedApplication {
  id: string;
  jobId: string;
  fullName: string;
  email: string;
  phone: string | null;
  /** Checked (type by declared content type and content) and ready to store. */
  resume: ResumeFile | null;
  answerCount: number;
  /** Free text skills are recognised in at once: the answers (a resume's are read by the resumes.extract job). */
  texts: string[];
}

export type IndeedParse =
  { ok: true; value: IndeedApplication } | { ok: false; status: 400 | 422; message: string; id?: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : typeof value === 'number'
      ? String(value)
      : null;

// A plain character class, not groups of four: a repeated group overflows the regex stack on a 5 MB string.
const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64 (standard alphabet, padded), checked in linear time. */
export function isBase64(data: string): boolean {
  return data.length > 0 && data.length % 4 === 0 && BASE64_CHARS.test(data);
}
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Reads Indeed Apply's JSON (unknown fields ignored): 400 when it is not JSON or a required key is missing,
 * 422 when it is valid JSON we cannot store (a malformed e-mail, a resume that is not base64 or not an allowed
 * type or too large).
 */
export function parseIndeedApplication(raw: Buffer): IndeedParse {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, status: 400, message: 'The body is not valid JSON.' };
  }
  if (!isObject(body)) return { ok: false, status: 400, message: 'The body must be a JSON object.' };
  const job = isObject(body.job) ? body.job : {};
  const applicant = isObject(body.applicant) ? body.applicant : {};
  const required: [string, string | null][] = [
    ['id', text(body.id)],
    ['job.jobId', text(job.jobId)],
    ['applicant.fullName', text(applicant.fullName)],
    ['applicant.email', text(applicant.email)],
  ];
  const missing = required.filter(([, value]) => value === null).map(([key]) => key);
  if (missing.length > 0) {
    return { ok: false, status: 400, message: `Required keys missing: ${missing.join(', ')}.` };
  }
  const [id, jobId, fullName, email] = required.map(([, value]) => value as string);
  const refuse = (message: string): IndeedParse => ({ ok: false, status: 422, message, id });
  // Text PostgreSQL or JSON cannot hold (NUL, a lone surrogate), anywhere in the body, cannot be taken.
  const [hostile] = findHostileInput(body);
  if (hostile) return refuse(hostile.message);
  if (id.length > 200) return refuse('id is longer than 200 characters.');
  if (email.length > 320 || !EMAIL.test(email)) return refuse('applicant.email is not an e-mail address.');
  if (fullName.length > 200) return refuse('applicant.fullName is longer than 200 characters.');
  // A phone we cannot store is left out rather than refusing the application (the delivery keeps it as sent).
  const given = text(applicant.phoneNumber);
  const phone = given && PHONE.test(given) ? given : null;
  let resume: IndeedApplication['resume'] = null;
  const file = isObject(applicant.resume) && isObject(applicant.resume.file) ? applicant.resume.file : null;
  if (file) {
    const declaredType = text(file.contentType)?.toLowerCase() ?? '';
    if (!DECLARED_RESUME_TYPES[declaredType.split(';')[0].trim()]) {
      return refuse('The resume must be a PDF, Word (doc, docx), RTF or plain-text file.');
    }
    const data = typeof file.data === 'string' ? file.data.replace(/\s+/g, '') : '';
    if (!isBase64(data)) return refuse('The resume data is not valid base64.');
    if ((data.length / 4) * 3 - (data.match(/=+$/)?.[0].length ?? 0) > MAX_RESUME_BYTES) {
      return refuse('The resume is larger than 5 MB.');
    }
    const checked = checkResume({
      fileName: text(file.fileName),
      declaredType,
      bytes: Buffer.from(data, 'base64'),
    });
    if (!checked.ok) return refuse(checked.message);
    resume = checked.value;
  }
  const answers = [body.questionsAndAnswers, body.screenerQuestionsAndAnswers];
  const answerCount = answers.reduce<number>(
    (n, list) =>
      n +
      (Array.isArray(list)
        ? list.length
        : isObject(list) && Array.isArray(list.questions)
          ? list.questions.length
          : 0),
    0,
  );
  const answerTexts = answers
    .flatMap((list): unknown[] =>
      Array.isArray(list) ? list : isObject(list) && Array.isArray(list.questions) ? list.questions : [],
    )
    .flatMap((item: unknown) => (isObject(item) ? [item.answer].flat() : []))
    .filter((answer): answer is string => typeof answer === 'string');
  // The resume's skills are read with its text, by the resumes.extract job.
  const texts = answerTexts;
  return { ok: true, value: { id, jobId, fullName, email, phone, resume, answerCount, texts } };
}
