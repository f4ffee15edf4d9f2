import { BadRequestException, UnprocessableEntityException } from '@nestjs/common';
import { PHONE } from '../candidates/candidate.rules';
import { findHostileInput } from '../common/validation/hostile-input';
import { checkResume, DECLARED_RESUME_TYPES, ResumeFile } from '../resumes/resume.rules';
import { retentionDate } from './inbound-applications.rules';
import { decodeResumeData, InboundApplication, parseJsonObject } from './inbound-parsing';

/** Indeed Apply's application (https://docs.indeed.com/indeed-apply), as far as we read it. */
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
  | { ok: true; value: IndeedApplication }
  | { ok: false; status: 400 | 413 | 422; message: string; id?: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : typeof value === 'number'
      ? String(value)
      : null;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The question lists Indeed sends (a list, or an object with `questions`). */
const questionsOf = (list: unknown): unknown[] =>
  Array.isArray(list) ? list : isObject(list) && Array.isArray(list.questions) ? list.questions : [];

/**
 * Reads Indeed Apply's JSON (unknown fields ignored): 400 when it is not JSON or a required key is missing,
 * 422 when it is valid JSON we cannot store (a malformed e-mail, a resume that is not base64 or not an allowed
 * type or too large).
 */
export function parseIndeedApplication(raw: Buffer): IndeedParse {
  const parsed = parseJsonObject(raw);
  if (!parsed.ok) return { ok: false, status: 400, message: parsed.message };
  const body = parsed.value;
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
    // Valid JSON we cannot store is 422 for Indeed, a resume too large included.
    const decoded = decodeResumeData(file.data);
    if (!decoded.ok) return refuse(decoded.message);
    const checked = checkResume({ fileName: text(file.fileName), declaredType, bytes: decoded.bytes });
    if (!checked.ok) return refuse(checked.message);
    resume = checked.value;
  }
  const questions = [body.questionsAndAnswers, body.screenerQuestionsAndAnswers].flatMap(questionsOf);
  const answerTexts = questions
    .flatMap((item: unknown) => (isObject(item) ? [item.answer].flat() : []))
    .filter((answer): answer is string => typeof answer === 'string');
  // The resume's skills are read with its text, by the resumes.extract job.
  const texts = answerTexts;
  return {
    ok: true,
    value: { id, jobId, fullName, email, phone, resume, answerCount: questions.length, texts },
  };
}

/**
 * An Indeed Apply body as the application it stands for, with Indeed's application id (its external id), or the
 * refusal Indeed is answered with. Indeed asks the applicant's consent before it sends one: consent is given `now`.
 */
export function readIndeedApplication(
  raw: Buffer,
  now: Date,
): { externalId: string; application: InboundApplication } {
  const parsed = parseIndeedApplication(raw);
  if (!parsed.ok) {
    throw parsed.status === 400
      ? new BadRequestException(parsed.message)
      : new UnprocessableEntityException(parsed.message);
  }
  const indeed = parsed.value;
  return {
    externalId: indeed.id,
    application: {
      postingId: indeed.jobId,
      applicant: {
        fullName: indeed.fullName,
        email: indeed.email,
        phone: indeed.phone,
        links: [],
        consentGivenAt: now,
        retainUntil: retentionDate(undefined, now) as Date,
        retentionConsent: null,
        texts: indeed.texts,
        resume: indeed.resume,
        // Indeed Apply's format carries no self-identification: we do not invent a key Indeed never sends.
        selfIdentification: null,
      },
    },
  };
}
