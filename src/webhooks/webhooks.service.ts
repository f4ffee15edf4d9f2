import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog, diff } from '../audit/audit-log';
import { CurrentRequest } from '../common/current-request';
import { inTransaction } from '../common/database/transaction';
import { DomainError } from '../common/errors/domain-error';
import { UserErrorCode } from '../common/errors/user-error-code';
import { fromGlobalId } from '../common/graphql/global-id';
import { PageRequest } from '../common/graphql/keyset';
import { Environment } from '../config/environment';
import { EventType } from '../events/event-types';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookDispatcher } from './webhook-dispatcher';
import { vetTarget, WebhookTargetRefused } from './webhook-sender';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';
import { ALL_EVENT_TYPES, WebhookDeliveryStatus, WebhookSubscriptionStatus } from './webhook.enums';
import {
  CreateWebhookSubscriptionInput,
  RedeliverWebhookDeliveryInput,
  ReplayWebhookEventsInput,
  UpdateWebhookSubscriptionInput,
  WebhookSubscriptionIdInput,
} from './dto/webhook.inputs';
import { WebhooksRepository } from './webhooks.repository';

/** 32 random bytes: more than the 24 Standard Webhooks asks for at least. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

const KNOWN_EVENT_TYPES = new Set<string>(Object.values(EventType));

/** The most events one replay queues; replay later windows for more. */
export const MAX_REPLAY_EVENTS = 10_000;

/** Subscriptions and their deliveries: everything an administrator (or a `webhooks:manage` key) does by hand. */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: WebhooksRepository,
    private readonly dispatcher: WebhookDispatcher,
    private readonly audit: AuditLog,
    private readonly env: Environment,
  ) {}

  findSubscriptionsByIds(ids: readonly string[]): Promise<WebhookSubscriptionEntity[]> {
    return this.repository.findSubscriptionsByIds(ids);
  }

  findSubscriptionPage(page: PageRequest): Promise<WebhookSubscriptionEntity[]> {
    return this.repository.findSubscriptionPage(page);
  }

  countSubscriptions(): Promise<number> {
    return this.repository.countSubscriptions();
  }

  findDeliveryPages(
    subscriptionIds: readonly string[],
    page: PageRequest,
    status: WebhookDeliveryStatus | null,
  ): Promise<WebhookDeliveryEntity[]> {
    return this.repository.findDeliveryPages(subscriptionIds, page, status);
  }

  countDeliveries(
    ids: readonly string[],
    status: WebhookDeliveryStatus | null,
  ): Promise<Map<string, number>> {
    return this.repository.countDeliveries(ids, status);
  }

  findDeliveriesByIds(ids: readonly string[]): Promise<WebhookDeliveryEntity[]> {
    return this.repository.findDeliveriesByIds(ids);
  }

  findAttemptsByDeliveryIds(ids: readonly string[]): Promise<WebhookAttemptEntity[]> {
    return this.repository.findAttemptsByDeliveryIds(ids);
  }

  async create(
    input: CreateWebhookSubscriptionInput,
  ): Promise<{ subscription: WebhookSubscriptionEntity; secret: string }> {
    const eventTypes = checkEventTypes(input.eventTypes, ['eventTypes']);
    const url = await this.checkUrl(input.url);
    const secret = generateWebhookSecret();
    return inTransaction(this.dataSource, async (manager) => {
      const requisitionIds = await this.checkRequisitions(manager, input.requisitionIds ?? []);
      const subscription = await this.repository.insertSubscription(manager, {
        url,
        eventTypes,
        requisitionIds,
        description: input.description?.trim() || null,
        secret,
        createdBy: CurrentRequest.actor(),
      });
      await this.audit.record(manager, {
        action: 'createWebhookSubscription',
        subjectType: 'webhook_subscription',
        subjectIds: [subscription.id],
        changes: diff({}, { url, eventTypes, requisitionIds, description: subscription.description }),
      });
      return { subscription, secret };
    });
  }

  async update(input: UpdateWebhookSubscriptionInput): Promise<WebhookSubscriptionEntity> {
    const eventTypes = input.eventTypes ? checkEventTypes(input.eventTypes, ['eventTypes']) : null;
    const url = input.url != null ? await this.checkUrl(input.url) : null;
    return inTransaction(this.dataSource, async (manager) => {
      const current = await this.lock(manager, input.id);
      if (input.expectedVersion != null && input.expectedVersion !== current.version) {
        throw DomainError.staleVersion('The webhook subscription', current.version);
      }
      const set: Partial<WebhookSubscriptionEntity> = {};
      if (url !== null) set.url = url;
      if (eventTypes !== null) set.eventTypes = eventTypes;
      if (input.description !== undefined) set.description = input.description?.trim() || null;
      if (input.requisitionIds != null) {
        set.requisitionIds = await this.checkRequisitions(manager, input.requisitionIds);
      }
      const changes = diff(current, set);
      if (Object.keys(changes).length === 0) return current;
      const row = await this.repository.updateSubscription(manager, current.id, set);
      await this.audit.record(manager, {
        action: 'updateWebhookSubscription',
        subjectType: 'webhook_subscription',
        subjectIds: [current.id],
        changes,
      });
      return row;
    });
  }

  /** Deletes the subscription with its delivery log; pending deliveries are not attempted. */
  async delete(input: WebhookSubscriptionIdInput): Promise<string> {
    return inTransaction(this.dataSource, async (manager) => {
      const current = await this.lock(manager, input.id);
      await this.repository.deleteSubscription(manager, current.id);
      await this.audit.record(manager, {
        action: 'deleteWebhookSubscription',
        subjectType: 'webhook_subscription',
        subjectIds: [current.id],
        changes: diff({ url: current.url, eventTypes: current.eventTypes }, {}),
      });
      return current.id;
    });
  }

  /** Resumes deliveries of new events; what was missed while disabled can be replayed. */
  async enable(input: WebhookSubscriptionIdInput): Promise<WebhookSubscriptionEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const current = await this.lock(manager, input.id);
      if (current.status === WebhookSubscriptionStatus.ACTIVE) return current;
      const row = await this.repository.updateSubscription(manager, current.id, {
        status: WebhookSubscriptionStatus.ACTIVE,
        disabledReason: null,
        disabledAt: null,
        failingSince: null,
      });
      await this.audit.record(manager, {
        action: 'enableWebhookSubscription',
        subjectType: 'webhook_subscription',
        subjectIds: [current.id],
        changes: diff(
          { status: current.status, disabledReason: current.disabledReason },
          { status: row.status, disabledReason: null },
        ),
      });
      return row;
    });
  }

  /**
   * A new secret. For WEBHOOK_SECRET_OVERLAP_SECONDS deliveries carry signatures with both, so the receiver can
   * switch to the new one at its own pace.
   */
  async rotateSecret(
    input: WebhookSubscriptionIdInput,
  ): Promise<{ subscription: WebhookSubscriptionEntity; secret: string }> {
    const secret = generateWebhookSecret();
    return inTransaction(this.dataSource, async (manager) => {
      const current = await this.lock(manager, input.id);
      const overlapMs = this.env.WEBHOOK_SECRET_OVERLAP_SECONDS * 1000;
      const subscription = await this.repository.updateSubscription(manager, current.id, {
        secret,
        previousSecret: overlapMs > 0 ? current.secret : null,
        previousSecretExpiresAt: overlapMs > 0 ? new Date(Date.now() + overlapMs) : null,
      });
      await this.audit.record(manager, {
        action: 'rotateWebhookSecret',
        subjectType: 'webhook_subscription',
        subjectIds: [current.id],
        changes: { secret: { before: '[redacted]', after: '[redacted]' } },
      });
      return { subscription, secret };
    });
  }

  async ping(
    input: WebhookSubscriptionIdInput,
  ): Promise<{ delivery: WebhookDeliveryEntity; attempt: WebhookAttemptEntity }> {
    const id = this.dbId(input.id, ['id']);
    const [subscription] = await this.repository.findSubscriptionsByIds([id]);
    if (!subscription) throw DomainError.notFound('Webhook subscription', ['id']);
    return this.dispatcher.ping(subscription);
  }

  /** Sends a delivery again (a fresh retry schedule), with the same webhook-id. */
  async redeliver(input: RedeliverWebhookDeliveryInput): Promise<WebhookDeliveryEntity> {
    const id = fromGlobalId(input.deliveryId, 'WebhookDelivery');
    if (!id) throw DomainError.notFound('Webhook delivery', ['deliveryId']);
    return inTransaction(this.dataSource, async (manager) => {
      const delivery = await this.repository.lockDelivery(manager, id);
      if (!delivery) throw DomainError.notFound('Webhook delivery', ['deliveryId']);
      if (delivery.eventId === null) {
        throw DomainError.invalid(['deliveryId'], 'Pings are not redelivered: ping again instead.');
      }
      const subscription = await this.repository.lockSubscription(manager, delivery.subscriptionId);
      if (subscription?.status !== WebhookSubscriptionStatus.ACTIVE) throw disabled(['deliveryId']);
      const runAt = new Date();
      await manager.query(
        `UPDATE webhook_delivery SET status = 'PENDING', attempt_count = 0, next_attempt_at = $2, updated_at = now()
          WHERE id = $1`,
        [delivery.id, runAt],
      );
      await this.dispatcher.schedule(manager, [{ ...delivery, runAt }]);
      await this.audit.record(manager, {
        action: 'redeliverWebhookDelivery',
        subjectType: 'webhook_delivery',
        subjectIds: [delivery.id],
        changes: diff({ status: delivery.status }, { status: WebhookDeliveryStatus.PENDING }),
      });
      return { ...delivery, status: WebhookDeliveryStatus.PENDING, attemptCount: 0, nextAttemptAt: runAt };
    });
  }

  /**
   * Sends the subscription's events of [since, until) again, oldest first: those never delivered to it (they
   * predate it, or came while it was disabled) get a delivery; those already delivered are sent again with their
   * original webhook-id, so receivers that keep ids recognise them.
   */
  async replay(input: ReplayWebhookEventsInput): Promise<number> {
    const until = input.until ?? new Date();
    if (until.getTime() <= input.since.getTime()) {
      throw DomainError.invalid(['until'], '"until" must be after "since".');
    }
    const id = this.dbId(input.subscriptionId, ['subscriptionId']);
    return inTransaction(this.dataSource, async (manager) => {
      const subscription = await this.repository.lockSubscription(manager, id);
      if (!subscription) throw DomainError.notFound('Webhook subscription', ['subscriptionId']);
      if (subscription.status !== WebhookSubscriptionStatus.ACTIVE) throw disabled(['subscriptionId']);
      const ids = await this.repository.queueReplay(
        manager,
        subscription,
        input.since,
        until,
        MAX_REPLAY_EVENTS,
      );
      const runAt = new Date();
      await this.dispatcher.schedule(
        manager,
        ids.map((deliveryId) => ({ id: deliveryId, subscriptionId: subscription.id, runAt })),
      );
      await this.audit.record(manager, {
        action: 'replayWebhookEvents',
        subjectType: 'webhook_subscription',
        subjectIds: [subscription.id],
        changes: diff(
          {},
          { since: input.since.toISOString(), until: until.toISOString(), queued: ids.length },
        ),
      });
      return ids.length;
    });
  }

  private async lock(manager: EntityManager, globalId: string): Promise<WebhookSubscriptionEntity> {
    const id = this.dbId(globalId, ['id']);
    const row = await this.repository.lockSubscription(manager, id);
    if (!row) throw DomainError.notFound('Webhook subscription', ['id']);
    return row;
  }

  private dbId(globalId: string, field: string[]): string {
    const id = fromGlobalId(globalId, 'WebhookSubscription');
    if (!id) throw DomainError.notFound('Webhook subscription', field);
    return id;
  }

  /** Refused now if it would be refused at delivery: scheme, credentials, and where the host resolves. */
  private async checkUrl(raw: string): Promise<string> {
    try {
      const target = await vetTarget(raw.trim(), this.dispatcher.targetPolicy);
      return target.url.toString();
    } catch (error) {
      if (error instanceof WebhookTargetRefused) {
        throw DomainError.of(
          UserErrorCode.WEBHOOK_URL_NOT_ALLOWED,
          `The URL is not allowed: ${error.message}.`,
          ['url'],
        );
      }
      throw error;
    }
  }

  private async checkRequisitions(manager: EntityManager, globalIds: string[]): Promise<string[]> {
    const ids = globalIds.map((globalId, index) => {
      const id = fromGlobalId(globalId, 'Requisition');
      if (!id) throw DomainError.notFound('Requisition', ['requisitionIds', String(index)]);
      return id;
    });
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const rows = await manager.query<{ id: string }[]>(
      'SELECT id FROM requisition WHERE id = ANY($1::uuid[])',
      [unique],
    );
    const found = new Set(rows.map((row) => row.id));
    const missing = ids.findIndex((id) => !found.has(id));
    if (missing >= 0) throw DomainError.notFound('Requisition', ['requisitionIds', String(missing)]);
    return unique;
  }
}

function checkEventTypes(types: string[], field: string[]): string[] {
  const unique = [...new Set(types.map((type) => type.trim()))];
  const index = unique.findIndex((type) => type !== ALL_EVENT_TYPES && !KNOWN_EVENT_TYPES.has(type));
  if (index >= 0) {
    throw DomainError.invalid(
      field,
      `Unknown event type "${unique[index]}"; use "*" or one of: ${[...KNOWN_EVENT_TYPES].join(', ')}.`,
    );
  }
  return unique.includes(ALL_EVENT_TYPES) ? [ALL_EVENT_TYPES] : unique;
}

function disabled(field: string[]): DomainError {
  return DomainError.of(
    UserErrorCode.WEBHOOK_SUBSCRIPTION_DISABLED,
    'The subscription is disabled; enable it first.',
    field,
  );
}
