import { LocationValue } from '../common/location';
import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { checkIn, numericToNumber, timestampColumn } from '../common/database/column-types';
import {
  EmploymentType,
  JobLevel,
  RequisitionStatus,
  SalaryPeriod,
  WorkplaceType,
} from './requisition.enums';

@Entity('requisition')
@Check('requisition_status_valid', checkIn('status', Object.values(RequisitionStatus)))
@Check('requisition_level_valid', checkIn('level', Object.values(JobLevel)))
@Check('requisition_employment_type_valid', checkIn('employment_type', Object.values(EmploymentType)))
@Check('requisition_workplace_type_valid', checkIn('workplace_type', Object.values(WorkplaceType)))
@Check('requisition_headcount_positive', `"headcount" > 0`)
@Check('requisition_hired_within_headcount', `"hired_count" >= 0 AND "hired_count" <= "headcount"`)
@Check(
  'requisition_salary_complete',
  `("salary_min" IS NULL AND "salary_max" IS NULL AND "salary_currency" IS NULL AND "salary_period" IS NULL)` +
    ` OR ("salary_min" IS NOT NULL AND "salary_max" IS NOT NULL AND "salary_currency" IS NOT NULL AND "salary_period" IS NOT NULL` +
    ` AND "salary_min" >= 0 AND "salary_min" <= "salary_max")`,
)
@Check(
  'requisition_salary_period_valid',
  `"salary_period" IS NULL OR ${checkIn('salary_period', Object.values(SalaryPeriod))}`,
)
@Index('requisition_created_at_id', ['createdAt', 'id'])
export class RequisitionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Human-friendly reference ("REQ-00042"), from the requisition_code_seq sequence. */
  @Column({ type: 'varchar', length: 20, unique: true })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 20, default: RequisitionStatus.DRAFT })
  status!: RequisitionStatus;

  @Column({ type: 'varchar', length: 20 })
  level!: JobLevel;

  @Column({ type: 'varchar', length: 20 })
  employmentType!: EmploymentType;

  @Column({ type: 'integer', default: 1 })
  headcount!: number;

  @Column({ type: 'integer', default: 0 })
  hiredCount!: number;

  @Column({ type: 'varchar', length: 120, nullable: true })
  department!: string | null;

  @Column({ type: 'varchar', length: 20 })
  workplaceType!: WorkplaceType;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  locations!: LocationValue[];

  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: numericToNumber })
  salaryMin!: number | null;

  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: numericToNumber })
  salaryMax!: number | null;

  @Column({ type: 'char', length: 3, nullable: true })
  salaryCurrency!: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  salaryPeriod!: SalaryPeriod | null;

  @Column({ type: 'text', array: true, default: '{}' })
  responsibilities!: string[];

  @Column({ type: 'varchar', length: 500, nullable: true })
  educationRequirement!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  /** Last event sequence written for this aggregate; the next event takes eventSequence + 1. */
  @Column({ type: 'integer', default: 0 })
  eventSequence!: number;

  @Column(timestampColumn({ default: () => 'now()' }))
  createdAt!: Date;

  @Column(timestampColumn({ default: () => 'now()' }))
  updatedAt!: Date;
}
