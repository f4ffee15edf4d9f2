import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { rowsToEntities } from '../common/database/raw-rows';
import { versionedUpdate } from '../common/database/versioned-update';
import { keysetSql, PageRequest, ParamBinder, positionalBinder } from '../common/graphql/keyset';
import { Reach } from '../identity/access.rules';
import { candidateWithinReach, requisitionWithinReach } from '../requisitions/reach-sql';
import { NoteEntity } from './note.entity';
import { MentionedUser, NoteSight } from './note.rules';

/** The application a note is about, as the use cases need it. */
export interface NoteApplication {
  id: string;
  candidateId: string;
  requisitionId: string;
}

/** A locked note, with the requisition of its application (null for a candidate-level note). */
export interface LockedNote {
  note: NoteEntity;
  requisitionId: string | null;
}

export type NoteParent = 'application_id' | 'candidate_id';

/**
 * SQL condition: the note `n` is one the sight covers — a note on an application within `applications`, or a
 * candidate-level note of a candidate within `candidates`.
 */
export function noteVisible(sight: NoteSight, alias: string, bind: ParamBinder): string {
  const onApplication =
    sight.applications.kind === 'all'
      ? 'TRUE'
      : sight.applications.kind === 'none'
        ? 'FALSE'
        : `EXISTS (SELECT 1 FROM application va WHERE va.id = ${alias}.application_id
             AND ${requisitionWithinReach(sight.applications, 'va.requisition_id', bind)})`;
  const onCandidate = candidateWithinReach(sight.candidates, `${alias}.candidate_id`, bind);
  if (onApplication === onCandidate && (onApplication === 'TRUE' || onApplication === 'FALSE')) {
    return onApplication;
  }
  return `(CASE WHEN ${alias}.application_id IS NULL THEN ${onCandidate} ELSE ${onApplication} END)`;
}

/** Storage of notes and their mentions. */
@Injectable()
export class NotesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Erasure: deletes every note about the candidate (on them or on their applications), mentions with them. */
  async deleteAboutCandidate(manager: EntityManager, candidateId: string): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `WITH gone AS (DELETE FROM note WHERE candidate_id = $1 RETURNING id) SELECT id FROM gone`,
      [candidateId],
    );
    return rows.map((row) => row.id);
  }

  /** The application, when it is within `reach` and its candidate not erased (share-locked, see below). */
  async findApplication(
    manager: EntityManager,
    applicationId: string,
    reach: Reach,
  ): Promise<NoteApplication | null> {
    const params: unknown[] = [applicationId];
    const [row] = await manager.query<{ id: string; candidate_id: string; requisition_id: string }[]>(
      `SELECT a.id, a.candidate_id, a.requisition_id FROM application a JOIN candidate c ON c.id = a.candidate_id
       WHERE a.id = $1 AND c.erased_at IS NULL
         AND ${requisitionWithinReach(reach, 'a.requisition_id', positionalBinder(params))}
       FOR SHARE OF c`,
      params,
    );
    return row ? { id: row.id, candidateId: row.candidate_id, requisitionId: row.requisition_id } : null;
  }

  /**
   * Whether the candidate exists, is not erased and is within `reach`; share-locked for the transaction (as the
   * application's candidate in `findApplication`), so an erasure cannot run under a note being added, nor the note
   * be added after it.
   */
  async candidateExists(manager: EntityManager, candidateId: string, reach: Reach): Promise<boolean> {
    const params: unknown[] = [candidateId];
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM candidate c WHERE c.id = $1 AND c.erased_at IS NULL
         AND ${candidateWithinReach(reach, 'c.id', positionalBinder(params))} FOR SHARE OF c`,
      params,
    );
    return rows.length > 0;
  }

  /** The users among `ids` that exist, with what the mention check needs. */
  async findUsers(manager: EntityManager, ids: readonly string[]): Promise<MentionedUser[]> {
    if (ids.length === 0) return [];
    return manager.query<MentionedUser[]>(
      `SELECT id, email, name, role, active FROM app_user WHERE id = ANY($1::uuid[])`,
      [[...ids]],
    );
  }

  /** Those of `userIds` on the hiring team of the requisition. */
  async usersOnTeam(
    manager: EntityManager,
    userIds: readonly string[],
    requisitionId: string,
  ): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await manager.query<{ user_id: string }[]>(
      `SELECT user_id FROM requisition_member WHERE requisition_id = $2 AND user_id = ANY($1::uuid[])`,
      [[...userIds], requisitionId],
    );
    return new Set(rows.map((r) => r.user_id));
  }

  /** Those of `userIds` on the hiring team of any requisition the candidate applied to. */
  async usersReachingCandidate(
    manager: EntityManager,
    userIds: readonly string[],
    candidateId: string,
  ): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await manager.query<{ user_id: string }[]>(
      `SELECT DISTINCT m.user_id FROM application a JOIN requisition_member m ON m.requisition_id = a.requisition_id
       WHERE a.candidate_id = $2 AND m.user_id = ANY($1::uuid[])`,
      [[...userIds], candidateId],
    );
    return new Set(rows.map((r) => r.user_id));
  }

  async insert(
    manager: EntityManager,
    values: Pick<NoteEntity, 'candidateId' | 'applicationId' | 'authorId' | 'actor' | 'body'>,
  ): Promise<NoteEntity> {
    const rows = await manager.query<Record<string, unknown>[]>(
      `INSERT INTO note (candidate_id, application_id, author_id, actor, body) VALUES ($1, $2, $3, $4, $5)
       RETURNING *`,
      [values.candidateId, values.applicationId, values.authorId, values.actor, values.body],
    );
    return rowsToEntities(manager, NoteEntity, rows)[0];
  }

  /** Sets the note's mentions to `userIds`, in that order (one statement each way). */
  async replaceMentions(manager: EntityManager, noteId: string, userIds: readonly string[]): Promise<void> {
    await manager.query(`DELETE FROM note_mention WHERE note_id = $1`, [noteId]);
    if (userIds.length === 0) return;
    await manager.query(
      `INSERT INTO note_mention (note_id, user_id, position)
       SELECT $1, m.user_id, m.position FROM unnest($2::uuid[]) WITH ORDINALITY AS m(user_id, position)`,
      [noteId, [...userIds]],
    );
  }

  /** Locks the note for a change, when the sight covers it. */
  async lock(manager: EntityManager, id: string, sight: NoteSight): Promise<LockedNote | null> {
    const params: unknown[] = [id];
    const rows = await manager.query<Record<string, unknown>[]>(
      `SELECT n.*, a.requisition_id AS note_requisition_id FROM note n
       LEFT JOIN application a ON a.id = n.application_id
       WHERE n.id = $1 AND ${noteVisible(sight, 'n', positionalBinder(params))} FOR UPDATE OF n`,
      params,
    );
    if (rows.length === 0) return null;
    return {
      note: rowsToEntities(manager, NoteEntity, rows)[0],
      requisitionId: (rows[0].note_requisition_id as string | null) ?? null,
    };
  }

  /** Writes `set` if the note is still at `version` (bumping version, event sequence and updated_at). */
  updateAtVersion(
    manager: EntityManager,
    id: string,
    version: number,
    set: Record<string, unknown>,
  ): Promise<NoteEntity | null> {
    return versionedUpdate(manager, NoteEntity, id, version, set);
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM note WHERE id = $1`, [id]);
  }

  /** The mentioned users' ids of each note, in the order written. */
  async findMentions(
    noteIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ noteId: string; userId: string }[]> {
    if (noteIds.length === 0) return [];
    const rows = await manager.query<{ note_id: string; user_id: string }[]>(
      `SELECT note_id, user_id FROM note_mention WHERE note_id = ANY($1::uuid[]) ORDER BY note_id, position`,
      [[...noteIds]],
    );
    return rows.map((r) => ({ noteId: r.note_id, userId: r.user_id }));
  }

  async findByIds(ids: readonly string[], sight: NoteSight): Promise<NoteEntity[]> {
    const params: unknown[] = [[...ids]];
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT n.* FROM note n WHERE n.id = ANY($1::uuid[]) AND ${noteVisible(sight, 'n', positionalBinder(params))}`,
      params,
    );
    return rowsToEntities(this.dataSource.manager, NoteEntity, rows);
  }

  /**
   * A keyset page of each parent's visible notes, newest first by (created_at, id): an application's notes, or a
   * candidate's (candidate-level and on their applications). One statement for every parent.
   */
  async findPagesByParents(
    parent: NoteParent,
    parentIds: readonly string[],
    page: PageRequest,
    sight: NoteSight,
  ): Promise<NoteEntity[]> {
    const params: unknown[] = [[...parentIds]];
    const bind = positionalBinder(params);
    const keyset = keysetSql(page, 'n.created_at', 'n.id', bind);
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT page.* FROM unnest($1::uuid[]) AS parent(id)
       CROSS JOIN LATERAL (
         SELECT n.* FROM note n
         WHERE n.${parent} = parent.id AND ${noteVisible(sight, 'n', bind)} AND ${keyset.where}
         ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}
       ) page`,
      params,
    );
    return rowsToEntities(this.dataSource.manager, NoteEntity, rows);
  }

  async countByParents(
    parent: NoteParent,
    parentIds: readonly string[],
    sight: NoteSight,
  ): Promise<Map<string, number>> {
    const params: unknown[] = [[...parentIds]];
    const rows = await this.dataSource.query<{ parent_id: string; n: number }[]>(
      `SELECT n.${parent} AS parent_id, count(*)::int AS n FROM note n
       WHERE n.${parent} = ANY($1::uuid[]) AND ${noteVisible(sight, 'n', positionalBinder(params))}
       GROUP BY n.${parent}`,
      params,
    );
    return new Map(rows.map((r) => [r.parent_id, r.n]));
  }

  /** A keyset page of the notes that mention the user and that the sight covers, newest first. */
  async findPageMentioning(userId: string, page: PageRequest, sight: NoteSight): Promise<NoteEntity[]> {
    const params: unknown[] = [userId];
    const bind = positionalBinder(params);
    const keyset = keysetSql(page, 'n.created_at', 'n.id', bind);
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT n.* FROM note_mention m JOIN note n ON n.id = m.note_id
       WHERE m.user_id = $1 AND ${noteVisible(sight, 'n', bind)} AND ${keyset.where}
       ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
      params,
    );
    return rowsToEntities(this.dataSource.manager, NoteEntity, rows);
  }

  async countMentioning(userId: string, sight: NoteSight): Promise<number> {
    const params: unknown[] = [userId];
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM note_mention m JOIN note n ON n.id = m.note_id
       WHERE m.user_id = $1 AND ${noteVisible(sight, 'n', positionalBinder(params))}`,
      params,
    );
    return row.n;
  }

  /**
   * The timeline's part of the notes (src/pipeline/application-activity.ts): the application's notes the sight
   * covers, as (id, occurred_at = created_at, actor, data = the row). Reads `note_application_created_at`.
   */
  activitySelect(sight: NoteSight, applicationIdExpr: string, bind: ParamBinder): string | null {
    if (sight.applications.kind === 'none') return null;
    return `SELECT n.id, n.created_at AS occurred_at, n.actor, to_jsonb(n) AS data FROM note n
      WHERE n.application_id = ${applicationIdExpr} AND ${noteVisible(sight, 'n', bind)}`;
  }

  /**
   * Every note about the candidate (on them or on one of their applications), as their data export shows it: the
   * text and when, not who wrote it or whom it mentions (colleagues' data).
   */
  findForCandidateExport(manager: EntityManager, candidateId: string) {
    return manager.query<
      { id: string; applicationId: string | null; body: string; createdAt: Date; updatedAt: Date }[]
    >(
      `SELECT id, application_id AS "applicationId", body, created_at AS "createdAt", updated_at AS "updatedAt"
       FROM note WHERE candidate_id = $1 ORDER BY created_at, id`,
      [candidateId],
    );
  }
}
