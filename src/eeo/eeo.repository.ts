import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { positionalBinder } from '../common/graphql/keyset';
import {
  EEO_DIMENSIONS,
  EeoDimension,
  EeoRawCounts,
  EeoReportFilter,
  NOT_PROVIDED,
  RecordSelfIdentificationCommand,
} from './eeo.commands';

/** Each dimension's column. */
const COLUMN: Record<EeoDimension, string> = {
  gender: 'gender',
  raceEthnicity: 'race_ethnicity',
  veteranStatus: 'veteran_status',
  disabilityStatus: 'disability_status',
};

/**
 * Every statement on `eeo_self_identification`. One method returns a person's answers: the candidate's own data
 * export, when an administrator asks for it explicitly; everything else returns counts (to the report's
 * suppression) or what a write changed.
 */
@Injectable()
export class EeoRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The application's self-identification, replacing an earlier one (the applicant applied again). */
  async upsert(manager: EntityManager, command: RecordSelfIdentificationCommand): Promise<void> {
    const { answers } = command;
    await manager.query(
      `INSERT INTO eeo_self_identification
         (application_id, candidate_id, gender, race_ethnicity, veteran_status, disability_status, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (application_id) DO UPDATE SET candidate_id = excluded.candidate_id,
         gender = excluded.gender, race_ethnicity = excluded.race_ethnicity,
         veteran_status = excluded.veteran_status, disability_status = excluded.disability_status,
         source = excluded.source, submitted_at = now()`,
      [
        command.applicationId,
        command.candidateId,
        answers.gender,
        answers.raceEthnicity,
        answers.veteranStatus,
        answers.disabilityStatus,
        command.source,
      ],
    );
  }

  /**
   * The candidate's own answers, for their data export only (docs/privacy.md, "Export"): one row per application,
   * oldest first. Application ids are database ids.
   */
  async findForCandidateExport(
    manager: EntityManager,
    candidateId: string,
  ): Promise<
    {
      applicationId: string;
      gender: string | null;
      raceEthnicity: string | null;
      veteranStatus: string | null;
      disabilityStatus: string | null;
      source: string;
      submittedAt: Date;
    }[]
  > {
    return manager.query(
      `SELECT application_id AS "applicationId", gender, race_ethnicity AS "raceEthnicity",
              veteran_status AS "veteranStatus", disability_status AS "disabilityStatus", source,
              submitted_at AS "submittedAt"
       FROM eeo_self_identification WHERE candidate_id = $1 ORDER BY submitted_at, application_id`,
      [candidateId],
    );
  }

  /** Erasure: every self-identification the candidate gave, on the erasure's transaction. Returns how many. */
  async deleteForCandidate(manager: EntityManager, candidateId: string): Promise<number> {
    const rows = await manager.query<{ application_id: string }[]>(
      // In a CTE: TypeORM answers a bare DELETE … RETURNING with [rows, count], not the rows.
      `WITH deleted AS (DELETE FROM eeo_self_identification WHERE candidate_id = $1 RETURNING application_id)
       SELECT application_id FROM deleted`,
      [candidateId],
    );
    return rows.length;
  }

  /** Whether the stage is (or was: removed stages keep their history) one of the requisition's. */
  async stageOfRequisition(stageId: string, requisitionId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM pipeline_stage WHERE id = $1 AND requisition_id = $2`,
      [stageId, requisitionId],
    );
    return rows.length > 0;
  }

  /**
   * Exact counts per dimension and category over the filter's applications (every status), an application
   * without a self-identification or without an answer to a question counted as NOT_PROVIDED. One statement.
   */
  async counts(filter: EeoReportFilter): Promise<EeoRawCounts> {
    const params: unknown[] = [];
    const bind = positionalBinder(params);
    const conditions = [`a.requisition_id = ${bind(filter.requisitionId)}::uuid`];
    if (filter.from) conditions.push(`a.applied_at >= ${bind(filter.from)}::timestamptz`);
    if (filter.to) conditions.push(`a.applied_at < ${bind(filter.to)}::timestamptz`);
    if (filter.stageId) {
      // Entered the stage: its history has a step into it (its first step when it was created there).
      conditions.push(`EXISTS (SELECT 1 FROM stage_transition t
        WHERE t.application_id = a.id AND t.to_stage_id = ${bind(filter.stageId)}::uuid)`);
    }
    const perDimension = EEO_DIMENSIONS.map(
      (dimension) =>
        `SELECT '${dimension}' AS dimension, coalesce(${COLUMN[dimension]}, '${NOT_PROVIDED}') AS category,
                count(*)::int AS n
         FROM answers GROUP BY 2`,
    );
    const rows = await this.dataSource.query<
      { dimension: EeoDimension | null; category: string; n: number }[]
    >(
      `WITH answers AS (
         SELECT e.gender, e.race_ethnicity, e.veteran_status, e.disability_status
         FROM application a LEFT JOIN eeo_self_identification e ON e.application_id = a.id
         WHERE ${conditions.join(' AND ')}
       )
       SELECT NULL AS dimension, '' AS category, count(*)::int AS n FROM answers
       UNION ALL ${perDimension.join(' UNION ALL ')}`,
      params,
    );
    const cells = Object.fromEntries(
      EEO_DIMENSIONS.map((d) => [d, [] as { category: string; count: number }[]]),
    ) as EeoRawCounts['cells'];
    let applications = 0;
    for (const row of rows) {
      if (row.dimension === null) applications = row.n;
      else cells[row.dimension].push({ category: row.category, count: row.n });
    }
    return { applications, cells };
  }
}
