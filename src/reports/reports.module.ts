import { Module } from '@nestjs/common';
import { PipelineModule } from '../pipeline/pipeline.module';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { FunnelStageResolver, HiringReportResolver, RequisitionFunnelResolver } from './reports.resolver';
import { ReportsService } from './reports.service';

/** Hiring reports: no tables of its own, only aggregates of the others' history. */
@Module({
  imports: [PipelineModule],
  controllers: [ReportsController],
  providers: [
    ReportsRepository,
    ReportsService,
    RequisitionFunnelResolver,
    FunnelStageResolver,
    HiringReportResolver,
  ],
})
export class ReportsModule {}
