import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { rowsToEntities } from '../common/database/raw-rows';
import { ApiKeyEntity } from './api-key.entity';

/** Every statement about API keys. */
@Injectable()
export class ApiKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The administrators' list: a handful of keys, newest first, never paged. */
  findAllNewestFirst(): Promise<ApiKeyEntity[]> {
    return this.dataSource.getRepository(ApiKeyEntity).find({ order: { createdAt: 'DESC', id: 'DESC' } });
  }

  findByIds(ids: readonly string[]): Promise<ApiKeyEntity[]> {
    return this.dataSource
      .getRepository(ApiKeyEntity)
      .createQueryBuilder('k')
      .where('k.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }

  /** A presented key is found by the unique prefix it carries; its hash is compared by the caller. */
  findByPrefix(prefix: string): Promise<ApiKeyEntity | null> {
    return this.dataSource.getRepository(ApiKeyEntity).findOneBy({ prefix });
  }

  async insert(manager: EntityManager, values: Partial<ApiKeyEntity>): Promise<ApiKeyEntity> {
    const repository = manager.getRepository(ApiKeyEntity);
    return repository.save(repository.create(values), { reload: true });
  }

  /** Locked, so that two revocations of one key at once record one revocation. */
  lockById(manager: EntityManager, id: string): Promise<ApiKeyEntity | null> {
    return manager
      .getRepository(ApiKeyEntity)
      .createQueryBuilder('k')
      .setLock('pessimistic_write')
      .where('k.id = :id', { id })
      .getOne();
  }

  /** Revokes the key now and returns it as stored. */
  async markRevoked(manager: EntityManager, id: string): Promise<ApiKeyEntity> {
    const result = await manager
      .createQueryBuilder()
      .update(ApiKeyEntity)
      .set({ revokedAt: () => 'now()' })
      .where('id = :id', { id })
      .returning('*')
      .execute();
    return rowsToEntities(manager, ApiKeyEntity, result.raw as Record<string, unknown>[])[0];
  }

  /** At most one write a minute per key: lastUsedAt is for humans, not an access log. */
  async touchLastUsed(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE api_key SET last_used_at = now()
       WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  }
}
