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
 * The statement of a page of suggestions (exported for the bench's reference, which sends the same SQL over `pg`).
 * The pool is the candidates holding one of the requisition's skills or a related one (same category, never
 * OTHER) in any registered evidence source (`sources`, unioned by `evidenceUnionSql`, each cut to the wanted skills: the profile through the
 * candidate_skill (skill_id, candidate_id) index, resumes, scorecards); each is scored by the formula of
 * match.rules.ts over that evidence (a skill on several rows counts with its best credit, i.e. its most years); those who applied to the requisition, asked not to be contacted, are past
 * their retention or are beyond the caller's reach are left out. Rows are `candidate.*` and `match_score`.
 */
export function suggestedPageQuery(
  requisitionId: string,
  page: PageRequest,
  reach: Reach,
  sources: readonly MatchEvidenceSource[],
): { text: string; params: unknown[] } {
  const params: unknown[] = [requisitionId];
  const bind = positionalBinder(params);
  const withinReach = candidateWithinReach(reach, 'c.id', bind);
  const keyset = keysetSql(page, 'scored.score', 'scored.candidate_id', bind, 'integer');
  return {
    text: `WITH req AS (
         SELECT rs.skill_id, s.category, rs.min_years,
                CASE WHEN rs.importance = 'REQUIRED' THEN ${REQUIRED_WEIGHT} ELSE ${PREFERRED_WEIGHT} END AS weight
         FROM requisition_skill rs JOIN skill s ON s.id = rs.skill_id
         WHERE rs.requisition_id = $1
       ),
       total AS (SELECT sum(weight)::numeric AS weight FROM req),
       wanted AS (
         SELECT DISTINCT s.id FROM req
         JOIN skill s ON s.id = req.skill_id OR (s.category = req.category AND req.category <> '${UNRELATED_CATEGORY}')
       ),
       credit AS (
         SELECT cs.candidate_id, req.skill_id, req.weight,
                max(CASE WHEN cs.skill_id = req.skill_id
                         THEN ${BASE_CREDIT} + ${1 - BASE_CREDIT} * ${depthSql('cs.years', 'req.min_years')}
                         ELSE ${RELATED_FACTOR} * (${BASE_CREDIT} + ${1 - BASE_CREDIT} * ${depthSql('cs.years', 'req.min_years')})
                    END) AS credit
         FROM req
         JOIN skill s ON s.id = req.skill_id OR (s.category = req.category AND req.category <> '${UNRELATED_CATEGORY}')
         JOIN (${evidenceUnionSql(sources, 'SELECT wanted.id FROM wanted')}) cs ON cs.skill_id = s.id
         GROUP BY cs.candidate_id, req.skill_id, req.weight
       ),
       -- numeric division is exact only to its scale (1 of 3 years is 0.333…3, ⅔ is 0.666…7), so a sum that is exactly
       -- a half can come out 77.4999…9: snapped to 6 decimals first, as the rules snap their floating-point sum
       -- (SCORE_SNAP_DECIMALS), the score is the exact sum rounded half up in both.
       scored AS (
         SELECT credit.candidate_id,
                LEAST(100, round(round(100 * sum(credit.weight * credit.credit) / (SELECT weight FROM total), ${SCORE_SNAP_DECIMALS})))::int AS score
         FROM credit GROUP BY credit.candidate_id
       )
       SELECT c.*, scored.score AS match_score
       FROM scored JOIN candidate c ON c.id = scored.candidate_id
       WHERE NOT c.do_not_contact
         AND (c.retain_until IS NULL OR c.retain_until > now())
         AND NOT EXISTS (SELECT 1 FROM application a WHERE a.candidate_id = c.id AND a.requisition_id = $1)
         AND ${withinReach}
         AND ${keyset.where}
       ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
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
  ): Promise<SuggestedRow[]> {
    const query = suggestedPageQuery(requisitionId, page, reach, sources);
    const rows = await this.dataSource.query<(Record<string, unknown> & { match_score: number })[]>(
      query.text,
      query.params,
    );
    const candidates = rowsToEntities(this.dataSource.manager, CandidateEntity, rows);
    return rows.map((row, i) => ({ candidate: candidates[i], score: Number(row.match_score) }));
  }
}
