import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { toGlobalId } from '../common/graphql/global-id';
import { EeoReportFilter } from './eeo.commands';
import { ShownCount, ShownEeoReport } from './eeo-report.rules';

@ObjectType('EeoCategoryCount', { description: 'How many of the counted applications gave one answer.' })
export class EeoCategoryCountModel {
  @Field({
    description:
      'The answer as the intake takes it (e.g. `FEMALE`, `PROTECTED_VETERAN`, `DECLINE_TO_ANSWER`), or `NOT_PROVIDED`: no answer to this question, or no self-identification at all.',
  })
  category!: string;

  @Field({
    description:
      'A whole number of 5 or more, or "<5": a group under 5 is never shown, and when only one group of the dimension is under 5 the smallest other one is hidden too (docs/privacy.md).',
  })
  count!: string;

  static from(this: void, cell: ShownCount): EeoCategoryCountModel {
    return Object.assign(new EeoCategoryCountModel(), cell);
  }
}

@ObjectType('EeoReport', {
  description:
    "Voluntary self-identification of one requisition's applicants (or those that entered one of its stages), in aggregate only.",
})
export class EeoReportModel {
  @Field(() => ID)
  requisitionId!: string;

  @Field(() => ID, { nullable: true })
  stageId!: string | null;

  @Field(() => Int, {
    description:
      'Applications counted (any status; applied within from/to): what each dimension adds up to. Not itself a self-identification figure.',
  })
  applications!: number;

  @Field(() => [EeoCategoryCountModel], { description: 'EEO-1 gender.' })
  gender!: EeoCategoryCountModel[];

  @Field(() => [EeoCategoryCountModel], { description: 'The seven EEO-1 race/ethnicity categories.' })
  raceEthnicity!: EeoCategoryCountModel[];

  @Field(() => [EeoCategoryCountModel], { description: 'VEVRAA protected veteran status.' })
  veteranStatus!: EeoCategoryCountModel[];

  @Field(() => [EeoCategoryCountModel], { description: 'Disability status (form CC-305).' })
  disabilityStatus!: EeoCategoryCountModel[];

  static from(this: void, filter: EeoReportFilter, report: ShownEeoReport): EeoReportModel {
    return Object.assign(new EeoReportModel(), {
      requisitionId: toGlobalId('Requisition', filter.requisitionId),
      stageId: filter.stageId ? toGlobalId('PipelineStage', filter.stageId) : null,
      applications: report.applications,
      gender: report.dimensions.gender.map(EeoCategoryCountModel.from),
      raceEthnicity: report.dimensions.raceEthnicity.map(EeoCategoryCountModel.from),
      veteranStatus: report.dimensions.veteranStatus.map(EeoCategoryCountModel.from),
      disabilityStatus: report.dimensions.disabilityStatus.map(EeoCategoryCountModel.from),
    });
  }
}
