import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { CandidateEntity } from '../candidates/candidate.entity';

/**
 * Every skill id any evidence kept here shows for a candidate: their skill entries (`candidate_skill`, profile and
 * resume alike) and the skills recognised in any of their resumes (`resume_skill`). A superset of the PROFILE and
 * RESUME evidence, kept current by the database in the writing transaction (triggers written in the migration
 * `CandidateSkillSet`), GIN-indexed: the suggestions' statement finds the candidates holding every skill of a
 * requisition through it, scores those first and stops when they fill the page (docs/matching.md).
 */
@Entity('candidate_skill_set')
@Index('candidate_skill_set_skill_ids_gin', { synchronize: false })
export class CandidateSkillSetEntity {
  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => CandidateEntity, { onDelete: 'CASCADE', name: 'candidate_skill_set_candidate_fk' })
  candidateId!: string;

  @Column({ type: 'uuid', array: true })
  skillIds!: string[];
}
