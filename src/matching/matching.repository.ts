import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { keysetSql, PageRequest, positionalBinder } from '../common/graphql/keyset';
import { rowsToEntities } from '../common/database/raw-rows';
import { CandidateEntity } from '../candidates/candidate.entity';
import { Reach } from '../identity/access.rules';
import { candidateWithinReach } from '../requisitions/reach-sql';
import { ApplicationMatchEntity } from './application-match.entity';
import { EvidenceSkill, evidenceUnionSql, MatchEvidenceSource } from './match-evidence';
import {
  BASE_CREDIT,
  MatchRequirement,
  PREFERRED_WEIGHT,
  RELATED_FACTOR,
  REQUIRED_WEIGHT,
  SCORE_SNAP_DECIMALS,
  UNRELATED_CATEGORY,
} from './match.rules';

/** An application whose match is to be (re)computed. */
export interface MatchTarget {
  applicationId: string;
  candidateId: string;
  requisitionId: string;
}

/** What the `matching.refresh` job reads from an event. */
export interface RefreshEvent {
  type: string;
  aggregateType: string;
  aggregateId: string;
  data: Record<string, unknown> | null;
}

export interface SuggestedRow {
  candidate: CandidateEntity;
  score: number;
  /** Which pool of `suggestedPageQuery` answered the page (1, 2; 0 = everyone holding a wanted skill). */
  pool: number;
}

/** `depth(years, minYears)` of match.rules.ts, in SQL. */
const depthSql = (years: string, minYears: string): string =>
  `(CASE WHEN ${minYears} IS NULL OR ${minYears} <= 0 THEN 1
         ELSE LEAST(GREATEST(COALESCE(${years}, 0), 0), ${minYears}) / ${minYears} END)`;

/**
 * The key `requisition.applications(orderBy: { field: MATCH_SCORE })` orders by: the stored score through the
 * application_match primary key, -1 while an application has none yet (so it comes last, best first).
 */
export const matchScoreKeySql = (applicationAlias: string): string =>
  `COALESCE((SELECT m.score FROM application_match m WHERE m.application_id = ${applicationAlias}.id), -1)`;

/**
 * Per candidate of a pool, the score by the formula of match.rules.ts over their evidence (`candidate_id`, `score`):
 * the registered sources unioned (`evidenceUnionSql`), each cut to the wanted skills (the requirements' and their
 * related ones: same category, never OTHER) and, with `poolSql`, to the pool's candidates; a skill on several rows
 * counts with its best credit, i.e. its most years, exactly the rules' merge. Reads the `req`, `wanted` and `total`
 * CTEs of `suggestedPageQuery`.
 */
function scoredSql(sources: readonly MatchEvidenceSource[], poolSql?: string): string {
  return `SELECT credit.candidate_id,
         LEAST(100, round(round(100 * sum(credit.weight * credit.credit) / (SELECT weight FROM total), ${SCORE_SNAP_DECIMALS})))::int AS score
       FROM (
         SELECT cs.candidate_id, req.skill_id, req.weight,
                max(CASE WHEN cs.skill_id = req.skill_id
                         THEN ${BASE_CREDIT} + ${1 - BASE_CREDIT} * ${depthSql('cs.years', 'req.min_years')}
                         ELSE ${RELATED_FACTOR} * (${BASE_CREDIT} + ${1 - BASE_CREDIT} * ${depthSql('cs.years', 'req.min_years')})
                    END) AS credit
         FROM req
         JOIN skill s ON s.id = req.skill_id OR (s.category = req.category AND req.category <> '${UNRELATED_CATEGORY}')
         JOIN (${evidenceUnionSql(sources, 'SELECT wanted.id FROM wanted', poolSql)}) cs ON cs.skill_id = s.id
         GROUP BY cs.candidate_id, req.skill_id, req.weight
       ) credit
       GROUP BY credit.candidate_id`;
}

/**
 * The statement of a page of suggestions (exported for the bench's reference, which sends the same SQL over `pg`).
 * Rows are `candidate.*` and `match_score`, best first; those who applied to the requisition, asked not to be
 * contacted, are past their retention or are beyond the caller's reach are left out.
 *
 * Scoring everyone holding a wanted skill (or a related one) is the exact answer but reads most candidates' skills,
 * so the statement tries smaller pools first, each a superset of the candidates who can rank above a bound:
 *   1. those holding every skill of the requisition itself (`candidate_skill_set.skill_ids @> …`, GIN). Anyone
 *      else lacks one, losing at least `min over skills of weight × (1 − related credit)` points of it: they score
 *      at most `bound₁ = ceil(100 × (Σ weight − that) / Σ weight)`;
 *   2. those holding every REQUIRED skill (when there are preferred ones too), bound₂ likewise over the required;
 *   0. everyone holding a wanted skill.
 * A pool answers when its page's rows all score above its bound (then nobody outside could rank among them) — or,
 * paging backwards, when the cursor's score is above it; the first pool that answers is the page (a CASE: later
 * pools are never computed; `match_pool` says which answered). Candidates that sources kept out of
 * `candidate_skill_set` show (`inSkillSet` false: scorecards) join every pool when they hold one of the
 * requisition's skills there. `pools: false` computes pool 0 only (tests compare the two).
 */
export function suggestedPageQuery(
  requisitionId: string,
  page: PageRequest,
  reach: Reach,
  sources: readonly MatchEvidenceSource[],
  options: { pools?: boolean } = {},
): { text: string; params: unknown[] } {
  const params: unknown[] = [requisitionId];
  const bind = positionalBinder(params);
  const withinReach = candidateWithinReach(reach, 'c.id', bind);
  const keyset = keysetSql(page, 'scored.score', 'scored.candidate_id', bind, 'integer');
  const outside = sources.filter((source) => !source.inSkillSet);
  // Paging backwards, a pool answers by the cursor's score alone (bound only when pools are tried).
  const cursorKey =
    options.pools !== false && keyset.direction === 'ASC' && page.cursor
      ? `${bind(page.cursor.key)}::bigint`
      : null;
  const pageOf = (name: string) => `SELECT c.*, scored.score AS match_score
       FROM ${name} scored JOIN candidate c ON c.id = scored.candidate_id
       WHERE NOT c.do_not_contact
         AND (c.retain_until IS NULL OR c.retain_until > now())
         AND NOT EXISTS (SELECT 1 FROM application a WHERE a.candidate_id = c.id AND a.requisition_id = $1)
         AND ${withinReach}
         AND ${keyset.where}
       ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`;
  /** Whether pool `n`'s page is the answer (see above). */
  const answers = (n: number, bound: string) =>
    keyset.direction === 'DESC'
      ? `(SELECT count(*) FROM page${n} WHERE match_score > ${bound}) >= ${keyset.limit}`
      : cursorKey
        ? `${cursorKey} > ${bound}`
        : 'FALSE';
  const poolOf = (skillIds: string) =>
    `SELECT candidate_id FROM candidate_skill_set WHERE skill_ids @> ${skillIds}${
      outside.length > 0 ? '\n         UNION SELECT candidate_id FROM outside' : ''
    }`;
  const common = `req AS (
         SELECT rs.skill_id, s.category, rs.min_years, rs.importance,
                CASE WHEN rs.importance = 'REQUIRED' THEN ${REQUIRED_WEIGHT} ELSE ${PREFERRED_WEIGHT} END AS weight,
                CASE WHEN s.category = '${UNRELATED_CATEGORY}' THEN 1 ELSE ${1 - RELATED_FACTOR} END AS loss_share
         FROM requisition_skill rs JOIN skill s ON s.id = rs.skill_id
         WHERE rs.requisition_id = $1
       ),
       total AS (SELECT sum(weight)::numeric AS weight FROM req),
       wanted AS (
         SELECT DISTINCT s.id FROM req
         JOIN skill s ON s.id = req.skill_id OR (s.category = req.category AND req.category <> '${UNRELATED_CATEGORY}')
       )`;
  const outerOrder = `match_score ${keyset.direction}, id ${keyset.direction}`;
  if (options.pools === false) {
    return {
      text: `WITH ${common},
       scored0 AS (${scoredSql(sources)}),
       page0 AS (${pageOf('scored0')})
       SELECT page0.*, 0 AS match_pool FROM page0 ORDER BY ${outerOrder}`,
      params,
    };
  }
  return {
    text: `WITH ${common},
       bounds AS (
         SELECT array_agg(skill_id) AS all_ids,
                array_agg(skill_id) FILTER (WHERE importance = 'REQUIRED') AS required_ids,
                bool_or(importance = 'REQUIRED') AND bool_or(importance <> 'REQUIRED') AS mixed,
                ceil(100 * (sum(weight) - min(weight * loss_share)) / sum(weight)) AS all_bound,
                ceil(100 * (sum(weight) - min(weight * loss_share) FILTER (WHERE importance = 'REQUIRED')) / sum(weight)) AS required_bound
         FROM req
       ),${
         outside.length > 0
           ? `
       outside AS MATERIALIZED (SELECT DISTINCT e.candidate_id FROM (${evidenceUnionSql(outside, 'SELECT skill_id FROM req')}) e),`
           : ''
       }
       pool1 AS MATERIALIZED (${poolOf('(SELECT all_ids FROM bounds)')}),
       scored1 AS (${scoredSql(sources, 'SELECT candidate_id FROM pool1')}),
       page1 AS (${pageOf('scored1')}),
       pool2 AS MATERIALIZED (${poolOf('(SELECT required_ids FROM bounds)')}),
       scored2 AS (${scoredSql(sources, 'SELECT candidate_id FROM pool2')}),
       page2 AS (${pageOf('scored2')}),
       scored0 AS (${scoredSql(sources)}),
       page0 AS (${pageOf('scored0')}),
       chosen AS (
         SELECT CASE WHEN ${answers(1, '(SELECT all_bound FROM bounds)')} THEN 1
                     WHEN (SELECT mixed FROM bounds) AND ${answers(2, '(SELECT required_bound FROM bounds)')} THEN 2
                     ELSE 0 END AS pool
       )
       SELECT page1.*, 1 AS match_pool FROM page1 WHERE (SELECT pool FROM chosen) = 1
       UNION ALL SELECT page2.*, 2 FROM page2 WHERE (SELECT pool FROM chosen) = 2
       UNION ALL SELECT page0.*, 0 FROM page0 WHERE (SELECT pool FROM chosen) = 0
       ORDER BY ${outerOrder}`,
    params,
  };
}

/**
 * Every statement of the matching module. Scoring itself is `match.rules.ts`; the only formula in SQL is the
 * suggestion ranking's, the same one written for the database (a medium test checks the two agree).
 */
@Injectable()
export class MatchingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Erasure: the candidate's stored matches go — their explanations quote resume lines and scorecard notes. */
  async deleteMatchesOfCandidate(manager: EntityManager, candidateId: string): Promise<void> {
    await manager.query(`DELETE FROM application_match WHERE candidate_id = $1`, [candidateId]);
  }

  async findEvents(manager: EntityManager, eventIds: readonly string[]): Promise<RefreshEvent[]> {
    return manager.query<RefreshEvent[]>(
      `SELECT type, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId", data
       FROM event WHERE id = ANY($1::uuid[])`,
      [[...eventIds]],
    );
  }

  /**
   * The applications concerned by changes to these applications, candidates and requisitions, and every
   * application of the candidates of `candidatesOfApplications` (evidence about a candidate gathered on one
   * application, a scorecard, counts for all of theirs).
   */
  async findTargets(
    manager: EntityManager,
    ids: {
      applications: readonly string[];
      candidates: readonly string[];
      requisitions: readonly string[];
      candidatesOfApplications: readonly string[];
    },
  ): Promise<MatchTarget[]> {
    const count =
      ids.applications.length +
      ids.candidates.length +
      ids.requisitions.length +
      ids.candidatesOfApplications.length;
    if (count === 0) return [];
    return manager.query<MatchTarget[]>(
      `SELECT id AS "applicationId", candidate_id AS "candidateId", requisition_id AS "requisitionId"
       FROM application
       WHERE id = ANY($1::uuid[]) OR candidate_id = ANY($2::uuid[]) OR requisition_id = ANY($3::uuid[])
          OR candidate_id IN (SELECT o.candidate_id FROM application o WHERE o.id = ANY($4::uuid[]))`,
      [[...ids.applications], [...ids.candidates], [...ids.requisitions], [...ids.candidatesOfApplications]],
    );
  }

  async findTargetsByApplicationIds(ids: readonly string[]): Promise<MatchTarget[]> {
    return this.findTargets(this.dataSource.manager, {
      applications: ids,
      candidates: [],
      requisitions: [],
      candidatesOfApplications: [],
    });
  }

  /** Applications without a stored match, in id order after `afterId`, at most `limit`. */
  async findTargetsWithoutMatch(
    manager: EntityManager,
    afterId: string | null,
    limit: number,
  ): Promise<MatchTarget[]> {
    return manager.query<MatchTarget[]>(
      `SELECT a.id AS "applicationId", a.candidate_id AS "candidateId", a.requisition_id AS "requisitionId"
       FROM application a
       WHERE NOT EXISTS (SELECT 1 FROM application_match m WHERE m.application_id = a.id)
         AND ($1::uuid IS NULL OR a.id > $1::uuid)
       ORDER BY a.id LIMIT $2`,
      [afterId, limit],
    );
  }

  async anyApplicationWithoutMatch(): Promise<boolean> {
    const [row] = await this.dataSource.query<{ missing: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM application a
         WHERE NOT EXISTS (SELECT 1 FROM application_match m WHERE m.application_id = a.id)) AS missing`,
    );
    return row.missing;
  }

  /** Each requisition's skill requirements, in display order. */
  async findRequirements(
    manager: EntityManager,
    requisitionIds: readonly string[],
  ): Promise<Map<string, MatchRequirement[]>> {
    const rows = await manager.query<
      {
        requisition_id: string;
        skill_id: string;
        name: string;
        category: string;
        importance: string;
        min_years: string | null;
      }[]
    >(
      `SELECT rs.requisition_id, rs.skill_id, s.name, s.category, rs.importance, rs.min_years
       FROM requisition_skill rs JOIN skill s ON s.id = rs.skill_id
       WHERE rs.requisition_id = ANY($1::uuid[])
       ORDER BY rs.requisition_id, rs.position, s.name`,
      [[...requisitionIds]],
    );
    const byRequisition = new Map<string, MatchRequirement[]>(requisitionIds.map((id) => [id, []]));
    for (const row of rows) {
      byRequisition.get(row.requisition_id)?.push({
        skill: { id: row.skill_id, name: row.name, category: row.category },
        importance: row.importance === 'REQUIRED' ? 'REQUIRED' : 'PREFERRED',
        minYears: row.min_years === null ? null : Number(row.min_years),
      });
    }
    return byRequisition;
  }

  /** What one evidence source (`MatchEvidenceSource.sql`) says of these candidates: their skills with years. */
  async findEvidence(
    manager: EntityManager,
    sourceSql: string,
    candidateIds: readonly string[],
  ): Promise<Map<string, EvidenceSkill[]>> {
    const rows = await manager.query<
      { candidate_id: string; skill_id: string; name: string; category: string; years: string | null }[]
    >(
      `SELECT e.candidate_id, e.skill_id, s.name, s.category, max(e.years) AS years
       FROM (${sourceSql}) e JOIN skill s ON s.id = e.skill_id
       WHERE e.candidate_id = ANY($1::uuid[])
       GROUP BY e.candidate_id, e.skill_id, s.name, s.category
       ORDER BY e.candidate_id, s.name`,
      [[...candidateIds]],
    );
    const byCandidate = new Map<string, EvidenceSkill[]>();
    for (const row of rows) {
      const list = byCandidate.get(row.candidate_id) ?? [];
      list.push({
        skill: { id: row.skill_id, name: row.name, category: row.category },
        years: row.years === null ? null : Number(row.years),
      });
      byCandidate.set(row.candidate_id, list);
    }
    return byCandidate;
  }

  async findStoredHashes(
    manager: EntityManager,
    applicationIds: readonly string[],
  ): Promise<Map<string, string>> {
    const rows = await manager.query<{ application_id: string; inputs_hash: string }[]>(
      `SELECT application_id, inputs_hash FROM application_match WHERE application_id = ANY($1::uuid[])`,
      [[...applicationIds]],
    );
    return new Map(rows.map((r) => [r.application_id, r.inputs_hash]));
  }

  /** Stores matches, one statement for the batch; an application deleted meanwhile is skipped. */
  async upsertMatches(
    manager: EntityManager,
    matches: readonly Pick<
      ApplicationMatchEntity,
      'applicationId' | 'requisitionId' | 'candidateId' | 'score' | 'level' | 'result' | 'inputsHash'
    >[],
  ): Promise<void> {
    if (matches.length === 0) return;
    await manager.query(
      `INSERT INTO application_match (application_id, requisition_id, candidate_id, score, level, result, inputs_hash, computed_at)
       SELECT m.application_id, m.requisition_id, m.candidate_id, m.score, m.level, m.result, m.inputs_hash, now()
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::smallint[], $5::varchar[], $6::jsonb[], $7::varchar[])
            AS m(application_id, requisition_id, candidate_id, score, level, result, inputs_hash)
       WHERE EXISTS (SELECT 1 FROM application a WHERE a.id = m.application_id)
       ON CONFLICT (application_id) DO UPDATE SET
         score = excluded.score, level = excluded.level, result = excluded.result,
         inputs_hash = excluded.inputs_hash, computed_at = excluded.computed_at`,
      [
        matches.map((m) => m.applicationId),
        matches.map((m) => m.requisitionId),
        matches.map((m) => m.candidateId),
        matches.map((m) => m.score),
        matches.map((m) => m.level),
        matches.map((m) => JSON.stringify(m.result)),
        matches.map((m) => m.inputsHash),
      ],
    );
  }

  /** How many of these requisitions' stored matches are at each level, best level first. */
  async countLevels(
    manager: EntityManager,
    requisitionIds: readonly string[],
  ): Promise<Record<string, number>> {
    const rows = await manager.query<{ level: string; n: number }[]>(
      `SELECT level, count(*)::int AS n FROM application_match WHERE requisition_id = ANY($1::uuid[])
       GROUP BY level ORDER BY min(score) DESC`,
      [[...requisitionIds]],
    );
    return Object.fromEntries(rows.map((r) => [r.level, r.n]));
  }

  async findStoredMatches(applicationIds: readonly string[]): Promise<ApplicationMatchEntity[]> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT * FROM application_match WHERE application_id = ANY($1::uuid[])`,
      [[...applicationIds]],
    );
    return rowsToEntities(this.dataSource.manager, ApplicationMatchEntity, rows);
  }

  /**
   * One keyset page of the candidates to suggest for a requisition, best match first, in one statement (see
   * `suggestedPageQuery`).
   */
  async findSuggestedPage(
    requisitionId: string,
    page: PageRequest,
    reach: Reach,
    sources: readonly MatchEvidenceSource[],
    options: { pools?: boolean } = {},
  ): Promise<SuggestedRow[]> {
    const query = suggestedPageQuery(requisitionId, page, reach, sources, options);
    const rows = await this.dataSource.query<
      (Record<string, unknown> & { match_score: number; match_pool: number })[]
    >(query.text, query.params);
    const candidates = rowsToEntities(this.dataSource.manager, CandidateEntity, rows);
    return rows.map((row, i) => ({
      candidate: candidates[i],
      score: Number(row.match_score),
      pool: Number(row.match_pool),
    }));
  }

  /** The stored matches of the candidate's applications, with their explanation (their data export). */
  findForCandidateExport(manager: EntityManager, candidateId: string) {
    return manager.query<
      {
        applicationId: string;
        requisitionId: string;
        score: number;
        level: string;
        result: unknown;
        computedAt: Date;
      }[]
    >(
      `SELECT application_id AS "applicationId", requisition_id AS "requisitionId", score, level, result,
              computed_at AS "computedAt"
       FROM application_match WHERE candidate_id = $1 ORDER BY computed_at, application_id`,
      [candidateId],
    );
  }
}
