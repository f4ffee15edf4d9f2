import { Args, Query, Resolver } from '@nestjs/graphql';
import { Requires } from '../common/auth/permissions';
import { fromGlobalId, NIL_UUID } from '../common/graphql/global-id';
import { EeoReportFilterInput } from './dto/eeo-report.inputs';
import { EeoReportFilter } from './eeo.commands';
import { EeoReportModel } from './eeo-report.model';
import { EeoService } from './eeo.service';

@Resolver(() => EeoReportModel)
export class EeoResolver {
  constructor(private readonly eeo: EeoService) {}

  @Requires('eeo:read')
  @Query(() => EeoReportModel, {
    description:
      'Admins only (`eeo:read`; no API key). Voluntary self-identification counted per category, groups under 5 shown as "<5". A requisition that does not exist has no applications.',
  })
  async eeoReport(
    @Args('filter', { type: () => EeoReportFilterInput }) input: EeoReportFilterInput,
  ): Promise<EeoReportModel> {
    const filter: EeoReportFilter = {
      requisitionId: fromGlobalId(input.requisitionId, 'Requisition') ?? NIL_UUID,
      stageId: input.stageId ? (fromGlobalId(input.stageId, 'PipelineStage') ?? NIL_UUID) : null,
      from: input.from,
      to: input.to,
    };
    return EeoReportModel.from(filter, await this.eeo.report(filter));
  }
}
