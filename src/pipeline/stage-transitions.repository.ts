import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ERASED_TEXT } from '../candidates/candidate-erasure.rules';
import { rowsToEntities } from '../common/database/raw-rows';
import { keysetSql, namedBinder, PageRequest, ParamBinder, positionalBinder } from '../common/graphql/keyset';
import { Reach } from '../identity/access.rules';
import { requisitionWithinReach } from '../requisitions/reach-sql';
import { ApplicationEntity } from './application.entity';
import { ApplicationStatus } from './pipeline.enums';
import { StageTransitionEntity } from './stage-transition.entity';

export interface NewTransition {
  applicationId: string;
  sequence: number;
  fromStageId: string | null;
  toStageId: string;
  fromStatus: ApplicationStatus | null;
  toStatus: ApplicationStatus;
  reason: string | null;
  reasonId?: string | null;
  actor?: string | null;
}

/** Storage of applications' append-only history. */
@Injectable()
export class StageTransitionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Erasure: free-text reasons of the applications' history become a marker (that there was one still shows);
   * stages, statuses, reason ids, actors and times stay, so the reports do not change.
   */
  async anonymiseReasonsOf(manager: EntityManager, applicationIds: readonly string[]): Promise<void> {
    await manager.query(
      `UPDATE stage_transition SET reason = $2 WHERE reason IS NOT NULL AND application_id = ANY($1::uuid[])`,
      [[...applicationIds], ERASED_TEXT],
    );
  }

  async insert(manager: EntityManager, transitions: NewTransition[]): Promise<StageTransitionEntity[]> {
    if (transitions.length === 0) return [];
    const rows = await manager.query<Record<string, unknown>[]>(
      `INSERT INTO stage_transition (application_id, sequence, from_stage_id, to_stage_id, from_status, to_status, reason, actor, reason_id)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::uuid[], $5::varchar[], $6::varchar[], $7::varchar[], $8::varchar[], $9::uuid[])
       RETURNING *`,
      [
        transitions.map((t) => t.applicationId),
        transitions.map((t) => t.sequence),
        transitions.map((t) => t.fromStageId),
        transitions.map((t) => t.toStageId),
        transitions.map((t) => t.fromStatus),
        transitions.map((t) => t.toStatus),
        transitions.map((t) => t.reason),
        transitions.map((t) => t.actor ?? null),
        transitions.map((t) => t.reasonId ?? null),
      ],
    );
    return rowsToEntities(manager, StageTransitionEntity, rows);
  }

  findByIds(ids: readonly string[], reach: Reach): Promise<StageTransitionEntity[]> {
    const params: Record<string, unknown> = { ids: [...ids] };
    return this.dataSource
      .getRepository(StageTransitionEntity)
      .createQueryBuilder('t')
      .innerJoin(ApplicationEntity, 'a', 'a.id = t.application_id')
      .where('t.id = ANY(:ids)', params)
      .andWhere(requisitionWithinReach(reach, 'a.requisition_id', namedBinder(params)), params)
      .getMany();
  }

  /** A page of each application's history, newest first, keyed by the history's sequence. */
  async findPagesByApplicationIds(
    applicationIds: readonly string[],
    page: PageRequest,
  ): Promise<StageTransitionEntity[]> {
    const params: unknown[] = [[...applicationIds]];
    const keyset = keysetSql(page, 't.sequence', 't.id', positionalBinder(params), 'integer');
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT page.* FROM unnest($1::uuid[]) AS parent(id)
       CROSS JOIN LATERAL (
         SELECT t.* FROM stage_transition t WHERE t.application_id = parent.id AND ${keyset.where}
         ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}
       ) page`,
      params,
    );
    return rowsToEntities(this.dataSource.manager, StageTransitionEntity, rows);
  }

  /**
   * The timeline's part of the history (application_activity.ts): the application's transitions, when its
   * requisition is within `reach`, as (id, occurred_at, actor, data) with the whole row in `data`. Reads
   * `stage_transition_application_occurred`.
   */
  activitySelect(reach: Reach, applicationIdExpr: string, bind: ParamBinder): string | null {
    if (reach.kind === 'none') return null;
    const withinReach =
      reach.kind === 'all'
        ? 'TRUE'
        : `EXISTS (SELECT 1 FROM application ra WHERE ra.id = ${applicationIdExpr}
             AND ${requisitionWithinReach(reach, 'ra.requisition_id', bind)})`;
    return `SELECT t.id, t.occurred_at, t.actor, to_jsonb(t) AS data FROM stage_transition t
      WHERE t.application_id = ${applicationIdExpr} AND ${withinReach}`;
  }

  async countByApplicationIds(applicationIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.dataSource.query<{ application_id: string; n: number }[]>(
      `SELECT application_id, count(*)::int AS n FROM stage_transition WHERE application_id = ANY($1::uuid[])
       GROUP BY application_id`,
      [[...applicationIds]],
    );
    return new Map(rows.map((r) => [r.application_id, r.n]));
  }
}
