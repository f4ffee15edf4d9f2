import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog, diff } from '../audit/audit-log';
import { ProfileLinkKind } from '../candidates/candidate.enums';
import { CandidatesService } from '../candidates/candidates.service';
import { inTransaction } from '../common/database/transaction';
import { DomainError } from '../common/errors/domain-error';
import { loggableError } from '../common/errors/loggable-error';
import { problem } from '../common/errors/problem-details';
import { UserErrorCode } from '../common/errors/user-error-code';
import { toGlobalId } from '../common/graphql/global-id';
import { InputValidationPipe } from '../common/graphql/input-validation.pipe';
import { ApplicationsService } from '../pipeline/applications.service';
import { ApplicationSourceKind, ApplicationStatus } from '../pipeline/pipeline.enums';
import { checkResume, MAX_RESUME_BYTES, ResumeFile } from '../resumes/resume.rules';
import { ResumesService } from '../resumes/resumes.service';
import { recognizeSkills } from '../skills/skill-recognition.rules';
import { SkillsService } from '../skills/skills.service';
import { InboundSource } from './inbound-delivery.entity';
import {
  BoardApplicationRequest,
  CareerApplicationRequest,
  ResumeUpload,
} from './dto/career-application.request';
import {
  enrichment,
  IndeedApplication,
  isBase64,
  parseIndeedApplication,
  retentionDate,
} from './inbound-applications.rules';
import { JobBoardEntity } from './job-board.entity';
import { JobBoardKind, JobPostingStatus } from './job-board.enums';
import { isUuid } from './job-boards.repository';

/** The answer given to a board, stored with the delivery so a retry gets the very same one. */
export interface InboundAnswer {
  status: number;
  body: Record<string, unknown>;
  applicationId?: string | null;
  /** For the log and the delivery row; never sent. */
  error?: string | null;
}

/** A refusal of an inbound application, with the HTTP status the board expects for it. */
export class InboundRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  toAnswer(): InboundAnswer {
    return {
      status: this.status,
      body: problem(this.status, this.message, { code: this.code }) as unknown as Record<string, unknown>,
      // The column keeps the first 1,000 characters; a refusal listing many fields is answered in full.
      error: this.message.slice(0, 1000),
    };
  }
}

export interface Applicant {
  fullName: string;
  email: string;
  phone: string | null;
  links: { kind: ProfileLinkKind; url: string }[];
  consentGivenAt: Date | null;
  retainUntil: Date | null;
  /** Free text (answers) skills are recognised in and added to the candidate; a resume's are read by its job. */
  texts: string[];
  /** Stored with the application, checked already. */
  resume: ResumeFile | null;
}

/** Indeed counts an application of the same e-mail to the same job within this many days as a duplicate. */
export const INDEED_DUPLICATE_WINDOW_DAYS = 120;

export interface Delivery {
  board: JobBoardEntity;
  source: InboundSource;
  /** The board's id for the application (Indeed's `id`, the career page's Idempotency-Key), if any. */
  externalId: string | null;
  signatureValid: boolean | null;
  contentType: string | null;
  rawBody: Buffer;
  /** The posting named in a career page's URL (its body does not name it), kept for reprocessing. */
  postingId?: string | null;
}

/** What processing needs to know about the delivery it processes. */
export interface DeliveryContext {
  source: InboundSource;
  /** The stored delivery's id (a stored resume refers to it). */
  deliveryId: string;
}

interface CandidateRow {
  id: string;
  phone: string | null;
  links: { kind: ProfileLinkKind; url: string }[];
  consentGivenAt: Date | null;
  retainUntil: Date | null;
}

const SAVEPOINT = 'inbound_processing';

/**
 * Applications boards push to us. Every delivery is stored as received, with the answer given; a delivery with
 * an external id already seen gets the first one's answer and creates nothing. The candidate and application are
 * made through CandidatesService and ApplicationsService, so their events, history and audit entries are written.
 */
@Injectable()
export class InboundApplicationsService {
  private readonly logger = new Logger('InboundApplications');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly candidates: CandidatesService,
    private readonly applications: ApplicationsService,
    private readonly audit: AuditLog,
    private readonly skills: SkillsService,
    private readonly resumes: ResumesService,
  ) {}

  /**
   * Runs the processing of a stored delivery again, from its stored body: for operators, once what made it fail
   * (a posting taken down, an outage) is fixed. Only deliveries whose processing failed: not one refused for its
   * signature, and one that already made an application is returned as it is (so reprocessing is idempotent).
   * Career-page deliveries are reprocessed for the posting their URL named (stored with them).
   */
  async reprocess(id: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const [row] = await manager.query<
        {
          boardId: string;
          source: InboundSource;
          signatureValid: boolean | null;
          status: number | null;
          applicationId: string | null;
          rawBody: Buffer;
          postingId: string | null;
          receivedAt: Date;
        }[]
      >(
        `SELECT board_id AS "boardId", source, signature_valid AS "signatureValid", response_status AS status,
                application_id AS "applicationId", raw_body AS "rawBody", posting_id AS "postingId",
                received_at AS "receivedAt"
         FROM inbound_delivery WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!row) throw DomainError.notFound('Inbound delivery', ['id']);
      if (row.signatureValid === false) {
        throw DomainError.invalid(
          ['id'],
          'This delivery was refused for its signature: it cannot be reprocessed.',
        );
      }
      if (row.applicationId !== null || (row.status !== null && row.status < 300)) return;
      if (row.source === InboundSource.CAREER_PAGE && row.postingId === null) {
        throw DomainError.invalid(
          ['id'],
          'This delivery from a career page does not name its posting: the career page submits it again.',
        );
      }
      const board = await manager.findOneByOrFail(JobBoardEntity, { id: row.boardId });
      await manager.query(`SAVEPOINT ${SAVEPOINT}`);
      let answer: InboundAnswer;
      try {
        const stored = await storedApplication(row, new Date());
        answer = await this.apply(manager, board, stored.postingId, stored.applicant, stored.successStatus, {
          source: row.source,
          deliveryId: id,
        });
      } catch (error) {
        const refusal = toRefusal(error);
        if (!refusal) throw error;
        await manager.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
        answer = refusal.toAnswer();
      }
      await manager.query(
        `UPDATE inbound_delivery SET response_status = $2, response_body = $3, application_id = $4, error = $5,
           processed_at = now() WHERE id = $1`,
        [id, answer.status, answer.body, answer.applicationId ?? null, answer.error ?? null],
      );
      await this.audit.record(manager, {
        action: 'reprocessInboundDelivery',
        subjectType: 'inbound_delivery',
        subjectIds: [id],
        changes: diff({ responseStatus: row.status }, { responseStatus: answer.status }),
      });
    });
  }

  /** Stores a delivery refused before processing (bad signature, unreadable body) with its answer. */
  async refuse(delivery: Delivery, refusal: InboundRefusal): Promise<InboundAnswer> {
    const answer = refusal.toAnswer();
    // Not under its external id: an unverified or unreadable delivery must not block a genuine one.
    await this.insert(this.dataSource.manager, { ...delivery, externalId: null }, answer);
    return answer;
  }

  /**
   * Stores the delivery and processes it in one transaction. A refusal (InboundRefusal, DomainError) rolls back
   * whatever processing wrote but keeps the delivery and its answer. With `sameBodyRequired`, an external id
   * replayed with another body is refused (Idempotency-Key semantics) instead of answered.
   */
  async receive(
    delivery: Delivery,
    process: (manager: EntityManager, deliveryId: string) => Promise<InboundAnswer>,
    options: { sameBodyRequired: boolean },
  ): Promise<InboundAnswer> {
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        const id = await this.insert(manager, delivery, null);
        if (!id) return this.replay(manager, delivery, options.sameBodyRequired);
        await manager.query(`SAVEPOINT ${SAVEPOINT}`);
        let answer: InboundAnswer;
        try {
          answer = await process(manager, id);
        } catch (error) {
          const refusal = toRefusal(error);
          if (!refusal) throw error;
          await manager.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
          answer = refusal.toAnswer();
        }
        await manager.query(
          `UPDATE inbound_delivery SET response_status = $2, response_body = $3, application_id = $4, error = $5,
             processed_at = now() WHERE id = $1`,
          [id, answer.status, answer.body, answer.applicationId ?? null, answer.error ?? null],
        );
        return answer;
      });
    } catch (error) {
      // Kept for operators, without its external id so that the board's retry is processed afresh.
      this.logger.error(loggableError(error), 'Inbound application failed');
      await this.insert(
        this.dataSource.manager,
        { ...delivery, externalId: null },
        { status: 500, body: {}, error: error instanceof Error ? error.message.slice(0, 1000) : 'failed' },
      ).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Puts the applicant on the posting's requisition, in its first stage: matched by e-mail (an existing candidate
   * is enriched, never overwritten), or created.
   */
  async apply(
    manager: EntityManager,
    board: JobBoardEntity,
    postingId: string,
    applicant: Applicant,
    successStatus: number,
    delivery: DeliveryContext,
  ): Promise<InboundAnswer> {
    const [posting] = isUuid(postingId)
      ? await manager.query<{ id: string; status: JobPostingStatus; requisitionId: string }[]>(
          `SELECT id, status, requisition_id AS "requisitionId" FROM job_posting WHERE id = $1 AND board_id = $2`,
          [postingId, board.id],
        )
      : [];
    if (!posting) throw new InboundRefusal(404, 'NOT_FOUND', 'There is no such job on this board.');
    if (posting.status !== JobPostingStatus.PUBLISHED) {
      throw new InboundRefusal(410, 'GONE', 'This job is no longer published.');
    }
    // One applicant at a time per e-mail: two deliveries for one person must not both create a candidate.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended(lower($1), 0))`, [applicant.email]);
    const [existing] = await manager.query<CandidateRow[]>(
      `SELECT id, phone, links, consent_given_at AS "consentGivenAt", retain_until AS "retainUntil"
       FROM candidate WHERE lower(email) = lower($1) FOR UPDATE`,
      [applicant.email],
    );
    const recognized =
      applicant.texts.length > 0 ? recognizeSkills(applicant.texts, await this.skills.taxonomy(manager)) : [];
    let candidateId: string;
    if (existing) {
      candidateId = existing.id;
      const change: ReturnType<typeof enrichment> & { skills?: { name: string; years: number | null }[] } =
        enrichment(existing, applicant);
      if (recognized.length > 0) {
        // Added after the skills the candidate has, which are kept as they are (years included).
        const current = await manager.query<{ skillId: string; name: string; years: string | null }[]>(
          `SELECT cs.skill_id AS "skillId", s.name, cs.years FROM candidate_skill cs JOIN skill s ON s.id = cs.skill_id
           WHERE cs.candidate_id = $1 ORDER BY cs.position`,
          [existing.id],
        );
        const known = new Set(current.map((c) => c.skillId));
        const added = recognized.filter((skill) => !known.has(skill.id));
        if (added.length > 0) {
          change.skills = [
            ...current.map((c) => ({ name: c.name, years: c.years === null ? null : Number(c.years) })),
            ...added.map((skill) => ({ name: skill.name, years: null })),
          ];
        }
      }
      if (Object.keys(change).length > 0) {
        await this.candidates.updateWithin(manager, { id: existing.id, ...change });
      }
    } else {
      const created = await this.candidates.createWithin(manager, {
        fullName: applicant.fullName,
        email: applicant.email,
        phone: applicant.phone,
        links: applicant.links,
        consentGivenAt: applicant.consentGivenAt,
        retainUntil: applicant.retainUntil,
        skills: recognized.map((skill) => ({ name: skill.name, years: null })),
        education: [],
        certifications: [],
        tags: [],
      });
      candidateId = created.id;
    }
    const applicationId = await this.placeApplication(
      manager,
      board,
      delivery.source,
      candidateId,
      posting.requisitionId,
    );
    if (applicant.resume) {
      await this.resumes.insertWithin(manager, {
        candidateId,
        applicationId,
        inboundDeliveryId: delivery.deliveryId,
        file: applicant.resume,
      });
    }
    return {
      status: successStatus,
      body: { status: 'accepted', applicationId: toGlobalId('Application', applicationId) },
      applicationId,
    };
  }

  /**
   * The application the delivery stands for. Usually a new one, in the first stage; a second application of the
   * candidate to the requisition is a duplicate (409) — except from Indeed, whose rule is narrower: only an earlier
   * Indeed application of the same e-mail to the job accepted within 120 days is a duplicate. Past that window (or
   * when the existing application came another way) Indeed's application is accepted: an ACTIVE application is
   * kept as it is and answered with (the resume is added to it); a REJECTED or WITHDRAWN one is made ACTIVE again
   * in the first stage, applied now, with its history entry and event (one application per candidate and
   * requisition); a HIRED one stays a duplicate.
   */
  private async placeApplication(
    manager: EntityManager,
    board: JobBoardEntity,
    source: InboundSource,
    candidateId: string,
    requisitionId: string,
  ): Promise<string> {
    const [existing] =
      source === InboundSource.INDEED
        ? await manager.query<{ id: string; status: ApplicationStatus; recentIndeed: boolean }[]>(
            `SELECT a.id, a.status, EXISTS (
               SELECT 1 FROM inbound_delivery d WHERE d.application_id = a.id AND d.source = 'INDEED'
                 AND d.response_status BETWEEN 200 AND 299
                 AND d.received_at > now() - make_interval(days => $3)) AS "recentIndeed"
             FROM application a WHERE a.candidate_id = $1 AND a.requisition_id = $2`,
            [candidateId, requisitionId, INDEED_DUPLICATE_WINDOW_DAYS],
          )
        : [];
    if (existing && !existing.recentIndeed) {
      if (existing.status === ApplicationStatus.ACTIVE) return existing.id;
      if (existing.status === ApplicationStatus.REJECTED || existing.status === ApplicationStatus.WITHDRAWN) {
        const { application } = await this.applications.reapplyWithin(
          manager,
          existing.id,
          `Applied again through ${board.name}`,
        );
        return application.id;
      }
    }
    const { application } = await this.applications.createWithin(manager, {
      candidateId,
      requisitionId,
      source: {
        kind:
          board.kind === JobBoardKind.CAREER_PAGE
            ? ApplicationSourceKind.CAREER_PAGE
            : ApplicationSourceKind.JOB_BOARD,
        detail: board.name,
      },
    });
    return application.id;
  }

  private async replay(
    manager: EntityManager,
    delivery: Delivery,
    sameBodyRequired: boolean,
  ): Promise<InboundAnswer> {
    const [prior] = await manager.query<
      {
        status: number | null;
        body: Record<string, unknown> | null;
        sha: string;
        applicationId: string | null;
      }[]
    >(
      `SELECT response_status AS status, response_body AS body, body_sha256 AS sha, application_id AS "applicationId"
       FROM inbound_delivery WHERE board_id = $1 AND source = $2 AND external_id = $3`,
      [delivery.board.id, delivery.source, delivery.externalId],
    );
    if (sameBodyRequired && prior.sha !== sha256(delivery.rawBody)) {
      return new InboundRefusal(
        422,
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used for a different request.',
      ).toAnswer();
    }
    return { status: prior.status ?? 500, body: prior.body ?? {}, applicationId: prior.applicationId };
  }

  /** Inserts the delivery; null when one with the same external id exists (it is then left as it is). */
  private async insert(
    manager: EntityManager,
    delivery: Delivery,
    answer: InboundAnswer | null,
  ): Promise<string | null> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO inbound_delivery (board_id, source, external_id, signature_valid, content_type, raw_body,
         body_sha256, response_status, response_body, error, posting_id, processed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $8::int IS NULL THEN NULL ELSE now() END)
       ON CONFLICT (board_id, source, external_id) WHERE external_id IS NOT NULL DO NOTHING
       RETURNING id`,
      [
        delivery.board.id,
        delivery.source,
        delivery.externalId,
        delivery.signatureValid,
        delivery.contentType?.slice(0, 200) ?? null,
        delivery.rawBody,
        sha256(delivery.rawBody),
        answer?.status ?? null,
        answer?.body ?? null,
        answer?.error ?? null,
        // Only an id that can name a posting: anything else is a 404 that reprocessing could not change.
        delivery.source === InboundSource.CAREER_PAGE && delivery.postingId && isUuid(delivery.postingId)
          ? delivery.postingId
          : null,
      ],
    );
    return rows[0]?.id ?? null;
  }
}

const sha256 = (body: Buffer): string => createHash('sha256').update(body).digest('hex');

/** Business refusals of the services, as the status codes boards understand. */
function toRefusal(error: unknown): InboundRefusal | null {
  if (error instanceof InboundRefusal) return error;
  if (!(error instanceof DomainError)) return null;
  switch (error.code) {
    case UserErrorCode.DUPLICATE_APPLICATION:
      return new InboundRefusal(409, error.code, 'This e-mail address already applied to this job.');
    case UserErrorCode.REQUISITION_NOT_OPEN:
    case UserErrorCode.REQUISITION_CLOSED:
      return new InboundRefusal(410, 'GONE', 'This job is no longer accepting applications.');
    default:
      return new InboundRefusal(422, error.code, error.message);
  }
}

const validation = new InputValidationPipe();

/** A Standard Webhooks body read as Requisite's application format: 400 if malformed, 422 for consent refused. */
export async function parseBoardApplication(raw: Buffer): Promise<BoardApplicationRequest | InboundRefusal> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    return new InboundRefusal(400, 'BAD_REQUEST', 'The body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return new InboundRefusal(400, 'BAD_REQUEST', 'The body must be a JSON object.');
  }
  try {
    return (await validation.transform(parsed, {
      type: 'body',
      metatype: BoardApplicationRequest,
    })) as BoardApplicationRequest;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // Consent refused is well-formed but cannot be accepted; everything else is malformed.
    const onlyConsent = error.errors.every((e) => e.field?.join('.') === 'consent');
    return onlyConsent && (parsed as { consent?: unknown }).consent === false
      ? new InboundRefusal(422, 'UNPROCESSABLE_CONTENT', error.message)
      : new InboundRefusal(400, 'BAD_REQUEST', error.message);
  }
}

/**
 * The resume of a JSON (or multipart) application, checked: 413 beyond 5 MB, 422 when it is not base64 or its
 * content is not the type its extension names.
 */
export function uploadedResume(upload: ResumeUpload | undefined): ResumeFile | null | InboundRefusal {
  if (!upload) return null;
  const data = upload.data.replace(/\s+/g, '');
  if (!isBase64(data)) {
    return new InboundRefusal(422, 'UNPROCESSABLE_CONTENT', 'The resume data is not valid base64.');
  }
  if ((data.length / 4) * 3 - (data.match(/=+$/)?.[0].length ?? 0) > MAX_RESUME_BYTES) {
    return new InboundRefusal(413, 'PAYLOAD_TOO_LARGE', 'The resume is larger than 5 MB.');
  }
  const checked = checkResume({ fileName: upload.fileName, bytes: Buffer.from(data, 'base64') });
  return checked.ok ? checked.value : new InboundRefusal(422, 'UNPROCESSABLE_CONTENT', checked.message);
}

/** The applicant of Requisite's own application format (career page, other boards), consent given `now`. */
export function requisiteApplicant(
  body: CareerApplicationRequest,
  now: Date,
  retainUntil: Date,
  resume: ResumeFile | null,
): Applicant {
  return {
    fullName: body.fullName.trim(),
    email: body.email,
    phone: body.phone?.trim() || null,
    links: (body.links ?? []).map((l) => ({ kind: l.kind, url: l.url })),
    consentGivenAt: now,
    retainUntil,
    texts: (body.answers ?? []).map((a) => a.answer),
    resume,
  };
}

/** The applicant of an Indeed Apply application; Indeed asks the applicant's consent before it sends one. */
export function indeedApplicant(application: IndeedApplication, now: Date): Applicant {
  return {
    fullName: application.fullName,
    email: application.email,
    phone: application.phone,
    links: [],
    consentGivenAt: now,
    retainUntil: retentionDate(undefined, now) as Date,
    texts: application.texts,
    resume: application.resume,
  };
}

/** The applicant a board application stands for, or the refusal of its retention date or resume. */
export function boardApplicant(body: CareerApplicationRequest, now: Date): Applicant | InboundRefusal {
  const retainUntil = retentionDate(body.retainUntil, now);
  if ('error' in retainUntil) return new InboundRefusal(422, 'UNPROCESSABLE_CONTENT', retainUntil.error);
  const resume = uploadedResume(body.resume);
  if (resume instanceof InboundRefusal) return resume;
  return requisiteApplicant(body, now, retainUntil, resume);
}

/** A stored career-page body (JSON as received, or a multipart form's JSON equivalent) read again. */
async function parseCareerApplication(raw: Buffer): Promise<CareerApplicationRequest | InboundRefusal> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    return new InboundRefusal(400, 'BAD_REQUEST', 'The body is not valid JSON.');
  }
  try {
    return (await validation.transform(parsed, {
      type: 'body',
      metatype: CareerApplicationRequest,
    })) as CareerApplicationRequest;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return new InboundRefusal(400, 'BAD_REQUEST', error.message);
  }
}

/** What a stored delivery asks for, read again from its body (and a career page's posting); throws its refusal. */
async function storedApplication(
  delivery: { source: InboundSource; rawBody: Buffer; postingId: string | null },
  now: Date,
): Promise<{ postingId: string; applicant: Applicant; successStatus: number }> {
  const raw = delivery.rawBody;
  if (delivery.source === InboundSource.INDEED) {
    const parsed = parseIndeedApplication(raw);
    if (!parsed.ok) {
      const code = parsed.status === 400 ? 'BAD_REQUEST' : 'UNPROCESSABLE_CONTENT';
      throw new InboundRefusal(parsed.status, code, parsed.message);
    }
    return {
      postingId: parsed.value.jobId,
      applicant: indeedApplicant(parsed.value, now),
      successStatus: 200,
    };
  }
  if (delivery.source === InboundSource.CAREER_PAGE) {
    const body = await parseCareerApplication(raw);
    if (body instanceof InboundRefusal) throw body;
    // Consent was given when the page submitted it; the retention date is counted from now.
    const applicant = boardApplicant(body, now);
    if (applicant instanceof InboundRefusal) throw applicant;
    return { postingId: delivery.postingId as string, applicant, successStatus: 201 };
  }
  const body = await parseBoardApplication(raw);
  if (body instanceof InboundRefusal) throw body;
  const applicant = boardApplicant(body, now);
  if (applicant instanceof InboundRefusal) throw applicant;
  return { postingId: body.postingId, applicant, successStatus: 200 };
}
