import { scoreMatch } from '../matching/match.rules';
import { buildDemoPlan } from './demo-data';
import { planTalentPool, TALENT_POOL_EMAIL_DOMAIN } from './demo-talent-pool';

describe('planTalentPool', () => {
  const plan = buildDemoPlan(new Date('2026-06-01T12:00:00Z'));
  const mid = plan.requisitions.find((r) => r.key === 'mid')!;
  // Each skill its own category: no partial credit, so the levels are the ones the profiles are built for.
  const skillOf = (name: string) => ({ id: name, name, category: `C-${name}` });
  const requirements = mid.input.skills.map((s) => ({
    skill: skillOf(s.name),
    importance: s.importance,
    minYears: s.minYears ?? null,
  }));

  it.each(planTalentPool(mid).map((p) => [p.expectedLevel, p] as const))(
    'the %s person matches at that level',
    (level, person) => {
      const skills = person.input.skills.map((s) => ({
        skill: skillOf(s.name),
        years: s.years ?? null,
        evidence: [],
      }));
      expect(scoreMatch(requirements, skills).level).toBe(level);
      expect(person.input.email.endsWith(`@${TALENT_POOL_EMAIL_DOMAIN}`)).toBe(true);
    },
  );

  it('is nobody the demo plan makes apply', () => {
    const emails = new Set(plan.candidates.map((c) => c.input.email.toLowerCase()));
    for (const person of planTalentPool(mid))
      expect(emails.has(person.input.email.toLowerCase())).toBe(false);
  });
});
