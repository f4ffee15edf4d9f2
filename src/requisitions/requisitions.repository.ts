import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { containsPattern } from '../common/database/like';
import { rowsToEntities } from '../common/database/raw-rows';
import { ALL_REACH, Reach } from '../identity/access.rules';
import { requisitionWithinReach } from './reach-sql';
import { keysetSql, namedBinder, PageRequest, positionalBinder } from '../common/graphql/keyset';
import { SkillEntity } from '../skills/skill.entity';
import { RequisitionSkillEntity } from './requisition-skill.entity';
import { RequisitionEntity } from './requisition.entity';
import { RequisitionListFilter } from './requisition.commands';

export interface RequisitionSkillRow extends RequisitionSkillEntity {
  skill: SkillEntity;
}

@Injectable()
export class RequisitionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Requisitions by id, leaving out those beyond the caller's reach (as if they did not exist). */
  async findByIds(ids: readonly string[], reach: Reach = ALL_REACH): Promise<RequisitionEntity[]> {
    const params: unknown[] = [[...ids]];
    const withinReach = requisitionWithinReach(reach, 'r.id', positionalBinder(params));
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT r.* FROM requisition r WHERE r.id = ANY($1::uuid[]) AND ${withinReach}`,
      params,
    );
    return rowsToEntities(this.dataSource.manager, RequisitionEntity, rows);
  }

  /** Locks the row until the transaction ends, so status, counts and version are read and written atomically. */
  lockById(manager: EntityManager, id: string): Promise<RequisitionEntity | null> {
    return manager
      .getRepository(RequisitionEntity)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id })
      .getOne();
  }

  /** Shares the lock with other appliers but keeps status changes out until the transaction ends. */
  lockForApplying(manager: EntityManager, id: string): Promise<RequisitionEntity | null> {
    return manager
      .getRepository(RequisitionEntity)
      .createQueryBuilder('r')
      .setLock('pessimistic_read')
      .where('r.id = :id', { id })
      .getOne();
  }

  /** Whether the requisition is within `reach`, on the caller's transaction. */
  async isWithinReach(manager: EntityManager, id: string, reach: Reach): Promise<boolean> {
    if (reach.kind !== 'member') return reach.kind === 'all';
    const params: unknown[] = [id];
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM requisition r WHERE r.id = $1 AND ${requisitionWithinReach(reach, 'r.id', positionalBinder(params))}`,
      params,
    );
    return rows.length > 0;
  }

  async nextCode(manager: EntityManager): Promise<string> {
    const [row] = await manager.query<{ n: string }[]>(`SELECT nextval('requisition_code_seq') AS n`);
    return `REQ-${row.n.padStart(5, '0')}`;
  }

  async insert(manager: EntityManager, values: Partial<RequisitionEntity>): Promise<RequisitionEntity> {
    const repository = manager.getRepository(RequisitionEntity);
    return repository.save(repository.create({ ...values, eventSequence: 1 }), { reload: true });
  }

  async replaceSkills(
    manager: EntityManager,
    requisitionId: string,
    skills: { skillId: string; importance: string; minYears: number | null }[],
  ): Promise<void> {
    await manager.delete(RequisitionSkillEntity, { requisitionId });
    if (skills.length === 0) return;
    await manager.query(
      `INSERT INTO requisition_skill (requisition_id, skill_id, importance, min_years, position)
       SELECT $1, * FROM unnest($2::uuid[], $3::varchar[], $4::numeric[], $5::smallint[])`,
      [
        requisitionId,
        skills.map((s) => s.skillId),
        skills.map((s) => s.importance),
        skills.map((s) => s.minYears),
        skills.map((_, i) => i),
      ],
    );
  }

  async findSkillsByRequisitionIds(ids: readonly string[]): Promise<RequisitionSkillRow[]> {
    const rows = await this.dataSource
      .getRepository(RequisitionSkillEntity)
      .createQueryBuilder('rs')
      .innerJoinAndMapOne('rs.skill', SkillEntity, 's', 's.id = rs.skill_id')
      .where('rs.requisition_id = ANY(:ids)', { ids: [...ids] })
      .orderBy('rs.position', 'ASC')
      .getMany();
    return rows as RequisitionSkillRow[];
  }

  private applyFilter(
    qb: SelectQueryBuilder<RequisitionEntity>,
    filter: RequisitionListFilter | null | undefined,
    reach: Reach,
  ): SelectQueryBuilder<RequisitionEntity> {
    const reachParams: Record<string, unknown> = {};
    qb.andWhere(requisitionWithinReach(reach, 'r.id', namedBinder(reachParams, 'reach')), reachParams);
    if (filter?.status?.length) qb.andWhere('r.status = ANY(:statuses)', { statuses: filter.status });
    if (filter?.level?.length) qb.andWhere('r.level = ANY(:levels)', { levels: filter.level });
    if (filter?.department)
      qb.andWhere('lower(r.department) = lower(:department)', { department: filter.department });
    if (filter?.search?.trim()) {
      qb.andWhere('(r.title ILIKE :search OR r.code ILIKE :search)', {
        search: containsPattern(filter.search.trim()),
      });
    }
    return qb;
  }

  /** A keyset page, newest first; `limit + 1` rows so the caller can tell whether more exist. */
  findPage(
    filter: RequisitionListFilter | null | undefined,
    page: PageRequest,
    reach: Reach,
  ): Promise<RequisitionEntity[]> {
    const params: Record<string, unknown> = {};
    const keyset = keysetSql(page, 'r.created_at', 'r.id', namedBinder(params));
    return this.applyFilter(
      this.dataSource.getRepository(RequisitionEntity).createQueryBuilder('r'),
      filter,
      reach,
    )
      .andWhere(keyset.where, params)
      .orderBy('r.created_at', keyset.direction)
      .addOrderBy('r.id', keyset.direction)
      .limit(keyset.limit)
      .getMany();
  }

  count(filter: RequisitionListFilter | null | undefined, reach: Reach): Promise<number> {
    return this.applyFilter(
      this.dataSource.getRepository(RequisitionEntity).createQueryBuilder('r'),
      filter,
      reach,
    ).getCount();
  }
}
