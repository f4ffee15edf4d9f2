import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CandidateEntity } from '../candidates/candidate.entity';
import { checkIn, timestampColumn } from '../common/database/column-types';
import { ApplicationEntity } from '../pipeline/application.entity';
import { ResumeFailureReason, ResumeStatus } from './resume.enums';
import { MAX_RESUME_BYTES, RESUME_CONTENT_TYPES } from './resume.rules';

/**
 * A resume a candidate sent with an application (a career-page upload, Indeed Apply) or a recruiter uploaded, stored
 * as received: the bytes, their size and SHA-256; its text once the `resumes.extract` job has read it (`status`).
 * Kept with the candidate; the application it came with and the inbound delivery that carried it are referenced
 * while they exist.
 */
@Entity('resume')
@Check('resume_content_type_valid', checkIn('content_type', Object.values(RESUME_CONTENT_TYPES)))
@Check('resume_byte_size_range', `"byte_size" > 0 AND "byte_size" <= ${MAX_RESUME_BYTES}`)
@Check('resume_content_size', `octet_length("content") = "byte_size"`)
@Check('resume_sha256_hex', `"sha256" ~ '^[0-9a-f]{64}$'`)
@Check('resume_status_valid', checkIn('status', Object.values(ResumeStatus)))
@Check('resume_failure_reason_valid', checkIn('failure_reason', Object.values(ResumeFailureReason)))
// A reason exactly when it failed; text only once read.
@Check('resume_failed_with_reason', `("status" = 'FAILED') = ("failure_reason" IS NOT NULL)`)
@Check('resume_text_when_parsed', `"text" IS NULL OR "status" = 'PARSED'`)
@Index('resume_candidate_created_at', ['candidateId', 'createdAt', 'id'])
@Index('resume_application_created_at', ['applicationId', 'createdAt', 'id'], {
  where: '"application_id" IS NOT NULL',
})
export class ResumeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => CandidateEntity, { name: 'resume_candidate_fk', onDelete: 'CASCADE' })
  candidateId!: string;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => ApplicationEntity, { name: 'resume_application_fk', onDelete: 'SET NULL' })
  applicationId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  // Named by table: job boards sit above resumes in the module graph (they store the resumes boards send).
  @ForeignKey('inbound_delivery', { name: 'resume_inbound_delivery_fk', onDelete: 'SET NULL' })
  inboundDeliveryId!: string | null;

  /** As the sender named it (last path segment, control characters removed); null when none was given. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  fileName!: string | null;

  /** From the checked kind of the file, not as the sender declared it. */
  @Column({ type: 'varchar', length: 100 })
  contentType!: string;

  @Column({ type: 'integer' })
  byteSize!: number;

  /** SHA-256 of the content, hex. */
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ type: 'bytea', select: false })
  content!: Buffer;

  /** The text read from the file (PDF, DOCX, plain text); null until read, or when it could not be. */
  @Column({ type: 'text', nullable: true, select: false })
  text!: string | null;

  @Column({ type: 'varchar', length: 10, default: ResumeStatus.PENDING })
  status!: ResumeStatus;

  @Column({ type: 'varchar', length: 30, nullable: true })
  failureReason!: ResumeFailureReason | null;

  /** What the reader said, for operators (never shown to the candidate). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  failureDetail!: string | null;

  /** Pages of a PDF, once read. */
  @Column({ type: 'integer', nullable: true })
  pageCount!: number | null;

  /** When the text was read or reading failed. */
  @Column(timestampColumn({ nullable: true }))
  processedAt!: Date | null;

  @Column(timestampColumn({ default: () => 'now()' }))
  createdAt!: Date;
}
