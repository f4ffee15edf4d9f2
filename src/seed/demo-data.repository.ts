import { DataSource, EntityManager } from 'typeorm';
import { ApplicationStatus } from '../pipeline/pipeline.enums';

/** An application an earlier run wrote, and how many of its planned steps it got through. */
export interface SeededApplication {
  id: string;
  candidate_id: string;
  requisition_id: string;
  version: number;
  /** The sequence of its last history entry: each planned step writes exactly one. */
  last_sequence: number;
}

const toIso = (dates: Date[]) => dates.map((date) => date.toISOString());

/**
 * The seed's own statements: recognising what an earlier run wrote, and moving what this run wrote back to the
 * planned timeline. Everything else goes through the use cases.
 */
export class DemoDataRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findRequisitionId(title: string, department: string): Promise<string | null> {
    const [found] = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM requisition WHERE title = $1 AND department = $2 ORDER BY created_at, id LIMIT 1`,
      [title, department],
    );
    return found?.id ?? null;
  }

  /** Candidate ids by lower-cased e-mail, for those of `emails` that exist. */
  async findCandidateIdsByEmails(emails: string[]): Promise<Map<string, string>> {
    const rows = await this.dataSource.query<{ id: string; email: string }[]>(
      `SELECT id, lower(email) AS email FROM candidate WHERE lower(email) = ANY($1::text[])`,
      [emails.map((email) => email.toLowerCase())],
    );
    return new Map(rows.map((row) => [row.email, row.id]));
  }

  /** Which of these candidates have a resume already. */
  async findCandidateIdsWithResumes(candidateIds: string[]): Promise<Set<string>> {
    const rows = await this.dataSource.query<{ candidate_id: string }[]>(
      `SELECT DISTINCT candidate_id FROM resume WHERE candidate_id = ANY($1::uuid[])`,
      [candidateIds],
    );
    return new Set(rows.map((row) => row.candidate_id));
  }

  findApplicationsOfRequisitions(requisitionIds: string[]): Promise<SeededApplication[]> {
    return this.dataSource.query<SeededApplication[]>(
      `SELECT a.id, a.candidate_id, a.requisition_id, a.version, coalesce(max(t.sequence), 0)::int AS last_sequence
       FROM application a LEFT JOIN stage_transition t ON t.application_id = a.id
       WHERE a.requisition_id = ANY($1::uuid[]) GROUP BY a.id`,
      [requisitionIds],
    );
  }

  async countInterviews(requisitionIds: string[]): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM interview WHERE requisition_id = ANY($1::uuid[])`,
      [requisitionIds],
    );
    return row.n;
  }

  /** ACTIVE applications of the requisitions that have left the first stage, oldest first: the ones to interview. */
  findApplicationsToInterview(
    requisitionIds: string[],
  ): Promise<{ id: string; requisition_id: string; stage_id: string }[]> {
    return this.dataSource.query(
      `SELECT a.id, a.requisition_id, a.stage_id FROM application a JOIN pipeline_stage s ON s.id = a.stage_id
       WHERE a.requisition_id = ANY($1::uuid[]) AND a.status = 'ACTIVE' AND s.kind <> 'APPLIED'
       ORDER BY a.applied_at, a.id`,
      [requisitionIds],
    );
  }

  /** The requisition as drafted then; the stages the team added, as added then; its events as `timeline` says. */
  async backdateRequisition(
    id: string,
    timeline: Map<number, Date>,
    dates: { draftedAt: Date; customizedAt: Date; addedStageNames: string[] },
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE requisition SET created_at = $2 WHERE id = $1`, [
        id,
        dates.draftedAt.toISOString(),
      ]);
      await manager.query(
        `UPDATE pipeline_stage SET created_at = CASE WHEN name = ANY($2::text[]) THEN $4::timestamptz ELSE $3::timestamptz END
         WHERE requisition_id = $1`,
        [id, dates.addedStageNames, dates.draftedAt.toISOString(), dates.customizedAt.toISOString()],
      );
      await this.backdateEvents(manager, 'requisition', id, timeline);
    });
  }

  /** Requisitions this run created or hired on: last changed when their last event or hire happened. */
  async settleRequisitionUpdatedAt(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `UPDATE requisition r SET updated_at = GREATEST(
         r.created_at,
         (SELECT max(e.occurred_at) FROM event e WHERE e.aggregate_type = 'requisition' AND e.aggregate_id = r.id),
         (SELECT max(a.last_activity_at) FROM application a WHERE a.requisition_id = r.id AND a.status = $2))
       WHERE r.id = ANY($1::uuid[])`,
      [[...new Set(ids)], ApplicationStatus.HIRED],
    );
  }

  async backdateCandidate(id: string, createdAt: Date, eventSequence: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE candidate SET created_at = $2, updated_at = $2 WHERE id = $1`, [
        id,
        createdAt.toISOString(),
      ]);
      await this.backdateEvents(manager, 'candidate', id, new Map([[eventSequence, createdAt]]));
    });
  }

  /** Each history entry and event (by sequence) as `timeline` says; applied and last active at its ends. */
  async backdateApplication(id: string, timeline: Map<number, Date>): Promise<void> {
    const dates = [...timeline.values()];
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE stage_transition s SET occurred_at = t.at FROM unnest($2::int[], $3::timestamptz[]) AS t(sequence, at)
         WHERE s.application_id = $1 AND s.sequence = t.sequence`,
        [id, [...timeline.keys()], toIso(dates)],
      );
      await this.backdateEvents(manager, 'application', id, timeline);
      await manager.query(`UPDATE application SET applied_at = $2, last_activity_at = $3 WHERE id = $1`, [
        id,
        dates[0].toISOString(),
        dates[dates.length - 1].toISOString(),
      ]);
    });
  }

  /**
   * The ACTIVE applications of a requisition with their last history entry's time and whether they have notes yet,
   * oldest application first: where the demo notes go.
   */
  findApplicationsForNotes(
    requisitionId: string,
  ): Promise<{ id: string; last_activity_at: Date; has_notes: boolean }[]> {
    return this.dataSource.query(
      `SELECT a.id, a.last_activity_at, EXISTS (SELECT 1 FROM note n WHERE n.application_id = a.id) AS has_notes
       FROM application a WHERE a.requisition_id = $1 AND a.status = 'ACTIVE' ORDER BY a.applied_at, a.id`,
      [requisitionId],
    );
  }

  /** A note, its mentions' event and its audit entry as written at `at`. */
  async backdateNote(id: string, at: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE note SET created_at = $2, updated_at = $2 WHERE id = $1`, [
        id,
        at.toISOString(),
      ]);
      await this.backdateEvents(manager, 'note', id, new Map([[1, at]]));
    });
  }

  private async backdateEvents(
    manager: EntityManager,
    aggregateType: string,
    aggregateId: string,
    timeline: Map<number, Date>,
  ): Promise<void> {
    await manager.query(
      `UPDATE event e SET occurred_at = t.at FROM unnest($3::int[], $4::timestamptz[]) AS t(sequence, at)
       WHERE e.aggregate_type = $1 AND e.aggregate_id = $2 AND e.sequence = t.sequence`,
      [aggregateType, aggregateId, [...timeline.keys()], toIso([...timeline.values()])],
    );
  }
}
