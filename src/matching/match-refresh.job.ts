import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventOutbox } from '../events/event-outbox';
import { JobRunner } from '../jobs/job-runner';
import { MatchEvidenceSources, PROFILE_EVIDENCE_SQL, RESUME_EVIDENCE_SQL } from './match-evidence';
import { EvidenceKind } from './match.rules';
import { matchScoreKeySql } from './matching.repository';
import { ApplicationOrderField, ApplicationOrderings } from '../pipeline/application-orderings';
import { MatchingService, REFRESH_ON } from './matching.service';

declare module '../jobs/job-queue' {
  interface JobPayloads {
    /** Recomputes the stored skill matches the committed events concern (see `REFRESH_ON`). */
    'matching.refresh': { eventIds: string[] };
  }
}

/** After webhooks' fan-out (-10): a refresh is never urgent, deliveries are. */
export const MATCH_REFRESH_PRIORITY = 5;

/**
 * Wires matching to the rest at start-up: the refresh job is enqueued by the outbox with every batch of events, in
 * the statement that writes them (so a change and its refresh commit together), and the profile and resumes are
 * registered as the first sources of evidence.
 */
@Injectable()
export class MatchRefreshJob implements OnModuleInit {
  constructor(
    private readonly outbox: EventOutbox,
    private readonly jobs: JobRunner,
    private readonly service: MatchingService,
    private readonly sources: MatchEvidenceSources,
    private readonly orderings: ApplicationOrderings,
  ) {}

  onModuleInit(): void {
    this.sources.register({ kind: EvidenceKind.PROFILE, sql: PROFILE_EVIDENCE_SQL });
    this.sources.register({ kind: EvidenceKind.RESUME, sql: RESUME_EVIDENCE_SQL });
    this.orderings.register(ApplicationOrderField.MATCH_SCORE, { keySql: matchScoreKeySql });
    this.outbox.registerFollowUp('matching.refresh', {
      priority: MATCH_REFRESH_PRIORITY,
      types: [...REFRESH_ON],
    });
    this.jobs.register('matching.refresh', async (payload) => {
      await this.service.refreshForEvents(payload.eventIds);
    });
  }
}
