import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Environment } from '../config/environment';
import { JobRunner } from '../jobs/job-runner';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
// The job names it registers are declared there.
import './webhook-jobs';

/** Rows per statement: each batch is its own short transaction, so pruning never holds many locks for long. */
export const PRUNE_BATCH = 1000;

/**
 * `webhooks.prune_deliveries`: keeps the delivery log from growing without bound. Once a day, finished deliveries
 * older than WEBHOOK_DELIVERY_RETENTION_DAYS go, with their attempts. Pending ones stay, and so do the events (the
 * feed and `replayWebhookEvents` still reach them; a replay after pruning makes a new delivery, with a new
 * webhook-id).
 */
@Injectable()
export class WebhookRetentionJob implements OnModuleInit {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly jobs: JobRunner,
    private readonly env: Environment,
  ) {}

  onModuleInit(): void {
    this.jobs.register('webhooks.prune_deliveries', () => this.prune().then(() => undefined));
    // 03:17 UTC: off the hour, when most schedules fire.
    this.jobs.schedule('webhooks.prune_deliveries', '17 3 * * *', 86_400_000);
  }

  /** Deletes every finished delivery past the retention period, in batches; returns how many went. */
  async prune(batch = PRUNE_BATCH): Promise<number> {
    const cutoff = new Date(Date.now() - this.env.WEBHOOK_DELIVERY_RETENTION_DAYS * 86_400_000);
    let total = 0;
    for (;;) {
      const deleted = await this.deliveries.deleteFinished(cutoff, batch);
      total += deleted;
      if (deleted < batch) break;
    }
    if (total > 0) this.logger.log(`deleted ${total} finished deliveries older than ${cutoff.toISOString()}`);
    return total;
  }
}
