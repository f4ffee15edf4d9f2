import { DomainError } from '../common/errors/domain-error';
import { ApplicationStatus } from '../pipeline/pipeline.enums';
import { SeededApplication } from './demo-data.repository';
import { DemoApplication, DemoPlan, RequisitionKey } from './demo-data';
import { progress, SeedLog, SeedServices, SeedTally } from './seed-context';

export interface ApplicationTally extends SeedTally {
  /** Found from an interrupted earlier run and carried on from where it stopped. */
  resumed: number;
  /** Refused by the rules because someone changed the demo data since (e.g. closed a requisition); left alone. */
  skipped: number;
}

/** Plays each planned application that is not complete yet; returns the requisitions it hired on. */
export async function seedApplications(
  services: SeedServices,
  plan: DemoPlan,
  requisitionIds: Record<RequisitionKey, string>,
  candidateIds: Map<string, string>,
  log: SeedLog,
): Promise<{ tally: ApplicationTally; hiredOn: string[] }> {
  const plans = plan.applications;
  const tally: ApplicationTally = { total: plans.length, created: 0, existing: 0, resumed: 0, skipped: 0 };
  const hiredOn: string[] = [];
  const rows = await services.demoData.findApplicationsOfRequisitions(Object.values(requisitionIds));
  const existing = new Map(rows.map((row) => [`${row.candidate_id}:${row.requisition_id}`, row]));
  const stageIds = await liveStageIds(services, Object.values(requisitionIds));
  const report = progress(log, 'applications', plans.length, 10);
  for (const [index, application] of plans.entries()) {
    const requisitionId = requisitionIds[application.requisition];
    const candidateId = candidateIds.get(application.candidateEmail.toLowerCase())!;
    const found = existing.get(`${candidateId}:${requisitionId}`);
    if (found && found.last_sequence >= application.steps.length) {
      tally.existing++;
    } else {
      try {
        const hired = await runSteps(services, application, candidateId, requisitionId, stageIds, found);
        if (hired) hiredOn.push(requisitionId);
        if (found) tally.resumed++;
        else tally.created++;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        tally.skipped++;
        log(
          `application of ${application.candidateEmail} to "${application.requisition}" skipped: ${error.message}`,
        );
      }
    }
    report(index + 1);
  }
  return { tally, hiredOn };
}

/** Stage name → id, per requisition. */
async function liveStageIds(
  services: SeedServices,
  requisitionIds: string[],
): Promise<Map<string, Map<string, string>>> {
  const byRequisition = new Map<string, Map<string, string>>();
  for (const stage of await services.stages.findLiveByRequisitionIds(requisitionIds)) {
    const names = byRequisition.get(stage.requisitionId) ?? new Map<string, string>();
    names.set(stage.name, stage.id);
    byRequisition.set(stage.requisitionId, names);
  }
  return byRequisition;
}

/**
 * Plays an application's planned steps from where it stands (each step writes one transition, so the last
 * transition's sequence says how many are done), then backdates the whole journey. Returns whether it hired.
 */
async function runSteps(
  services: SeedServices,
  plan: DemoApplication,
  candidateId: string,
  requisitionId: string,
  stageIds: Map<string, Map<string, string>>,
  found: SeededApplication | undefined,
): Promise<boolean> {
  let current = found ? { id: found.id, version: found.version } : null;
  let hired = false;
  const stageId = (name: string) => {
    const id = stageIds.get(requisitionId)?.get(name);
    if (!id) throw DomainError.notFound(`Stage "${name}"`);
    return id;
  };
  for (const step of plan.steps.slice(found?.last_sequence ?? 0)) {
    if (step.action === 'apply') {
      const { application } = await services.applications.create({
        candidateId,
        requisitionId,
        source: plan.source,
      });
      current = application;
      continue;
    }
    if (!current) throw new Error(`application of ${plan.candidateEmail} has no 'apply' step first`);
    const { id, version: expectedVersion } = current;
    switch (step.action) {
      case 'move': {
        const { application } = await services.applications.move({
          id,
          stageId: stageId(step.stage),
          expectedVersion,
        });
        hired = application.status === ApplicationStatus.HIRED;
        current = application;
        break;
      }
      case 'reject':
      case 'withdraw':
        current = (
          await services.applications.changeStatus(step.action, { id, reason: step.reason, expectedVersion })
        ).application;
        break;
    }
  }
  // Step i wrote the transition and event with sequence i + 1.
  if (current) {
    await services.demoData.backdateApplication(
      current.id,
      new Map(plan.steps.map((step, i) => [i + 1, step.at])),
    );
  }
  return hired;
}
