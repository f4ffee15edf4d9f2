import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../common/database/transaction';
import { DomainError } from '../common/errors/domain-error';
import { PG_UNIQUE_VIOLATION, violatedConstraint } from '../common/errors/postgres-errors';
import { UserErrorCode } from '../common/errors/user-error-code';
import { PageRequest } from '../common/graphql/keyset';
import { normalizeLocation } from '../common/location';
import { AuditLog, diff } from '../audit/audit-log';
import { EventOutbox } from '../events/event-outbox';
import { Reach } from '../identity/access.rules';
import { EventType } from '../events/event-types';
import { SkillsService } from '../skills/skills.service';
import {
  CandidateListFilter,
  CandidateSkillClaim,
  CreateCandidateCommand,
  RecordConsentCommand,
  UpdateCandidateCommand,
} from './candidate.commands';
import { CandidateRetention } from './candidate-retention';
import { consentErrors } from './consent.rules';
import { CandidateEntity } from './candidate.entity';
import { normalizeEmail, normalizeTags } from './candidate.rules';
import { CandidateQuery, CandidateSkillRow, CandidatesRepository, SearchHit } from './candidates.repository';

const EMAIL_INDEX = 'candidate_email_lower_unique';

/** Candidate fields as stored, from a command whose list fields may be absent (update). */
function profileColumns(input: Partial<CreateCandidateCommand>): Partial<CandidateEntity> {
  const set: Partial<CandidateEntity> = {};
  if (input.fullName !== undefined) set.fullName = input.fullName.trim();
  if (input.email !== undefined) set.email = normalizeEmail(input.email);
  if (input.phone !== undefined) set.phone = input.phone?.trim() || null;
  if (input.location !== undefined) set.location = input.location ? normalizeLocation(input.location) : null;
  if (input.headline !== undefined) set.headline = input.headline?.trim() || null;
  if (input.yearsOfExperience !== undefined) set.yearsOfExperience = input.yearsOfExperience;
  if (input.education !== undefined) {
    set.education = input.education.map((e) => ({
      institution: e.institution.trim(),
      degree: e.degree ?? null,
      fieldOfStudy: e.fieldOfStudy ?? null,
      graduationYear: e.graduationYear ?? null,
    }));
  }
  if (input.certifications !== undefined) {
    set.certifications = input.certifications.map((c) => ({
      name: c.name.trim(),
      issuer: c.issuer ?? null,
      issuedOn: c.issuedOn ?? null,
      url: c.url ?? null,
    }));
  }
  if (input.links !== undefined) set.links = input.links.map((l) => ({ kind: l.kind, url: l.url }));
  if (input.tags !== undefined) set.tags = normalizeTags(input.tags);
  if (input.consentGivenAt !== undefined) set.consentGivenAt = input.consentGivenAt;
  // Consent withdrawn: what it said goes with it (docs/privacy.md, "Consent").
  if (input.consentGivenAt === null) {
    set.consentSource = null;
    set.consentPostingId = null;
    set.consentRetainUntil = null;
  }
  if (input.retainUntil !== undefined) set.retainUntil = input.retainUntil;
  if (input.doNotContact != null) set.doNotContact = input.doNotContact;
  return set;
}

@Injectable()
export class CandidatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly candidates: CandidatesRepository,
    private readonly skills: SkillsService,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
    private readonly retention: CandidateRetention,
  ) {}

  /** Pass the transaction's manager when inside one (the embedded engine wedges on a second connection). */
  findByIds(ids: readonly string[], manager?: EntityManager, reach?: Reach): Promise<CandidateEntity[]> {
    return this.candidates.findByIds(ids, manager, reach);
  }

  /** The candidate, share-locked on the caller's transaction so it cannot be erased meanwhile; null when gone. */
  shareLockWithin(manager: EntityManager, id: string): Promise<CandidateEntity | null> {
    return this.candidates.shareLockLive(manager, id);
  }

  /**
   * The candidate, locked for change on the caller's transaction (null when erased): for a use case that goes on to
   * change the candidate's row in the same transaction (an application's start or reopening recomputes
   * `retainUntil`). A share lock there would deadlock: two transactions holding it could each wait for the other to
   * let go before upgrading.
   */
  lockLiveWithin(manager: EntityManager, id: string): Promise<CandidateEntity | null> {
    return this.candidates.lockById(manager, id);
  }

  findSkills(candidateIds: readonly string[]): Promise<CandidateSkillRow[]> {
    return this.candidates.findSkillsByCandidateIds(candidateIds);
  }

  /** `findSkills` of one candidate on the caller's transaction, in the candidate's order. */
  findSkillsWithin(manager: EntityManager, candidateId: string): Promise<CandidateSkillRow[]> {
    return this.candidates.findSkillsByCandidateIds([candidateId], manager);
  }

  /**
   * The candidate with this e-mail (any case), locked for the caller's transaction, which is also the only one to
   * look this e-mail up so until it ends: for a use case that finds or creates the candidate of an e-mail (a board's
   * application), so two of them cannot both create one.
   */
  lockByEmailWithin(manager: EntityManager, email: string): Promise<CandidateEntity | null> {
    return this.candidates.lockByEmail(manager, email);
  }

  /**
   * The filter as the repository runs it: skills resolved through the taxonomy (without adding to it), and e-mail
   * and resume text searched only for callers who see contact details (matching them would reveal them otherwise).
   */
  async toQuery(
    filter: CandidateListFilter | null | undefined,
    reach: Reach,
    searchesContactDetails = true,
  ): Promise<CandidateQuery> {
    const skills = filter?.skills?.length ? await this.skills.lookupNames(filter.skills) : null;
    return {
      reach,
      search: filter?.search,
      searchesContactDetails,
      skillIds: skills?.map((s) => s?.id ?? null) ?? null,
      tags: filter?.tags ? normalizeTags(filter.tags) : null,
      minYearsOfExperience: filter?.minYearsOfExperience,
    };
  }

  /** Newest first; a query with a non-blank `search` goes to `searchPage`. */
  findPage(query: CandidateQuery, page: PageRequest): Promise<CandidateEntity[]> {
    return this.candidates.findPage(query, page);
  }

  /** A full-text search's page, best match first (keyset over rank and id). */
  searchPage(query: CandidateQuery, page: PageRequest): Promise<SearchHit[]> {
    return this.candidates.searchPage(query, page);
  }

  /** The fragments where each candidate matches `search` (see `CandidatesRepository.findSearchHighlights`). */
  findSearchHighlights(
    ids: readonly string[],
    search: string,
    includeResumes: boolean,
  ): Promise<{ id: string; highlights: string[] }[]> {
    return this.candidates.findSearchHighlights(ids, search, includeResumes);
  }

  count(query: CandidateQuery): Promise<number> {
    return this.candidates.count(query);
  }

  async create(input: CreateCandidateCommand): Promise<CandidateEntity> {
    return this.refuseDuplicateEmail(input.email, undefined, () =>
      inTransaction(this.dataSource, (manager) => this.createWithin(manager, input)),
    );
  }

  /** `create` on the caller's transaction (e.g. an inbound application creating its candidate). */
  async createWithin(manager: EntityManager, input: CreateCandidateCommand): Promise<CandidateEntity> {
    await this.assertEmailFree(manager, input.email);
    const candidate = await this.candidates.insert(manager, profileColumns(input));
    await this.writeSkills(manager, candidate.id, input.skills);
    await this.outbox.append(manager, [
      {
        type: EventType.CANDIDATE_CREATED,
        aggregateType: 'candidate',
        aggregateId: candidate.id,
        sequence: candidate.eventSequence,
        data: { candidateId: candidate.id },
      },
    ]);
    await this.audit.record(manager, {
      action: 'createCandidate',
      subjectType: 'candidate',
      subjectIds: [candidate.id],
      changes: diff({}, { fullName: candidate.fullName, email: candidate.email }),
    });
    return candidate;
  }

  async update(input: UpdateCandidateCommand): Promise<CandidateEntity> {
    return this.refuseDuplicateEmail(input.email, input.id, () =>
      inTransaction(this.dataSource, (manager) => this.updateWithin(manager, input)),
    );
  }

  /** `update` on the caller's transaction. */
  async updateWithin(manager: EntityManager, input: UpdateCandidateCommand): Promise<CandidateEntity> {
    const current = await this.candidates.lockById(manager, input.id);
    if (!current) throw DomainError.notFound('Candidate', ['id']);
    if (input.expectedVersion != null && input.expectedVersion !== current.version) {
      throw DomainError.staleVersion('The candidate', current.version);
    }
    if (input.email !== undefined) await this.assertEmailFree(manager, input.email, current.id);
    const set = profileColumns(input);
    const changes = diff(current, set);
    const changed = Object.keys(changes);
    if (input.skills !== undefined) {
      await this.writeSkills(manager, current.id, input.skills);
      changed.push('skills');
    }
    // Nothing to change: no new version, no event.
    if (changed.length === 0) return current;
    const written = await this.candidates.updateAtVersion(manager, current.id, current.version, set);
    if (!written) throw DomainError.staleVersion('The candidate', current.version);
    await this.outbox.append(manager, [
      {
        type: EventType.CANDIDATE_UPDATED,
        aggregateType: 'candidate',
        aggregateId: current.id,
        sequence: written.eventSequence,
        // Names of changed fields only: the values may be personal data.
        data: { candidateId: current.id, changedFields: changed },
      },
    ]);
    await this.audit.record(manager, {
      action: 'updateCandidate',
      subjectType: 'candidate',
      subjectIds: [current.id],
      changes: {
        ...changes,
        ...(input.skills !== undefined ? { skills: { before: null, after: input.skills } } : {}),
      },
    });
    // A recorded consent withdrawn: the retention deadline it extended follows.
    if (input.consentGivenAt === null && current.consentSource !== null) {
      await this.retention.recomputeWithin(manager, [current.id]);
      const [row] = await this.candidates.findByIds([current.id], manager);
      return row;
    }
    return written;
  }

  async recordConsent(input: RecordConsentCommand): Promise<CandidateEntity> {
    return inTransaction(this.dataSource, (manager) => this.recordConsentWithin(manager, input));
  }

  /**
   * Records the candidate's consent to be kept (replacing an earlier one) on the caller's transaction (a career-page
   * application carries one): a new version, `candidate.updated` naming `consent`, an audit entry, and the
   * retention deadline recomputed with it. Bad input writes nothing.
   */
  async recordConsentWithin(manager: EntityManager, input: RecordConsentCommand): Promise<CandidateEntity> {
    const errors = consentErrors(input, new Date());
    if (errors.length > 0) throw new DomainError(errors);
    const current = await this.candidates.lockById(manager, input.id);
    if (!current) throw DomainError.notFound('Candidate', ['id']);
    if (input.expectedVersion != null && input.expectedVersion !== current.version) {
      throw DomainError.staleVersion('The candidate', current.version);
    }
    const set: Partial<CandidateEntity> = {
      consentGivenAt: input.consentGivenAt,
      consentSource: input.source,
      consentPostingId: input.postingId ?? null,
      consentRetainUntil: input.retainUntil ?? null,
    };
    const written = await this.candidates.updateAtVersion(manager, current.id, current.version, set);
    if (!written) throw DomainError.staleVersion('The candidate', current.version);
    await this.outbox.append(manager, [
      {
        type: EventType.CANDIDATE_UPDATED,
        aggregateType: 'candidate',
        aggregateId: current.id,
        sequence: written.eventSequence,
        data: { candidateId: current.id, changedFields: ['consent'] },
      },
    ]);
    await this.audit.record(manager, {
      action: 'recordCandidateConsent',
      subjectType: 'candidate',
      subjectIds: [current.id],
      changes: diff(
        {
          consentGivenAt: current.consentGivenAt,
          consentSource: current.consentSource,
          consentPostingId: current.consentPostingId,
          consentRetainUntil: current.consentRetainUntil,
        },
        set,
      ),
    });
    const changed = await this.retention.recomputeWithin(manager, [current.id]);
    if (changed.length === 0) return written;
    const [row] = await this.candidates.findByIds([current.id], manager);
    return row;
  }

  /**
   * A resume of the candidate was read (on the caller's transaction, by the resumes module's job): the skills
   * recognised in it that the candidate does not have yet are added, marked RESUME with their evidence line, after
   * the ones they have (which stay as given). The candidate gets a new version and a `candidate.updated` event
   * naming `resumes` (and `skills` when some were added), so what depends on them (search, the match) follows.
   * Returns the ids of the skills added.
   */
  async recordResumeReadWithin(
    manager: EntityManager,
    candidateId: string,
    recognized: { skillId: string; evidence: string }[],
  ): Promise<string[]> {
    const current = await this.candidates.lockById(manager, candidateId);
    if (!current) throw DomainError.notFound('Candidate', ['candidateId']);
    const added = await this.candidates.addResumeSkills(manager, candidateId, recognized);
    const row = await this.candidates.updateAtVersion(manager, current.id, current.version, {});
    if (!row) throw DomainError.staleVersion('The candidate', current.version);
    const changedFields = added.length > 0 ? ['resumes', 'skills'] : ['resumes'];
    await this.outbox.append(manager, [
      {
        type: EventType.CANDIDATE_UPDATED,
        aggregateType: 'candidate',
        aggregateId: current.id,
        sequence: row.eventSequence,
        data: { candidateId: current.id, changedFields },
      },
    ]);
    if (added.length > 0) {
      await this.audit.record(manager, {
        action: 'addSkillsFromResume',
        subjectType: 'candidate',
        subjectIds: [current.id],
        changes: { skills: { before: null, after: added } },
      });
    }
    return added;
  }

  private async assertEmailFree(manager: EntityManager, email: string, exceptId?: string): Promise<void> {
    const existing = await this.candidates.findIdByEmail(manager, normalizeEmail(email), exceptId);
    if (existing) throw this.duplicate(existing.id);
  }

  /** Two creates with one e-mail racing past `assertEmailFree`: the unique index stops the second. */
  private async refuseDuplicateEmail<T>(
    email: string | undefined,
    exceptId: string | undefined,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const violation = violatedConstraint(error);
      if (email && violation?.code === PG_UNIQUE_VIOLATION && violation.constraint === EMAIL_INDEX) {
        const existing = await this.candidates.findIdByEmail(
          this.dataSource.manager,
          normalizeEmail(email),
          exceptId,
        );
        throw this.duplicate(existing?.id);
      }
      throw error;
    }
  }

  private duplicate(existingId: string | undefined): DomainError {
    return DomainError.of(
      UserErrorCode.DUPLICATE_CANDIDATE,
      'A candidate with this e-mail already exists.',
      ['email'],
      existingId ? { type: 'Candidate', id: existingId } : undefined,
    );
  }

  private async writeSkills(
    manager: EntityManager,
    candidateId: string,
    skills: CandidateSkillClaim[],
  ): Promise<void> {
    const resolved = await this.skills.resolveDistinctNames(
      manager,
      skills.map((s) => s.name),
      ['skills'],
    );
    await this.candidates.replaceSkills(
      manager,
      candidateId,
      skills.map((s, i) => ({ skillId: resolved[i].id, years: s.years ?? null })),
    );
  }
}
