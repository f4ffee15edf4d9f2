import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { ApplicationSourceKind } from '../pipeline/pipeline.enums';
import { RejectionReasonModel } from '../pipeline/rejection-reason.model';
import { DaysSummary, FunnelStageFigures, SourceFigures, TimeFigures } from './report.commands';

@ObjectType('DaysSummary', { description: 'Durations in days (fractions of a day included).' })
export class DaysSummaryModel {
  @Field(() => Int, { description: 'How many durations the figures are over.' })
  count!: number;

  @Field(() => Float, { nullable: true })
  median!: number | null;

  @Field(() => Float, { nullable: true, description: '90th percentile (continuous).' })
  p90!: number | null;

  static from(this: void, value: DaysSummary): DaysSummaryModel {
    return Object.assign(new DaysSummaryModel(), value);
  }
}

@ObjectType('FunnelStage', { description: 'What happened in one stage, from the stage history.' })
export class FunnelStageModel {
  /** Resolved by ReportsResolver (the PipelineStage). */
  figures!: FunnelStageFigures;

  @Field(() => Int, {
    description: 'Applications that ever entered the stage (created in it or moved into it).',
  })
  entered!: number;

  @Field(() => Int, { description: 'Applications in it now (ACTIVE, or HIRED in the HIRED stage).' })
  current!: number;

  @Field(() => Int, { description: 'Applications that moved from it to a later stage.' })
  advanced!: number;

  @Field(() => Int, { description: 'Applications rejected while in it.' })
  rejected!: number;

  @Field(() => Int, { description: 'Applications withdrawn while in it.' })
  withdrawn!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'advanced / entered; null for the last stage and when nobody entered.',
  })
  conversionToNext!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Median days of the stays in the stage that ended (moved on, rejected, withdrew).',
  })
  medianDaysInStage!: number | null;

  @Field(() => Float, { nullable: true })
  p90DaysInStage!: number | null;

  static from(this: void, figures: FunnelStageFigures): FunnelStageModel {
    return Object.assign(new FunnelStageModel(), {
      entered: figures.entered,
      current: figures.current,
      advanced: figures.advanced,
      rejected: figures.rejected,
      withdrawn: figures.withdrawn,
      conversionToNext: figures.conversionToNext,
      medianDaysInStage: figures.medianDaysInStage,
      p90DaysInStage: figures.p90DaysInStage,
      figures,
    });
  }
}

@ObjectType({ isAbstract: true })
abstract class TimeFiguresFields {
  @Field(() => DaysSummaryModel, { description: "From an application's creation to its hire." })
  timeToHire!: DaysSummaryModel;

  @Field(() => DaysSummaryModel, { description: "From a requisition's first opening to its filling." })
  timeToFill!: DaysSummaryModel;

  @Field(() => Float, {
    nullable: true,
    description:
      'Accepted offers / offers the candidate answered or let expire (rescinded ones do not count).',
  })
  offerAcceptanceRate!: number | null;
}

const times = (value: TimeFigures) => ({
  timeToHire: DaysSummaryModel.from(value.timeToHire),
  timeToFill: DaysSummaryModel.from(value.timeToFill),
  offerAcceptanceRate: value.offerAcceptanceRate,
});

@ObjectType('RequisitionFunnel')
export class RequisitionFunnelModel extends TimeFiguresFields {
  @Field(() => [FunnelStageModel], { description: 'One per live stage, in pipeline order.' })
  stages!: FunnelStageModel[];

  static from(this: void, stages: FunnelStageFigures[], time: TimeFigures): RequisitionFunnelModel {
    return Object.assign(new RequisitionFunnelModel(), {
      stages: stages.map(FunnelStageModel.from),
      ...times(time),
    });
  }
}

@ObjectType('SourceEffectiveness')
export class SourceEffectivenessModel {
  @Field(() => ApplicationSourceKind)
  source!: ApplicationSourceKind;

  @Field(() => Int)
  applications!: number;

  @Field(() => Int, { description: 'Applications that reached a TECHNICAL, TAKE_HOME or ONSITE stage.' })
  reachedInterview!: number;

  @Field(() => Int, { description: 'Applications that were sent an offer.' })
  offers!: number;

  @Field(() => Int)
  hires!: number;

  @Field(() => Float, { nullable: true, description: 'hires / applications.' })
  conversion!: number | null;

  static from(this: void, value: SourceFigures): SourceEffectivenessModel {
    return Object.assign(new SourceEffectivenessModel(), value);
  }
}

@ObjectType('RejectionReasonCount')
export class RejectionReasonCountModel {
  @Field(() => RejectionReasonModel)
  reason!: RejectionReasonModel;

  @Field(() => Int, { description: 'Rejections and withdrawals that named it.' })
  count!: number;
}

@ObjectType('HiringReport')
export class HiringReportModel extends TimeFiguresFields {
  @Field(() => Int, { description: 'Requisitions the report covers (within reach and the filter).' })
  requisitionCount!: number;

  @Field(() => [SourceEffectivenessModel], { description: 'One per source kind.' })
  sources!: SourceEffectivenessModel[];

  @Field(() => [RejectionReasonCountModel], { description: 'Most used first.' })
  rejectionReasons!: RejectionReasonCountModel[];

  static from(
    this: void,
    value: { requisitionCount: number; sources: SourceFigures[]; times: TimeFigures },
    reasons: RejectionReasonCountModel[],
  ): HiringReportModel {
    return Object.assign(new HiringReportModel(), {
      requisitionCount: value.requisitionCount,
      sources: value.sources.map(SourceEffectivenessModel.from),
      rejectionReasons: reasons,
      ...times(value.times),
    });
  }
}
