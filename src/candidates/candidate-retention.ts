import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Environment } from '../config/environment';
import { CandidatesRepository } from './candidates.repository';
import { RetentionFacts, retentionDeadline, RetentionPolicy } from './retention.rules';

/** What a candidate's applications say about retention (the pipeline module reads it). */
export type ApplicationRetentionFacts = Pick<RetentionFacts, 'endedAt' | 'active' | 'hired'>;

/** Reads the application facts of many candidates on the caller's transaction; a candidate without any is absent. */
export type ApplicationRetentionSource = (
  manager: EntityManager,
  candidateIds: readonly string[],
) => Promise<Map<string, ApplicationRetentionFacts>>;

const NO_APPLICATIONS: ApplicationRetentionFacts = { endedAt: [], active: false, hired: false };

/**
 * Keeps candidates' `retainUntil` in step with their applications and consent (`retentionDeadline`), in the
 * transaction of the change that moves it. Applications belong to the pipeline module, above this one: it
 * registers how to read them here at start-up (a port), and calls `recomputeWithin` after each status change,
 * new application, and requisition closing or reopening.
 */
@Injectable()
export class CandidateRetention {
  private source: ApplicationRetentionSource | null = null;

  constructor(
    private readonly candidates: CandidatesRepository,
    private readonly env: Environment,
  ) {}

  registerApplicationSource(source: ApplicationRetentionSource): void {
    this.source = source;
  }

  get policy(): RetentionPolicy {
    return {
      retentionDays: this.env.CANDIDATE_RETENTION_DAYS,
      consentRetentionDays: this.env.CANDIDATE_CONSENT_RETENTION_DAYS,
    };
  }

  /**
   * Locks the candidates (in id order, so two recomputations never deadlock each other), reads their applications
   * and writes each one's deadline where it changed: a new version (a client's `expectedVersion` notices), no event
   * of its own (the change that caused it has one). Returns the candidates whose deadline changed.
   */
  async recomputeWithin(manager: EntityManager, candidateIds: readonly string[]): Promise<string[]> {
    const ids = [...new Set(candidateIds)].sort();
    if (ids.length === 0) return [];
    const rows = await this.candidates.lockRetentionFacts(manager, ids);
    const facts = this.source
      ? await this.source(manager, ids)
      : new Map<string, ApplicationRetentionFacts>();
    const changes = rows.flatMap((row) => {
      const retainUntil = retentionDeadline(
        { ...row, ...(facts.get(row.id) ?? NO_APPLICATIONS) },
        this.policy,
      );
      return (retainUntil?.getTime() ?? null) === (row.retainUntil?.getTime() ?? null)
        ? []
        : [{ id: row.id, retainUntil }];
    });
    await this.candidates.setRetainUntil(manager, changes);
    return changes.map((change) => change.id);
  }
}
