import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { SkillEntity } from '../skills/skill.entity';
import { ScorecardEntity } from './scorecard.entity';

/** One skill's rating on a scorecard, 1 to 4 (no middle: an interviewer has to lean one way). */
@Entity('scorecard_rating')
@Check('scorecard_rating_range', `"rating" BETWEEN 1 AND 4`)
@Index('scorecard_rating_skill', ['skillId'])
export class ScorecardRatingEntity {
  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => ScorecardEntity, { name: 'scorecard_rating_scorecard_fk', onDelete: 'CASCADE' })
  scorecardId!: string;

  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => SkillEntity, { name: 'scorecard_rating_skill_fk' })
  skillId!: string;

  @Column({ type: 'smallint' })
  rating!: number;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note!: string | null;

  @Column({ type: 'smallint', default: 0 })
  position!: number;
}
