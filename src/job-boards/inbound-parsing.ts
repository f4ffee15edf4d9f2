import { BadRequestException, PayloadTooLargeException, UnprocessableEntityException } from '@nestjs/common';
import { SelfIdentification } from '../eeo/eeo.commands';
import { ProfileLinkKind } from '../candidates/candidate.enums';
import { DomainError } from '../common/errors/domain-error';
import { InputValidationPipe } from '../common/graphql/input-validation.pipe';
import { checkResume, MAX_RESUME_BYTES, ResumeFile } from '../resumes/resume.rules';

/**
 * What every source's parser shares. A parser reads a board's body into an `InboundApplication`, or throws the
 * refusal the board is answered with: an HTTP exception of the boards' protocol (400, 413, 422), rendered as
 * problem details by the one mapping in common/errors, like any other refusal.
 */

/** The person an inbound application stands for, checked and ready for the candidate use cases. */
export interface Applicant {
  fullName: string;
  email: string;
  phone: string | null;
  links: { kind: ProfileLinkKind; url: string }[];
  consentGivenAt: Date | null;
  retainUntil: Date | null;
  /**
   * The optional consent to be kept for future openings (the career page's checkbox), given `givenAt`, until
   * `retainUntil` when the applicant named an end; recorded on the candidate with the posting.
   */
  retentionConsent: { givenAt: Date; retainUntil: Date | null } | null;
  /** Free text (answers) skills are recognised in and added to the candidate; a resume's are read by its job. */
  texts: string[];
  /** Stored with the application, checked already. */
  resume: ResumeFile | null;
  /** Voluntary self-identification, stored apart from the candidate; null when none was given. */
  selfIdentification: SelfIdentification | null;
}

/** What a delivery asks for: the applicant, on a posting of the board it came from. */
export interface InboundApplication {
  postingId: string;
  applicant: Applicant;
}

export type JsonObjectParse = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

/** A body that must be one JSON object; refusals name it as `subject`. */
export function parseJsonObject(raw: Buffer, subject = 'The body'): JsonObjectParse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, message: `${subject} is not valid JSON.` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, message: `${subject} must be a JSON object.` };
  }
  return { ok: true, value: parsed as Record<string, unknown> };
}

/** `parseJsonObject`, a malformed body refused with 400. */
export function readJsonObject(raw: Buffer): Record<string, unknown> {
  const parsed = parseJsonObject(raw);
  if (!parsed.ok) throw new BadRequestException(parsed.message);
  return parsed.value;
}

const validation = new InputValidationPipe();

/** The body checked against its REST class (hostile input, then class-validator); throws its DomainError. */
export async function validateBody<T extends object>(
  body: Record<string, unknown>,
  metatype: new () => T,
): Promise<T> {
  return (await validation.transform(body, { type: 'body', metatype })) as T;
}

/** `validateBody`, every refusal answered with 400 (a stored body read again). */
export async function validateStoredBody<T extends object>(
  body: Record<string, unknown>,
  metatype: new () => T,
): Promise<T> {
  try {
    return await validateBody(body, metatype);
  } catch (error) {
    if (error instanceof DomainError) throw new BadRequestException(error.message);
    throw error;
  }
}

// A plain character class, not groups of four: a repeated group overflows the regex stack on a 5 MB string.
const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64 (standard alphabet, padded), checked in linear time. */
export function isBase64(data: string): boolean {
  return data.length > 0 && data.length % 4 === 0 && BASE64_CHARS.test(data);
}

export type ResumeBytes = { ok: true; bytes: Buffer } | { ok: false; status: 413 | 422; message: string };

/** A resume's base64 data (whitespace ignored) as bytes: 422 when it is not base64, 413 beyond 5 MB. */
export function decodeResumeData(given: unknown): ResumeBytes {
  const data = typeof given === 'string' ? given.replace(/\s+/g, '') : '';
  if (!isBase64(data)) return { ok: false, status: 422, message: 'The resume data is not valid base64.' };
  if ((data.length / 4) * 3 - (data.match(/=+$/)?.[0].length ?? 0) > MAX_RESUME_BYTES) {
    return { ok: false, status: 413, message: 'The resume is larger than 5 MB.' };
  }
  return { ok: true, bytes: Buffer.from(data, 'base64') };
}

/**
 * The resume of a JSON (or multipart) application, checked: 413 beyond 5 MB, 422 when it is not base64 or its
 * content is not the type its extension names.
 */
export function uploadedResume(upload: { fileName: string; data: string } | undefined): ResumeFile | null {
  if (!upload) return null;
  const decoded = decodeResumeData(upload.data);
  if (!decoded.ok) {
    throw decoded.status === 413
      ? new PayloadTooLargeException(decoded.message)
      : new UnprocessableEntityException(decoded.message);
  }
  const checked = checkResume({ fileName: upload.fileName, bytes: decoded.bytes });
  if (!checked.ok) throw new UnprocessableEntityException(checked.message);
  return checked.value;
}

/** The key of an application body that carries voluntary self-identification (eeo/). */
export const SELF_IDENTIFICATION_KEY = 'selfIdentification';

/**
 * The body as a delivery stores it: without its self-identification, which is kept apart from everything about
 * the person (eeo/, docs/privacy.md). A body without one is stored byte for byte. One that names it but is no JSON
 * object could still hold the answers, so none of it is kept. Its hash, which an Idempotency-Key's retry is
 * compared with, is the stored body's: a hash of the answers could be reversed by trying every category.
 */
export function withoutSelfIdentification(raw: Buffer): Buffer {
  // A key may be spelled with JSON escapes (\u0073elf…): parse whenever one could be.
  if (!raw.includes(SELF_IDENTIFICATION_KEY) && !raw.includes('\\u')) return raw;
  const parsed = parseJsonObject(raw);
  if (!parsed.ok) return raw.includes(SELF_IDENTIFICATION_KEY) ? Buffer.alloc(0) : raw;
  if (!Object.prototype.hasOwnProperty.call(parsed.value, SELF_IDENTIFICATION_KEY)) return raw;
  const rest = { ...parsed.value };
  delete rest[SELF_IDENTIFICATION_KEY];
  return Buffer.from(JSON.stringify(rest), 'utf8');
}
