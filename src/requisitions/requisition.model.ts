import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { toGlobalId } from '../common/graphql/global-id';
import { LocationModel } from '../common/graphql/location.model';
import { Node } from '../common/graphql/node.interface';
import { SkillModel } from '../skills/skill.model';
import {
  EmploymentType,
  JobLevel,
  RequisitionStatus,
  SalaryPeriod,
  SkillImportance,
  WorkplaceType,
} from './requisition.enums';
import { RequisitionEntity } from './requisition.entity';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

registerEnumType(RequisitionStatus, {
  name: 'RequisitionStatus',
  description: 'DRAFT → OPEN ⇄ ON_HOLD → CLOSED; FILLED is set when hires reach headcount.',
});
registerEnumType(JobLevel, { name: 'JobLevel' });
registerEnumType(EmploymentType, { name: 'EmploymentType' });
registerEnumType(WorkplaceType, { name: 'WorkplaceType' });
registerEnumType(SalaryPeriod, { name: 'SalaryPeriod' });
registerEnumType(SkillImportance, { name: 'SkillImportance' });

@ObjectType('SalaryRange', { description: 'Pay range; pay-transparency laws require it on job postings.' })
export class SalaryRangeModel {
  @Field(() => Float)
  min!: number;

  @Field(() => Float)
  max!: number;

  @Field({ description: 'ISO 4217 currency code, e.g. "USD".' })
  currency!: string;

  @Field(() => SalaryPeriod)
  period!: SalaryPeriod;
}

@ObjectType('RequisitionSkill')
export class RequisitionSkillModel {
  @Field(() => SkillModel)
  skill!: SkillModel;

  @Field(() => SkillImportance)
  importance!: SkillImportance;

  @Field(() => Float, { nullable: true, description: 'Minimum years of experience with the skill.' })
  minYears!: number | null;
}

@ObjectType('Requisition', {
  implements: () => [Node],
  description: 'An approved, budgeted opening for an ML role.',
})
export class RequisitionModel implements Node {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Human-friendly reference, e.g. "REQ-00042".' })
  code!: string;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => RequisitionStatus)
  status!: RequisitionStatus;

  @Field(() => JobLevel)
  level!: JobLevel;

  @Field(() => EmploymentType)
  employmentType!: EmploymentType;

  @Field(() => Int)
  headcount!: number;

  @Field(() => Int, { description: 'Applications hired so far.' })
  hiredCount!: number;

  @Field(() => String, { nullable: true })
  department!: string | null;

  @Field(() => WorkplaceType)
  workplaceType!: WorkplaceType;

  @Field(() => [LocationModel])
  locations!: LocationModel[];

  /** Exposed through RequisitionsResolver.salaryRange, which hides it from interviewers. */
  salaryRange!: SalaryRangeModel | null;

  @Field(() => [String])
  responsibilities!: string[];

  @Field(() => String, {
    nullable: true,
    description: 'E.g. "BSc or MSc in computer science or a related field".',
  })
  educationRequirement!: string | null;

  @Field(() => Int, {
    description: 'Pass it back as `expectedVersion` to make sure nobody changed it meanwhile.',
  })
  version!: number;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  @Field(() => GraphQLDateTime)
  updatedAt!: Date;

  /** Storage row, for field resolvers; not part of the schema. */
  row!: RequisitionEntity;

  static from(this: void, row: RequisitionEntity): RequisitionModel {
    return Object.assign(new RequisitionModel(), {
      id: toGlobalId('Requisition', row.id),
      code: row.code,
      title: row.title,
      description: row.description,
      status: row.status,
      level: row.level,
      employmentType: row.employmentType,
      headcount: row.headcount,
      hiredCount: row.hiredCount,
      department: row.department,
      workplaceType: row.workplaceType,
      locations: row.locations.map(LocationModel.from),
      salaryRange:
        row.salaryMin !== null && row.salaryMax !== null && row.salaryCurrency && row.salaryPeriod
          ? Object.assign(new SalaryRangeModel(), {
              min: row.salaryMin,
              max: row.salaryMax,
              currency: row.salaryCurrency,
              period: row.salaryPeriod,
            })
          : null,
      responsibilities: row.responsibilities,
      educationRequirement: row.educationRequirement,
      version: row.version,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      row,
    });
  }
}
