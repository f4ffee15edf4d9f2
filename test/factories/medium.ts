import { randomUUID } from 'node:crypto';
import { CreateCandidateCommand } from '../../src/candidates/candidate.commands';
import { CandidateEntity } from '../../src/candidates/candidate.entity';
import { CandidatesService } from '../../src/candidates/candidates.service';
import { DomainError, UserErrorDetail } from '../../src/common/errors/domain-error';
import { UsersService } from '../../src/identity/users.service';
import { UserRole } from '../../src/identity/identity.enums';
import { Reach } from '../../src/identity/access.rules';
import { PipelineStageEntity } from '../../src/pipeline/pipeline-stage.entity';
import { PipelineStagesService } from '../../src/pipeline/pipeline-stages.service';
import { HiringTeamService } from '../../src/requisitions/hiring-team.service';
import { CreateRequisitionCommand } from '../../src/requisitions/requisition.commands';
import { RequisitionEntity } from '../../src/requisitions/requisition.entity';
import {
  EmploymentType,
  JobLevel,
  MemberRole,
  SkillImportance,
  WorkplaceType,
} from '../../src/requisitions/requisition.enums';
import { RequisitionsService } from '../../src/requisitions/requisitions.service';
import type { ServiceContext } from '../support/service-context';

/** The middle tier's fixtures: rows made through the use cases, as the system, each marked as the file's own. */
export const SYSTEM = { kind: 'system' } as const;

/** The refusal a use case threw (failing the test when it did not refuse). */
export async function refusal(work: Promise<unknown>): Promise<UserErrorDetail[]> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  return refusalFrom(error);
}

/** What a use case refused with, from the error it threw (failing the test when it is no refusal). */
export function refusalFrom(error: unknown): UserErrorDetail[] {
  expect(error).toBeInstanceOf(DomainError);
  return (error as DomainError).errors;
}

export function requisitionCommand(
  department: string,
  overrides: Partial<CreateRequisitionCommand> = {},
): CreateRequisitionCommand {
  return {
    title: `ML Engineer ${randomUUID().slice(0, 8)}`,
    level: JobLevel.MID,
    employmentType: EmploymentType.FULL_TIME,
    headcount: 1,
    department,
    workplaceType: WorkplaceType.REMOTE,
    locations: [{ country: 'US' }],
    responsibilities: [],
    skills: [{ name: 'Python', importance: SkillImportance.REQUIRED }],
    ...overrides,
  };
}

/** A requisition (OPEN unless told otherwise) with its default pipeline, stages in order. */
export async function makeRequisition(
  ctx: ServiceContext,
  department: string,
  overrides: Partial<CreateRequisitionCommand> = {},
  options: { open?: boolean } = {},
): Promise<{ requisition: RequisitionEntity; stages: PipelineStageEntity[] }> {
  const requisitions = ctx.get(RequisitionsService);
  let requisition = await ctx.as(SYSTEM, () =>
    requisitions.create(requisitionCommand(department, overrides)),
  );
  if (options.open !== false) {
    requisition = await ctx.as(SYSTEM, () => requisitions.changeStatus('open', { id: requisition.id }));
  }
  const stages = await ctx.get(PipelineStagesService).findLiveByRequisitionIds([requisition.id]);
  return { requisition, stages };
}

export function candidateCommand(overrides: Partial<CreateCandidateCommand> = {}): CreateCandidateCommand {
  const tag = randomUUID().slice(0, 8);
  return {
    fullName: `Ada Lovelace ${tag}`,
    email: `ada.${tag}@requisite.test`,
    skills: [],
    education: [],
    certifications: [],
    links: [],
    tags: [],
    ...overrides,
  };
}

export function makeCandidate(
  ctx: ServiceContext,
  overrides: Partial<CreateCandidateCommand> = {},
): Promise<CandidateEntity> {
  return ctx.as(SYSTEM, () => ctx.get(CandidatesService).create(candidateCommand(overrides)));
}

/** A hiring manager on the hiring teams of `requisitionIds`, and the reach that gives them. */
export async function makeMember(ctx: ServiceContext, requisitionIds: string[]): Promise<Reach> {
  const user = await ctx.get(UsersService).create({
    email: `manager.${randomUUID()}@requisite.test`,
    name: 'Manager',
    role: UserRole.HIRING_MANAGER,
    password: null,
  });
  for (const requisitionId of requisitionIds) {
    await ctx.as(SYSTEM, () =>
      ctx
        .get(HiringTeamService)
        .add({ requisitionId, userId: user.id, role: MemberRole.HIRING_MANAGER }, { kind: 'all' }),
    );
  }
  return { kind: 'member', userId: user.id };
}

/** Rows a change may write for one record, by table: to show that a refusal wrote none. */
export async function writtenFor(ctx: ServiceContext, id: string): Promise<Record<string, number>> {
  const [row] = await ctx.sql<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM stage_transition WHERE application_id = $1) AS transitions,
            (SELECT count(*)::int FROM event WHERE aggregate_id = $1) AS events,
            (SELECT count(*)::int FROM audit_entry WHERE $1 = ANY(subject_ids)) AS audit`,
    [id],
  );
  return row;
}
