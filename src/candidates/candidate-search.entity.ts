import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { CandidateEntity } from './candidate.entity';

/**
 * Each candidate's full-text search document, kept current by the database: triggers on `candidate`,
 * `candidate_skill` and `resume` (written in the migration `CandidateFullTextSearch`) rebuild it from the name and
 * headline (weight A), skills, education and certifications (B) and the text of parsed resumes (C).
 */
@Entity('candidate_search')
@Index('candidate_search_document_gin', { synchronize: false })
export class CandidateSearchEntity {
  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => CandidateEntity, { onDelete: 'CASCADE', name: 'candidate_search_candidate_fk' })
  candidateId!: string;

  @Column({ type: 'tsvector' })
  document!: string;
}
