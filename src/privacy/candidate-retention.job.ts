import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JobRunner } from '../jobs/job-runner';
import { CandidateErasureService } from './candidate-erasure.service';
// Inside the augmentation, names resolve in the job queue's module: `CronPayload` is its own.
declare module '../jobs/job-queue' {
  interface JobPayloads {
    /** Erases candidates past `retainUntil` (scheduled daily; see `JobRunner.schedule`, docs/privacy.md). */
    'privacy.erase_due_candidates': CronPayload;
  }
}

/**
 * `privacy.erase_due_candidates`: once a day, candidates past `retainUntil` with no ACTIVE and no HIRED application
 * are erased, one transaction each, audited with the actor `retention` (`candidatesDueForErasure` lists them).
 */
@Injectable()
export class CandidateRetentionJob implements OnModuleInit {
  private readonly logger = new Logger('Privacy');

  constructor(
    private readonly erasure: CandidateErasureService,
    private readonly jobs: JobRunner,
  ) {}

  onModuleInit(): void {
    this.jobs.register('privacy.erase_due_candidates', () => this.run().then(() => undefined));
    // 02:41 UTC daily, off the hour; a run missed while no worker was up in the last day is still made.
    this.jobs.schedule('privacy.erase_due_candidates', '41 2 * * *', 86_400_000);
  }

  /** One run; returns how many candidates were erased. */
  async run(batch?: number, maxPerRun?: number): Promise<number> {
    const erased = await this.erasure.eraseDue(batch, maxPerRun);
    if (erased > 0) this.logger.log(`erased ${erased} candidates past their retention date`);
    return erased;
  }
}
