import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { EventOutbox } from '../events/event-outbox';
import { enqueueJob } from '../jobs/job-queue';
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
    /** Stores a match for every application without one, in batches (`MatchingService.backfill`). */
    'matching.backfill': Record<string, never>;
  }
}

/** After webhooks' fan-out (-10): a refresh is never urgent, deliveries are. */
export const MATCH_REFRESH_PRIORITY = 5;

/** One pending back-fill at most: a second enqueue replaces the first. */
export const BACKFILL_JOB_KEY = 'matching.backfill';

/**
 * Wires matching to the rest at start-up: the refresh job is enqueued by the outbox with every batch of events, in
 * the statement that writes them (so a change and its refresh commit together), and the profile and resumes are
 * registered as the first sources of evidence. A process that runs the worker enqueues `matching.backfill` when it
 * starts if some application has no stored match (one made before stored scores existed, say).
 */
@Injectable()
export class MatchRefreshJob implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Matching');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: Environment,
    private readonly outbox: EventOutbox,
    private readonly jobs: JobRunner,
    private readonly service: MatchingService,
    private readonly sources: MatchEvidenceSources,
    private readonly orderings: ApplicationOrderings,
  ) {}

  onModuleInit(): void {
    // Both are kept in candidate_skill_set by the database (migration CandidateSkillSet).
    this.sources.register({ kind: EvidenceKind.PROFILE, sql: PROFILE_EVIDENCE_SQL, inSkillSet: true });
    this.sources.register({ kind: EvidenceKind.RESUME, sql: RESUME_EVIDENCE_SQL, inSkillSet: true });
    this.orderings.register(ApplicationOrderField.MATCH_SCORE, { keySql: matchScoreKeySql });
    this.outbox.registerFollowUp('matching.refresh', {
      priority: MATCH_REFRESH_PRIORITY,
      types: [...REFRESH_ON],
    });
    this.jobs.register('matching.refresh', async (payload) => {
      await this.service.refreshForEvents(payload.eventIds);
    });
    this.jobs.register('matching.backfill', async () => {
      const stored = await this.service.backfill();
      if (stored > 0) this.logger.log(`matching.backfill stored ${stored} missing matches`);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.env.runsWorker()) return;
    try {
      await this.enqueueBackfillIfNeeded();
    } catch (error) {
      // Never a reason not to start: the next start tries again.
      this.logger.warn(`could not check for applications without a match: ${(error as Error).message}`);
    }
  }

  /** Enqueues `matching.backfill` (once: keyed) when some application has no stored match; says whether it did. */
  async enqueueBackfillIfNeeded(): Promise<boolean> {
    if (!(await this.service.backfillNeeded())) return false;
    await enqueueJob(this.dataSource.manager, 'matching.backfill', {}, { jobKey: BACKFILL_JOB_KEY });
    return true;
  }
}
