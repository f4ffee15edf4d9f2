import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EvidenceKind, MatchSkill } from './match.rules';

/** A skill a source saw for a candidate, with the years it gives (null: unknown). */
export interface EvidenceSkill {
  skill: MatchSkill;
  years: number | null;
}

/**
 * A place skills of candidates are seen: the profile (candidates), resumes (skills recognised in their text),
 * scorecards (interviewers' skill ratings). Each reads many candidates in one statement.
 */
export interface MatchEvidenceSource {
  kind: EvidenceKind;
  skillsOf(manager: EntityManager, candidateIds: readonly string[]): Promise<Map<string, EvidenceSkill[]>>;
}

/**
 * The port through which evidence reaches the match. Matching registers the profile source itself; a module that
 * records skills elsewhere (resumes' recognised skills, evaluation's scorecards) registers its source at start-up,
 * and a change to that evidence is announced by an event the `matching.refresh` follow-up reads (see
 * `REFRESH_ON` in match-refresh.job.ts). Sources are read in registration order; a kind registers once.
 */
@Injectable()
export class MatchEvidenceSources {
  private readonly sources: MatchEvidenceSource[] = [];

  register(source: MatchEvidenceSource): void {
    if (this.sources.some((s) => s.kind === source.kind)) {
      throw new Error(`A ${source.kind} evidence source is already registered.`);
    }
    this.sources.push(source);
  }

  all(): readonly MatchEvidenceSource[] {
    return this.sources;
  }
}
