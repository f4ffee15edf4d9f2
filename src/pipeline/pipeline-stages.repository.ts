import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { rowsToEntities } from '../common/database/raw-rows';
import { namedBinder } from '../common/graphql/keyset';
import { ALL_REACH, Reach } from '../identity/access.rules';
import { requisitionWithinReach } from '../requisitions/reach-sql';
import { StageKind } from './pipeline.enums';
import { PipelineStageEntity } from './pipeline-stage.entity';

/** Storage of requisitions' pipeline stages. */
@Injectable()
export class PipelineStagesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findByIds(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
    reach: Reach = ALL_REACH,
  ): Promise<PipelineStageEntity[]> {
    const params: Record<string, unknown> = { ids: [...ids] };
    return manager
      .getRepository(PipelineStageEntity)
      .createQueryBuilder('s')
      .where('s.id = ANY(:ids)', params)
      .andWhere(requisitionWithinReach(reach, 's.requisition_id', namedBinder(params)), params)
      .getMany();
  }

  async findLiveByRequisitionIds(
    requisitionIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PipelineStageEntity[]> {
    const rows = await manager.query<Record<string, unknown>[]>(
      `SELECT * FROM pipeline_stage WHERE requisition_id = ANY($1::uuid[]) AND removed_at IS NULL
       ORDER BY requisition_id, position`,
      [[...requisitionIds]],
    );
    return rowsToEntities(manager, PipelineStageEntity, rows);
  }

  /** The requisition's HIRED stage (at most one is live: a partial unique index). */
  async findLiveHiredStage(
    manager: EntityManager,
    requisitionId: string,
  ): Promise<PipelineStageEntity | null> {
    const rows = await manager.query<Record<string, unknown>[]>(
      `SELECT * FROM pipeline_stage WHERE requisition_id = $1 AND kind = 'HIRED' AND removed_at IS NULL`,
      [requisitionId],
    );
    return rowsToEntities(manager, PipelineStageEntity, rows)[0] ?? null;
  }

  /** Writes a complete new order; the unique (requisition, position) constraint is deferred to commit. */
  async setPositions(manager: EntityManager, stageIds: string[]): Promise<void> {
    await manager.query(
      `UPDATE pipeline_stage s SET position = t.position
       FROM unnest($1::uuid[], $2::int[]) AS t(id, position) WHERE s.id = t.id`,
      [stageIds, stageIds.map((_, i) => i)],
    );
  }

  /** A new requisition's pipeline: the stages in order. */
  async insertInOrder(
    manager: EntityManager,
    requisitionId: string,
    stages: readonly { name: string; kind: StageKind }[],
  ): Promise<void> {
    await manager.insert(
      PipelineStageEntity,
      stages.map((stage, position) => ({ ...stage, position, requisitionId })),
    );
  }

  async insert(manager: EntityManager, values: Partial<PipelineStageEntity>): Promise<PipelineStageEntity> {
    const repository = manager.getRepository(PipelineStageEntity);
    return repository.save(repository.create(values), { reload: true });
  }

  async update(manager: EntityManager, id: string, set: Partial<PipelineStageEntity>): Promise<void> {
    await manager.update(PipelineStageEntity, { id }, set);
  }

  async markRemoved(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE pipeline_stage SET removed_at = now(), position = NULL WHERE id = $1`, [id]);
  }
}
