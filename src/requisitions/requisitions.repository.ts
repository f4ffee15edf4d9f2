import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { containsPattern } from '../common/database/like';
import { keysetSql, namedBinder, PageRequest } from '../common/graphql/keyset';
import { SkillEntity } from '../skills/skill.entity';
import { RequisitionSkillEntity } from './requisition-skill.entity';
import { RequisitionEntity } from './requisition.entity';
import { RequisitionFilter } from './dto/requisition-filter.input';

export interface RequisitionSkillRow extends RequisitionSkillEntity {
  skill: SkillEntity;
}

@Injectable()
export class RequisitionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findByIds(ids: readonly string[]): Promise<RequisitionEntity[]> {
    return this.dataSource
      .getRepository(RequisitionEntity)
      .createQueryBuilder('r')
      .where('r.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
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
    filter: RequisitionFilter | null | undefined,
  ): SelectQueryBuilder<RequisitionEntity> {
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
  findPage(filter: RequisitionFilter | null | undefined, page: PageRequest): Promise<RequisitionEntity[]> {
    const params: Record<string, unknown> = {};
    const keyset = keysetSql(page, 'r.created_at', 'r.id', namedBinder(params));
    return this.applyFilter(this.dataSource.getRepository(RequisitionEntity).createQueryBuilder('r'), filter)
      .andWhere(keyset.where, params)
      .orderBy('r.created_at', keyset.direction)
      .addOrderBy('r.id', keyset.direction)
      .limit(keyset.limit)
      .getMany();
  }

  count(filter: RequisitionFilter | null | undefined): Promise<number> {
    return this.applyFilter(
      this.dataSource.getRepository(RequisitionEntity).createQueryBuilder('r'),
      filter,
    ).getCount();
  }
}
