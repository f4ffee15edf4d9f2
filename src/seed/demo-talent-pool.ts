import { CreateCandidateCommand } from '../candidates/candidate.commands';
import { SkillImportance } from '../requisitions/requisition.enums';
import { DemoRequisition } from './demo-plan';

/** Where the talent pool's people come from: not the demo applicants' domain, so they never apply in the demo. */
export const TALENT_POOL_EMAIL_DOMAIN = 'talent-pool.example.net';

/** A sourced person for rediscovery, and the level their match with the requisition is built to reach. */
export interface TalentPoolPlan {
  expectedLevel: 'STRONG' | 'GOOD' | 'PARTIAL' | 'WEAK';
  input: CreateCandidateCommand;
}

/**
 * People who have not applied to the requisition, built from its requirements so that their matches span the
 * levels (docs/matching.md): every skill with the years asked (STRONG); every skill, but half the years asked in
 * the first required skill that names some (GOOD: held with too few years caps there); everything but the first
 * required skill (PARTIAL: the cap of a missing required skill); two preferred skills only (WEAK). They show up in `Requisition.suggestedCandidates`. Pure: the same requisition gives the same people.
 */
export function planTalentPool(requisition: DemoRequisition): TalentPoolPlan[] {
  const skills = requisition.input.skills;
  const required = skills.filter((s) => s.importance === SkillImportance.REQUIRED);
  const preferred = skills.filter((s) => s.importance === SkillImportance.PREFERRED);
  const short = required.find((s) => (s.minYears ?? 0) > 0);
  const claim = (list: typeof skills, shortOf?: (typeof skills)[number]) =>
    list.map((s) => ({
      name: s.name,
      years: s === shortOf ? (s.minYears ?? 0) / 2 : Math.max(s.minYears ?? 0, 4),
    }));
  const person = (
    expectedLevel: TalentPoolPlan['expectedLevel'],
    fullName: string,
    headline: string,
    list: typeof skills,
    shortOf?: (typeof skills)[number],
  ): TalentPoolPlan => ({
    expectedLevel,
    input: {
      fullName,
      email: `${fullName.toLowerCase().replace(/[^a-z]+/g, '.')}@${TALENT_POOL_EMAIL_DOMAIN}`,
      headline,
      skills: claim(list, shortOf),
      education: [],
      certifications: [],
      links: [],
      tags: ['talent-pool'],
    },
  });
  return [
    person('STRONG', 'Noor Haddad', 'Silver medallist of a past ML search', [...required, ...preferred]),
    short
      ? person('GOOD', 'Tomasz Wiśniewski', 'Sourced at a meetup', [...required, ...preferred], short)
      : person('GOOD', 'Tomasz Wiśniewski', 'Sourced at a meetup', required),
    person('PARTIAL', 'Aiko Tanaka', 'Past applicant', [...required.slice(1), ...preferred]),
    person('WEAK', 'Diego Fernández', 'Referral', preferred.slice(-2)),
  ];
}
