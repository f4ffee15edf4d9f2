import { INestApplicationContext, Type } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CandidatesService } from '../candidates/candidates.service';
import { CreateCandidateInput } from '../candidates/dto/candidate.inputs';
import { DomainError } from '../common/errors/domain-error';
import { toGlobalId } from '../common/graphql/global-id';
import { InputValidationPipe } from '../common/graphql/input-validation.pipe';
import { ApplicationsService } from '../pipeline/applications.service';
import {
  AddPipelineStageInput,
  CreateApplicationInput,
  MoveApplicationInput,
  RejectApplicationInput,
  UpdatePipelineStageInput,
  WithdrawApplicationInput,
} from '../pipeline/dto/pipeline.inputs';
import { ApplicationStatus } from '../pipeline/pipeline.enums';
import { PipelineStagesService } from '../pipeline/pipeline-stages.service';
import { CreateRequisitionInput } from '../requisitions/dto/requisition.inputs';
import { RequisitionStatus } from '../requisitions/requisition.enums';
import { RequisitionsService } from '../requisitions/requisitions.service';
import { seedDemoUsers } from './seed-demo-users';
import {
  buildDemoPlan,
  DEMO_DEPARTMENT,
  DemoApplication,
  DemoCandidate,
  DemoPlan,
  DemoRequisition,
  RequisitionKey,
} from './demo-data';

export { DEMO_DEPARTMENT, DEMO_EMAIL_DOMAIN, DEMO_REQUISITION_TITLES } from './demo-data';

export type SeedLog = (line: string) => void;

export interface SeedTally {
  /** Records in the plan. */
  total: number;
  created: number;
  /** Found from an earlier run and left as they were. */
  existing: number;
}

export interface SeedSummary {
  requisitions: SeedTally;
  candidates: SeedTally;
  applications: SeedTally & {
    /** Found from an interrupted earlier run and carried on from where it stopped. */
    resumed: number;
    /** Refused by the rules because someone changed the demo data since (e.g. closed a requisition); left alone. */
    skipped: number;
  };
  requisitionIds: Record<RequisitionKey, string>;
}

export interface SeedOptions {
  /** The moment the demo timeline ends at; tests pin it. */
  now?: Date;
}

interface Services {
  dataSource: DataSource;
  requisitions: RequisitionsService;
  candidates: CandidatesService;
  applications: ApplicationsService;
  stages: PipelineStagesService;
}

const validation = new InputValidationPipe();

/** Inputs pass the same validation as they would through GraphQL, so demo data never breaks a rule the API enforces. */
async function validInput<T>(metatype: Type<T>, value: T): Promise<T> {
  return (await validation.transform(value, { type: 'body', metatype, data: 'input' })) as T;
}

const toIso = (dates: Date[]) => dates.map((date) => date.toISOString());

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
  const services: Services = {
    dataSource: app.get(DataSource),
    requisitions: app.get(RequisitionsService),
    candidates: app.get(CandidatesService),
    applications: app.get(ApplicationsService),
    stages: app.get(PipelineStagesService),
  };
  const plan = buildDemoPlan(options.now ?? new Date());
  const requisitions = await seedRequisitions(services, plan.requisitions, log);
  const candidates = await seedCandidates(services, plan.candidates, log);
  const applications = await seedApplications(services, plan, requisitions.ids, candidates.ids, log);
  await settleRequisitionUpdatedAt(services.dataSource, [...requisitions.touched, ...applications.hiredOn]);
  await seedDemoUsers(app, requisitions.ids, log);
  const summary: SeedSummary = {
    requisitions: requisitions.tally,
    candidates: candidates.tally,
    applications: applications.tally,
    requisitionIds: requisitions.ids,
  };
  log(
    `done: ${describeTally('requisitions', summary.requisitions)}, ${describeTally('candidates', summary.candidates)}, ` +
      `${describeTally('applications', summary.applications)}` +
      (summary.applications.resumed ? `, ${summary.applications.resumed} resumed` : '') +
      (summary.applications.skipped ? `, ${summary.applications.skipped} skipped` : ''),
  );
  return summary;
}

function describeTally(what: string, tally: SeedTally): string {
  return `${tally.total} ${what} (${tally.created} created, ${tally.existing} already there)`;
}

/** Prints "<what> n/total" every `every` records and at the end, so a long run shows it is moving. */
function progress(log: SeedLog, what: string, total: number, every: number): (done: number) => void {
  return (done) => {
    if (done === total || done % every === 0) log(`${what} ${done}/${total}`);
  };
}

// --- requisitions ---

async function seedRequisitions(
  services: Services,
  plans: DemoRequisition[],
  log: SeedLog,
): Promise<{ ids: Record<RequisitionKey, string>; tally: SeedTally; touched: string[] }> {
  const ids = {} as Record<RequisitionKey, string>;
  const tally: SeedTally = { total: plans.length, created: 0, existing: 0 };
  const touched: string[] = [];
  const report = progress(log, 'requisitions', plans.length, 1);
  for (const [index, plan] of plans.entries()) {
    const [found] = await services.dataSource.query<{ id: string }[]>(
      `SELECT id FROM requisition WHERE title = $1 AND department = $2 ORDER BY created_at, id LIMIT 1`,
      [plan.input.title, DEMO_DEPARTMENT],
    );
    // Event sequence → when it should appear to have happened, for what this run writes.
    const timeline = new Map<number, Date>();
    let id: string;
    if (found) {
      id = found.id;
      tally.existing++;
    } else {
      const created = await services.requisitions.create(
        await validInput(CreateRequisitionInput, plan.input),
      );
      id = created.id;
      timeline.set(created.eventSequence, plan.draftedAt);
      tally.created++;
    }
    // Also run for a requisition found half-set-up: each step checks whether it is still needed.
    await customizeStages(services, id, plan, timeline);
    await openIfDraft(services, id, plan, timeline);
    if (!found) {
      await backdateRequisition(services.dataSource, id, plan, timeline);
      touched.push(id);
    }
    ids[plan.key] = id;
    report(index + 1);
  }
  return { ids, tally, touched };
}

async function customizeStages(
  services: Services,
  requisitionId: string,
  plan: DemoRequisition,
  timeline: Map<number, Date>,
): Promise<void> {
  for (const customization of plan.stageCustomizations) {
    const live = await services.stages.findLiveByRequisitionIds([requisitionId]);
    const named = (name: string) => live.find((stage) => stage.name === name);
    let eventSequence: number | null = null;
    if (customization.change === 'retype') {
      const stage = named(customization.stage);
      if (!stage || named(customization.name)) continue;
      const { requisition } = await services.stages.update(
        await validInput(UpdatePipelineStageInput, {
          id: toGlobalId('PipelineStage', stage.id),
          name: customization.name,
          kind: customization.kind,
        }),
      );
      eventSequence = requisition.eventSequence;
    } else {
      if (named(customization.name)) continue;
      const before = named(customization.before);
      const { requisition } = await services.stages.add(
        await validInput(AddPipelineStageInput, {
          requisitionId: toGlobalId('Requisition', requisitionId),
          name: customization.name,
          kind: customization.kind,
          position: before?.position ?? null,
        }),
      );
      eventSequence = requisition.eventSequence;
    }
    timeline.set(eventSequence, new Date(plan.customizedAt.getTime() + timeline.size * 60_000));
  }
}

async function openIfDraft(
  services: Services,
  requisitionId: string,
  plan: DemoRequisition,
  timeline: Map<number, Date>,
): Promise<void> {
  const [current] = await services.requisitions.findByIds([requisitionId]);
  if (current?.status !== RequisitionStatus.DRAFT) return;
  const opened = await services.requisitions.changeStatus('open', {
    id: requisitionId,
    reason: 'Budget approved',
  });
  timeline.set(opened.eventSequence, plan.openedAt);
}

async function backdateRequisition(
  dataSource: DataSource,
  id: string,
  plan: DemoRequisition,
  timeline: Map<number, Date>,
): Promise<void> {
  const added = plan.stageCustomizations.flatMap((c) => (c.change === 'add' ? [c.name] : []));
  await dataSource.transaction(async (manager) => {
    await manager.query(`UPDATE requisition SET created_at = $2 WHERE id = $1`, [
      id,
      plan.draftedAt.toISOString(),
    ]);
    await manager.query(
      `UPDATE pipeline_stage SET created_at = CASE WHEN name = ANY($2::text[]) THEN $4::timestamptz ELSE $3::timestamptz END
       WHERE requisition_id = $1`,
      [id, added, plan.draftedAt.toISOString(), plan.customizedAt.toISOString()],
    );
    await backdateEvents(manager, 'requisition', id, timeline);
  });
}

/** Requisitions this run created or hired on: last changed when their last event or hire happened. */
async function settleRequisitionUpdatedAt(dataSource: DataSource, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await dataSource.query(
    `UPDATE requisition r SET updated_at = GREATEST(
       r.created_at,
       (SELECT max(e.occurred_at) FROM event e WHERE e.aggregate_type = 'requisition' AND e.aggregate_id = r.id),
       (SELECT max(a.last_activity_at) FROM application a WHERE a.requisition_id = r.id AND a.status = $2))
     WHERE r.id = ANY($1::uuid[])`,
    [[...new Set(ids)], ApplicationStatus.HIRED],
  );
}

async function backdateEvents(
  manager: EntityManager,
  aggregateType: string,
  aggregateId: string,
  timeline: Map<number, Date>,
): Promise<void> {
  await manager.query(
    `UPDATE event e SET occurred_at = t.at FROM unnest($3::int[], $4::timestamptz[]) AS t(sequence, at)
     WHERE e.aggregate_type = $1 AND e.aggregate_id = $2 AND e.sequence = t.sequence`,
    [aggregateType, aggregateId, [...timeline.keys()], toIso([...timeline.values()])],
  );
}

// --- candidates ---

async function seedCandidates(
  services: Services,
  plans: DemoCandidate[],
  log: SeedLog,
): Promise<{ ids: Map<string, string>; tally: SeedTally }> {
  const ids = new Map<string, string>();
  const tally: SeedTally = { total: plans.length, created: 0, existing: 0 };
  const rows = await services.dataSource.query<{ id: string; email: string }[]>(
    `SELECT id, lower(email) AS email FROM candidate WHERE lower(email) = ANY($1::text[])`,
    [plans.map((p) => p.input.email.toLowerCase())],
  );
  const existing = new Map(rows.map((row) => [row.email, row.id]));
  const report = progress(log, 'candidates', plans.length, 10);
  for (const [index, plan] of plans.entries()) {
    const key = plan.input.email.toLowerCase();
    let id = existing.get(key);
    if (id) {
      tally.existing++;
    } else {
      const candidate = await services.candidates.create(await validInput(CreateCandidateInput, plan.input));
      id = candidate.id;
      const createdAt = plan.createdAt.toISOString();
      await services.dataSource.transaction(async (manager) => {
        await manager.query(`UPDATE candidate SET created_at = $2, updated_at = $2 WHERE id = $1`, [
          id,
          createdAt,
        ]);
        await backdateEvents(
          manager,
          'candidate',
          candidate.id,
          new Map([[candidate.eventSequence, plan.createdAt]]),
        );
      });
      tally.created++;
    }
    ids.set(key, id);
    report(index + 1);
  }
  return { ids, tally };
}

// --- applications ---

interface ExistingApplication {
  id: string;
  candidate_id: string;
  requisition_id: string;
  version: number;
  last_sequence: number;
}

async function seedApplications(
  services: Services,
  plan: DemoPlan,
  requisitionIds: Record<RequisitionKey, string>,
  candidateIds: Map<string, string>,
  log: SeedLog,
): Promise<{ tally: SummaryApplications; hiredOn: string[] }> {
  const plans = plan.applications;
  const tally: SummaryApplications = { total: plans.length, created: 0, existing: 0, resumed: 0, skipped: 0 };
  const hiredOn: string[] = [];
  const rows = await services.dataSource.query<ExistingApplication[]>(
    `SELECT a.id, a.candidate_id, a.requisition_id, a.version, coalesce(max(t.sequence), 0)::int AS last_sequence
     FROM application a LEFT JOIN stage_transition t ON t.application_id = a.id
     WHERE a.requisition_id = ANY($1::uuid[]) GROUP BY a.id`,
    [Object.values(requisitionIds)],
  );
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

type SummaryApplications = SeedSummary['applications'];

/** Stage name → id, per requisition. */
async function liveStageIds(
  services: Services,
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
  services: Services,
  plan: DemoApplication,
  candidateId: string,
  requisitionId: string,
  stageIds: Map<string, Map<string, string>>,
  found: ExistingApplication | undefined,
): Promise<boolean> {
  let current = found ? { id: found.id, version: found.version } : null;
  let hired = false;
  const stageId = (name: string) => {
    const id = stageIds.get(requisitionId)?.get(name);
    if (!id) throw DomainError.notFound(`Stage "${name}"`);
    return toGlobalId('PipelineStage', id);
  };
  for (const step of plan.steps.slice(found?.last_sequence ?? 0)) {
    if (step.action === 'apply') {
      const { application } = await services.applications.create(
        await validInput(CreateApplicationInput, {
          candidateId: toGlobalId('Candidate', candidateId),
          requisitionId: toGlobalId('Requisition', requisitionId),
          source: plan.source,
        }),
      );
      current = application;
      continue;
    }
    if (!current) throw new Error(`application of ${plan.candidateEmail} has no 'apply' step first`);
    const id = toGlobalId('Application', current.id);
    const expectedVersion = current.version;
    switch (step.action) {
      case 'move': {
        const { application } = await services.applications.move(
          await validInput(MoveApplicationInput, { id, stageId: stageId(step.stage), expectedVersion }),
        );
        hired = application.status === ApplicationStatus.HIRED;
        current = application;
        break;
      }
      case 'reject':
        current = (
          await services.applications.changeStatus(
            'reject',
            await validInput(RejectApplicationInput, { id, reason: step.reason, expectedVersion }),
          )
        ).application;
        break;
      case 'withdraw':
        current = (
          await services.applications.changeStatus(
            'withdraw',
            await validInput(WithdrawApplicationInput, { id, reason: step.reason, expectedVersion }),
          )
        ).application;
        break;
    }
  }
  if (current) await backdateApplication(services.dataSource, current.id, plan);
  return hired;
}

/** Step i wrote the transition and event with sequence i + 1. */
async function backdateApplication(
  dataSource: DataSource,
  applicationId: string,
  plan: DemoApplication,
): Promise<void> {
  const timeline = new Map(plan.steps.map((step, i) => [i + 1, step.at]));
  await dataSource.transaction(async (manager) => {
    await manager.query(
      `UPDATE stage_transition s SET occurred_at = t.at FROM unnest($2::int[], $3::timestamptz[]) AS t(sequence, at)
       WHERE s.application_id = $1 AND s.sequence = t.sequence`,
      [applicationId, [...timeline.keys()], toIso([...timeline.values()])],
    );
    await backdateEvents(manager, 'application', applicationId, timeline);
    await manager.query(`UPDATE application SET applied_at = $2, last_activity_at = $3 WHERE id = $1`, [
      applicationId,
      plan.steps[0].at.toISOString(),
      plan.steps[plan.steps.length - 1].at.toISOString(),
    ]);
  });
}
