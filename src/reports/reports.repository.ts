import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { positionalBinder } from '../common/graphql/keyset';
import { Reach } from '../identity/access.rules';
import { ApplicationSourceKind } from '../pipeline/pipeline.enums';
import { requisitionWithinReach } from '../requisitions/reach-sql';
import {
  DaysSummary,
  FunnelStageFigures,
  HiringReportFilter,
  ReasonCount,
  SourceFigures,
  TimeFigures,
} from './report.commands';

/** Stage kinds where the hiring team interviews or assesses the candidate (the recruiter's screen is not one). */
export const INTERVIEW_STAGE_KINDS = ['TECHNICAL', 'TAKE_HOME', 'ONSITE'];

const DAYS = (interval: string) => `(extract(epoch FROM ${interval}) / 86400.0)`;

/**
 * Each time an application entered a stage (created in it, or moved into it), and how that stay ended: the next
 * history entry, which either took it to another stage or ended it where it was (rejected, withdrew) — an ACTIVE
 * application's only same-stage change is a reopen, which follows such an end. `apps` is the set of applications
 * (a CTE with `id`) the figures are over. One pass over the history, ordered by the (application, sequence) index.
 */
const STAYS = `
  steps AS (
    SELECT t.application_id, t.from_stage_id, t.to_stage_id, t.occurred_at,
           lead(t.occurred_at) OVER w AS next_at, lead(t.to_stage_id) OVER w AS next_stage,
           lead(t.to_status) OVER w AS next_status
    FROM stage_transition t JOIN apps ON apps.id = t.application_id
    WINDOW w AS (PARTITION BY t.application_id ORDER BY t.sequence)
  ),
  stays AS (
    SELECT application_id, to_stage_id AS stage_id, occurred_at AS entered_at,
           next_at AS left_at, next_stage AS left_to, next_status AS left_status
    FROM steps WHERE from_stage_id IS DISTINCT FROM to_stage_id
  )`;

/**
 * The funnel of requisitions `$1` (uuid[]) restricted by `withinReach` (an SQL condition on `r.id`): one row per
 * live stage in pipeline order. Exported so the bench's reference runs the very same statement over `pg`.
 */
export function funnelStatement(withinReach: string): string {
  return `WITH reqs AS (SELECT r.id FROM requisition r WHERE r.id = ANY($1::uuid[]) AND ${withinReach}),
       apps AS (SELECT a.id FROM application a JOIN reqs ON reqs.id = a.requisition_id),
       ${STAYS},
       per_stage AS (
         SELECT st.stage_id,
                count(DISTINCT st.application_id)::int AS entered,
                count(DISTINCT st.application_id) FILTER (
                  WHERE st.left_to <> st.stage_id AND nxt.position > s.position)::int AS advanced,
                count(DISTINCT st.application_id) FILTER (
                  WHERE st.left_to = st.stage_id AND st.left_status = 'REJECTED')::int AS rejected,
                count(DISTINCT st.application_id) FILTER (
                  WHERE st.left_to = st.stage_id AND st.left_status = 'WITHDRAWN')::int AS withdrawn,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY ${DAYS('st.left_at - st.entered_at')})
                  FILTER (WHERE st.left_at IS NOT NULL) AS median,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY ${DAYS('st.left_at - st.entered_at')})
                  FILTER (WHERE st.left_at IS NOT NULL) AS p90
         FROM stays st JOIN pipeline_stage s ON s.id = st.stage_id
         LEFT JOIN pipeline_stage nxt ON nxt.id = st.left_to
         GROUP BY st.stage_id
       )
       SELECT s.id AS stage_id, s.requisition_id, s.name,
              coalesce(p.entered, 0) AS entered,
              (SELECT count(*)::int FROM application a
                WHERE a.stage_id = s.id AND a.status IN ('ACTIVE', 'HIRED')) AS current,
              coalesce(p.advanced, 0) AS advanced, coalesce(p.rejected, 0) AS rejected,
              coalesce(p.withdrawn, 0) AS withdrawn,
              s.position = max(s.position) OVER (PARTITION BY s.requisition_id) AS is_last,
              p.median, p.p90
       FROM pipeline_stage s JOIN reqs ON reqs.id = s.requisition_id
       LEFT JOIN per_stage p ON p.stage_id = s.id
       WHERE s.removed_at IS NULL
       ORDER BY s.requisition_id, s.position`;
}

const summary = (row: { n: number; median: number | null; p90: number | null }): DaysSummary => ({
  count: row.n,
  median: row.median === null ? null : Number(row.median),
  p90: row.p90 === null ? null : Number(row.p90),
});

/**
 * Every hiring report figure, computed in SQL from the stage history (and requisitions' status events, offers),
 * within the caller's reach: nothing is stored twice.
 */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The requisitions a hiring report covers: within reach and the filter. */
  private requisitionsSql(filter: HiringReportFilter, reach: Reach, params: unknown[]): string {
    const bind = positionalBinder(params);
    const conditions = [requisitionWithinReach(reach, 'r.id', bind)];
    if (filter.requisitionIds?.length) conditions.push(`r.id = ANY(${bind(filter.requisitionIds)}::uuid[])`);
    if (filter.departments?.length)
      conditions.push(`r.department = ANY(${bind(filter.departments)}::varchar[])`);
    if (filter.levels?.length) conditions.push(`r.level = ANY(${bind(filter.levels)}::varchar[])`);
    return `SELECT r.id FROM requisition r WHERE ${conditions.join(' AND ')}`;
  }

  /** The applications of those requisitions that applied within `from`/`to`. */
  private applicationsSql(filter: HiringReportFilter, reach: Reach, params: unknown[]): string {
    const requisitions = this.requisitionsSql(filter, reach, params);
    const bind = positionalBinder(params);
    const conditions = [`a.requisition_id IN (${requisitions})`];
    if (filter.from) conditions.push(`a.applied_at >= ${bind(filter.from)}::timestamptz`);
    if (filter.to) conditions.push(`a.applied_at < ${bind(filter.to)}::timestamptz`);
    return `SELECT a.id, a.requisition_id, a.source_kind FROM application a WHERE ${conditions.join(' AND ')}`;
  }

  /**
   * Each live stage of the requisitions (in pipeline order), with what happened in it. Requisitions beyond
   * `reach` have no figures (no rows).
   */
  async funnels(requisitionIds: readonly string[], reach: Reach): Promise<FunnelStageFigures[]> {
    const params: unknown[] = [[...requisitionIds]];
    const withinReach = requisitionWithinReach(reach, 'r.id', positionalBinder(params));
    const rows = await this.dataSource.query<
      {
        stage_id: string;
        requisition_id: string;
        name: string;
        entered: number;
        current: number;
        advanced: number;
        rejected: number;
        withdrawn: number;
        is_last: boolean;
        median: number | null;
        p90: number | null;
      }[]
    >(funnelStatement(withinReach), params);
    return rows.map((r) => ({
      stageId: r.stage_id,
      requisitionId: r.requisition_id,
      stageName: r.name,
      entered: r.entered,
      current: r.current,
      advanced: r.advanced,
      rejected: r.rejected,
      withdrawn: r.withdrawn,
      conversionToNext: r.is_last || r.entered === 0 ? null : r.advanced / r.entered,
      medianDaysInStage: r.median === null ? null : Number(r.median),
      p90DaysInStage: r.p90 === null ? null : Number(r.p90),
    }));
  }

  /**
   * Time to hire (an application's first history entry to its hire), time to fill (the requisition's first
   * opening to its filling, from its status events) and the offer acceptance rate, over the applications `appsSql`
   * selects (`id`, `requisition_id`).
   */
  private async timeFigures(appsSql: string, params: unknown[]): Promise<TimeFigures> {
    const [row] = await this.dataSource.query<
      {
        hire: { n: number; median: number | null; p90: number | null };
        fill: { n: number; median: number | null; p90: number | null };
        accepted: number;
        answered: number;
      }[]
    >(
      `WITH apps AS (${appsSql}),
       hires AS (
         SELECT ${DAYS("min(t.occurred_at) FILTER (WHERE t.to_status = 'HIRED') - min(t.occurred_at)")} AS days
         FROM stage_transition t JOIN apps ON apps.id = t.application_id
         GROUP BY t.application_id HAVING bool_or(t.to_status = 'HIRED')
       ),
       fills AS (
         SELECT ${DAYS("min(e.occurred_at) FILTER (WHERE e.data->>'toStatus' = 'FILLED') - min(e.occurred_at) FILTER (WHERE e.data->>'toStatus' = 'OPEN')")} AS days
         FROM event e
         WHERE e.aggregate_type = 'requisition' AND e.type = 'requisition.status_changed'
           AND e.aggregate_id IN (SELECT DISTINCT requisition_id FROM apps)
         GROUP BY e.aggregate_id
         HAVING bool_or(e.data->>'toStatus' = 'FILLED') AND bool_or(e.data->>'toStatus' = 'OPEN')
       ),
       answered AS (
         SELECT o.status FROM offer o JOIN apps ON apps.id = o.application_id
         WHERE o.status IN ('ACCEPTED', 'DECLINED', 'EXPIRED')
       )
       SELECT
         (SELECT json_build_object('n', count(*), 'median', percentile_cont(0.5) WITHIN GROUP (ORDER BY days),
                                   'p90', percentile_cont(0.9) WITHIN GROUP (ORDER BY days)) FROM hires) AS hire,
         (SELECT json_build_object('n', count(*), 'median', percentile_cont(0.5) WITHIN GROUP (ORDER BY days),
                                   'p90', percentile_cont(0.9) WITHIN GROUP (ORDER BY days)) FROM fills) AS fill,
         (SELECT count(*)::int FROM answered WHERE status = 'ACCEPTED') AS accepted,
         (SELECT count(*)::int FROM answered) AS answered`,
      params,
    );
    return {
      timeToHire: summary(row.hire),
      timeToFill: summary(row.fill),
      offersAccepted: row.accepted,
      offersAnswered: row.answered,
      offerAcceptanceRate: row.answered === 0 ? null : row.accepted / row.answered,
    };
  }

  /** The time figures of one requisition's applications (all of them), within reach. */
  requisitionTimes(requisitionId: string, reach: Reach): Promise<TimeFigures> {
    const params: unknown[] = [];
    const apps = this.applicationsSql({ requisitionIds: [requisitionId] }, reach, params);
    return this.timeFigures(apps, params);
  }

  reportTimes(filter: HiringReportFilter, reach: Reach): Promise<TimeFigures> {
    const params: unknown[] = [];
    return this.timeFigures(this.applicationsSql(filter, reach, params), params);
  }

  /** Per source: applications, those that reached an interview stage, got a sent offer, were hired. */
  async sources(filter: HiringReportFilter, reach: Reach): Promise<SourceFigures[]> {
    const params: unknown[] = [];
    const apps = this.applicationsSql(filter, reach, params);
    const kinds = positionalBinder(params)(INTERVIEW_STAGE_KINDS);
    const sourceKinds = positionalBinder(params)(Object.values(ApplicationSourceKind));
    const rows = await this.dataSource.query<
      {
        source: ApplicationSourceKind;
        applications: number;
        interviewed: number;
        offers: number;
        hires: number;
      }[]
    >(
      `WITH apps AS (${apps}),
       per_app AS (
         SELECT apps.source_kind,
                EXISTS (SELECT 1 FROM stage_transition t JOIN pipeline_stage s ON s.id = t.to_stage_id
                        WHERE t.application_id = apps.id AND s.kind = ANY(${kinds}::varchar[])) AS interviewed,
                EXISTS (SELECT 1 FROM offer o WHERE o.application_id = apps.id AND o.sent_at IS NOT NULL) AS offered,
                EXISTS (SELECT 1 FROM stage_transition t WHERE t.application_id = apps.id AND t.to_status = 'HIRED')
                  AS hired
         FROM apps
       )
       SELECT k.source, count(p.source_kind)::int AS applications,
              count(*) FILTER (WHERE p.interviewed)::int AS interviewed,
              count(*) FILTER (WHERE p.offered)::int AS offers,
              count(*) FILTER (WHERE p.hired)::int AS hires
       FROM unnest(${sourceKinds}::varchar[]) WITH ORDINALITY AS k(source, n)
       LEFT JOIN per_app p ON p.source_kind = k.source
       GROUP BY k.source, k.n ORDER BY k.n`,
      params,
    );
    return rows.map((r) => ({
      source: r.source,
      applications: r.applications,
      reachedInterview: r.interviewed,
      offers: r.offers,
      hires: r.hires,
      conversion: r.applications === 0 ? null : r.hires / r.applications,
    }));
  }

  /** How often each structured reason ended an application (rejections and withdrawals in the history). */
  async rejectionReasons(filter: HiringReportFilter, reach: Reach): Promise<ReasonCount[]> {
    const params: unknown[] = [];
    const apps = this.applicationsSql(filter, reach, params);
    const rows = await this.dataSource.query<{ reason_id: string; n: number }[]>(
      `WITH apps AS (${apps})
       SELECT t.reason_id, count(*)::int AS n
       FROM stage_transition t JOIN apps ON apps.id = t.application_id
       WHERE t.reason_id IS NOT NULL
       GROUP BY t.reason_id ORDER BY n DESC, t.reason_id`,
      params,
    );
    return rows.map((r) => ({ reasonId: r.reason_id, count: r.n }));
  }

  /** How many requisitions the filter covers within reach. */
  async countRequisitions(filter: HiringReportFilter, reach: Reach): Promise<number> {
    const params: unknown[] = [];
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM (${this.requisitionsSql(filter, reach, params)}) r`,
      params,
    );
    return row.n;
  }
}
