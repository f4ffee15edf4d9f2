import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { SkillEntity } from '../skills/skill.entity';
import { ResumeEntity } from './resume.entity';

/**
 * A taxonomy skill recognised in a resume's text, with its evidence: the line it was found on (as read, trimmed
 * to 300 characters). Written by the `resumes.extract` job; what the match reads as RESUME evidence.
 */
@Entity('resume_skill')
@Index('resume_skill_skill_id', ['skillId'])
export class ResumeSkillEntity {
  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => ResumeEntity, { onDelete: 'CASCADE', name: 'resume_skill_resume_fk' })
  resumeId!: string;

  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => SkillEntity, { name: 'resume_skill_skill_fk' })
  skillId!: string;

  @Column({ type: 'varchar', length: 300 })
  evidence!: string;

  /** Order of first mention in the text. */
  @Column({ type: 'smallint' })
  position!: number;
}
