import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ResumeFailureReason, ResumeStatus } from './resume.enums';
import { ResumeFile } from './resume.rules';

/** A stored resume without its bytes (what lists and GraphQL show). */
export interface ResumeSummary {
  id: string;
  candidateId: string;
  applicationId: string | null;
  fileName: string | null;
  contentType: string;
  byteSize: number;
  sha256: string;
  status: ResumeStatus;
  failureReason: ResumeFailureReason | null;
  pageCount: number | null;
  processedAt: Date | null;
  createdAt: Date;
}

/** A stored resume as the extraction job reads it. */
export interface ResumeToRead {
  id: string;
  candidateId: string;
  contentType: string;
  byteSize: number;
  status: ResumeStatus;
  content: Buffer;
}

/** A skill recognised in a resume, with the line it was found on. */
export interface ResumeSkillEvidence {
  resumeId: string;
  candidateId: string;
  skillId: string;
  evidence: string;
  position: number;
}

/** What a resume is stored with: its candidate, and the application and inbound delivery it came with. */
export interface NewResume {
  candidateId: string;
  applicationId: string | null;
  inboundDeliveryId: string | null;
  file: ResumeFile;
}

const SUMMARY = `id, candidate_id AS "candidateId", application_id AS "applicationId", file_name AS "fileName",
  content_type AS "contentType", byte_size AS "byteSize", sha256, status, failure_reason AS "failureReason",
  page_count AS "pageCount", processed_at AS "processedAt", created_at AS "createdAt"`;

/** Every statement about stored resumes. The bytes and the text are read only when asked for. */
@Injectable()
export class ResumesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Erasure: deletes every resume of the candidate — file, text and the evidence lines read from it
   * (`resume_skill` cascades). Returns what went, with the inbound delivery each came in.
   */
  deleteOfCandidate(
    manager: EntityManager,
    candidateId: string,
  ): Promise<{ id: string; inbound_delivery_id: string | null }[]> {
    return manager.query(
      `WITH gone AS (DELETE FROM resume WHERE candidate_id = $1 RETURNING id, inbound_delivery_id)
       SELECT * FROM gone`,
      [candidateId],
    );
  }

  async insert(manager: EntityManager, resume: NewResume): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO resume (candidate_id, application_id, inbound_delivery_id, file_name, content_type, byte_size,
         sha256, content, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'PENDING') RETURNING id`,
      [
        resume.candidateId,
        resume.applicationId,
        resume.inboundDeliveryId,
        resume.file.fileName,
        resume.file.contentType,
        resume.file.size,
        resume.file.sha256,
        resume.file.bytes,
      ],
    );
    return row.id;
  }

  /** Resumes by id, on the caller's transaction. */
  findByIdsWithin(manager: EntityManager, ids: readonly string[]): Promise<ResumeSummary[]> {
    return manager.query<ResumeSummary[]>(`SELECT ${SUMMARY} FROM resume WHERE id = ANY($1::uuid[])`, [
      [...ids],
    ]);
  }

  /** Every resume of each candidate, newest first. */
  findByCandidateIds(candidateIds: readonly string[]): Promise<ResumeSummary[]> {
    return this.dataSource.query<ResumeSummary[]>(
      `SELECT ${SUMMARY} FROM resume WHERE candidate_id = ANY($1::uuid[]) ORDER BY created_at DESC, id DESC`,
      [candidateIds],
    );
  }

  /** The latest resume sent with each application. */
  findLatestByApplicationIds(applicationIds: readonly string[]): Promise<ResumeSummary[]> {
    return this.dataSource.query<ResumeSummary[]>(
      `SELECT DISTINCT ON (application_id) ${SUMMARY} FROM resume WHERE application_id = ANY($1::uuid[])
       ORDER BY application_id, created_at DESC, id DESC`,
      [applicationIds],
    );
  }

  /** The text read from each resume, by resume id (null until read, or when it could not be). */
  findTexts(ids: readonly string[]): Promise<{ id: string; text: string | null }[]> {
    return this.dataSource.query(`SELECT id, text FROM resume WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** One resume with its bytes, for download. */
  async findWithContent(id: string): Promise<(ResumeSummary & { content: Buffer }) | null> {
    const [row] = await this.dataSource.query<(ResumeSummary & { content: Buffer })[]>(
      `SELECT ${SUMMARY}, content FROM resume WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** A resume with its bytes, for the extraction job; null when it is gone. */
  async findToRead(id: string): Promise<ResumeToRead | null> {
    const [row] = await this.dataSource.query<ResumeToRead[]>(
      `SELECT id, candidate_id AS "candidateId", content_type AS "contentType", byte_size AS "byteSize", status,
              content
       FROM resume WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** Locks a resume for recording what its reading gave; its status then (null when it is gone). */
  async lockStatus(manager: EntityManager, id: string): Promise<ResumeStatus | null> {
    const [row] = await manager.query<{ status: ResumeStatus }[]>(
      `SELECT status FROM resume WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row?.status ?? null;
  }

  async recordParsed(
    manager: EntityManager,
    id: string,
    read: { text: string; pageCount: number | null },
    skills: { skillId: string; evidence: string }[],
  ): Promise<void> {
    await manager.query(
      `UPDATE resume SET status = 'PARSED', text = $2, page_count = $3, failure_reason = NULL,
         failure_detail = NULL, processed_at = now()
       WHERE id = $1`,
      [id, read.text, read.pageCount],
    );
    if (skills.length === 0) return;
    await manager.query(
      `INSERT INTO resume_skill (resume_id, skill_id, evidence, position)
       SELECT $1, * FROM unnest($2::uuid[], $3::varchar[], $4::smallint[])
       ON CONFLICT (resume_id, skill_id) DO NOTHING`,
      [id, skills.map((s) => s.skillId), skills.map((s) => s.evidence), skills.map((_, i) => i)],
    );
  }

  async recordFailed(
    manager: EntityManager,
    id: string,
    reason: ResumeFailureReason,
    detail: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE resume SET status = 'FAILED', text = NULL, failure_reason = $2, failure_detail = $3,
         processed_at = now()
       WHERE id = $1`,
      [id, reason, detail.slice(0, 500)],
    );
  }

  /** The skills recognised in each resume, in order of first mention. */
  findSkillsByResumeIds(resumeIds: readonly string[]): Promise<ResumeSkillEvidence[]> {
    return this.dataSource.query<ResumeSkillEvidence[]>(
      `SELECT rs.resume_id AS "resumeId", r.candidate_id AS "candidateId", rs.skill_id AS "skillId", rs.evidence,
              rs.position
       FROM resume_skill rs JOIN resume r ON r.id = rs.resume_id
       WHERE rs.resume_id = ANY($1::uuid[])
       ORDER BY rs.resume_id, rs.position`,
      [[...resumeIds]],
    );
  }

  /**
   * RESUME evidence for the match: every skill recognised in each candidate's parsed resumes, with the line it was
   * found on, newest resume first (one row per resume and skill).
   */
  findSkillEvidenceByCandidateIds(candidateIds: readonly string[]): Promise<ResumeSkillEvidence[]> {
    return this.dataSource.query<ResumeSkillEvidence[]>(
      `SELECT rs.resume_id AS "resumeId", r.candidate_id AS "candidateId", rs.skill_id AS "skillId", rs.evidence,
              rs.position
       FROM resume r JOIN resume_skill rs ON rs.resume_id = r.id
       WHERE r.candidate_id = ANY($1::uuid[]) AND r.status = 'PARSED'
       ORDER BY r.candidate_id, r.created_at DESC, r.id DESC, rs.position`,
      [[...candidateIds]],
    );
  }

  /** Every resume of the candidate, oldest first, on the caller's transaction (their data export). */
  findForCandidateExport(manager: EntityManager, candidateId: string): Promise<ResumeSummary[]> {
    return manager.query<ResumeSummary[]>(
      `SELECT ${SUMMARY} FROM resume WHERE candidate_id = $1 ORDER BY created_at, id`,
      [candidateId],
    );
  }
}
