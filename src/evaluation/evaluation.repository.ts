import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applicationNotErased } from '../candidates/erased-sql';
import { rowsToEntities } from '../common/database/raw-rows';
import { versionedUpdate } from '../common/database/versioned-update';
import { ParamBinder, positionalBinder } from '../common/graphql/keyset';
import { ApplicationStatus } from '../pipeline/pipeline.enums';
import { RequisitionStatus } from '../requisitions/requisition.enums';
import { CalendarInterview } from './calendar.ics';
import { InterviewStatus, Recommendation } from './evaluation.enums';
import { SCORECARD_SEEN_MEAN } from './evaluation.rules';
import { EvaluationReach, interviewWithinReach, scorecardVisible } from './evaluation-reach-sql';
import { InterviewEntity } from './interview.entity';
import { ScorecardEntity } from './scorecard.entity';
import { ScorecardRatingEntity } from './scorecard-rating.entity';

/** The application an interview is for, locked against status changes while the interview is written. */
export interface InterviewedApplication {
  id: string;
  requisitionId: string;
  candidateId: string;
  stageId: string;
  status: ApplicationStatus;
  requisitionStatus: RequisitionStatus;
}

/** An interviewer of an interview, in the order they were named. */
export interface InterviewerRow {
  interviewId: string;
  userId: string;
}

/** A position in viewer.interviews, soonest first: (startsAt, id) ascending. */
export interface UpcomingCursor {
  startsAt: Date;
  id: string;
}

/** A submitted scorecard's part in an application's evaluation. */
export interface SubmittedScorecardRow {
  applicationId: string;
  recommendation: Recommendation;
  ratings: { skillId: string; rating: number }[];
}

/** An interviewer who owes a scorecard for an interview that has ended. */
export interface OwedScorecard {
  applicationId: string;
  interviewId: string;
  userId: string;
}

/**
 * An interview's columns as reads show them: one that has ended with every scorecard submitted is COMPLETED even
 * when its last scorecard came in before the end (submission completes only interviews that have ended). The
 * derived `status` comes after `i.*`, and the driver keeps the last of two columns with one name.
 */
const INTERVIEW_AS_READ = `i.*, CASE WHEN i.status = 'SCHEDULED' AND i.ends_at <= now() AND NOT EXISTS (
    SELECT 1 FROM interview_interviewer done_ii WHERE done_ii.interview_id = i.id AND NOT EXISTS (
      SELECT 1 FROM scorecard done_s WHERE done_s.interview_id = i.id AND done_s.author_id = done_ii.user_id
        AND done_s.status = 'SUBMITTED'))
  THEN 'COMPLETED' ELSE i.status END AS status`;

/**
 * SCORECARD evidence for the skill match (a `MatchEvidenceSource.sql`): each candidate's skills whose mean rating
 * over their submitted scorecards, on any of their applications, reaches `SCORECARD_SEEN_MEAN` (the rule
 * `scorecardShowsSkill` in SQL). Ratings say nothing of years: NULL.
 */
export const SCORECARD_EVIDENCE_SQL = `SELECT a.candidate_id, sr.skill_id, NULL::numeric AS years
       FROM scorecard sc JOIN scorecard_rating sr ON sr.scorecard_id = sc.id
       JOIN application a ON a.id = sc.application_id
       WHERE sc.status = 'SUBMITTED'
       GROUP BY a.candidate_id, sr.skill_id
       HAVING avg(sr.rating) >= ${SCORECARD_SEEN_MEAN}`;

/**
 * Every statement of interviews, scorecards and calendar feeds. Reads are filtered by the caller's evaluation reach
 * in SQL (evaluation-reach-sql.ts): what is beyond it is simply not found.
 */
@Injectable()
export class EvaluationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Erasure: the personal text of the applications' interviews (location, video link, why it was cancelled) and
   * scorecards (the notes, and each rating's note) goes; times, kinds, interviewers, recommendations and numeric
   * ratings stay. Returns the ids of the interviews and scorecards touched.
   */
  async eraseTextOfApplications(
    manager: EntityManager,
    applicationIds: readonly string[],
  ): Promise<{ interviewIds: string[]; scorecardIds: string[] }> {
    const interviews = await manager.query<{ id: string }[]>(
      `WITH changed AS (UPDATE interview SET location = NULL, video_url = NULL, cancel_reason = NULL
         WHERE application_id = ANY($1::uuid[]) RETURNING id)
       SELECT id FROM changed`,
      [[...applicationIds]],
    );
    const scorecards = await manager.query<{ id: string }[]>(
      `WITH changed AS (UPDATE scorecard SET notes = NULL WHERE application_id = ANY($1::uuid[]) RETURNING id)
       SELECT id FROM changed`,
      [[...applicationIds]],
    );
    await manager.query(
      `UPDATE scorecard_rating SET note = NULL WHERE note IS NOT NULL AND scorecard_id = ANY($1::uuid[])`,
      [scorecards.map((row) => row.id)],
    );
    return { interviewIds: interviews.map((row) => row.id), scorecardIds: scorecards.map((row) => row.id) };
  }

  // ---- writes (on the use case's transaction) ----

  /** Reads the application and its requisition's status, share-locking the application against status changes. */
  async lockApplicationForInterview(
    manager: EntityManager,
    applicationId: string,
  ): Promise<InterviewedApplication | null> {
    const rows = await manager.query<
      {
        id: string;
        requisition_id: string;
        candidate_id: string;
        stage_id: string;
        status: ApplicationStatus;
        requisition_status: RequisitionStatus;
      }[]
    >(
      `SELECT a.id, a.requisition_id, a.candidate_id, a.stage_id, a.status, r.status AS requisition_status
       FROM application a JOIN requisition r ON r.id = a.requisition_id
       WHERE a.id = $1 FOR SHARE OF a`,
      [applicationId],
    );
    const row = rows[0];
    return row
      ? {
          id: row.id,
          requisitionId: row.requisition_id,
          candidateId: row.candidate_id,
          stageId: row.stage_id,
          status: row.status,
          requisitionStatus: row.requisition_status,
        }
      : null;
  }

  /** Whether the stage is a live stage of the requisition. */
  async isLiveStageOf(manager: EntityManager, stageId: string, requisitionId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM pipeline_stage WHERE id = $1 AND requisition_id = $2 AND removed_at IS NULL`,
      [stageId, requisitionId],
    );
    return rows.length > 0;
  }

  /** Of `userIds`, the active users on the requisition's hiring team. */
  async activeTeamMembers(
    manager: EntityManager,
    requisitionId: string,
    userIds: readonly string[],
  ): Promise<Set<string>> {
    const rows = await manager.query<{ user_id: string }[]>(
      `SELECT m.user_id FROM requisition_member m JOIN app_user u ON u.id = m.user_id AND u.active
       WHERE m.requisition_id = $1 AND m.user_id = ANY($2::uuid[])`,
      [requisitionId, [...userIds]],
    );
    return new Set(rows.map((r) => r.user_id));
  }

  async requisitionSkillIds(manager: EntityManager, requisitionId: string): Promise<string[]> {
    const rows = await manager.query<{ skill_id: string }[]>(
      `SELECT skill_id FROM requisition_skill WHERE requisition_id = $1 ORDER BY position`,
      [requisitionId],
    );
    return rows.map((r) => r.skill_id);
  }

  /**
   * The first of `userIds` with a SCHEDULED interview overlapping [startsAt, endsAt), other than `exceptInterviewId`.
   * A friendly early answer only: the exclusion constraint is what guarantees it under concurrency.
   */
  async firstBusyInterviewer(
    manager: EntityManager,
    userIds: readonly string[],
    startsAt: Date,
    endsAt: Date,
    exceptInterviewId: string | null,
  ): Promise<string | null> {
    const rows = await manager.query<{ user_id: string }[]>(
      `SELECT ii.user_id FROM interview_interviewer ii
       WHERE ii.user_id = ANY($1::uuid[]) AND ii.status = 'SCHEDULED'
         AND tstzrange(ii.starts_at, ii.ends_at) && tstzrange($2::timestamptz, $3::timestamptz)
         AND ($4::uuid IS NULL OR ii.interview_id <> $4::uuid)
       LIMIT 1`,
      [[...userIds], startsAt, endsAt, exceptInterviewId],
    );
    return rows[0]?.user_id ?? null;
  }

  async insertInterview(manager: EntityManager, values: Partial<InterviewEntity>): Promise<InterviewEntity> {
    const repository = manager.getRepository(InterviewEntity);
    return repository.save(repository.create({ ...values, eventSequence: 1, icsSequence: 0 }), {
      reload: true,
    });
  }

  /**
   * Sets an interview's interviewers (replacing any), with its time and status copied onto each row: this INSERT
   * is where the exclusion constraint refuses a double booking.
   */
  async replaceInterviewers(
    manager: EntityManager,
    interview: InterviewEntity,
    userIds: readonly string[],
  ): Promise<void> {
    await manager.query(`DELETE FROM interview_interviewer WHERE interview_id = $1`, [interview.id]);
    await manager.query(
      `INSERT INTO interview_interviewer (interview_id, user_id, starts_at, ends_at, status, position)
       SELECT $1, u.id, $2, $3, $4, u.ord - 1 FROM unnest($5::uuid[]) WITH ORDINALITY AS u(id, ord)`,
      [interview.id, interview.startsAt, interview.endsAt, interview.status, [...userIds]],
    );
  }

  /** Copies an interview's new status onto its interviewers' rows (a cancelled one no longer blocks the slot). */
  async setInterviewersStatus(
    manager: EntityManager,
    interviewId: string,
    status: InterviewStatus,
  ): Promise<void> {
    await manager.query(`UPDATE interview_interviewer SET status = $2 WHERE interview_id = $1`, [
      interviewId,
      status,
    ]);
  }

  /** Locks an interview within reach for a change; with its interviewers. */
  async lockInterview(
    manager: EntityManager,
    id: string,
    reach: EvaluationReach,
  ): Promise<{ interview: InterviewEntity; interviewerIds: string[] } | null> {
    const params: unknown[] = [id];
    const rows = await manager.query<Record<string, unknown>[]>(
      `SELECT i.* FROM interview i WHERE i.id = $1 AND ${interviewWithinReach(reach, 'i', positionalBinder(params))}
       FOR UPDATE OF i`,
      params,
    );
    if (rows.length === 0) return null;
    const [interview] = rowsToEntities(manager, InterviewEntity, rows);
    const interviewers = await manager.query<{ user_id: string }[]>(
      `SELECT user_id FROM interview_interviewer WHERE interview_id = $1 ORDER BY position`,
      [id],
    );
    return { interview, interviewerIds: interviewers.map((r) => r.user_id) };
  }

  /** Writes `set` if the interview is still at `version` (bumping version, event sequence and updated_at). */
  updateInterviewAtVersion(
    manager: EntityManager,
    id: string,
    version: number,
    set: Record<string, unknown>,
    bumpEventSequence = true,
  ): Promise<InterviewEntity | null> {
    return versionedUpdate(manager, InterviewEntity, id, version, set, { bumpEventSequence });
  }

  /** Marks the interview COMPLETED without an event (no one changed it: its last scorecard came in). */
  async completeInterview(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE interview SET status = 'COMPLETED', version = version + 1, updated_at = now()
       WHERE id = $1 AND status = 'SCHEDULED'`,
      [id],
    );
    await this.setInterviewersStatus(manager, id, InterviewStatus.COMPLETED);
  }

  /** How many of the interview's interviewers have submitted their scorecard. */
  async countSubmitted(manager: EntityManager, interviewId: string): Promise<number> {
    const [row] = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM scorecard s
       JOIN interview_interviewer ii ON ii.interview_id = s.interview_id AND ii.user_id = s.author_id
       WHERE s.interview_id = $1 AND s.status = 'SUBMITTED'`,
      [interviewId],
    );
    return row.n;
  }

  /** The author's scorecard for the interview, locked; null when they have none yet. */
  async lockScorecard(
    manager: EntityManager,
    interviewId: string,
    authorId: string,
  ): Promise<ScorecardEntity | null> {
    const rows = await manager.query<Record<string, unknown>[]>(
      `SELECT * FROM scorecard WHERE interview_id = $1 AND author_id = $2 FOR UPDATE`,
      [interviewId, authorId],
    );
    return rowsToEntities(manager, ScorecardEntity, rows)[0] ?? null;
  }

  async insertScorecard(manager: EntityManager, values: Partial<ScorecardEntity>): Promise<ScorecardEntity> {
    const repository = manager.getRepository(ScorecardEntity);
    return repository.save(repository.create({ eventSequence: 1, ...values }), { reload: true });
  }

  updateScorecardAtVersion(
    manager: EntityManager,
    id: string,
    version: number,
    set: Record<string, unknown>,
    bumpEventSequence: boolean,
  ): Promise<ScorecardEntity | null> {
    return versionedUpdate(manager, ScorecardEntity, id, version, set, { bumpEventSequence });
  }

  async ratingsOf(manager: EntityManager, scorecardId: string): Promise<ScorecardRatingEntity[]> {
    return manager.find(ScorecardRatingEntity, { where: { scorecardId }, order: { position: 'ASC' } });
  }

  async replaceRatings(
    manager: EntityManager,
    scorecardId: string,
    ratings: readonly { skillId: string; rating: number; note: string | null }[],
  ): Promise<void> {
    await manager.query(`DELETE FROM scorecard_rating WHERE scorecard_id = $1`, [scorecardId]);
    if (ratings.length === 0) return;
    await manager.query(
      `INSERT INTO scorecard_rating (scorecard_id, skill_id, rating, note, position)
       SELECT $1, r.skill_id, r.rating, r.note, r.ord - 1
       FROM unnest($2::uuid[], $3::smallint[], $4::varchar[]) WITH ORDINALITY AS r(skill_id, rating, note, ord)`,
      [scorecardId, ratings.map((r) => r.skillId), ratings.map((r) => r.rating), ratings.map((r) => r.note)],
    );
  }

  /** Of `skillIds`, those that exist. */
  async existingSkillIds(manager: EntityManager, skillIds: readonly string[]): Promise<Set<string>> {
    const rows = await manager.query<{ id: string }[]>(`SELECT id FROM skill WHERE id = ANY($1::uuid[])`, [
      [...skillIds],
    ]);
    return new Set(rows.map((r) => r.id));
  }

  // ---- reads (batched by the loaders) ----

  async findInterviewsByIds(ids: readonly string[], reach: EvaluationReach): Promise<InterviewEntity[]> {
    const params: unknown[] = [[...ids]];
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT ${INTERVIEW_AS_READ} FROM interview i WHERE i.id = ANY($1::uuid[])
         AND ${applicationNotErased('i.application_id')} AND ${interviewWithinReach(reach, 'i', positionalBinder(params))}`,
      params,
    );
    return rowsToEntities(this.dataSource.manager, InterviewEntity, rows);
  }

  /** The interviews of applications, soonest first (an application has a handful: a loop, not a list that grows). */
  async findInterviewsByApplicationIds(
    applicationIds: readonly string[],
    reach: EvaluationReach,
  ): Promise<InterviewEntity[]> {
    const params: unknown[] = [[...applicationIds]];
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT ${INTERVIEW_AS_READ} FROM interview i
       WHERE i.application_id = ANY($1::uuid[]) AND ${interviewWithinReach(reach, 'i', positionalBinder(params))}
       ORDER BY i.starts_at, i.id`,
      params,
    );
    return rowsToEntities(this.dataSource.manager, InterviewEntity, rows);
  }

  async findInterviewersByInterviewIds(interviewIds: readonly string[]): Promise<InterviewerRow[]> {
    const rows = await this.dataSource.query<{ interview_id: string; user_id: string }[]>(
      `SELECT interview_id, user_id FROM interview_interviewer WHERE interview_id = ANY($1::uuid[])
       ORDER BY interview_id, position`,
      [[...interviewIds]],
    );
    return rows.map((r) => ({ interviewId: r.interview_id, userId: r.user_id }));
  }

  /**
   * One page of the interviews a user is an interviewer of, soonest first, optionally within [from, to): `limit + 1`
   * rows so the caller learns whether another page exists.
   */
  async findInterviewsOfInterviewer(
    userId: string,
    options: { after: UpcomingCursor | null; from: Date | null; to: Date | null; limit: number },
  ): Promise<InterviewEntity[]> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT ${INTERVIEW_AS_READ} FROM interview_interviewer ii JOIN interview i ON i.id = ii.interview_id
       WHERE ii.user_id = $1 AND ${applicationNotErased('i.application_id')}
         AND ($2::timestamptz IS NULL OR ii.ends_at > $2::timestamptz)
         AND ($3::timestamptz IS NULL OR ii.starts_at < $3::timestamptz)
         AND ($4::timestamptz IS NULL OR (ii.starts_at, ii.interview_id) > ($4::timestamptz, $5::uuid))
       ORDER BY ii.starts_at, ii.interview_id LIMIT $6`,
      [
        userId,
        options.from,
        options.to,
        options.after?.startsAt ?? null,
        options.after?.id ?? null,
        options.limit + 1,
      ],
    );
    return rowsToEntities(this.dataSource.manager, InterviewEntity, rows);
  }

  async countInterviewsOfInterviewer(userId: string, from: Date | null, to: Date | null): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM interview_interviewer ii JOIN interview i ON i.id = ii.interview_id
       WHERE ii.user_id = $1 AND ${applicationNotErased('i.application_id')} AND ($2::timestamptz IS NULL OR ii.ends_at > $2::timestamptz)
         AND ($3::timestamptz IS NULL OR ii.starts_at < $3::timestamptz)`,
      [userId, from, to],
    );
    return row.n;
  }

  async findScorecardsByIds(ids: readonly string[], reach: EvaluationReach): Promise<ScorecardEntity[]> {
    const params: unknown[] = [[...ids]];
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT s.* FROM scorecard s WHERE s.id = ANY($1::uuid[])
         AND ${applicationNotErased('s.application_id')} AND ${scorecardVisible(reach, 's', positionalBinder(params))}`,
      params,
    );
    return rowsToEntities(this.dataSource.manager, ScorecardEntity, rows);
  }

  /** The scorecards of interviews the caller may read (blind feedback in SQL), oldest first. */
  async findScorecardsByInterviewIds(
    interviewIds: readonly string[],
    reach: EvaluationReach,
  ): Promise<ScorecardEntity[]> {
    const params: unknown[] = [[...interviewIds]];
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT s.* FROM scorecard s
       WHERE s.interview_id = ANY($1::uuid[]) AND ${scorecardVisible(reach, 's', positionalBinder(params))}
       ORDER BY s.created_at, s.id`,
      params,
    );
    return rowsToEntities(this.dataSource.manager, ScorecardEntity, rows);
  }

  /**
   * The submitted scorecards of applications that the caller may read, for timelines and evaluations, oldest
   * submission first.
   */
  async findSubmittedScorecardsByApplicationIds(
    applicationIds: readonly string[],
    reach: EvaluationReach,
  ): Promise<ScorecardEntity[]> {
    const params: unknown[] = [[...applicationIds]];
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT s.* FROM scorecard s
       WHERE s.application_id = ANY($1::uuid[]) AND s.status = 'SUBMITTED'
         AND ${scorecardVisible(reach, 's', positionalBinder(params))}
       ORDER BY s.submitted_at, s.id`,
      params,
    );
    return rowsToEntities(this.dataSource.manager, ScorecardEntity, rows);
  }

  /**
   * The timeline's part of the interviews (src/pipeline/application-activity.ts): every scheduling, rescheduling
   * and cancellation of the application's interviews within reach, read from the interviews' own events, as
   * (id = the event's id, occurred_at, actor, data = the interview's id, the kind and the slot the event set).
   * Plan: `interview_application` finds the application's interviews, `event_aggregate_sequence` their events (a
   * handful per interview), so a page sorts only that application's few changes.
   */
  interviewActivitySelect(
    reach: EvaluationReach,
    applicationIdExpr: string,
    bind: ParamBinder,
  ): string | null {
    if (reach.kind === 'none') return null;
    return `SELECT e.id, e.occurred_at, e.actor,
        jsonb_build_object('interviewId', i.id, 'kind', e.type, 'startsAt', e.data->'startsAt',
                           'endsAt', e.data->'endsAt') AS data
      FROM interview i JOIN event e ON e.aggregate_type = 'interview' AND e.aggregate_id = i.id
      WHERE i.application_id = ${applicationIdExpr}
        AND e.type IN ('interview.scheduled', 'interview.rescheduled', 'interview.cancelled')
        AND ${interviewWithinReach(reach, 'i', bind)}`;
  }

  /**
   * The timeline's part of the scorecards: the application's submitted scorecards the caller may read under blind
   * feedback (never drafts, not even the caller's own), as (id = the scorecard's id, occurred_at = submitted_at,
   * actor = its author, data = its id). Reads the partial index `scorecard_application_submitted`.
   */
  scorecardActivitySelect(
    reach: EvaluationReach,
    applicationIdExpr: string,
    bind: ParamBinder,
  ): string | null {
    if (reach.kind === 'none') return null;
    return `SELECT s.id, s.submitted_at AS occurred_at, ('user:' || s.author_id)::varchar AS actor,
        jsonb_build_object('scorecardId', s.id) AS data
      FROM scorecard s
      WHERE s.application_id = ${applicationIdExpr} AND s.status = 'SUBMITTED'
        AND ${scorecardVisible(reach, 's', bind)}`;
  }

  async findRatingsByScorecardIds(scorecardIds: readonly string[]): Promise<ScorecardRatingEntity[]> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT * FROM scorecard_rating WHERE scorecard_id = ANY($1::uuid[]) ORDER BY scorecard_id, position`,
      [[...scorecardIds]],
    );
    return rowsToEntities(this.dataSource.manager, ScorecardRatingEntity, rows);
  }

  /** Per application, the submitted scorecards the caller may read with their ratings: one statement per batch. */
  async findSubmittedForEvaluation(
    applicationIds: readonly string[],
    reach: EvaluationReach,
  ): Promise<SubmittedScorecardRow[]> {
    const params: unknown[] = [[...applicationIds]];
    const rows = await this.dataSource.query<
      { application_id: string; recommendation: Recommendation; ratings: [string, number][] }[]
    >(
      `SELECT s.application_id, s.overall_recommendation AS recommendation,
              coalesce((SELECT json_agg(json_build_array(r.skill_id, r.rating)) FROM scorecard_rating r
                        WHERE r.scorecard_id = s.id), '[]'::json) AS ratings
       FROM scorecard s
       WHERE s.application_id = ANY($1::uuid[]) AND s.status = 'SUBMITTED'
         AND ${scorecardVisible(reach, 's', positionalBinder(params))}`,
      params,
    );
    return rows.map((r) => ({
      applicationId: r.application_id,
      recommendation: r.recommendation,
      ratings: r.ratings.map(([skillId, rating]) => ({ skillId, rating })),
    }));
  }

  /**
   * Who still owes a scorecard: interviewers of SCHEDULED interviews (of applications, or of one user) that have
   * ended, without a submitted scorecard. Interviews are filtered by the caller's reach.
   */
  async findOwedScorecards(
    filter: { applicationIds: readonly string[] } | { userId: string },
    reach: EvaluationReach,
  ): Promise<OwedScorecard[]> {
    const params: unknown[] = [];
    const bind = positionalBinder(params);
    const where =
      'applicationIds' in filter
        ? `i.application_id = ANY(${bind([...filter.applicationIds])}::uuid[])`
        : `ii.user_id = ${bind(filter.userId)}::uuid`;
    const rows = await this.dataSource.query<
      { application_id: string; interview_id: string; user_id: string }[]
    >(
      `SELECT i.application_id, i.id AS interview_id, ii.user_id
       FROM interview i JOIN interview_interviewer ii ON ii.interview_id = i.id
       WHERE ${where} AND i.status = 'SCHEDULED' AND i.ends_at <= now() AND ${applicationNotErased('i.application_id')}
         AND NOT EXISTS (SELECT 1 FROM scorecard s WHERE s.interview_id = i.id AND s.author_id = ii.user_id
                         AND s.status = 'SUBMITTED')
         AND ${interviewWithinReach(reach, 'i', bind)}
       ORDER BY i.ends_at, i.id, ii.position
       LIMIT 500`,
      params,
    );
    return rows.map((r) => ({
      applicationId: r.application_id,
      interviewId: r.interview_id,
      userId: r.user_id,
    }));
  }

  // ---- calendar feeds ----

  async findFeedUserByTokenHash(tokenHash: string): Promise<string | null> {
    const rows = await this.dataSource.query<{ user_id: string }[]>(
      `SELECT f.user_id FROM calendar_feed f JOIN app_user u ON u.id = f.user_id AND u.active
       WHERE f.token_hash = $1`,
      [tokenHash],
    );
    return rows[0]?.user_id ?? null;
  }

  async findFeedNonce(userId: string): Promise<string | null> {
    const rows = await this.dataSource.query<{ nonce: string }[]>(
      `SELECT nonce FROM calendar_feed WHERE user_id = $1`,
      [userId],
    );
    return rows[0]?.nonce ?? null;
  }

  /** Stores the user's feed nonce and token hash; `replace` false keeps an existing one (first use). */
  async saveFeed(
    manager: EntityManager,
    userId: string,
    nonce: string,
    tokenHash: string,
    replace: boolean,
  ): Promise<string> {
    const [row] = await manager.query<{ nonce: string }[]>(
      `INSERT INTO calendar_feed (user_id, nonce, token_hash) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO ${
         replace
           ? 'UPDATE SET nonce = EXCLUDED.nonce, token_hash = EXCLUDED.token_hash, rotated_at = now()'
           : 'UPDATE SET user_id = calendar_feed.user_id'
       }
       RETURNING nonce`,
      [userId, nonce, tokenHash],
    );
    return row.nonce;
  }

  /**
   * A user's interviews for their calendar feed, with the candidate's name, the stage and the requisition's title
   * (nothing else of the candidate): from 90 days back, at most 1,000, soonest first. Cancelled ones stay.
   */
  async findCalendarInterviews(userId: string): Promise<CalendarInterview[]> {
    const rows = await this.dataSource.query<
      {
        id: string;
        kind: CalendarInterview['kind'];
        status: InterviewStatus;
        starts_at: Date;
        ends_at: Date;
        time_zone: string;
        location: string | null;
        video_url: string | null;
        ics_sequence: number;
        updated_at: Date;
        candidate_name: string;
        stage_name: string;
        requisition_title: string;
      }[]
    >(
      `SELECT i.id, i.kind, i.status, i.starts_at, i.ends_at, i.time_zone, i.location, i.video_url, i.ics_sequence,
              i.updated_at, c.full_name AS candidate_name, st.name AS stage_name, r.title AS requisition_title
       FROM interview_interviewer ii
       JOIN interview i ON i.id = ii.interview_id
       JOIN application a ON a.id = i.application_id
       JOIN candidate c ON c.id = a.candidate_id
       JOIN pipeline_stage st ON st.id = i.stage_id
       JOIN requisition r ON r.id = i.requisition_id
       WHERE ii.user_id = $1 AND ii.ends_at > now() - interval '90 days'
       ORDER BY ii.starts_at, ii.interview_id
       LIMIT 1000`,
      [userId],
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      timeZone: r.time_zone,
      location: r.location,
      videoUrl: r.video_url,
      sequence: r.ics_sequence,
      updatedAt: r.updated_at,
      candidateName: r.candidate_name,
      stageName: r.stage_name,
      requisitionTitle: r.requisition_title,
    }));
  }

  /**
   * The interviews of a candidate's applications, as their data export shows them: when, what kind, where, status,
   * why cancelled, how many interviewers (not who: colleagues' data; not the video link: a meeting's key).
   */
  findInterviewsForCandidateExport(manager: EntityManager, applicationIds: readonly string[]) {
    return manager.query<
      {
        id: string;
        applicationId: string;
        kind: string;
        status: string;
        startsAt: Date;
        endsAt: Date;
        timeZone: string;
        location: string | null;
        cancelReason: string | null;
        interviewerCount: number;
      }[]
    >(
      `SELECT i.id, i.application_id AS "applicationId", i.kind, i.status, i.starts_at AS "startsAt",
              i.ends_at AS "endsAt", i.time_zone AS "timeZone", i.location, i.cancel_reason AS "cancelReason",
              (SELECT count(*)::int FROM interview_interviewer ii WHERE ii.interview_id = i.id) AS "interviewerCount"
       FROM interview i WHERE i.application_id = ANY($1::uuid[])
       ORDER BY i.starts_at, i.id`,
      [[...applicationIds]],
    );
  }

  /**
   * The submitted scorecards of a candidate's applications, as their data export shows them: the judgement about
   * the candidate (recommendation, each skill's rating with its note, the notes), not who wrote it (a colleague's
   * data), and no drafts (not yet an evaluation).
   */
  findSubmittedScorecardsForCandidateExport(manager: EntityManager, applicationIds: readonly string[]) {
    return manager.query<
      {
        id: string;
        applicationId: string;
        interviewId: string;
        overallRecommendation: string | null;
        notes: string | null;
        submittedAt: Date;
        ratings: { skill: string; rating: number; note: string | null }[];
      }[]
    >(
      `SELECT sc.id, sc.application_id AS "applicationId", sc.interview_id AS "interviewId",
              sc.overall_recommendation AS "overallRecommendation", sc.notes, sc.submitted_at AS "submittedAt",
              coalesce((
                SELECT json_agg(json_build_object('skill', sk.name, 'rating', r.rating, 'note', r.note)
                  ORDER BY r.position)
                FROM scorecard_rating r JOIN skill sk ON sk.id = r.skill_id
                WHERE r.scorecard_id = sc.id), '[]') AS ratings
       FROM scorecard sc
       WHERE sc.application_id = ANY($1::uuid[]) AND sc.status = 'SUBMITTED'
       ORDER BY sc.submitted_at, sc.id`,
      [[...applicationIds]],
    );
  }
}
