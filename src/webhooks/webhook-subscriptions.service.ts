import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog, diff } from '../audit/audit-log';
import { CurrentRequest } from '../common/current-request';
import { inTransaction } from '../common/database/transaction';
import { DomainError } from '../common/errors/domain-error';
import { UserErrorCode } from '../common/errors/user-error-code';
import { PageRequest } from '../common/graphql/keyset';
import { Environment } from '../config/environment';
import { EventType } from '../events/event-types';
import { WebhookSender, WebhookTargetRefused } from './webhook-sender';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';
import { ALL_EVENT_TYPES, WebhookSubscriptionStatus } from './webhook.enums';
import { CreateWebhookSubscriptionCommand, UpdateWebhookSubscriptionCommand } from './webhook.commands';

/** 32 random bytes: more than the 24 Standard Webhooks asks for at least. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

const KNOWN_EVENT_TYPES = new Set<string>(Object.values(EventType));

/** Subscriptions: what an administrator (or a `webhooks:manage` key) creates, changes and removes. */
@Injectable()
export class WebhookSubscriptionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly sender: WebhookSender,
    private readonly audit: AuditLog,
    private readonly env: Environment,
  ) {}

  findByIds(ids: readonly string[]): Promise<WebhookSubscriptionEntity[]> {
    return this.subscriptions.findByIds(ids);
  }

  findPage(page: PageRequest): Promise<WebhookSubscriptionEntity[]> {
    return this.subscriptions.findPage(page);
  }

  count(): Promise<number> {
    return this.subscriptions.count();
  }

  async create(
    command: CreateWebhookSubscriptionCommand,
  ): Promise<{ subscription: WebhookSubscriptionEntity; secret: string }> {
    const eventTypes = checkEventTypes(command.eventTypes, ['eventTypes']);
    const url = await this.checkUrl(command.url);
    const secret = generateWebhookSecret();
    return inTransaction(this.dataSource, async (manager) => {
      const requisitionIds = await this.checkRequisitions(manager, command.requisitionIds ?? []);
      const subscription = await this.subscriptions.insert(manager, {
        url,
        eventTypes,
        requisitionIds,
        description: command.description?.trim() || null,
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

  async update(command: UpdateWebhookSubscriptionCommand): Promise<WebhookSubscriptionEntity> {
    const eventTypes = command.eventTypes ? checkEventTypes(command.eventTypes, ['eventTypes']) : null;
    const url = command.url != null ? await this.checkUrl(command.url) : null;
    return inTransaction(this.dataSource, async (manager) => {
      const current = await this.lock(manager, command.id);
      if (command.expectedVersion != null && command.expectedVersion !== current.version) {
        throw DomainError.staleVersion('The webhook subscription', current.version);
      }
      const set: Partial<WebhookSubscriptionEntity> = {};
      if (url !== null) set.url = url;
      if (eventTypes !== null) set.eventTypes = eventTypes;
      if (command.description !== undefined) set.description = command.description?.trim() || null;
      if (command.requisitionIds != null) {
        set.requisitionIds = await this.checkRequisitions(manager, command.requisitionIds);
      }
      const changes = diff(current, set);
      if (Object.keys(changes).length === 0) return current;
      const row = await this.subscriptions.update(manager, current.id, set);
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
  async delete(id: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const current = await this.lock(manager, id);
      await this.subscriptions.delete(manager, current.id);
      await this.audit.record(manager, {
        action: 'deleteWebhookSubscription',
        subjectType: 'webhook_subscription',
        subjectIds: [current.id],
        changes: diff({ url: current.url, eventTypes: current.eventTypes }, {}),
      });
    });
  }

  /** Resumes deliveries of new events; what was missed while disabled can be replayed. */
  async enable(id: string): Promise<WebhookSubscriptionEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const current = await this.lock(manager, id);
      if (current.status === WebhookSubscriptionStatus.ACTIVE) return current;
      const row = await this.subscriptions.update(manager, current.id, {
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
  async rotateSecret(id: string): Promise<{ subscription: WebhookSubscriptionEntity; secret: string }> {
    const secret = generateWebhookSecret();
    return inTransaction(this.dataSource, async (manager) => {
      const current = await this.lock(manager, id);
      const overlapMs = this.env.WEBHOOK_SECRET_OVERLAP_SECONDS * 1000;
      const subscription = await this.subscriptions.update(manager, current.id, {
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

  private async lock(manager: EntityManager, id: string): Promise<WebhookSubscriptionEntity> {
    const row = await this.subscriptions.lock(manager, id);
    if (!row) throw DomainError.notFound('Webhook subscription', ['id']);
    return row;
  }

  /** Refused now if it would be refused at delivery: scheme, credentials, and where the host resolves. */
  private async checkUrl(raw: string): Promise<string> {
    try {
      const target = await this.sender.vet(raw.trim());
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

  /** The requisitions, each once; NOT_FOUND on the first that does not exist. */
  private async checkRequisitions(manager: EntityManager, ids: readonly string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    const found = await this.subscriptions.findExistingRequisitionIds(manager, unique);
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
