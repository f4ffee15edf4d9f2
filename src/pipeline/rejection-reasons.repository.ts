import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { rowsToEntities } from '../common/database/raw-rows';
import { versionedUpdate } from '../common/database/versioned-update';
import { keysetSql, PageRequest, positionalBinder } from '../common/graphql/keyset';
import { RejectionCategory } from './pipeline.enums';
import { RejectionReasonEntity } from './rejection-reason.entity';

export interface RejectionReasonFilter {
  category?: RejectionCategory | null;
  includeInactive?: boolean | null;
}

/** Storage of the rejection-reason list. */
@Injectable()
export class RejectionReasonsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findByIds(ids: readonly string[], manager?: EntityManager): Promise<RejectionReasonEntity[]> {
    const m = manager ?? this.dataSource.manager;
    const rows = await m.query<Record<string, unknown>[]>(
      `SELECT * FROM rejection_reason WHERE id = ANY($1::uuid[])`,
      [[...ids]],
    );
    return rowsToEntities(m, RejectionReasonEntity, rows);
  }

  private filterSql(filter: RejectionReasonFilter, params: unknown[]): string {
    const bind = positionalBinder(params);
    const conditions = ['TRUE'];
    if (filter.category) conditions.push(`category = ${bind(filter.category)}`);
    if (!filter.includeInactive) conditions.push('active');
    return conditions.join(' AND ');
  }

  async findPage(filter: RejectionReasonFilter, page: PageRequest): Promise<RejectionReasonEntity[]> {
    const params: unknown[] = [];
    const where = this.filterSql(filter, params);
    const keyset = keysetSql(page, 'created_at', 'id', positionalBinder(params));
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT * FROM rejection_reason WHERE ${where} AND ${keyset.where}
       ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
      params,
    );
    return rowsToEntities(this.dataSource.manager, RejectionReasonEntity, rows);
  }

  async count(filter: RejectionReasonFilter): Promise<number> {
    const params: unknown[] = [];
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM rejection_reason WHERE ${this.filterSql(filter, params)}`,
      params,
    );
    return row.n;
  }

  async insert(
    manager: EntityManager,
    values: { name: string; category: RejectionCategory },
  ): Promise<RejectionReasonEntity> {
    const rows = await manager.query<Record<string, unknown>[]>(
      `INSERT INTO rejection_reason (name, category) VALUES ($1, $2) RETURNING *`,
      [values.name, values.category],
    );
    return rowsToEntities(manager, RejectionReasonEntity, rows)[0];
  }

  async lock(manager: EntityManager, id: string): Promise<RejectionReasonEntity | null> {
    const rows = await manager.query<Record<string, unknown>[]>(
      `SELECT * FROM rejection_reason WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rowsToEntities(manager, RejectionReasonEntity, rows)[0] ?? null;
  }

  updateAtVersion(
    manager: EntityManager,
    id: string,
    version: number,
    set: Partial<Pick<RejectionReasonEntity, 'name' | 'active'>>,
  ): Promise<RejectionReasonEntity | null> {
    return versionedUpdate(manager, RejectionReasonEntity, id, version, set);
  }

  /** Whether a reason of another id already has this name in the category (case-insensitively). */
  async nameTaken(
    manager: EntityManager,
    category: RejectionCategory,
    name: string,
    exceptId: string | null,
  ): Promise<{ id: string } | null> {
    const [row] = await manager.query<{ id: string }[]>(
      `SELECT id FROM rejection_reason WHERE category = $1 AND lower(name) = lower($2)
         AND ($3::uuid IS NULL OR id <> $3::uuid)`,
      [category, name, exceptId],
    );
    return row ?? null;
  }
}
