import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ERASED_TEXT } from '../candidates/candidate-erasure.rules';
import { candidateNotErased } from '../candidates/erased-sql';
import { jsonbToEntity, rowsToEntities } from '../common/database/raw-rows';
import { CandidateEntity } from '../candidates/candidate.entity';
import { keysetSql, namedBinder, PageRequest, positionalBinder } from '../common/graphql/keyset';
import { Reach } from '../identity/access.rules';
import { requisitionWithinReach } from '../requisitions/reach-sql';
import { RequisitionStatus } from '../requisitions/requisition.enums';
import { ApplicationEntity } from './application.entity';
import { ApplicationStatus } from './pipeline.enums';
import { PipelineStageEntity } from './pipeline-stage.entity';
import { StageTransitionEntity } from './stage-transition.entity';

/** An application as a candidate's data export shows it (`findForCandidateExport`). */
export interface ApplicationExport {
  id: string;
  requisitionId: string;
  requisitionTitle: string;
  status: ApplicationStatus;
  stage: string;
  sourceKind: string;
  sourceDetail: string | null;
  rejectionReason: string | null;
  reasonName: string | null;
  appliedAt: Date;
  lastActivityAt: Date;
  transitions: {
    sequence: number;
    fromStage: string | null;
    toStage: string;
    fromStatus: ApplicationStatus | null;
    toStatus: ApplicationStatus;
    reason: string | null;
    reasonName: string | null;
    occurredAt: string;
  }[];
}

/** What a change of stage or status writes (`updateAtVersion`); `rejectionReason` unchanged when absent. */
export interface ApplicationUpdate {
  stageId: string;
  status: ApplicationStatus;
  reasonId: string | null;
  rejectionReason?: string | null;
  /** Restarts `appliedAt` (a reapplication). */
  appliedNow?: boolean;
}

/** The history entry `updateAtVersion` writes with the change (the rest comes from the updated row). */
export interface HistoryEntryOfUpdate {
  fromStageId: string;
  fromStatus: ApplicationStatus;
  reason: string | null;
  reasonId: string | null;
  actor: string;
}

export type ApplicationParent = 'stage_id' | 'requisition_id' | 'candidate_id';

/** What a page of applications fetches along with each card, because the query asks for it. */
export interface CardExtras {
  candidate: boolean;
  skills: boolean;
}

const NO_EXTRAS: CardExtras = { candidate: false, skills: false };

/** How a page is ordered: by `keySql` (an integer expression of `a`, see ApplicationOrderings) or applied-at. */
export interface PageOrder {
  keySql: string | null;
  descending: boolean;
}

const NEWEST_FIRST: PageOrder = { keySql: null, descending: true };

/**
 * An application of a page, with its candidate and the ids and years of the candidate's skills (in order) when
 * they were asked for.
 */
export interface ApplicationCard {
  application: ApplicationEntity;
  /** The page's order key when it is not the applied-at time (a registered ordering's integer). */
  orderKey: number | null;
  candidate: CandidateEntity | null;
  skills: { skillId: string; years: number | null }[] | null;
}

/**
 * The card's candidate's skills as `[skill id, years]` pairs in the candidate's order (`LEFT JOIN LATERAL`: none
 * is null). JSON because the driver parses it natively; Postgres arrays are parsed character by character in
 * JavaScript, which cost 8 % of a board's CPU.
 */
const SKILL_PAIRS = `LEFT JOIN LATERAL (
    SELECT json_agg(json_build_array(cs.skill_id, cs.years) ORDER BY cs.position) AS card_skills
    FROM candidate_skill cs WHERE cs.candidate_id = a.candidate_id) sk ON TRUE`;

/** Storage of applications: locks and writes for the use cases, pages and counts for the board. */
@Injectable()
export class ApplicationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Erasure: locks every application of the candidate (for the rest of the transaction) and reads their status. */
  lockAllOfCandidate(
    manager: EntityManager,
    candidateId: string,
  ): Promise<{ id: string; status: ApplicationStatus }[]> {
    return manager.query(
      `SELECT id, status FROM application WHERE candidate_id = $1 ORDER BY id FOR UPDATE`,
      [candidateId],
    );
  }

  /** Erasure: free-text rejection reasons become a marker; status and reason id stay (the reports read them). */
  async anonymiseRejectionReasonsOf(manager: EntityManager, candidateId: string): Promise<void> {
    await manager.query(
      `UPDATE application SET rejection_reason = $2 WHERE candidate_id = $1 AND rejection_reason IS NOT NULL`,
      [candidateId, ERASED_TEXT],
    );
  }

  findByIds(
    ids: readonly string[],
    reach: Reach,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ApplicationEntity[]> {
    const params: Record<string, unknown> = { ids: [...ids] };
    return manager
      .getRepository(ApplicationEntity)
      .createQueryBuilder('a')
      .where('a.id = ANY(:ids)', params)
      .andWhere(candidateNotErased('a.candidate_id'))
      .andWhere(requisitionWithinReach(reach, 'a.requisition_id', namedBinder(params)), params)
      .getMany();
  }

  /**
   * Locks the application for the rest of the transaction and reads its requisition's status with it; with a
   * `target`, also the stage it is to move to (when within `reach`), saving a move a round trip while it holds the
   * lock.
   */
  async lockApplication(
    manager: EntityManager,
    id: string,
    target: { stageId: string | null; reach: Reach } | null = null,
  ): Promise<{
    application: ApplicationEntity;
    requisitionStatus: RequisitionStatus;
    targetStage: PipelineStageEntity | null;
  } | null> {
    const params: unknown[] = [id, target?.stageId ?? null];
    const stageWithinReach = target
      ? requisitionWithinReach(target.reach, 's.requisition_id', positionalBinder(params))
      : 'FALSE';
    const rows = await manager.query<Record<string, unknown>[]>(
      `SELECT a.*, r.status AS requisition_status, row_to_json(s) AS target_stage
       FROM application a JOIN requisition r ON r.id = a.requisition_id
       LEFT JOIN pipeline_stage s ON s.id = $2::uuid AND ${stageWithinReach}
       WHERE a.id = $1 AND ${candidateNotErased('a.candidate_id')} FOR UPDATE OF a`,
      params,
    );
    if (rows.length === 0) return null;
    const [application] = rowsToEntities(manager, ApplicationEntity, rows);
    const stage = rows[0].target_stage as Record<string, unknown> | null;
    return {
      application,
      requisitionStatus: rows[0].requisition_status as RequisitionStatus,
      targetStage: stage ? jsonbToEntity(manager, PipelineStageEntity, stage) : null,
    };
  }

  findIdByCandidateAndRequisition(
    manager: EntityManager,
    candidateId: string,
    requisitionId: string,
  ): Promise<{ id: string } | undefined> {
    return manager
      .createQueryBuilder()
      .select('a.id', 'id')
      .from(ApplicationEntity, 'a')
      .where('a.candidate_id = :candidateId AND a.requisition_id = :requisitionId', {
        candidateId,
        requisitionId,
      })
      .getRawOne<{ id: string }>();
  }

  /** The candidate's application to the requisition (there is at most one), with its status. */
  findStatusByCandidateAndRequisition(
    manager: EntityManager,
    candidateId: string,
    requisitionId: string,
  ): Promise<{ id: string; status: ApplicationStatus } | undefined> {
    return manager
      .createQueryBuilder()
      .select('a.id', 'id')
      .addSelect('a.status', 'status')
      .from(ApplicationEntity, 'a')
      .where('a.candidate_id = :candidateId AND a.requisition_id = :requisitionId', {
        candidateId,
        requisitionId,
      })
      .getRawOne<{ id: string; status: ApplicationStatus }>();
  }

  async insert(manager: EntityManager, values: Partial<ApplicationEntity>): Promise<ApplicationEntity> {
    const repository = manager.getRepository(ApplicationEntity);
    return repository.save(repository.create({ ...values, eventSequence: 1 }), { reload: true });
  }

  /** Writes `set` if the row is still at `version`, bumping version and event sequence; null when it is not. */
  /**
   * The one write of every change of stage or status, if the row is still at `version`: bumps the version and the
   * event sequence, touches `lastActivityAt`, and writes the change's history entry (`stage_transition`) in the same
   * statement: one round trip fewer per move while the row lock is held. Plain SQL: every move runs it, and
   * TypeORM's update builder is CPU it does not need. Null (nothing written) when the version moved on.
   */
  async updateAtVersion(
    manager: EntityManager,
    id: string,
    version: number,
    set: ApplicationUpdate,
    entry: HistoryEntryOfUpdate,
  ): Promise<{ application: ApplicationEntity; transition: StageTransitionEntity } | null> {
    const params: unknown[] = [
      id,
      version,
      set.stageId,
      set.status,
      set.reasonId,
      entry.fromStageId,
      entry.fromStatus,
      entry.reason,
      entry.actor,
      entry.reasonId,
    ];
    const more: string[] = [];
    if (set.rejectionReason !== undefined) {
      params.push(set.rejectionReason);
      more.push(`rejection_reason = $${params.length}`);
    }
    if (set.appliedNow) more.push('applied_at = now()');
    const rows = await manager.query<Record<string, unknown>[]>(
      `WITH changed AS (
         UPDATE application SET stage_id = $3, status = $4, reason_id = $5, ${more.map((m) => `${m}, `).join('')}
           last_activity_at = now(), version = version + 1, event_sequence = event_sequence + 1
         WHERE id = $1 AND version = $2 RETURNING *),
       entry AS (
         INSERT INTO stage_transition
           (application_id, sequence, from_stage_id, to_stage_id, from_status, to_status, reason, actor, reason_id)
         SELECT id, event_sequence, $6::uuid, stage_id, $7::varchar, status, $8::varchar, $9::varchar, $10::uuid
           FROM changed
         RETURNING *)
       SELECT changed.*, row_to_json(entry) AS history_entry FROM changed CROSS JOIN entry`,
      params,
    );
    if (rows.length === 0) return null;
    const [application] = rowsToEntities(manager, ApplicationEntity, rows);
    const transition = jsonbToEntity(
      manager,
      StageTransitionEntity,
      rows[0].history_entry as Record<string, unknown>,
    );
    return { application, transition };
  }

  async countInStage(manager: EntityManager, stageId: string): Promise<number> {
    const [row] = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM application WHERE stage_id = $1`,
      [stageId],
    );
    return row.n;
  }

  /**
   * Moves every application of a stage to another one, bumping each one's version and event sequence; returns
   * what the history and events of each move need.
   */
  async moveAllInStage(
    manager: EntityManager,
    fromStageId: string,
    toStageId: string,
  ): Promise<
    {
      id: string;
      candidateId: string;
      requisitionId: string;
      status: ApplicationStatus;
      eventSequence: number;
    }[]
  > {
    const rows = await manager.query<
      [
        {
          id: string;
          candidate_id: string;
          requisition_id: string;
          status: ApplicationStatus;
          event_sequence: number;
        }[],
        number,
      ]
    >(
      `UPDATE application SET stage_id = $2, version = version + 1, event_sequence = event_sequence + 1,
         last_activity_at = now()
       WHERE stage_id = $1 RETURNING id, candidate_id, requisition_id, status, event_sequence`,
      [fromStageId, toStageId],
    );
    return rows[0].map((r) => ({
      id: r.id,
      candidateId: r.candidate_id,
      requisitionId: r.requisition_id,
      status: r.status,
      eventSequence: r.event_sequence,
    }));
  }

  /**
   * Active applications per stage, for the board's column counts: one index-only count per stage on the partial
   * index `application_active_by_stage` (a single `stage_id = ANY(…) GROUP BY` read the rows instead).
   */
  async countActiveByStageIds(stageIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.dataSource.query<{ stage_id: string; n: number }[]>(
      `SELECT stage.id AS stage_id,
              (SELECT count(*)::int FROM application a WHERE a.stage_id = stage.id AND a.status = 'ACTIVE') AS n
       FROM unnest($1::uuid[]) AS stage(id)`,
      [[...stageIds]],
    );
    return new Map(rows.map((r) => [r.stage_id, r.n]));
  }

  async countByParents(
    parent: ApplicationParent,
    parentIds: readonly string[],
    status: ApplicationStatus | null,
    reach: Reach,
  ): Promise<Map<string, number>> {
    const params: unknown[] = [[...parentIds], status];
    const withinReach = requisitionWithinReach(reach, 'requisition_id', positionalBinder(params));
    const rows = await this.dataSource.query<{ parent_id: string; n: number }[]>(
      `SELECT ${parent} AS parent_id, count(*)::int AS n FROM application a
       WHERE ${parent} = ANY($1::uuid[]) AND ($2::varchar IS NULL OR status = $2) AND ${withinReach}
         AND ${candidateNotErased('a.candidate_id')}
       GROUP BY ${parent}`,
      params,
    );
    return new Map(rows.map((r) => [r.parent_id, r.n]));
  }

  /**
   * One keyset page of applications for each parent (stage, requisition or candidate), newest first, in a single
   * statement: a LATERAL subquery per parent, each using the (parent, applied_at, id) index. With `extras`, each
   * card also brings its candidate and the ids and years of the candidate's skills, in the same statement, so a
   * board needs no further query for them but one for the few distinct skills.
   */
  async findPagesByParents(
    parent: ApplicationParent,
    parentIds: readonly string[],
    page: PageRequest,
    status: ApplicationStatus | null,
    reach: Reach,
    extras: CardExtras = NO_EXTRAS,
    order: PageOrder = NEWEST_FIRST,
  ): Promise<ApplicationCard[]> {
    const params: unknown[] = [[...parentIds], status];
    const withinReach = requisitionWithinReach(reach, 'a.requisition_id', positionalBinder(params));
    const keyset = order.keySql
      ? keysetSql(page, order.keySql, 'a.id', positionalBinder(params), 'integer', order.descending)
      : keysetSql(page, 'a.applied_at', 'a.id', positionalBinder(params), 'timestamptz', order.descending);
    // The candidate as JSON (parsed natively, unlike one column at a time); the skills as [id, years] pairs, not
    // as JSON objects of whole skill rows, which cost the database several times more than the rest of the statement.
    const rows = await this.dataSource.query<
      (Record<string, unknown> & {
        card_candidate?: Record<string, unknown>;
        card_skills?: [string, number | null][] | null;
        card_order_key?: number | string | null;
      })[]
    >(
      `SELECT page.* FROM unnest($1::uuid[]) AS parent(id)
       CROSS JOIN LATERAL (
         SELECT a.*
           ${order.keySql ? `, ${order.keySql} AS card_order_key` : ''}
           ${extras.candidate ? ', row_to_json(c) AS card_candidate' : ''}
           ${extras.skills ? ', sk.card_skills' : ''}
         FROM application a
         ${extras.candidate ? 'JOIN candidate c ON c.id = a.candidate_id' : ''}
         ${extras.skills ? SKILL_PAIRS : ''}
         WHERE a.${parent} = parent.id AND ($2::varchar IS NULL OR a.status = $2) AND ${withinReach}
           AND ${candidateNotErased('a.candidate_id')} AND ${keyset.where}
         ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}
       ) page`,
      params,
    );
    const manager = this.dataSource.manager;
    const applications = rowsToEntities(manager, ApplicationEntity, rows);
    return rows.map((row, i) => ({
      application: applications[i],
      orderKey: row.card_order_key == null ? null : Number(row.card_order_key),
      candidate: row.card_candidate ? jsonbToEntity(manager, CandidateEntity, row.card_candidate) : null,
      skills: extras.skills ? (row.card_skills ?? []).map(([skillId, years]) => ({ skillId, years })) : null,
    }));
  }

  /**
   * What retention reads of each candidate's applications: hired or not; still live (ACTIVE on a requisition that
   * is neither CLOSED nor FILLED); and when each one that ended without a hire ended: its last move into REJECTED
   * or WITHDRAWN (the history), or, still ACTIVE on a CLOSED or FILLED requisition, that requisition's last change
   * (its closing: a CLOSED requisition takes no edits).
   */
  async findRetentionFacts(
    manager: EntityManager,
    candidateIds: readonly string[],
  ): Promise<{ candidateId: string; hired: boolean; active: boolean; endedAt: Date[] }[]> {
    const rows = await manager.query<
      { candidate_id: string; hired: boolean; active: boolean; ended_at: Date[] }[]
    >(
      `SELECT a.candidate_id,
              bool_or(a.status = 'HIRED') AS hired,
              bool_or(a.status = 'ACTIVE' AND r.status NOT IN ('CLOSED', 'FILLED')) AS active,
              array_remove(array_agg(CASE
                WHEN a.status IN ('REJECTED', 'WITHDRAWN') THEN coalesce(
                  (SELECT max(t.occurred_at) FROM stage_transition t
                   WHERE t.application_id = a.id AND t.to_status = a.status),
                  a.last_activity_at)
                WHEN a.status = 'ACTIVE' AND r.status IN ('CLOSED', 'FILLED') THEN r.updated_at
              END), NULL) AS ended_at
       FROM application a JOIN requisition r ON r.id = a.requisition_id
       WHERE a.candidate_id = ANY($1::uuid[])
       GROUP BY a.candidate_id`,
      [[...candidateIds]],
    );
    return rows.map((row) => ({
      candidateId: row.candidate_id,
      hired: row.hired,
      active: row.active,
      endedAt: row.ended_at.map((at) => new Date(at)),
    }));
  }

  /** The candidates with an ACTIVE application on the requisition (a closing or reopening changes their retention). */
  async findCandidateIdsActiveOnRequisition(
    manager: EntityManager,
    requisitionId: string,
  ): Promise<string[]> {
    const rows = await manager.query<{ candidate_id: string }[]>(
      `SELECT DISTINCT candidate_id FROM application WHERE requisition_id = $1 AND status = 'ACTIVE'`,
      [requisitionId],
    );
    return rows.map((row) => row.candidate_id);
  }

  /**
   * A candidate's applications with their whole history, as their data export shows them (docs/privacy.md,
   * "Export"): requisition title, stage and status, source, reasons (free text and the structured reason's name),
   * each transition's stages, statuses, reasons and time. Who made each move is left out (colleagues' data).
   */
  async findForCandidateExport(manager: EntityManager, candidateId: string): Promise<ApplicationExport[]> {
    const rows = await manager.query<ApplicationExport[]>(
      `SELECT a.id, a.requisition_id AS "requisitionId", r.title AS "requisitionTitle", a.status,
              s.name AS stage, a.source_kind AS "sourceKind", a.source_detail AS "sourceDetail",
              a.rejection_reason AS "rejectionReason", rr.name AS "reasonName",
              a.applied_at AS "appliedAt", a.last_activity_at AS "lastActivityAt",
              coalesce((
                SELECT json_agg(json_build_object(
                  'sequence', t.sequence, 'fromStage', fs.name, 'toStage', ts.name, 'fromStatus', t.from_status,
                  'toStatus', t.to_status, 'reason', t.reason, 'reasonName', tr.name,
                  'occurredAt', to_char(t.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                  ORDER BY t.sequence)
                FROM stage_transition t
                LEFT JOIN pipeline_stage fs ON fs.id = t.from_stage_id
                JOIN pipeline_stage ts ON ts.id = t.to_stage_id
                LEFT JOIN rejection_reason tr ON tr.id = t.reason_id
                WHERE t.application_id = a.id), '[]') AS transitions
       FROM application a
       JOIN requisition r ON r.id = a.requisition_id
       JOIN pipeline_stage s ON s.id = a.stage_id
       LEFT JOIN rejection_reason rr ON rr.id = a.reason_id
       WHERE a.candidate_id = $1
       ORDER BY a.applied_at, a.id`,
      [candidateId],
    );
    return rows;
  }
}
