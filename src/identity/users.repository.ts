import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { rowsToEntities } from '../common/database/raw-rows';
import { versionedUpdate } from '../common/database/versioned-update';
import { UUID } from '../common/graphql/global-id';
import { keysetSql, namedBinder, PageRequest } from '../common/graphql/keyset';
import { UserRole } from './identity.enums';
import { UserEntity } from './user.entity';

/** Every statement about user accounts. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findByIds(ids: readonly string[]): Promise<UserEntity[]> {
    return this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }

  /** Every authenticated request reads its caller: one plain statement, mapped without the query builder. */
  async findActiveById(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<UserEntity | null> {
    if (!UUID.test(id)) return null;
    const rows = await manager.query<Record<string, unknown>[]>(
      'SELECT * FROM app_user WHERE id = $1 AND active',
      [id],
    );
    return rowsToEntities(this.dataSource.manager, UserEntity, rows)[0] ?? null;
  }

  /** The active users among `ids` (the callers of concurrent requests, see CallerReads): one plain statement. */
  async findActiveByIds(ids: readonly string[]): Promise<UserEntity[]> {
    const rows = await this.dataSource.manager.query<Record<string, unknown>[]>(
      'SELECT * FROM app_user WHERE id = ANY($1::uuid[]) AND active',
      [ids],
    );
    return rowsToEntities(this.dataSource.manager, UserEntity, rows);
  }

  /** E-mail addresses are one account each whatever their case (the unique index is on lower(email)). */
  findByEmail(email: string, manager: EntityManager = this.dataSource.manager): Promise<UserEntity | null> {
    return manager
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email })
      .getOne();
  }

  lockById(manager: EntityManager, id: string): Promise<UserEntity | null> {
    return manager
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .setLock('pessimistic_write')
      .where('u.id = :id', { id })
      .getOne();
  }

  /**
   * Locks every active administrator but `exceptId` and returns their ids: two administrators demoting each other
   * at once then wait for one another, and the second sees that the first is gone.
   */
  async lockOtherActiveAdmins(manager: EntityManager, exceptId: string): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM app_user WHERE role = $1 AND active AND id <> $2 FOR UPDATE`,
      [UserRole.ADMIN, exceptId],
    );
    return rows.map((row) => row.id);
  }

  async insert(manager: EntityManager, values: Partial<UserEntity>): Promise<UserEntity> {
    const repository = manager.getRepository(UserEntity);
    return repository.save(repository.create(values), { reload: true });
  }

  /** Applies `set` if the row is still at `expectedVersion` (bumping it); null when it is not. */
  updateIfVersion(
    manager: EntityManager,
    id: string,
    expectedVersion: number,
    set: Partial<UserEntity>,
  ): Promise<UserEntity | null> {
    return versionedUpdate(manager, UserEntity, id, expectedVersion, set);
  }

  count(): Promise<number> {
    return this.dataSource.getRepository(UserEntity).count();
  }

  /** A keyset page, newest first (see keysetSql): `limit + 1` rows. */
  findPage(page: PageRequest): Promise<UserEntity[]> {
    const params: Record<string, unknown> = {};
    const keyset = keysetSql(page, 'u.created_at', 'u.id', namedBinder(params));
    return this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where(keyset.where, params)
      .orderBy('u.created_at', keyset.direction)
      .addOrderBy('u.id', keyset.direction)
      .limit(keyset.limit)
      .getMany();
  }
}
