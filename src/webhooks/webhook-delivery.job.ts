import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobRunner } from '../jobs/job-runner';
import { WebhookDispatcher } from './webhook-dispatcher';

/**
 * `webhooks.deliver`: a delivery has come due (a retry, a redelivery, a replay, the backup of a first attempt whose
 * process died). The delivery waits in `webhook_delivery`, the queue; this job wakes the claimer of the worker that
 * runs it, which claims it with whatever else is due (and takes it over from a dead worker once its lease passed).
 */
@Injectable()
export class WebhookDeliveryJob implements OnModuleInit {
  constructor(
    private readonly dispatcher: WebhookDispatcher,
    private readonly jobs: JobRunner,
  ) {}

  onModuleInit(): void {
    this.jobs.register('webhooks.deliver', () => this.run());
  }

  run(): Promise<void> {
    this.dispatcher.wake();
    return Promise.resolve();
  }
}
