import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { rowsToEntities } from '../common/database/raw-rows';
import { keysetSql, PageRequest, positionalBinder } from '../common/graphql/keyset';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';

/** Every statement about subscriptions themselves (their deliveries: WebhookDeliveriesRepository). */
@Injectable()
export class WebhookSubscriptionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    manager: EntityManager,
    values: Partial<WebhookSubscriptionEntity>,
  ): Promise<WebhookSubscriptionEntity> {
    const repository = manager.getRepository(WebhookSubscriptionEntity);
    return repository.save(repository.create(values), { reload: true });
  }

  /** The subscription under a row lock (deleting it locks it first, then its deliveries: take locks in that order). */
  lock(manager: EntityManager, id: string): Promise<WebhookSubscriptionEntity | null> {
    return manager
      .getRepository(WebhookSubscriptionEntity)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.id = :id', { id })
      .getOne();
  }

  /** Deletes it; its deliveries and their attempts go with it (the foreign keys cascade). */
  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(WebhookSubscriptionEntity, { id });
  }

  /** Sets the given columns, bumps the version, and returns the row as it now is. */
  async update(
    manager: EntityManager,
    id: string,
    set: Partial<WebhookSubscriptionEntity>,
  ): Promise<WebhookSubscriptionEntity> {
    const result = await manager
      .createQueryBuilder()
      .update(WebhookSubscriptionEntity)
      .set({ ...set, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .returning('*')
      .execute();
    return rowsToEntities(manager, WebhookSubscriptionEntity, result.raw as Record<string, unknown>[])[0];
  }

  findByIds(ids: readonly string[]): Promise<WebhookSubscriptionEntity[]> {
    return this.dataSource
      .getRepository(WebhookSubscriptionEntity)
      .createQueryBuilder('s')
      .where('s.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }

  /** Subscriptions, newest first. */
  async findPage(page: PageRequest): Promise<WebhookSubscriptionEntity[]> {
    const params: unknown[] = [];
    const keyset = keysetSql(page, 's.created_at', 's.id', positionalBinder(params));
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT s.* FROM webhook_subscription s WHERE ${keyset.where} ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
      params,
    );
    return rowsToEntities(this.dataSource.manager, WebhookSubscriptionEntity, rows);
  }

  count(): Promise<number> {
    return this.dataSource.getRepository(WebhookSubscriptionEntity).count();
  }

  /**
   * Which of these requisitions exist, on the caller's transaction. Whoever manages webhooks may narrow a
   * subscription to any requisition, so no reach applies; the array column has no foreign key to do this check.
   */
  async findExistingRequisitionIds(manager: EntityManager, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await manager.query<{ id: string }[]>(
      'SELECT id FROM requisition WHERE id = ANY($1::uuid[])',
      [[...ids]],
    );
    return new Set(rows.map((row) => row.id));
  }
}
