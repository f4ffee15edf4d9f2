import { Injectable } from '@nestjs/common';
import { EvidenceKind, MatchSkill } from './match.rules';

/** A skill a source saw for a candidate, with the years it gives (null: unknown). */
export interface EvidenceSkill {
  skill: MatchSkill;
  years: number | null;
}

/**
 * A place skills of candidates are seen: the profile (what the candidate gave), resumes (skills recognised in their
 * text), scorecards (interviewers' skill ratings). A source is one SELECT, without parameters, of rows
 * `(candidate_id uuid, skill_id uuid, years numeric)` (years NULL when unknown; a skill may come on several rows,
 * the most years count). The same text feeds both the explained match (`MatchingRepository.findEvidence`, filtered
 * by candidate) and the suggestions' ranking statement (`suggestedPageQuery`), so the two cannot disagree on what
 * a source says.
 */
export interface MatchEvidenceSource {
  kind: EvidenceKind;
  sql: string;
  /**
   * Whether every skill the source can show for a candidate is in their `candidate_skill_set` row (kept by the
   * database: skill entries and resumes). The suggestions find the candidates of such sources through that set's
   * index; the others' candidates are read from the source itself (cut to the requisition's skills) on every page.
   */
  inSkillSet?: boolean;
}

/**
 * The port through which evidence reaches the match. Matching registers the PROFILE and RESUME sources itself (it
 * sits above candidates and resumes); a module above matching that records skills elsewhere (evaluation's
 * scorecards) registers its source at start-up, and a change to that evidence is announced by an event the
 * `matching.refresh` follow-up reads (see `REFRESH_ON` in matching.service.ts). Sources are read in registration
 * order; a kind registers once.
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

/** PROFILE: the entries the candidate (or a recruiter for them) gave, with their years. */
export const PROFILE_EVIDENCE_SQL = `SELECT cs.candidate_id, cs.skill_id, cs.years FROM candidate_skill cs WHERE cs.source = 'PROFILE'`;

/**
 * RESUME: every skill recognised in one of the candidate's parsed resumes (`resume_skill`, years unknown), and the
 * candidate's skill entries that came from a resume (`candidate_skill.source = 'RESUME'`, with any years a recruiter
 * set on them since).
 */
export const RESUME_EVIDENCE_SQL = `SELECT cs.candidate_id, cs.skill_id, cs.years FROM candidate_skill cs WHERE cs.source = 'RESUME'
       UNION ALL
       SELECT r.candidate_id, rs.skill_id, NULL::numeric FROM resume r JOIN resume_skill rs ON rs.resume_id = r.id
       WHERE r.status = 'PARSED'`;

/**
 * All sources as one relation `(candidate_id, skill_id, years)`, for the suggestions' statement. With
 * `skillIdsSql` (a SELECT of skill ids), each source is cut to those skills on its own, so every source is planned
 * with its own indexes (one source the planner cannot filter by skill, an aggregate, would otherwise make the
 * whole union a full scan); with `candidateIdsSql` as well, to those candidates.
 */
export function evidenceUnionSql(
  sources: readonly MatchEvidenceSource[],
  skillIdsSql?: string,
  candidateIdsSql?: string,
): string {
  if (sources.length === 0) {
    return 'SELECT NULL::uuid AS candidate_id, NULL::uuid AS skill_id, NULL::numeric AS years WHERE false';
  }
  const conditions = [
    ...(skillIdsSql ? [`e.skill_id IN (${skillIdsSql})`] : []),
    ...(candidateIdsSql ? [`e.candidate_id IN (${candidateIdsSql})`] : []),
  ];
  const filter = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  return sources
    .map((s) => `SELECT e.candidate_id, e.skill_id, e.years::numeric AS years FROM (${s.sql}) e${filter}`)
    .join('\n UNION ALL ');
}
