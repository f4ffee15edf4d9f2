import { Injectable } from '@nestjs/common';
import { Reach } from '../identity/access.rules';
import { HiringReportFilter } from './report.commands';
import { ReportsRepository } from './reports.repository';

/** Hiring reports: read-only aggregates of the history, within the caller's `reports:read` reach. */
@Injectable()
export class ReportsService {
  constructor(private readonly reports: ReportsRepository) {}

  funnels(requisitionIds: readonly string[], reach: Reach) {
    return this.reports.funnels(requisitionIds, reach);
  }

  requisitionTimes(requisitionId: string, reach: Reach) {
    return this.reports.requisitionTimes(requisitionId, reach);
  }

  async hiringReport(filter: HiringReportFilter, reach: Reach) {
    const [requisitionCount, sources, reasons, times] = await Promise.all([
      this.reports.countRequisitions(filter, reach),
      this.reports.sources(filter, reach),
      this.reports.rejectionReasons(filter, reach),
      this.reports.reportTimes(filter, reach),
    ]);
    return { requisitionCount, sources, reasons, times };
  }
}
