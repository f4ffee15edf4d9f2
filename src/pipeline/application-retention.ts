import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CandidateRetention } from '../candidates/candidate-retention';
import { RequisitionListeners } from '../requisitions/requisition-listeners';
import { pipelineIsLive } from '../requisitions/requisition.rules';
import { ApplicationsRepository } from './applications.repository';

/**
 * Keeps candidates' `retainUntil` in step with their applications (docs/privacy.md, "Retention period"): the
 * candidates module computes it from what this module registers it can read; the application use cases call
 * `applicationsChanged` after each change of status, and a requisition's closing or reopening (its pipeline going
 * read-only or live again) recomputes every candidate still ACTIVE on it. All in the transaction of the change.
 */
@Injectable()
export class ApplicationRetention implements OnModuleInit {
  constructor(
    private readonly retention: CandidateRetention,
    private readonly applications: ApplicationsRepository,
    private readonly requisitionListeners: RequisitionListeners,
  ) {}

  onModuleInit(): void {
    this.retention.registerApplicationSource(async (manager, candidateIds) => {
      const rows = await this.applications.findRetentionFacts(manager, candidateIds);
      return new Map(rows.map(({ candidateId, ...facts }) => [candidateId, facts]));
    });
    this.requisitionListeners.register({
      requisitionStatusChanged: async (manager, requisition, fromStatus) => {
        if (pipelineIsLive(fromStatus) === pipelineIsLive(requisition.status)) return;
        const ids = await this.applications.findCandidateIdsActiveOnRequisition(manager, requisition.id);
        await this.retention.recomputeWithin(manager, ids);
      },
    });
  }

  /** The candidates' applications changed status (or one was created) on the caller's transaction. */
  async applicationsChanged(manager: EntityManager, candidateIds: readonly string[]): Promise<void> {
    await this.retention.recomputeWithin(manager, candidateIds);
  }
}
