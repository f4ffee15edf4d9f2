import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
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
  createdAt: Date;
}

/** What a resume is stored with: its candidate, and the application and inbound delivery it came with. */
export interface NewResume {
  candidateId: string;
  applicationId: string | null;
  inboundDeliveryId: string | null;
  file: ResumeFile;
}

const SUMMARY = `id, candidate_id AS "candidateId", application_id AS "applicationId", file_name AS "fileName",
  content_type AS "contentType", byte_size AS "byteSize", sha256, created_at AS "createdAt"`;

/** Every statement about stored resumes. The bytes and the text are read only when asked for. */
@Injectable()
export class ResumesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, resume: NewResume): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO resume (candidate_id, application_id, inbound_delivery_id, file_name, content_type, byte_size,
         sha256, content, text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        resume.candidateId,
        resume.applicationId,
        resume.inboundDeliveryId,
        resume.file.fileName,
        resume.file.contentType,
        resume.file.size,
        resume.file.sha256,
        resume.file.bytes,
        resume.file.text,
      ],
    );
    return row.id;
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

  /** The text of plain-text resumes, by resume id (null for the other kinds). */
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
}
