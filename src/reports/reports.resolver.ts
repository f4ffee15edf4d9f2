import { Args, Context, Info, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { selectsPath } from '../common/graphql/selection';
import DataLoader from 'dataloader';
import { Requires } from '../common/auth/permissions';
import { fromGlobalId, NIL_UUID } from '../common/graphql/global-id';
import { GraphQLContext, groupBy } from '../common/graphql/request-context';
import { listReachOf, reachOf } from '../identity/auth.guards';
import { PipelineLoaders, stageBeyondReach } from '../pipeline/pipeline.loaders';
import { PipelineStageModel } from '../pipeline/pipeline-stage.model';
import { RejectionReasonModel } from '../pipeline/rejection-reason.model';
import { RejectionReasonsService } from '../pipeline/rejection-reasons.service';
import { RequisitionModel } from '../requisitions/requisition.model';
import { HiringReportFilterInput } from './dto/hiring-report.inputs';
import { FunnelStageFigures, TimeFigures } from './report.commands';

/** What the time figures are when nobody asked for them (never shown: the fields are not selected). */
const NO_TIMES: TimeFigures = {
  timeToHire: { count: 0, median: null, p90: null },
  timeToFill: { count: 0, median: null, p90: null },
  offerAcceptanceRate: null,
  offersAccepted: 0,
  offersAnswered: 0,
};
import {
  FunnelStageModel,
  HiringReportModel,
  RejectionReasonCountModel,
  RequisitionFunnelModel,
} from './report.models';
import { ReportsService } from './reports.service';

/** Reports over GraphQL: `Requisition.funnel` and `hiringReport`. */
@Resolver(() => RequisitionModel)
export class RequisitionFunnelResolver {
  constructor(private readonly reports: ReportsService) {}

  /** The funnels of a request's requisitions in one statement. */
  private funnelStages(context: GraphQLContext): DataLoader<string, FunnelStageFigures[]> {
    return context.loaders.get(
      'report.funnelStages',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(
            ids,
            await this.reports.funnels(ids, reachOf(context, 'reports:read')),
            (s) => s.requisitionId,
          ),
        ),
    );
  }

  @ResolveField(() => RequisitionFunnelModel, {
    nullable: true,
    description:
      'Where the pipeline leaks, from the stage history: one entry per stage in order, time to hire and fill, offer acceptance. Null without `reports:read` reach (interviewers).',
  })
  async funnel(
    @Parent() requisition: RequisitionModel,
    @Context() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RequisitionFunnelModel | null> {
    const reach = reachOf(context, 'reports:read');
    if (reach.kind === 'none') return null;
    // The time figures are a statement of their own: run it only when asked for.
    const timed = ['timeToHire', 'timeToFill', 'offerAcceptanceRate'].some((field) =>
      selectsPath(info, [field]),
    );
    const [stages, times] = await Promise.all([
      this.funnelStages(context).load(requisition.row.id),
      timed ? this.reports.requisitionTimes(requisition.row.id, reach) : NO_TIMES,
    ]);
    // A requisition outside reports reach (another team's, seen through an application) has no figures.
    if (stages.length === 0) return null;
    return RequisitionFunnelModel.from(stages, times);
  }
}

@Resolver(() => FunnelStageModel)
export class FunnelStageResolver {
  constructor(private readonly pipeline: PipelineLoaders) {}

  @ResolveField(() => PipelineStageModel)
  async stage(
    @Parent() stage: FunnelStageModel,
    @Context() context: GraphQLContext,
  ): Promise<PipelineStageModel> {
    const row = await this.pipeline.stageById(context).load(stage.figures.stageId);
    if (!row) throw stageBeyondReach();
    return PipelineStageModel.from(row);
  }
}

@Resolver(() => HiringReportModel)
export class HiringReportResolver {
  constructor(
    private readonly reports: ReportsService,
    private readonly reasons: RejectionReasonsService,
  ) {}

  @Requires('reports:read')
  @Query(() => HiringReportModel, {
    description:
      "Sources, rejection reasons and time figures across the requisitions the filter names, within reach: admins and recruiters all, hiring managers their teams', `reports:read` keys all.",
  })
  async hiringReport(
    @Args('filter', { type: () => HiringReportFilterInput, nullable: true })
    filter: HiringReportFilterInput | null,
    @Context() context: GraphQLContext,
  ): Promise<HiringReportModel> {
    const reach = listReachOf(context, 'reports:read');
    const report = await this.reports.hiringReport(
      {
        ...filter,
        requisitionIds: filter?.requisitionIds?.map((id) => fromGlobalId(id, 'Requisition') ?? NIL_UUID),
      },
      reach,
    );
    const reasons = new Map(
      (await this.reasons.findByIds(report.reasons.map((r) => r.reasonId))).map((r) => [r.id, r]),
    );
    return HiringReportModel.from(
      report,
      report.reasons.map((r) =>
        Object.assign(new RejectionReasonCountModel(), {
          reason: RejectionReasonModel.from(reasons.get(r.reasonId)!),
          count: r.count,
        }),
      ),
    );
  }
}
