import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { CandidateEntity } from '../candidates/candidate.entity';
import { checkIn, timestampColumn } from '../common/database/column-types';
import { ApplicationEntity } from '../pipeline/application.entity';
import { EeoDisabilityStatus, EeoGender, EeoRaceEthnicity, EeoSource, EeoVeteranStatus } from './eeo.enums';

const nullOr = (column: string, values: readonly string[]) =>
  `"${column}" IS NULL OR ${checkIn(column, values)}`;

/**
 * An applicant's voluntary self-identification, kept apart from the candidate (no API reads a row of it: only
 * eeoReport's suppressed counts): one per application, the latest submission's. `candidate_id` is the
 * application's candidate, so erasure deletes a person's rows by one index range. A null answer is no answer;
 * DECLINE_TO_ANSWER is an answer.
 */
@Entity('eeo_self_identification')
@Check('eeo_self_identification_gender_valid', nullOr('gender', Object.values(EeoGender)))
@Check(
  'eeo_self_identification_race_ethnicity_valid',
  nullOr('race_ethnicity', Object.values(EeoRaceEthnicity)),
)
@Check(
  'eeo_self_identification_veteran_status_valid',
  nullOr('veteran_status', Object.values(EeoVeteranStatus)),
)
@Check(
  'eeo_self_identification_disability_status_valid',
  nullOr('disability_status', Object.values(EeoDisabilityStatus)),
)
@Check('eeo_self_identification_source_valid', checkIn('source', Object.values(EeoSource)))
@Check(
  'eeo_self_identification_answers_something',
  `num_nonnulls("gender", "race_ethnicity", "veteran_status", "disability_status") > 0`,
)
@Index('eeo_self_identification_candidate', ['candidateId'])
export class EeoSelfIdentificationEntity {
  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => ApplicationEntity, {
    name: 'eeo_self_identification_application_fk',
    onDelete: 'CASCADE',
  })
  applicationId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => CandidateEntity, { name: 'eeo_self_identification_candidate_fk', onDelete: 'CASCADE' })
  candidateId!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  gender!: EeoGender | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  raceEthnicity!: EeoRaceEthnicity | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  veteranStatus!: EeoVeteranStatus | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  disabilityStatus!: EeoDisabilityStatus | null;

  @Column({ type: 'varchar', length: 20 })
  source!: EeoSource;

  @Column(timestampColumn({ default: () => 'now()' }))
  submittedAt!: Date;
}
