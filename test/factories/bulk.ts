import type { TestApp } from '../support/test-app';
import { unique } from './index';

/** The database id behind an opaque global id (tests only: clients must not do this). */
export function rawId(globalId: string): string {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1);
}

/** The global id the API would give a row (tests only). */
export function globalIdOf(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export interface BulkCandidate {
  id: string;
  fullName: string;
  email: string;
  /** Canonical skill names, in the order they were stored. */
  skills: string[];
}

/**
 * Inserts candidates straight into the tables (for volume the API would take too long to build), each with the
 * given taxonomy skills in order. Returns them in the order given.
 */
export async function insertCandidates(
  t: TestApp,
  count: number,
  options: { namePrefix?: string; skillsOf?: (index: number) => string[] } = {},
): Promise<BulkCandidate[]> {
  const tag = unique();
  const names = Array.from(
    { length: count },
    (_, i) => `${options.namePrefix ?? 'Bulk Candidate'} ${tag} #${i}`,
  );
  const emails = names.map((_, i) => `bulk.${tag}.${i}@example.com`);
  const rows = await t.sql<{ id: string; email: string }>(
    `INSERT INTO candidate (full_name, email, event_sequence)
     SELECT n, e, 1 FROM unnest($1::varchar[], $2::varchar[]) AS x(n, e) RETURNING id, email`,
    [names, emails],
  );
  const idByEmail = new Map(rows.map((r) => [r.email, r.id]));
  const candidates = names.map((fullName, i) => ({
    id: idByEmail.get(emails[i])!,
    fullName,
    email: emails[i],
    skills: options.skillsOf?.(i) ?? [],
  }));
  const skillRows = candidates.flatMap((c) =>
    c.skills.map((name, position) => ({ candidateId: c.id, name, position })),
  );
  if (skillRows.length > 0) {
    const inserted = await t.sql<{ n: number }>(
      `WITH s AS (
         INSERT INTO candidate_skill (candidate_id, skill_id, years, position)
         SELECT x.c, sk.id, 2, x.p FROM unnest($1::uuid[], $2::varchar[], $3::smallint[]) AS x(c, name, p)
         JOIN skill sk ON sk.normalized_name = lower(x.name)
         RETURNING 1
       ) SELECT count(*)::int AS n FROM s`,
      [skillRows.map((r) => r.candidateId), skillRows.map((r) => r.name), skillRows.map((r) => r.position)],
    );
    if (inserted[0].n !== skillRows.length)
      throw new Error('insertCandidates: a skill name is not in the taxonomy');
  }
  return candidates;
}

export interface BulkApplication {
  id: string;
  candidateId: string;
  stageId: string;
  status: string;
  appliedAt: Date;
}

/**
 * Inserts applications straight into the table (no history, no events: as if imported). Everything is given in
 * raw database ids; `appliedAt` must be distinct per requisition where a test relies on a strict order.
 */
export async function insertApplications(
  t: TestApp,
  requisitionId: string,
  rows: {
    candidateId: string;
    stageId: string;
    appliedAt: Date;
    status?: 'ACTIVE' | 'REJECTED' | 'HIRED' | 'WITHDRAWN';
  }[],
): Promise<BulkApplication[]> {
  const inserted = await t.sql<{
    id: string;
    candidate_id: string;
    stage_id: string;
    status: string;
    applied_at: Date;
  }>(
    `INSERT INTO application (candidate_id, requisition_id, stage_id, status, source_kind, source_detail, rejection_reason,
                              applied_at, last_activity_at, version, event_sequence)
     SELECT x.c, $1, x.s, x.st, 'JOB_BOARD', 'LinkedIn', CASE WHEN x.st = 'REJECTED' THEN 'Imported as rejected' END,
            x.at, x.at, 1, 0
     FROM unnest($2::uuid[], $3::uuid[], $4::varchar[], $5::timestamptz[]) AS x(c, s, st, at)
     RETURNING id, candidate_id, stage_id, status, applied_at`,
    [
      requisitionId,
      rows.map((r) => r.candidateId),
      rows.map((r) => r.stageId),
      rows.map((r) => r.status ?? 'ACTIVE'),
      rows.map((r) => r.appliedAt.toISOString()),
    ],
  );
  return inserted.map((r) => ({
    id: r.id,
    candidateId: r.candidate_id,
    stageId: r.stage_id,
    status: r.status,
    appliedAt: new Date(r.applied_at),
  }));
}

export const MOVE_APPLICATION = `mutation($input: MoveApplicationInput!) {
  moveApplication(input: $input) {
    application { id status version stage { id name kind } }
    transition { id fromStage { id } toStage { id } fromStatus toStatus sequence }
    userErrors { code field message existingId }
  }
}`;
