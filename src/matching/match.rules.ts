/**
 * The explainable skill match: pure rules, no Nest, no I/O. docs/matching.md writes the formula out with worked
 * examples; `match.rules.spec.ts` pins it table by table, with its monotonicity.
 *
 *   weight(requirement) = 3 if REQUIRED, 1 if PREFERRED
 *   depth(years, minYears) = 1 if minYears is absent or 0; else min(years ?? 0, minYears) / minYears
 *   credit = 0.5 + 0.5 × depth                          the candidate has the skill itself
 *          = 0.4 × (0.5 + 0.5 × depth of the related)   only a related skill of the same category (never OTHER)
 *          = 0                                           neither
 *   contribution = 100 × weight × credit / Σ weight     (points of the score, one decimal)
 *   score = round(Σ contribution), 0…100
 *   met = the candidate has the skill itself with at least minYears (a related skill is never `met`)
 *   level = STRONG ≥ 80, GOOD ≥ 60, PARTIAL ≥ 35, WEAK below; capped at PARTIAL when a required skill is absent
 *           (related credit does not lift the cap) and at GOOD when one is held with fewer than minYears.
 */

export const REQUIRED_WEIGHT = 3;
export const PREFERRED_WEIGHT = 1;
/** Share of a requirement's credit a related skill (same taxonomy category) earns. */
export const RELATED_FACTOR = 0.4;
/** Share of a requirement's credit the skill earns with no years at all; the other half comes with the years. */
export const BASE_CREDIT = 0.5;
/**
 * Decimals the score's sum is rounded to before it is rounded to a whole score, in the rules and in the
 * suggestions' SQL alike: both compute the sum inexactly (binary floats; numeric divisions cut at their scale), a
 * few units in the 15th to 20th decimal either way, which would otherwise tip an exact half (77.5) down to 77.
 */
export const SCORE_SNAP_DECIMALS = 6;

export enum MatchLevel {
  STRONG = 'STRONG',
  GOOD = 'GOOD',
  PARTIAL = 'PARTIAL',
  WEAK = 'WEAK',
}

/** Where a skill of the candidate was seen. */
export enum EvidenceKind {
  PROFILE = 'PROFILE',
  RESUME = 'RESUME',
  SCORECARD = 'SCORECARD',
}

export type Importance = 'REQUIRED' | 'PREFERRED';

export const LEVEL_FLOORS: readonly [MatchLevel, number][] = [
  [MatchLevel.STRONG, 80],
  [MatchLevel.GOOD, 60],
  [MatchLevel.PARTIAL, 35],
  [MatchLevel.WEAK, 0],
];

const LEVEL_ORDER = [MatchLevel.WEAK, MatchLevel.PARTIAL, MatchLevel.GOOD, MatchLevel.STRONG];

/** The category no relation is drawn in: a grab bag, not a family of interchangeable skills. */
export const UNRELATED_CATEGORY = 'OTHER';

export interface MatchSkill {
  id: string;
  name: string;
  category: string;
}

export interface MatchRequirement {
  skill: MatchSkill;
  importance: Importance;
  minYears: number | null;
}

/** One skill of the candidate, its years (the most any source gives) and every source that shows it. */
export interface CandidateSkillEvidence {
  skill: MatchSkill;
  years: number | null;
  evidence: EvidenceKind[];
}

export interface MatchItem {
  skillId: string;
  skillName: string;
  importance: Importance;
  minYears: number | null;
  /** The candidate's years with the skill itself (null: held, years unknown, or not held). */
  candidateYears: number | null;
  /** Where the skill itself (or, for partial credit, the related one) was seen. */
  evidence: EvidenceKind[];
  met: boolean;
  /** Points of the score this requirement gives (one decimal). */
  contribution: number;
  /** A skill of the same category that earned partial credit in place of a skill the candidate lacks. */
  related: { skillId: string; skillName: string; years: number | null } | null;
}

export interface MatchResult {
  score: number;
  level: MatchLevel;
  required: MatchItem[];
  preferred: MatchItem[];
  /** Required skills not met (absent, or held with fewer than minYears). */
  missingRequired: { skillId: string; skillName: string }[];
  explanation: string;
}

export function weightOf(importance: Importance): number {
  return importance === 'REQUIRED' ? REQUIRED_WEIGHT : PREFERRED_WEIGHT;
}

/** Years count up to minYears and no further; unknown years count as none. */
export function depthOf(years: number | null, minYears: number | null): number {
  if (minYears == null || minYears <= 0) return 1;
  return Math.min(Math.max(years ?? 0, 0), minYears) / minYears;
}

export function levelOf(score: number): MatchLevel {
  return LEVEL_FLOORS.find(([, floor]) => score >= floor)![0];
}

function lower(a: MatchLevel, b: MatchLevel): MatchLevel {
  return LEVEL_ORDER.indexOf(a) <= LEVEL_ORDER.indexOf(b) ? a : b;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** The candidate's best related skill for a requirement: same category (never OTHER), most credit, then name. */
function bestRelated(
  requirement: MatchRequirement,
  skills: readonly CandidateSkillEvidence[],
): CandidateSkillEvidence | null {
  if (requirement.skill.category === UNRELATED_CATEGORY) return null;
  let best: CandidateSkillEvidence | null = null;
  for (const s of skills) {
    if (s.skill.id === requirement.skill.id || s.skill.category !== requirement.skill.category) continue;
    const credit = depthOf(s.years, requirement.minYears);
    const bestCredit = best ? depthOf(best.years, requirement.minYears) : -1;
    if (credit > bestCredit || (credit === bestCredit && best && s.skill.name < best.skill.name)) best = s;
  }
  return best;
}

/** Scores one candidate against one requisition's requirements. */
export function scoreMatch(
  requirements: readonly MatchRequirement[],
  skills: readonly CandidateSkillEvidence[],
): MatchResult {
  const totalWeight = requirements.reduce((sum, r) => sum + weightOf(r.importance), 0);
  const bySkill = new Map(skills.map((s) => [s.skill.id, s]));
  let cap = MatchLevel.STRONG;
  let raw = 0;
  const items = requirements.map((requirement): MatchItem => {
    const own = bySkill.get(requirement.skill.id);
    const related = own ? null : bestRelated(requirement, skills);
    const credit = own
      ? BASE_CREDIT + (1 - BASE_CREDIT) * depthOf(own.years, requirement.minYears)
      : related
        ? RELATED_FACTOR * (BASE_CREDIT + (1 - BASE_CREDIT) * depthOf(related.years, requirement.minYears))
        : 0;
    const met = own !== undefined && depthOf(own.years, requirement.minYears) >= 1;
    if (requirement.importance === 'REQUIRED' && !met) {
      cap = lower(cap, own ? MatchLevel.GOOD : MatchLevel.PARTIAL);
    }
    const points = totalWeight === 0 ? 0 : (100 * weightOf(requirement.importance) * credit) / totalWeight;
    raw += points;
    return {
      skillId: requirement.skill.id,
      skillName: requirement.skill.name,
      importance: requirement.importance,
      minYears: requirement.minYears,
      candidateYears: own?.years ?? null,
      evidence: own ? sortEvidence(own.evidence) : related ? sortEvidence(related.evidence) : [],
      met,
      contribution: round1(points),
      related: related
        ? { skillId: related.skill.id, skillName: related.skill.name, years: related.years }
        : null,
    };
  });
  // The exact sum rounded half up: snapped to SCORE_SNAP_DECIMALS first, which removes the binary floating-point
  // noise that turns 77.5 into 77.49999…; the suggestions' SQL snaps its numeric sum the same way (numeric division
  // is exact only to its scale, so 1 of 3 years gives 77.4999…9 there), so explained and ranked scores agree.
  const snap = 10 ** SCORE_SNAP_DECIMALS;
  const score = Math.min(100, Math.max(0, Math.round(Math.round(raw * snap) / snap)));
  const level = lower(levelOf(score), cap);
  const required = items.filter((i) => i.importance === 'REQUIRED');
  const preferred = items.filter((i) => i.importance === 'PREFERRED');
  const missingRequired = required
    .filter((i) => !i.met)
    .map((i) => ({ skillId: i.skillId, skillName: i.skillName }));
  return {
    score,
    level,
    required,
    preferred,
    missingRequired,
    explanation: explain(score, level, levelOf(score), required, preferred),
  };
}

const EVIDENCE_ORDER = [EvidenceKind.PROFILE, EvidenceKind.RESUME, EvidenceKind.SCORECARD];

function sortEvidence(evidence: readonly EvidenceKind[]): EvidenceKind[] {
  return EVIDENCE_ORDER.filter((e) => evidence.includes(e));
}

function list(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** One readable sentence: what the score is made of and why the level is what it is. */
export function explain(
  score: number,
  level: MatchLevel,
  uncappedLevel: MatchLevel,
  required: readonly MatchItem[],
  preferred: readonly MatchItem[],
): string {
  if (required.length === 0 && preferred.length === 0) {
    return 'Score 0 (WEAK): the requisition lists no skills to match against.';
  }
  const parts: string[] = [];
  if (required.length > 0) {
    parts.push(`meets ${required.filter((i) => i.met).length} of ${required.length} required skills`);
  }
  if (preferred.length > 0) {
    parts.push(`${preferred.filter((i) => i.met).length} of ${preferred.length} preferred`);
  }
  const absent = required.filter((i) => !i.met && !hasOwn(i));
  const short = required.filter((i) => !i.met && hasOwn(i));
  if (absent.length > 0) parts.push(`lacks ${list(absent.map((i) => i.skillName))}`);
  if (short.length > 0) {
    parts.push(
      `has fewer years than asked in ${list(short.map((i) => `${i.skillName} (${i.candidateYears ?? 0} of ${i.minYears})`))}`,
    );
  }
  const partial = [...required, ...preferred].filter((i) => i.related);
  if (partial.length > 0) {
    parts.push(
      `partial credit for ${list(partial.map((i) => `${i.related!.skillName} in place of ${i.skillName}`))} (same category)`,
    );
  }
  const capped = level !== uncappedLevel ? `, capped at ${level} by a required skill not met` : '';
  return `Score ${score} (${level}${capped}): ${parts.join('; ')}.`;
}

/** Whether an item's own skill is held (evidence of its own, not of a related skill). */
function hasOwn(item: MatchItem): boolean {
  return item.related === null && item.evidence.length > 0;
}

/** Merges per-source skill lists into one entry per skill: the most years any source gives, every source. */
export function mergeEvidence(
  sources: readonly { kind: EvidenceKind; skills: readonly { skill: MatchSkill; years: number | null }[] }[],
): CandidateSkillEvidence[] {
  const merged = new Map<string, CandidateSkillEvidence>();
  for (const source of sources) {
    for (const { skill, years } of source.skills) {
      const entry = merged.get(skill.id) ?? { skill, years: null, evidence: [] };
      if (years != null && (entry.years == null || years > entry.years)) entry.years = years;
      if (!entry.evidence.includes(source.kind)) entry.evidence.push(source.kind);
      merged.set(skill.id, entry);
    }
  }
  return [...merged.values()].map((e) => ({ ...e, evidence: sortEvidence(e.evidence) }));
}
