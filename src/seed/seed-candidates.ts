import { DemoCandidate } from './demo-data';
import { progress, SeedLog, SeedServices, SeedTally } from './seed-context';

/** Creates the planned candidates whose e-mail is not taken yet; returns every planned one's id by e-mail. */
export async function seedCandidates(
  services: SeedServices,
  plans: DemoCandidate[],
  log: SeedLog,
): Promise<{ ids: Map<string, string>; tally: SeedTally }> {
  const ids = new Map<string, string>();
  const tally: SeedTally = { total: plans.length, created: 0, existing: 0 };
  const existing = await services.demoData.findCandidateIdsByEmails(plans.map((p) => p.input.email));
  const report = progress(log, 'candidates', plans.length, 10);
  for (const [index, plan] of plans.entries()) {
    const key = plan.input.email.toLowerCase();
    let id = existing.get(key);
    if (id) {
      tally.existing++;
    } else {
      const candidate = await services.candidates.create(plan.input);
      id = candidate.id;
      await services.demoData.backdateCandidate(id, plan.createdAt, candidate.eventSequence);
      tally.created++;
    }
    ids.set(key, id);
    report(index + 1);
  }
  return { ids, tally };
}
