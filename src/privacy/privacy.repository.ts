import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CandidateEntity } from '../candidates/candidate.entity';
import { rowsToEntities } from '../common/database/raw-rows';
import { keysetSql, PageRequest, positionalBinder } from '../common/graphql/keyset';

/**
 * The retention job's predicate, on `candidate c` (one definition for the job and `candidatesDueForErasure`): not
 * erased yet, past `retain_until`, no ACTIVE application (a running process is not ended by a date) and none HIRED
 * (their data moved to the HR system). Walks the partial index `candidate_retain_until_due`.
 */
const DUE = `c.erased_at IS NULL AND c.retain_until IS NOT NULL AND c.retain_until < now()
  AND NOT EXISTS (SELECT 1 FROM application due_a
                  WHERE due_a.candidate_id = c.id AND due_a.status IN ('ACTIVE', 'HIRED'))`;

/** The privacy feature's own reads: who is due for erasure. Erasure's writes live in each feature's repository. */
@Injectable()
export class PrivacyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A keyset page of the candidates due, in the order the job takes them: oldest `retain_until` first. */
  async findDuePage(page: PageRequest): Promise<CandidateEntity[]> {
    const params: unknown[] = [];
    const keyset = keysetSql(page, 'c.retain_until', 'c.id', positionalBinder(params), 'timestamptz', false);
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT c.* FROM candidate c WHERE ${DUE} AND ${keyset.where}
       ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
      params,
    );
    return rowsToEntities(this.dataSource.manager, CandidateEntity, rows);
  }

  async countDue(): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM candidate c WHERE ${DUE}`,
    );
    return row.n;
  }

  /** The next `limit` candidates due, in the job's order. */
  async findDueIds(limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT c.id FROM candidate c WHERE ${DUE} ORDER BY c.retain_until, c.id LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.id);
  }

  /** Whether the candidate is still due, on the erasing transaction (after its locks): the job checks again. */
  async isDue(manager: EntityManager, candidateId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM candidate c WHERE c.id = $1 AND ${DUE}`, [
      candidateId,
    ]);
    return rows.length > 0;
  }
}
