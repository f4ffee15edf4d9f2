import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { checkIn, timestampColumn } from '../common/database/column-types';
import { ApplicationEntity } from '../pipeline/application.entity';
import { MatchLevel, MatchResult } from './match.rules';

/**
 * The stored match of an application: refreshed by the `matching.refresh` job whenever its inputs change, so that
 * ranking a requisition's applicants is one indexed page. `result` is what `Application.match` explains, and
 * `inputs_hash` the digest of the requirements and evidence it was computed from (a refresh with the same inputs
 * writes nothing).
 */
@Entity('application_match')
@Check('application_match_score_range', `"score" >= 0 AND "score" <= 100`)
@Check('application_match_level_valid', checkIn('level', Object.values(MatchLevel)))
@Index('application_match_requisition_score', ['requisitionId', 'score', 'applicationId'])
export class ApplicationMatchEntity {
  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => ApplicationEntity, { onDelete: 'CASCADE', name: 'application_match_application_fk' })
  applicationId!: string;

  @Column({ type: 'uuid' })
  requisitionId!: string;

  @Column({ type: 'uuid' })
  candidateId!: string;

  @Column({ type: 'smallint' })
  score!: number;

  @Column({ type: 'varchar', length: 10 })
  level!: MatchLevel;

  @Column({ type: 'jsonb' })
  result!: MatchResult;

  @Column({ type: 'varchar', length: 64 })
  inputsHash!: string;

  @Column(timestampColumn({ default: () => 'now()' }))
  computedAt!: Date;
}
