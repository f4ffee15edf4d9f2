import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { containsPattern } from '../common/database/like';
import { ALL_REACH, Reach } from '../identity/access.rules';
import { candidateWithinReach } from '../requisitions/reach-sql';
import { keysetSql, namedBinder, PageRequest, positionalBinder } from '../common/graphql/keyset';
import { numericToNumber } from '../common/database/column-types';
import { versionedUpdate } from '../common/database/versioned-update';
import { rowsToEntities } from '../common/database/raw-rows';
import { SkillEntity } from '../skills/skill.entity';
import { SkillCategory } from '../skills/skill-category';
import { CandidateSkillEntity } from './candidate-skill.entity';
import { CandidateEntity } from './candidate.entity';
import { SkillSource } from './candidate.enums';

export interface CandidateSkillRow extends CandidateSkillEntity {
  skill: SkillEntity;
}

/** Filter with skills already resolved to ids; a skill nobody has is `null` and matches no candidate. */
export interface CandidateQuery {
  /** Whose candidates: all, or those who applied to the caller's requisitions. */
  reach: Reach;
  search?: string | null;
  /** Whether `search` also matches e-mails: not for callers who may not see them (it would reveal them). */
  searchesEmail?: boolean;
  skillIds?: (string | null)[] | null;
  tags?: string[] | null;
  minYearsOfExperience?: number | null;
}

@Injectable()
export class CandidatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Hand-written SQL mapped with `rowsToEntities`: the board asks for hundreds at a time. */
  async findByIds(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
    reach: Reach = ALL_REACH,
  ): Promise<CandidateEntity[]> {
    const params: unknown[] = [[...ids]];
    const withinReach = candidateWithinReach(reach, 'c.id', positionalBinder(params));
    const rows = await manager.query<Record<string, unknown>[]>(
      `SELECT c.* FROM candidate c WHERE c.id = ANY($1::uuid[]) AND ${withinReach}`,
      params,
    );
    return rowsToEntities(manager, CandidateEntity, rows);
  }

  findIdByEmail(
    manager: EntityManager,
    email: string,
    exceptId?: string,
  ): Promise<{ id: string } | undefined> {
    const qb = manager
      .createQueryBuilder()
      .select('c.id', 'id')
      .from(CandidateEntity, 'c')
      .where('lower(c.email) = lower(:email)', { email });
    if (exceptId) qb.andWhere('c.id <> :exceptId', { exceptId });
    return qb.getRawOne<{ id: string }>();
  }

  lockById(manager: EntityManager, id: string): Promise<CandidateEntity | null> {
    return manager
      .getRepository(CandidateEntity)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.id = :id', { id })
      .getOne();
  }

  async insert(manager: EntityManager, values: Partial<CandidateEntity>): Promise<CandidateEntity> {
    const repository = manager.getRepository(CandidateEntity);
    return repository.save(repository.create({ ...values, eventSequence: 1 }), { reload: true });
  }

  /** Writes `set` if the row is still at `version`, bumping version and event sequence; null when it is not. */
  updateAtVersion(
    manager: EntityManager,
    id: string,
    version: number,
    set: Partial<CandidateEntity>,
  ): Promise<CandidateEntity | null> {
    return versionedUpdate(manager, CandidateEntity, id, version, set);
  }

  /**
   * Replaces a candidate's skills with `skills`, in that order. An entry the candidate had already keeps where it
   * came from (a skill recognised in a resume stays RESUME, with its evidence); new entries are PROFILE.
   */
  async replaceSkills(
    manager: EntityManager,
    candidateId: string,
    skills: { skillId: string; years: number | null }[],
  ): Promise<void> {
    const kept = await manager.query<{ skill_id: string; source: SkillSource; evidence: string | null }[]>(
      `DELETE FROM candidate_skill WHERE candidate_id = $1 RETURNING skill_id, source, evidence`,
      [candidateId],
    );
    if (skills.length === 0) return;
    const before = new Map(kept.map((row) => [row.skill_id, row]));
    await manager.query(
      `INSERT INTO candidate_skill (candidate_id, skill_id, years, position, source, evidence)
       SELECT $1, * FROM unnest($2::uuid[], $3::numeric[], $4::smallint[], $5::varchar[], $6::varchar[])`,
      [
        candidateId,
        skills.map((s) => s.skillId),
        skills.map((s) => s.years),
        skills.map((_, i) => i),
        skills.map((s) => before.get(s.skillId)?.source ?? SkillSource.PROFILE),
        skills.map((s) => before.get(s.skillId)?.evidence ?? null),
      ],
    );
  }

  /**
   * Adds skills recognised in a resume that the candidate does not have yet, after the ones they have, marked
   * RESUME with their evidence line; entries they have stay as given. Returns the ids of the skills added.
   */
  async addResumeSkills(
    manager: EntityManager,
    candidateId: string,
    skills: { skillId: string; evidence: string }[],
  ): Promise<string[]> {
    if (skills.length === 0) return [];
    const rows = await manager.query<{ skill_id: string }[]>(
      `INSERT INTO candidate_skill (candidate_id, skill_id, years, position, source, evidence)
       SELECT $1, s.skill_id, NULL,
              (SELECT coalesce(max(position) + 1, 0) FROM candidate_skill WHERE candidate_id = $1) + s.ord - 1,
              'RESUME', s.evidence
       FROM unnest($2::uuid[], $3::varchar[]) WITH ORDINALITY AS s(skill_id, evidence, ord)
       ON CONFLICT (candidate_id, skill_id) DO NOTHING
       RETURNING skill_id`,
      [candidateId, skills.map((s) => s.skillId), skills.map((s) => s.evidence)],
    );
    return rows.map((row) => row.skill_id);
  }

  /**
   * The skills of many candidates, each in its own order. Hand-written and hand-mapped (a board page asks for
   * about a thousand rows): each distinct skill becomes one entity, shared by the rows that name it.
   */
  async findSkillsByCandidateIds(ids: readonly string[]): Promise<CandidateSkillRow[]> {
    const rows = await this.dataSource.query<
      {
        candidate_id: string;
        skill_id: string;
        years: string | null;
        position: number;
        source: SkillSource;
        evidence: string | null;
        name: string;
        normalized_name: string;
        category: SkillCategory;
        aliases: string[];
        created_at: Date;
      }[]
    >(
      `SELECT cs.candidate_id, cs.skill_id, cs.years, cs.position, cs.source, cs.evidence,
              s.name, s.normalized_name, s.category, s.aliases, s.created_at
       FROM candidate_skill cs JOIN skill s ON s.id = cs.skill_id
       WHERE cs.candidate_id = ANY($1::uuid[])
       ORDER BY cs.candidate_id, cs.position`,
      [[...ids]],
    );
    const skills = new Map<string, SkillEntity>();
    return rows.map((row) => {
      let skill = skills.get(row.skill_id);
      if (!skill) {
        skill = Object.assign(new SkillEntity(), {
          id: row.skill_id,
          name: row.name,
          normalizedName: row.normalized_name,
          category: row.category,
          aliases: row.aliases,
          createdAt: row.created_at,
        });
        skills.set(row.skill_id, skill);
      }
      return Object.assign(new CandidateSkillEntity(), {
        candidateId: row.candidate_id,
        skillId: row.skill_id,
        years: numericToNumber.from(row.years) as number | null,
        position: row.position,
        source: row.source,
        evidence: row.evidence,
        skill,
      });
    });
  }

  private applyFilter(
    qb: SelectQueryBuilder<CandidateEntity>,
    query: CandidateQuery,
  ): SelectQueryBuilder<CandidateEntity> {
    const reachParams: Record<string, unknown> = {};
    qb.andWhere(candidateWithinReach(query.reach, 'c.id', namedBinder(reachParams, 'reach')), reachParams);
    if (query.search?.trim()) {
      const email = query.searchesEmail === false ? '' : ' OR c.email ILIKE :search';
      qb.andWhere(`(c.full_name ILIKE :search OR c.headline ILIKE :search${email})`, {
        search: containsPattern(query.search.trim()),
      });
    }
    if (query.skillIds?.length) {
      if (query.skillIds.some((id) => id === null)) {
        qb.andWhere('FALSE');
      } else {
        qb.andWhere(
          `(SELECT count(*) FROM candidate_skill cs WHERE cs.candidate_id = c.id AND cs.skill_id = ANY(:skillIds)) = :skillCount`,
          { skillIds: query.skillIds, skillCount: new Set(query.skillIds).size },
        );
      }
    }
    if (query.tags?.length) {
      // Tags are matched as they are deduplicated: ignoring case.
      qb.andWhere(`ARRAY(SELECT lower(tag) FROM unnest(c.tags) AS tag) @> :tags::text[]`, {
        tags: query.tags.map((tag) => tag.toLowerCase()),
      });
    }
    if (query.minYearsOfExperience != null) {
      qb.andWhere('c.years_of_experience >= :minYears', { minYears: query.minYearsOfExperience });
    }
    return qb;
  }

  findPage(query: CandidateQuery, page: PageRequest): Promise<CandidateEntity[]> {
    const params: Record<string, unknown> = {};
    const keyset = keysetSql(page, 'c.created_at', 'c.id', namedBinder(params));
    return this.applyFilter(this.dataSource.getRepository(CandidateEntity).createQueryBuilder('c'), query)
      .andWhere(keyset.where, params)
      .orderBy('c.created_at', keyset.direction)
      .addOrderBy('c.id', keyset.direction)
      .limit(keyset.limit)
      .getMany();
  }

  count(query: CandidateQuery): Promise<number> {
    return this.applyFilter(
      this.dataSource.getRepository(CandidateEntity).createQueryBuilder('c'),
      query,
    ).getCount();
  }
}
