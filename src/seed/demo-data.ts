import {
  Archetype,
  CandidateDraft,
  DAY_MS,
  DemoApplication,
  DemoCandidate,
  DemoPlan,
  RequisitionKey,
} from './demo-plan';
import { planCandidates } from './demo-candidates';
import { drawIntent, JourneyIntent, planSource, planSteps, targetsOf } from './demo-journeys';
import { planRequisitions } from './demo-requisitions';
import { SeededRandom } from './random';

/*
 * The demo data set, drawn from the article on machine-learning engineer jobs that DESIGN.md's domain comes from:
 * three ML requisitions and about sixty candidates moving through their pipelines. Everything here is a pure function of
 * a fixed seed and "now", so every run plans exactly the same data; seed-demo-data.ts writes it.
 */

export * from './demo-plan';

const PRNG_SEED = 0x5eed_ae01;
/** The whole demo data set for a given "now". Same `now`, same plan: nothing here reads the clock or the database. */
export function buildDemoPlan(now: Date): DemoPlan {
  const rng = new SeededRandom(PRNG_SEED);
  const requisitions = planRequisitions(now);
  const byKey = new Map(requisitions.map((r) => [r.key, r]));
  const drafts = planCandidates(rng, now);

  const planned = drafts.flatMap((draft) =>
    targetsOf(rng, draft).map((key) => ({
      draft,
      requisition: byKey.get(key)!,
      source: planSource(rng, draft.archetype),
      intent: drawIntent(rng, byKey.get(key)!),
    })),
  );
  // A demo pipeline should show its far end too: one hire on the mid-level role (headcount 2, so it stays open)
  // and one senior candidate holding an offer.
  const forceFirst = (key: RequisitionKey, archetype: Archetype, intent: Omit<JourneyIntent, 'forced'>) => {
    const single = (draft: CandidateDraft) => planned.filter((p) => p.draft === draft).length === 1;
    const chosen = planned.find(
      (p) => p.requisition.key === key && p.draft.archetype === archetype && single(p.draft),
    );
    if (!chosen) throw new Error(`no ${archetype} applies only to the ${key} requisition`);
    chosen.intent = { ...intent, forced: true };
  };
  forceFirst('mid', 'ML_ENGINEER', { outcome: 'HIRED', stageIndex: 0, daysAgo: 53 });
  const senior = byKey.get('senior')!;
  forceFirst('senior', 'RECSYS_ENGINEER', {
    outcome: 'ACTIVE',
    stageIndex: senior.stageNames.indexOf('Offer'),
    daysAgo: 47,
  });

  const applications: DemoApplication[] = planned.map((p) => ({
    candidateEmail: p.draft.input.email,
    requisition: p.requisition.key,
    source: p.source,
    steps: planSteps(rng, now, p.requisition, p.intent),
  }));
  applications.sort((a, b) => a.steps[0].at.getTime() - b.steps[0].at.getTime());

  const firstAppliedAt = new Map<string, Date>();
  for (const application of applications) {
    if (!firstAppliedAt.has(application.candidateEmail))
      firstAppliedAt.set(application.candidateEmail, application.steps[0].at);
  }
  const candidates = drafts
    .map((draft): DemoCandidate => {
      // The profile is entered a few minutes before the first application is filed.
      const createdAt = new Date(firstAppliedAt.get(draft.input.email)!.getTime() - rng.int(2, 20) * 60_000);
      const retainUntil = new Date(createdAt.getTime() + 2 * 365 * DAY_MS);
      return {
        archetype: draft.archetype,
        createdAt,
        input: { ...draft.input, consentGivenAt: createdAt, retainUntil },
      };
    })
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());

  return { requisitions, candidates, applications };
}
