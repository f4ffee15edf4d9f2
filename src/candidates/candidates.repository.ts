import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ALL_REACH, Reach } from '../identity/access.rules';
import { candidateWithinReach } from '../requisitions/reach-sql';
import { keysetSql, PageRequest, ParamBinder, positionalBinder } from '../common/graphql/keyset';
import { numericToNumber } from '../common/database/column-types';
import { versionedUpdate } from '../common/database/versioned-update';
import { rowsToEntities } from '../common/database/raw-rows';
import { SkillEntity } from '../skills/skill.entity';
import { SkillCategory } from '../skills/skill-category';
import { CandidateSkillEntity } from './candidate-skill.entity';
import { CandidateEntity } from './candidate.entity';
import { SkillSource } from './candidate.enums';
import { typoWords } from './candidate-search.rules';
import { ERASED_NAME } from './candidate-erasure.rules';

export interface CandidateSkillRow extends CandidateSkillEntity {
  skill: SkillEntity;
}

/** Filter with skills already resolved to ids; a skill nobody has is `null` and matches no candidate. */
export interface CandidateQuery {
  /** Whose candidates: all, or those who applied to the caller's requisitions. */
  reach: Reach;
  search?: string | null;
  /**
   * Whether `search` also matches e-mails and resume text: not for callers who may not see contact details (a match
   * would reveal them; resumes carry e-mail addresses and phone numbers).
   */
  searchesContactDetails?: boolean;
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
      `SELECT c.* FROM candidate c WHERE c.id = ANY($1::uuid[]) AND c.erased_at IS NULL AND ${withinReach}`,
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
      .where('lower(c.email) = lower(:email) AND c.erased_at IS NULL', { email });
    if (exceptId) qb.andWhere('c.id <> :exceptId', { exceptId });
    return qb.getRawOne<{ id: string }>();
  }

  /**
   * Serialises the transactions that look one e-mail address up this way (an advisory lock on it, held to the end of
   * the transaction, so that two of them cannot both find nobody and create a candidate each), then locks the
   * candidate who has it, if any.
   */
  async lockByEmail(manager: EntityManager, email: string): Promise<CandidateEntity | null> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended(lower($1), 0))`, [email]);
    return manager
      .getRepository(CandidateEntity)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('lower(c.email) = lower(:email)', { email })
      .getOne();
  }

  /**
   * Share-locks the candidate for the transaction (many applications at once), unless erased: an erasure holding
   * the row makes this wait, and then the erased row no longer qualifies (null), so no application is ever made for
   * a candidate erased meanwhile.
   */
  shareLockLive(manager: EntityManager, id: string): Promise<CandidateEntity | null> {
    return manager
      .getRepository(CandidateEntity)
      .createQueryBuilder('c')
      .setLock('pessimistic_read')
      .where('c.id = :id AND c.erased_at IS NULL', { id })
      .getOne();
  }

  /** Locks the candidate for the transaction; an erased one is as good as gone (null). */
  lockById(manager: EntityManager, id: string): Promise<CandidateEntity | null> {
    return manager
      .getRepository(CandidateEntity)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.id = :id AND c.erased_at IS NULL', { id })
      .getOne();
  }

  /** Locks the candidates, in id order, with what retention reads of them (their consent, their deadline). */
  async lockRetentionFacts(
    manager: EntityManager,
    ids: readonly string[],
  ): Promise<
    { id: string; consentGivenAt: Date | null; consentRetainUntil: Date | null; retainUntil: Date | null }[]
  > {
    const rows = await manager.query<
      {
        id: string;
        consent_given_at: Date | null;
        consent_retain_until: Date | null;
        retain_until: Date | null;
      }[]
    >(
      // Only a consent recorded with its source is consent to be kept longer; a bare consentGivenAt (the career
      // page's required consent, a board's) is consent to process the application, which extends nothing.
      `SELECT id, CASE WHEN consent_source IS NOT NULL THEN consent_given_at END AS consent_given_at,
              CASE WHEN consent_source IS NOT NULL AND consent_given_at IS NOT NULL THEN consent_retain_until END
                AS consent_retain_until,
              retain_until
       FROM candidate WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [[...ids]],
    );
    return rows.map((row) => ({
      id: row.id,
      consentGivenAt: row.consent_given_at,
      consentRetainUntil: row.consent_retain_until,
      retainUntil: row.retain_until,
    }));
  }

  /** Writes the retention deadlines (a new version each, no event sequence: no event of their own). */
  async setRetainUntil(
    manager: EntityManager,
    changes: readonly { id: string; retainUntil: Date | null }[],
  ): Promise<void> {
    if (changes.length === 0) return;
    await manager.query(
      `UPDATE candidate c SET retain_until = v.retain_until, version = c.version + 1, updated_at = now()
       FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, retain_until)
       WHERE c.id = v.id`,
      [changes.map((c) => c.id), changes.map((c) => c.retainUntil)],
    );
  }

  /**
   * Erasure (docs/privacy.md): replaces every personal field of the locked candidate with nothing, or with a value
   * that says nothing (the name a fixed placeholder, the e-mail one made of the id, so the unique index never
   * answers a later candidate with this person), removes their skills, marks them never to be contacted and
   * erased, and bumps version and event sequence. Returns the new event sequence.
   */
  async anonymise(manager: EntityManager, id: string): Promise<number> {
    await manager.query(`DELETE FROM candidate_skill WHERE candidate_id = $1`, [id]);
    const [row] = await manager.query<{ event_sequence: number }[]>(
      `WITH changed AS (
         UPDATE candidate SET full_name = $2, email = id::text || '@erased.invalid', phone = NULL, location = NULL,
           headline = NULL, years_of_experience = NULL, education = '[]', certifications = '[]', links = '[]',
           tags = '{}', consent_given_at = NULL, consent_source = NULL,
             consent_posting_id = NULL, consent_retain_until = NULL, retain_until = NULL, do_not_contact = true, erased_at = now(),
           version = version + 1, event_sequence = event_sequence + 1, updated_at = now()
         WHERE id = $1 AND erased_at IS NULL
         RETURNING event_sequence)
       SELECT event_sequence FROM changed`,
      [id, ERASED_NAME],
    );
    // Last: the triggers above refreshed the search document; an erased candidate has none.
    await manager.query(`DELETE FROM candidate_search WHERE candidate_id = $1`, [id]);
    return row.event_sequence;
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
      `WITH gone AS (DELETE FROM candidate_skill WHERE candidate_id = $1 RETURNING skill_id, source, evidence)
       SELECT * FROM gone`,
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
  async findSkillsByCandidateIds(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CandidateSkillRow[]> {
    const rows = await manager.query<
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

  /** Whether the server has pg_trgm (the embedded engine may not): asked once, then remembered. */
  private trigram?: Promise<boolean>;

  hasTrigramMatching(): Promise<boolean> {
    this.trigram ??= this.dataSource
      .query<{ present: boolean }[]>(
        `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') AS present`,
      )
      .then(([row]) => row.present)
      .catch(() => false);
    return this.trigram;
  }

  /**
   * The filter as SQL conditions on `candidate c`. With `search`: the candidates whose search document matches
   * the query (websearch syntax), whose name matches it with typos (pg_trgm, when `trigram`), or whose e-mail is
   * it exactly, ignoring case — each through its own index, so the union is one set of index scans.
   */
  private filterSql(query: CandidateQuery, bind: ParamBinder, trigram: boolean): string[] {
    const where = ['c.erased_at IS NULL', candidateWithinReach(query.reach, 'c.id', bind)];
    const search = query.search?.trim();
    if (search) {
      const term = bind(search);
      const tsquery = `websearch_to_tsquery('english', ${term})`;
      // Callers who may not see contact details search name, headline, skills, education and certifications
      // only: resume text (weight C) carries e-mail addresses and phone numbers.
      const matches: string[] = [
        query.searchesContactDetails === false
          ? `SELECT candidate_id FROM candidate_search WHERE document @@ ${tsquery}
               AND ts_filter(document, '{a,b}') @@ ${tsquery}`
          : `SELECT candidate_id FROM candidate_search WHERE document @@ ${tsquery}`,
      ];
      const words = trigram ? typoWords(search) : [];
      if (words.length > 0) {
        // Every word of the query close to a word of the name ("Ada Lovlace" finds Ada Lovelace; "Vision Person"
        // does not find Ranking Person): word similarity ≥ pg_trgm.word_similarity_threshold (0.6), each a
        // trigram index condition.
        matches.push(
          `SELECT id FROM candidate WHERE ${words.map((w) => `${bind(w)} <% full_name`).join(' AND ')}`,
        );
      }
      if (query.searchesContactDetails !== false) {
        matches.push(`SELECT id FROM candidate WHERE lower(email) = lower(${term})`);
      }
      where.push(`c.id IN (${matches.join(' UNION ')})`);
    }
    if (query.skillIds?.length) {
      if (query.skillIds.some((id) => id === null)) {
        where.push('FALSE');
      } else {
        where.push(
          `(SELECT count(*) FROM candidate_skill cs WHERE cs.candidate_id = c.id
             AND cs.skill_id = ANY(${bind(query.skillIds)}::uuid[])) = ${bind(new Set(query.skillIds).size)}`,
        );
      }
    }
    if (query.tags?.length) {
      // Tags are matched as they are deduplicated: ignoring case.
      where.push(
        `ARRAY(SELECT lower(tag) FROM unnest(c.tags) AS tag) @> ${bind(query.tags.map((tag) => tag.toLowerCase()))}::text[]`,
      );
    }
    if (query.minYearsOfExperience != null) {
      where.push(`c.years_of_experience >= ${bind(query.minYearsOfExperience)}`);
    }
    return where;
  }

  /**
   * A search's rank of `candidate c` (joined to `candidate_search s`), as a whole number for keyset cursors:
   * ts_rank of the weighted document (A 1.0, B 0.4, C 0.2; normalised by length), plus how closely the name
   * matches the query with typos (word similarity, when pg_trgm is there), plus 1 for an exact e-mail.
   */
  private rankSql(query: CandidateQuery, bind: ParamBinder, trigram: boolean): string {
    const term = bind(query.search?.trim());
    const document = query.searchesContactDetails === false ? `ts_filter(s.document, '{a,b}')` : 's.document';
    const parts = [`coalesce(ts_rank(${document}, websearch_to_tsquery('english', ${term}), 1), 0)`];
    if (trigram) parts.push(`word_similarity(${term}, c.full_name)`);
    if (query.searchesContactDetails !== false) {
      parts.push(`CASE WHEN lower(c.email) = lower(${term}) THEN 1 ELSE 0 END`);
    }
    return `round((${parts.join(' + ')}) * ${RANK_SCALE})::bigint`;
  }

  /** A page of candidates, newest first (no search) — the order lists had before search ranked. */
  async findPage(query: CandidateQuery, page: PageRequest): Promise<CandidateEntity[]> {
    const params: unknown[] = [];
    const bind = positionalBinder(params);
    const where = this.filterSql(query, bind, await this.hasTrigramMatching());
    const keyset = keysetSql(page, 'c.created_at', 'c.id', bind);
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT c.* FROM candidate c WHERE ${where.join(' AND ')} AND ${keyset.where}
       ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
      params,
    );
    return rowsToEntities(this.dataSource.manager, CandidateEntity, rows);
  }

  /**
   * A page of a search's matches, best first: keyset over (rank, id), so a page boundary stays put while the
   * ranks do. Statements: one.
   */
  async searchPage(query: CandidateQuery, page: PageRequest): Promise<SearchHit[]> {
    const trigram = await this.hasTrigramMatching();
    const params: unknown[] = [];
    const bind = positionalBinder(params);
    const where = this.filterSql(query, bind, trigram);
    const rank = this.rankSql(query, bind, trigram);
    const keyset = keysetSql(page, 'hit.search_rank', 'hit.id', bind, 'integer');
    const rows = await this.dataSource.query<(Record<string, unknown> & { search_rank: string })[]>(
      `SELECT hit.* FROM (
         SELECT c.*, ${rank} AS search_rank
         FROM candidate c LEFT JOIN candidate_search s ON s.candidate_id = c.id
         WHERE ${where.join(' AND ')}
       ) hit
       WHERE ${keyset.where}
       ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
      params,
    );
    const candidates = rowsToEntities(this.dataSource.manager, CandidateEntity, rows);
    return candidates.map((candidate, i) => ({ candidate, rank: Number(rows[i].search_rank) }));
  }

  async count(query: CandidateQuery): Promise<number> {
    const params: unknown[] = [];
    const where = this.filterSql(query, positionalBinder(params), await this.hasTrigramMatching());
    const [row] = await this.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM candidate c WHERE ${where.join(' AND ')}`,
      params,
    );
    return Number(row.count);
  }

  /**
   * Where each candidate matches a search: ts_headline fragments of their name and headline, skills, education,
   * certifications and (with `includeResumes`) resume text, in that order, each only if it holds a match. Matched
   * words are wrapped in HIGHLIGHT_START and HIGHLIGHT_STOP — plain characters, never HTML (the text-search parser
   * reads tags as markup, which ts_headline leaves out); the markers are removed from the text first, so every
   * marker is one of ours; runs of whitespace (line breaks) become one space. The resume text is read from the resumes' table
   * as the search document is (both are the database's view of what a candidate's search covers).
   */
  findSearchHighlights(
    ids: readonly string[],
    search: string,
    includeResumes: boolean,
  ): Promise<{ id: string; highlights: string[] }[]> {
    return this.dataSource.query(
      `SELECT c.id, ARRAY(
         SELECT regexp_replace(h.fragment, '\\s+', ' ', 'g') FROM (
           SELECT src.ord, ts_headline('english', translate(src.text, $4, ''), websearch_to_tsquery('english', $2),
                                       $3) AS fragment
           FROM (VALUES
             (1, concat_ws(' — ', c.full_name, c.headline)),
             (2, (SELECT string_agg(s.name, ', ' ORDER BY cs.position)
                    FROM candidate_skill cs JOIN skill s ON s.id = cs.skill_id WHERE cs.candidate_id = c.id)),
             (3, (SELECT string_agg(concat_ws(', ', e->>'degree', e->>'fieldOfStudy', e->>'institution'), '; ')
                    FROM jsonb_array_elements(c.education) e)),
             (4, (SELECT string_agg(concat_ws(', ', x->>'name', x->>'issuer'), '; ')
                    FROM jsonb_array_elements(c.certifications) x)),
             (5, CASE WHEN $5 THEN (SELECT string_agg(left(r.text, 100000), E'\n') FROM (
                    SELECT text FROM resume WHERE resume.candidate_id = c.id AND status = 'PARSED'
                    ORDER BY created_at DESC, id DESC LIMIT 3) r) END)
           ) AS src(ord, text)
           WHERE src.text IS NOT NULL AND src.text <> ''
         ) h
         WHERE strpos(h.fragment, $6) > 0
         ORDER BY h.ord
       ) AS highlights
       FROM candidate c WHERE c.id = ANY($1::uuid[])`,
      [
        [...ids],
        search.trim(),
        HEADLINE_OPTIONS,
        HIGHLIGHT_START + HIGHLIGHT_STOP,
        includeResumes,
        HIGHLIGHT_START,
      ],
    );
  }
}

/** Ranks are kept to six decimals as whole numbers (keyset cursors hold integers). */
const RANK_SCALE = 1_000_000;

/** What `Candidate.searchHighlights` wraps matched words in: plain characters a frontend replaces as it likes. */
export const HIGHLIGHT_START = '\u27e6';
export const HIGHLIGHT_STOP = '\u27e7';

const HEADLINE_OPTIONS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_STOP}, MaxWords=20, MinWords=6, MaxFragments=2, FragmentDelimiter=" … "`;

/** A candidate a search found, with its rank (see `rankSql`). */
export interface SearchHit {
  candidate: CandidateEntity;
  rank: number;
}
