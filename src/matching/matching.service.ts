import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../common/database/transaction';
import { PageRequest } from '../common/graphql/keyset';
import { EventType } from '../events/event-types';
import { Reach } from '../identity/access.rules';
import { decodeGlobalId } from '../common/graphql/global-id';
import { EvidenceSkill, MatchEvidenceSources } from './match-evidence';
import { EvidenceKind, MatchResult, mergeEvidence, scoreMatch } from './match.rules';
import { MatchingRepository, MatchTarget, SuggestedRow } from './matching.repository';

/**
 * The events after which stored matches are refreshed, and whose matches: the aggregate's (an application's own,
 * a candidate's applications, a requisition's applications). A resume read is a `candidate.updated`; a submitted
 * scorecard changes its candidate's SCORECARD evidence, so it refreshes every application of the candidate of the
 * application it names (`data.applicationId`).
 */
export const REFRESH_ON: ReadonlySet<EventType> = new Set<EventType>([
  EventType.APPLICATION_CREATED,
  EventType.CANDIDATE_UPDATED,
  EventType.REQUISITION_UPDATED,
  EventType.SCORECARD_SUBMITTED,
]);

/** The application a `scorecard.submitted` event names (its data carries API ids). */
function applicationOf(data: Record<string, unknown> | null): string | null {
  const decoded = typeof data?.applicationId === 'string' ? decodeGlobalId(data.applicationId) : null;
  return decoded?.type === 'Application' ? decoded.id : null;
}

/** Refreshes of stored matches take this advisory lock, so an older refresh never overwrites a newer one. */
const REFRESH_LOCK = 0x6d61_7463; // "matc"

export interface ComputedMatch extends MatchTarget {
  result: MatchResult;
  inputsHash: string;
}

export interface SuggestedCandidate extends SuggestedRow {
  match: MatchResult;
}

/** Use cases of the skill match: computing, storing and reading matches, and suggesting candidates. */
@Injectable()
export class MatchingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: MatchingRepository,
    private readonly sources: MatchEvidenceSources,
  ) {}

  /** `matching.refresh`: recomputes the stored matches the events concern, in one transaction. */
  async refreshForEvents(eventIds: readonly string[]): Promise<number> {
    return inTransaction(this.dataSource, async (manager) => {
      const events = (await this.repository.findEvents(manager, eventIds)).filter((e) =>
        REFRESH_ON.has(e.type as EventType),
      );
      if (events.length === 0) return 0;
      const ofType = (type: string) =>
        events.filter((e) => e.aggregateType === type).map((e) => e.aggregateId);
      await manager.query('SELECT pg_advisory_xact_lock($1)', [REFRESH_LOCK]);
      const scored = events
        .filter((e) => (e.type as EventType) === EventType.SCORECARD_SUBMITTED)
        .map((e) => applicationOf(e.data))
        .filter((id): id is string => id !== null);
      const targets = await this.repository.findTargets(manager, {
        applications: ofType('application'),
        candidates: ofType('candidate'),
        requisitions: ofType('requisition'),
        candidatesOfApplications: scored,
      });
      return this.refresh(manager, targets);
    });
  }

  /** Recomputes the stored matches of every application of these requisitions; returns how many are at each level. */
  async refreshRequisitions(requisitionIds: readonly string[]): Promise<Record<string, number>> {
    return inTransaction(this.dataSource, async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [REFRESH_LOCK]);
      const targets = await this.repository.findTargets(manager, {
        applications: [],
        candidates: [],
        requisitions: requisitionIds,
        candidatesOfApplications: [],
      });
      await this.refresh(manager, targets);
      return this.repository.countLevels(manager, requisitionIds);
    });
  }

  /**
   * `matching.backfill`: stores a match for every application that has none (made before stored scores existed,
   * or whose row went missing), `batchSize` at a time, each batch in its own transaction under the refresh lock.
   * Idempotent: a second run finds nothing to do. Returns how many it stored.
   */
  async backfill(batchSize = 200): Promise<number> {
    let stored = 0;
    let after: string | null = null;
    for (;;) {
      const { count, last } = await inTransaction(this.dataSource, async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock($1)', [REFRESH_LOCK]);
        const targets = await this.repository.findTargetsWithoutMatch(manager, after, batchSize);
        return {
          count: targets.length === 0 ? 0 : await this.refresh(manager, targets),
          last: targets.length === batchSize ? targets[targets.length - 1].applicationId : null,
        };
      });
      stored += count;
      if (last === null) return stored;
      after = last;
    }
  }

  /** Whether some application has no stored match (then the worker's start enqueues `matching.backfill`). */
  async backfillNeeded(): Promise<boolean> {
    return this.repository.anyApplicationWithoutMatch();
  }

  /** Recomputes and stores the matches of these applications; unchanged inputs write nothing. Returns how many changed. */
  async refresh(manager: EntityManager, targets: readonly MatchTarget[]): Promise<number> {
    if (targets.length === 0) return 0;
    const computed = await this.compute(manager, targets);
    const stored = await this.repository.findStoredHashes(
      manager,
      targets.map((t) => t.applicationId),
    );
    const changed = computed.filter((m) => stored.get(m.applicationId) !== m.inputsHash);
    await this.repository.upsertMatches(
      manager,
      changed.map((m) => ({ ...m, score: m.result.score, level: m.result.level })),
    );
    return changed.length;
  }

  /** Computes matches from the current requirements and evidence (batched: a statement per source, not per row). */
  async compute(manager: EntityManager, targets: readonly MatchTarget[]): Promise<ComputedMatch[]> {
    const requisitionIds = [...new Set(targets.map((t) => t.requisitionId))];
    const candidateIds = [...new Set(targets.map((t) => t.candidateId))];
    const requirements = await this.repository.findRequirements(manager, requisitionIds);
    const evidence = await this.evidenceOf(manager, candidateIds);
    return targets.map((target) => {
      const reqs = requirements.get(target.requisitionId) ?? [];
      const skills = evidence(target.candidateId);
      return {
        ...target,
        result: scoreMatch(reqs, skills),
        inputsHash: createHash('sha256')
          .update(JSON.stringify([reqs, skills]))
          .digest('hex'),
      };
    });
  }

  /**
   * The stored match of each application (what ranking ordered by); one not stored yet — its refresh has not run —
   * is computed from the current inputs.
   */
  async matchesOf(applicationIds: readonly string[]): Promise<Map<string, MatchResult>> {
    const stored = await this.repository.findStoredMatches(applicationIds);
    const byId = new Map(stored.map((m) => [m.applicationId, m.result]));
    const missing = applicationIds.filter((id) => !byId.has(id));
    if (missing.length > 0) {
      const targets = await this.repository.findTargetsByApplicationIds(missing);
      for (const m of await this.compute(this.dataSource.manager, targets))
        byId.set(m.applicationId, m.result);
    }
    return byId;
  }

  /** A page of candidates to suggest for the requisition, each with its match explained. */
  async suggestions(
    requisitionId: string,
    page: PageRequest,
    reach: Reach,
    options: { pools?: boolean } = {},
  ): Promise<SuggestedCandidate[]> {
    const rows = await this.repository.findSuggestedPage(
      requisitionId,
      page,
      reach,
      this.sources.all(),
      options,
    );
    if (rows.length === 0) return [];
    const manager = this.dataSource.manager;
    const requirements =
      (await this.repository.findRequirements(manager, [requisitionId])).get(requisitionId) ?? [];
    const evidence = await this.evidenceOf(
      manager,
      rows.map((r) => r.candidate.id),
    );
    return rows.map((row) => ({ ...row, match: scoreMatch(requirements, evidence(row.candidate.id)) }));
  }

  private async evidenceOf(manager: EntityManager, candidateIds: readonly string[]) {
    // One statement per source, one after the other: inside a transaction they share its connection.
    const perSource: { kind: EvidenceKind; skills: Map<string, EvidenceSkill[]> }[] = [];
    for (const source of this.sources.all()) {
      perSource.push({
        kind: source.kind,
        skills: await this.repository.findEvidence(manager, source.sql, candidateIds),
      });
    }
    return (candidateId: string) =>
      mergeEvidence(perSource.map((s) => ({ kind: s.kind, skills: s.skills.get(candidateId) ?? [] })));
  }

  /** The candidate's stored matches, for their data export (docs/privacy.md), on the caller's transaction. */
  findForCandidateExport(manager: EntityManager, candidateId: string) {
    return this.repository.findForCandidateExport(manager, candidateId);
  }
}
