import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CandidatesService } from '../candidates/candidates.service';
import { MatchingService } from '../matching/matching.service';
import { ApplicationsService } from '../pipeline/applications.service';
import { PipelineStagesService } from '../pipeline/pipeline-stages.service';
import { RequisitionsService } from '../requisitions/requisitions.service';
import { buildDemoPlan, RequisitionKey } from './demo-data';
import { DemoDataRepository } from './demo-data.repository';
import { ApplicationTally, seedApplications } from './seed-applications';
import { seedCandidates } from './seed-candidates';
import { SeedLog, SeedServices, SeedTally } from './seed-context';
import { seedDemoNotes } from './seed-demo-notes';
import { seedDemoUsers } from './seed-demo-users';
import { seedEvaluation } from './seed-evaluation';
import { seedOffers } from './seed-offers';
import { seedRequisitions } from './seed-requisitions';
import { seedResumes } from './seed-resumes';
import { ResumesService } from '../resumes/resumes.service';
import { DemoRequisition } from './demo-plan';
import { planTalentPool } from './demo-talent-pool';

export { DEMO_DEPARTMENT, DEMO_EMAIL_DOMAIN, DEMO_REQUISITION_TITLES } from './demo-data';

export type { SeedLog, SeedTally } from './seed-context';

export interface SeedSummary {
  requisitions: SeedTally;
  candidates: SeedTally;
  applications: ApplicationTally;
  /** Resumes of every third candidate (PDF, DOCX, text in turn), read at once. */
  resumes: SeedTally;
  requisitionIds: Record<RequisitionKey, string>;
}

export interface SeedOptions {
  /** The moment the demo timeline ends at; tests pin it. */
  now?: Date;
}

/**
 * Fills the database with the demo data set through the real use cases (so rules, history and events are exactly
 * what the API would have written), then moves timestamps back to the planned timeline. Idempotent: requisitions
 * are recognised by title and department, candidates by e-mail, applications by (candidate, requisition); what
 * exists is left alone, and an application an interrupted run left half-way carries on from its last transition.
 * Writes run one at a time: the embedded engine serves one transaction at a time anyway.
 */
export async function seedDemoData(
  app: INestApplicationContext,
  log: SeedLog = (line) => process.stdout.write(`${line}\n`),
  options: SeedOptions = {},
): Promise<SeedSummary> {
  const services: SeedServices = {
    demoData: new DemoDataRepository(app.get(DataSource)),
    requisitions: app.get(RequisitionsService),
    candidates: app.get(CandidatesService),
    applications: app.get(ApplicationsService),
    stages: app.get(PipelineStagesService),
  };
  const now = options.now ?? new Date();
  const plan = buildDemoPlan(now);
  const requisitions = await seedRequisitions(services, plan.requisitions, log);
  const candidates = await seedCandidates(services, plan.candidates, log);
  const applications = await seedApplications(services, plan, requisitions.ids, candidates.ids, log);
  await services.demoData.settleRequisitionUpdatedAt([...requisitions.touched, ...applications.hiredOn]);
  const resumes = await seedResumes(
    app.get(ResumesService),
    services.demoData,
    plan.candidates,
    candidates.ids,
    log,
  );
  await seedDemoUsers(app, requisitions.ids, log);
  await seedDemoNotes(app, requisitions.ids, log);
  await seedEvaluation(app, services.demoData, requisitions.ids, now, log);
  await seedOffers(app, Object.values(requisitions.ids), log);
  await seedTalentPool(services, plan.requisitions, log);
  // Matches stored now (the worker would store them from the seed's events once it runs): the demo ranks at once.
  const matches = await app.get(MatchingService).refreshRequisitions(Object.values(requisitions.ids));
  log(
    `matches: ${Object.entries(matches)
      .map(([level, n]) => `${n} ${level}`)
      .join(', ')}`,
  );
  const summary: SeedSummary = {
    requisitions: requisitions.tally,
    candidates: candidates.tally,
    applications: applications.tally,
    resumes,
    requisitionIds: requisitions.ids,
  };
  log(
    `done: ${describeTally('requisitions', summary.requisitions)}, ${describeTally('candidates', summary.candidates)}, ` +
      `${describeTally('applications', summary.applications)}, ${describeTally('resumes', summary.resumes)}` +
      (summary.applications.resumed ? `, ${summary.applications.resumed} resumed` : '') +
      (summary.applications.skipped ? `, ${summary.applications.skipped} skipped` : ''),
  );
  return summary;
}

/** The talent pool of the mid-level requisition (sourced people who never applied), unless already there. */
async function seedTalentPool(
  services: SeedServices,
  requisitions: DemoRequisition[],
  log: SeedLog,
): Promise<void> {
  const mid = requisitions.find((r) => r.key === 'mid');
  if (!mid) return;
  const people = planTalentPool(mid);
  const existing = await services.demoData.findCandidateIdsByEmails(people.map((p) => p.input.email));
  for (const person of people) {
    if (!existing.has(person.input.email.toLowerCase())) await services.candidates.create(person.input);
  }
  log(
    `talent pool for "${mid.input.title}": ${people.map((p) => `${p.input.fullName} (${p.expectedLevel})`).join(', ')}`,
  );
}

function describeTally(what: string, tally: SeedTally): string {
  return `${tally.total} ${what} (${tally.created} created, ${tally.existing} already there)`;
}
