import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { checkIn, numericToNumber } from '../common/database/column-types';
import { SkillSource } from './candidate.enums';
import { SkillEntity } from '../skills/skill.entity';
import { CandidateEntity } from './candidate.entity';

@Entity('candidate_skill')
@Check('candidate_skill_years_range', `"years" IS NULL OR ("years" >= 0 AND "years" <= 80)`)
@Check('candidate_skill_source_valid', checkIn('source', Object.values(SkillSource)))
@Check('candidate_skill_evidence_from_resume', `"evidence" IS NULL OR "source" = 'RESUME'`)
@Index('candidate_skill_skill_id', ['skillId', 'candidateId'])
// RESUME evidence of given candidates (matching's suggestions read it per candidate; profile entries are most rows).
@Index('candidate_skill_from_resume', ['candidateId', 'skillId'], { where: `"source" = 'RESUME'` })
export class CandidateSkillEntity {
  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => CandidateEntity, { onDelete: 'CASCADE', name: 'candidate_skill_candidate_fk' })
  candidateId!: string;

  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => SkillEntity, { name: 'candidate_skill_skill_fk' })
  skillId!: string;

  @Column({ type: 'numeric', precision: 4, scale: 1, nullable: true, transformer: numericToNumber })
  years!: number | null;

  @Column({ type: 'smallint', default: 0 })
  position!: number;

  /** PROFILE: given with the profile (create/update, an application's answers); RESUME: added from a resume. */
  @Column({ type: 'varchar', length: 10, default: SkillSource.PROFILE })
  source!: SkillSource;

  /** For RESUME entries: the resume line the skill was recognised on. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  evidence!: string | null;
}
