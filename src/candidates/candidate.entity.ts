import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { checkIn, numericToNumber, timestampColumn } from '../common/database/column-types';
import { LocationValue } from '../common/location';
import { ConsentSource } from './candidate.enums';

export interface EducationValue {
  institution: string;
  degree?: string | null;
  fieldOfStudy?: string | null;
  graduationYear?: number | null;
}

export interface CertificationValue {
  name: string;
  issuer?: string | null;
  issuedOn?: string | null;
  url?: string | null;
}

export interface ProfileLinkValue {
  kind: string;
  url: string;
}

@Entity('candidate')
@Check('candidate_consent_source_valid', checkIn('consent_source', Object.values(ConsentSource)))
@Check(
  'candidate_years_of_experience_range',
  `"years_of_experience" IS NULL OR ("years_of_experience" >= 0 AND "years_of_experience" <= 80)`,
)
// One candidate per primary e-mail, case-insensitively: unique index on lower(email), written in the migration.
@Index('candidate_email_lower_unique', { synchronize: false })
@Index('candidate_created_at_id', ['createdAt', 'id'])
@Index('candidate_tags_gin', { synchronize: false })
// Trigram index on full_name for typo-tolerant search, made by the migration only where pg_trgm is available.
@Index('candidate_full_name_trgm', { synchronize: false })
// Partial indexes written in the erasure migration: the retention job's walk, and the few erased candidates.
@Index('candidate_retain_until_due', { synchronize: false })
@Index('candidate_erased', { synchronize: false })
export class CandidateEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  fullName!: string;

  @Column({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  location!: LocationValue | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  headline!: string | null;

  @Column({ type: 'numeric', precision: 4, scale: 1, nullable: true, transformer: numericToNumber })
  yearsOfExperience!: number | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  education!: EducationValue[];

  @Column({ type: 'jsonb', default: () => `'[]'` })
  certifications!: CertificationValue[];

  @Column({ type: 'jsonb', default: () => `'[]'` })
  links!: ProfileLinkValue[];

  @Column({ type: 'text', array: true, default: '{}' })
  tags!: string[];

  /** When the candidate agreed to processing of their data, and until when it may be kept. */
  @Column(timestampColumn({ nullable: true }))
  consentGivenAt!: Date | null;

  /**
   * Set by the system (docs/privacy.md): null while an application is live or for the hired; else the last end plus
   * CANDIDATE_RETENTION_DAYS, or the consent's deadline if later.
   */
  @Column(timestampColumn({ nullable: true }))
  retainUntil!: Date | null;

  /** How the consent was obtained. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  consentSource!: ConsentSource | null;

  /** The job posting whose career-page form carried the consent (no foreign key: postings belong to job-boards). */
  @Column({ type: 'uuid', nullable: true })
  consentPostingId!: string | null;

  /** The end the consent named, if it named one (else CANDIDATE_CONSENT_RETENTION_DAYS after it). */
  @Column(timestampColumn({ nullable: true }))
  consentRetainUntil!: Date | null;

  /** The candidate asked not to be contacted: never suggested for a requisition (matching's rediscovery). */
  @Column({ type: 'boolean', default: false })
  doNotContact!: boolean;

  /** When the candidate was erased (docs/privacy.md): the row stays, anonymised, so reports stay true. */
  @Column(timestampColumn({ nullable: true }))
  erasedAt!: Date | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ type: 'integer', default: 0 })
  eventSequence!: number;

  @Column(timestampColumn({ default: () => 'now()' }))
  createdAt!: Date;

  @Column(timestampColumn({ default: () => 'now()' }))
  updatedAt!: Date;
}
