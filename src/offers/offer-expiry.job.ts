import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JobRunner } from '../jobs/job-runner';
import { OffersService } from './offers.service';
// Inside the augmentation, names resolve in the job queue's module: `CronPayload` is its own.
declare module '../jobs/job-queue' {
  interface JobPayloads {
    /** Marks SENT offers past `expiresAt` EXPIRED (scheduled daily; see `JobRunner.schedule`). */
    'offers.expire': CronPayload;
  }
}

/** `offers.expire`: once a day, SENT offers past their expiry become EXPIRED, each with its `offer.expired` event. */
@Injectable()
export class OfferExpiryJob implements OnModuleInit {
  private readonly logger = new Logger('Offers');

  constructor(
    private readonly offers: OffersService,
    private readonly jobs: JobRunner,
  ) {}

  onModuleInit(): void {
    this.jobs.register('offers.expire', async () => {
      const expired = await this.offers.expireDue();
      if (expired > 0) this.logger.log(`expired ${expired} offers`);
    });
    // 00:07 UTC daily, off the hour; a run missed while no worker was up in the last day is still made.
    this.jobs.schedule('offers.expire', '7 0 * * *', 86_400_000);
  }
}
